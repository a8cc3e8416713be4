// The C runner: the program's hand-written twin in benchmarks/c/ (same algorithm,
// same operation order), built with gcc -O2 -ffp-contract=off (no fused
// multiply-add, so doubles stay bit-identical to CPython's). Programs without a
// twin are reported as such.

import path from "node:path";
import { BuildFailed, NoTwin, PeerMissing } from "../errors.js";
import { runTool } from "../timed-run.js";
import type { BenchProgram } from "../suites.js";
import { tail, type PreparedRun, type Runner } from "./runner.js";

export const C_FLAGS = ["-O2", "-ffp-contract=off"];

export class CRunner implements Runner {
  readonly id = "c";

  constructor(private readonly cc = process.env.CC ?? "gcc") {}

  async probe(): Promise<string[]> {
    const r = await runTool(this.cc, ["--version"], { timeoutSeconds: 60 });
    if (!r.ok) throw new PeerMissing(`${this.cc} not found`, "apt-get install gcc");
    return [`${r.stdout.split("\n")[0]} ${C_FLAGS.join(" ")}`];
  }

  async prepare(program: BenchProgram, dir: string): Promise<PreparedRun> {
    if (!program.cSource) throw new NoTwin(`${program.name} has no C twin`);
    const exe = path.join(dir, program.name);
    const r = await runTool(this.cc, [...C_FLAGS, "-o", exe, program.cSource, "-lm"]);
    if (!r.ok) throw new BuildFailed(`${this.cc} failed (${r.error})\n${tail(r.stderr)}`);
    return { command: { exe, args: [...program.args] }, buildSeconds: r.seconds, notes: [] };
  }
}
