// Diagnostics as data: one table of error codes, the Diagnostic shape every
// phase produces, and the rustc-style renderer. Phases never format text
// themselves; the CLI and tests call renderDiagnostic.

import type { Span } from "./frontend/ast.js";

export const CODES = {
  E0001: { name: "syntax-error", help: "fix the syntax; CPython rejects this file too" },
  E0101: { name: "undefined-name", help: "define the name before use, or import it" },
  E0102: { name: "wrong-arity", help: "pass exactly the parameters the function declares" },
  E0103: { name: "unknown-keyword", help: "use one of the function's parameter names" },
  E0104: { name: "not-callable", help: "only functions and supported builtins can be called" },
  E0105: { name: "unknown-attribute", help: "this module or value has no such attribute in apc's supported subset" },
  E0106: { name: "unknown-module", help: "apc compiles `math`, `sys`, `time` and `random` natively; run other imports under CPython (hybrid mode)" },
  E0107: { name: "local-before-assignment", help: "assign the variable on every path before it is read" },
  E0201: { name: "type-mismatch", help: "convert one operand explicitly, e.g. with int(), float() or str()" },
  E0202: { name: "variable-type-change", help: "give the variable one type throughout the function, e.g. start a float accumulator at 0.0" },
  E0203: { name: "missing-return", help: "return a value on every path, or annotate the function `-> None`" },
  E0204: { name: "bad-annotation", help: "annotate with int, float, bool, str or None" },
  E0205: { name: "return-type-mismatch", help: "return values of the declared type on every path" },
  E0206: { name: "argument-type-mismatch", help: "pass a value of the parameter's annotated type" },
  E0207: { name: "cannot-infer", help: "annotate the parameter, or call the function so its argument types are known" },
  E0301: { name: "unsupported-construct", help: "apc does not compile this construct yet; keep this function in Python (hybrid mode) or rewrite it" },
  E0302: { name: "unsupported-builtin", help: "this builtin is not compiled by apc yet" },
  E0303: { name: "unsupported-type", help: "this type is not compiled by apc yet" },
  E0304: { name: "constant-error", help: "this expression always fails when it runs; CPython raises the same error" },
  E0401: { name: "break-outside-loop", help: "`break` and `continue` belong inside a loop" },
  E0402: { name: "return-outside-function", help: "`return` belongs inside a function" },
  E0501: { name: "module-variable", help: "pass the value as a parameter, or bind it once to a literal at module level (a constant)" },
  E0502: { name: "native-output", help: "keep printing in Python: return the values and print them from the caller" },
  E0503: { name: "process-state", help: "keep this in Python and pass what the hot code needs as parameters" },
} as const satisfies Record<string, { name: string; help: string }>;

export type Code = keyof typeof CODES;

export interface Note {
  readonly message: string;
  readonly span?: Span;
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  readonly notes: readonly Note[];
  /** Overrides the code's default help when a more precise one exists. */
  readonly help?: string;
}

export function diagnostic(
  code: Code,
  message: string,
  file: string,
  span: Span,
  extra: { notes?: Note[]; help?: string; severity?: "error" | "warning" } = {},
): Diagnostic {
  return {
    code,
    severity: extra.severity ?? "error",
    message,
    file,
    span,
    notes: extra.notes ?? [],
    help: extra.help,
  };
}

/** Render as rustc does:
 *
 *     error[E0201]: unsupported operand types for +: 'int' and 'str'
 *      --> prog.py:3:9
 *       |
 *     3 |     x = 1 + "a"
 *       |         ^^^^^^^
 *       = note: ...
 *       = help: ...
 */
export function renderDiagnostic(d: Diagnostic, source: string): string {
  const lines = source.split("\n");
  const raw = (lines[d.span.line - 1] ?? "").replace(/\r$/, "");
  // Control characters and U+FFFD are shown escaped, never sent to the
  // terminal; the carets follow the escaped text.
  const shown = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, (c) => (c === "\ufffd" ? "\\ufffd" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
  let lineText = shown(raw);
  const gutter = String(d.span.line).length;
  const pad = " ".repeat(gutter);
  let caretStart = shown(raw.slice(0, d.span.col - 1)).length;
  let caretEnd = d.span.endLine === d.span.line ? Math.max(shown(raw.slice(0, Math.max(d.span.endCol - 1, 0))).length, caretStart + 1) : lineText.length;
  // A very long line is shown as a window around the caret.
  const WIDTH = 120;
  if (lineText.length > WIDTH) {
    const from = Math.max(0, Math.min(caretStart - 40, lineText.length - WIDTH));
    const head = from > 0 ? "..." : "";
    const tail = from + WIDTH < lineText.length ? "..." : "";
    lineText = head + lineText.slice(from, from + WIDTH) + tail;
    caretStart = caretStart - from + head.length;
    caretEnd = Math.min(caretEnd - from + head.length, head.length + WIDTH);
  }
  const carets = " ".repeat(caretStart) + "^".repeat(Math.max(1, caretEnd - caretStart));
  const out = [
    `${d.severity}[${d.code}]: ${shown(d.message)}`,
    `${pad}--> ${d.file}:${d.span.line}:${d.span.col}`,
    `${pad} |`,
    `${d.span.line} | ${lineText}`,
    `${pad} | ${carets}`,
  ];
  for (const n of d.notes) {
    out.push(`${pad} = note: ${n.message}${n.span ? ` (line ${n.span.line}:${n.span.col})` : ""}`);
  }
  out.push(`${pad} = help: ${d.help ?? CODES[d.code].help}`);
  return out.join("\n");
}
