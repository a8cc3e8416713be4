// Output comparison: a runner's stdout must equal CPython's byte for byte before
// any of its times counts. On a difference, says where (first differing line) in
// a form short enough for a table note.

export type Comparison = { readonly same: true } | { readonly same: false; readonly line: number; readonly expected: string; readonly actual: string; readonly summary: string };

const SHOWN = 60;
const END = "<end of output>";

export function compareOutputs(expected: string, actual: string): Comparison {
  if (expected === actual) return { same: true };
  const want = expected.split("\n");
  const got = actual.split("\n");
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  // Past the last line, or on the empty string after the final "\n": the output ended.
  const ended = (lines: string[]) => i >= lines.length || (i === lines.length - 1 && lines[i] === "");
  const e = ended(want) ? END : want[i]!;
  const a = ended(got) ? END : got[i]!;
  const show = (line: string) => (line === END ? END : JSON.stringify(clip(line)));
  const summary = `line ${i + 1}: expected ${show(e)}, got ${show(a)}`;
  return { same: false, line: i + 1, expected: e, actual: a, summary };
}

function clip(text: string): string {
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}
