// The main correctness net: every tests/programs/**/*.py is run by CPython
// for the expected stdout and exit status, compiled by apc, run natively,
// and compared. For programs that end in an exception, the last stderr line
// (`TypeName: message`) must match too.
//
// Headers a program may carry on its first lines:
//   # apc-args: 5 10                     command-line arguments for both runs
//   # apc-expect: exit=1 stderr~=REGEX   apc differs from CPython by design
//                                        (no bigints yet): apc's stdout must be
//                                        a prefix of CPython's, and it must stop
//                                        with this exit status and stderr.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../compiler/diagnostics.js";
import { buildFile, lastLine, runPython, runProcess } from "./helpers.js";

const ROOT = path.join(import.meta.dirname, "programs");

function programs(dir: string): string[] {
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

describe.concurrent("programs match CPython", () => {
  for (const file of programs(ROOT)) {
    it(path.relative(ROOT, file), async () => {
      const source = readFileSync(file, "utf8");
      const args = header(source, "apc-args")?.split(/\s+/).filter(Boolean) ?? [];
      const expected = runPython(file, args);
      const res = await buildFile(file);
      if (!res.ok) {
        const text = res.diagnostics.map((d) => renderDiagnostic(d, source)).join("\n");
        expect.fail(`apc refused ${path.relative(ROOT, file)}:\n${text}`);
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
    });
  }
});
