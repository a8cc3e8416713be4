// The apc runner: compile() from compiler/driver.ts builds the program at -O3
// into a native executable (once; the build time is the call's wall time), which
// then runs like the C twin. A program apc refuses becomes a "refused" cell with
// the first error diagnostic's code, line and message.

import { readFileSync } from "node:fs";
import path from "node:path";
import { compile } from "../../../compiler/driver.js";
import { findToolchain, ToolchainMissing } from "../../../compiler/backend/toolchain.js";
import { BuildFailed, PeerMissing, ProgramRefused } from "../errors.js";
import { REPO_ROOT } from "../paths.js";
import type { BenchProgram } from "../suites.js";
import type { PreparedRun, Runner } from "./runner.js";

export const APC_OPT_LEVEL = 3;

export class ApcRunner implements Runner {
  readonly id = "apc";

  async probe(): Promise<string[]> {
    try {
      await findToolchain();
    } catch (err) {
      if (err instanceof ToolchainMissing) throw new PeerMissing(err.message, "apc doctor");
      throw err;
    }
    return [`apc build -O${APC_OPT_LEVEL}`];
  }

  async prepare(program: BenchProgram, dir: string): Promise<PreparedRun> {
    const exe = path.join(dir, program.name);
    const source = readFileSync(program.source, "utf8");
    const file = path.relative(REPO_ROOT, program.source).startsWith("..") ? program.source : path.relative(REPO_ROOT, program.source);
    const t0 = performance.now();
    let res;
    try {
      res = await compile(source, { file, optLevel: APC_OPT_LEVEL, emit: "exe", output: exe });
    } catch (err) {
      if (err instanceof ToolchainMissing) throw new PeerMissing(err.message, "apc doctor");
      const text = err instanceof Error ? err.message : String(err);
      throw new BuildFailed(`apc crashed: ${text.split("\n").slice(0, 3).join("\n")}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    if (!res.ok) {
      const d = res.diagnostics.find((x) => x.severity === "error");
      if (!d) throw new BuildFailed("apc refused the program without an error diagnostic");
      throw new ProgramRefused({ code: d.code, message: d.message, line: d.span.line, col: d.span.col });
    }
    const compiled = res.functions.filter((f) => f.status === "compiled").length;
    const phases = Object.fromEntries(Object.entries(res.timings).map(([k, ms]) => [k, Math.round(ms * 10) / 10]));
    return { command: { exe, args: [...program.args] }, buildSeconds: seconds, notes: [`${compiled} function specialisation(s) compiled`], buildPhasesMs: phases };
  }
}
