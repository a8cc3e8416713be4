// The program corpus under tests/programs and the check every program gets:
// CPython's stdout and exit status (and for an exception, the last stderr
// line) against the apc-compiled program's. Shared by programs.test.ts (the
// default build) and programs-narrow.test.ts (builds with int specialisation).
//
// Headers a program may carry on its first lines:
//   # apc-args: 5 10                     command-line arguments for both runs
//   # apc-expect: exit=1 stderr~=REGEX   apc differs from CPython by design
//                                        (no bigints yet): apc's stdout must be
//                                        a prefix of CPython's, and it must stop
//                                        with this exit status and stderr.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { renderDiagnostic } from "../compiler/diagnostics.js";
import type { CompileOptions } from "../compiler/driver.js";
import { buildFile, lastLine, runPython, runProcess } from "./helpers.js";

export const PROGRAMS = path.join(import.meta.dirname, "programs");

export function programs(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? programs(p) : n.endsWith(".py") ? [p] : [];
    });
}

function header(source: string, key: string): string | null {
  const m = new RegExp(`^# ${key}:(.*)$`, "m").exec(source.split("\n").slice(0, 5).join("\n"));
  return m ? m[1]!.trim() : null;
}

/** Build `file` with `opts`, run it and CPython on its arguments, and expect
 *  the same output and status (or the difference its header allows). */
export async function expectMatchesCPython(file: string, opts: Partial<CompileOptions> = {}): Promise<void> {
  const source = readFileSync(file, "utf8");
  const args = header(source, "apc-args")?.split(/\s+/).filter(Boolean) ?? [];
  const expected = runPython(file, args);
  const res = await buildFile(file, opts);
  if (!res.ok) {
    const text = res.diagnostics.map((d) => renderDiagnostic(d, source)).join("\n");
    expect.fail(`apc refused ${path.relative(PROGRAMS, file)}:\n${text}`);
  }
  const actual = runProcess(res.artifacts.executable!, args);
  const byDesign = header(source, "apc-expect");
  if (byDesign) {
    const exit = Number(/exit=(\d+)/.exec(byDesign)?.[1] ?? "1");
    const stderrRe = /stderr~=(.*)$/.exec(byDesign)?.[1];
    expect(expected.stdout.startsWith(actual.stdout), "apc's stdout is a prefix of CPython's").toBe(true);
    expect(actual.status).toBe(exit);
    if (stderrRe) expect(actual.stderr).toMatch(new RegExp(stderrRe));
    return;
  }
  expect(actual.stdout).toBe(expected.stdout);
  expect(actual.status).toBe(expected.status);
  if (expected.status !== 0 && expected.stderr.includes("Traceback")) {
    expect(lastLine(actual.stderr)).toBe(lastLine(expected.stderr));
  }
}
