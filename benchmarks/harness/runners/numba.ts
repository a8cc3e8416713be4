// The Numba runner: an interpreter with numba runs benchmarks/harness/numba_host.py,
// which applies numba.njit to each module-level function of the program and falls
// back to the Python function when Numba cannot compile it. The JIT's compile time
// is inside the run (no cache), as a user experiences it; which functions compiled
// and which fell back (with Numba's reason) comes back in a small JSON report.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PeerMissing } from "../errors.js";
import { INSTALL_PEERS, NUMBA_HOST } from "../paths.js";
import { findHost, type PythonHost } from "../python-host.js";
import type { NumbaReport } from "../results.js";
import type { BenchProgram } from "../suites.js";
import type { PreparedRun, Runner } from "./runner.js";

export class NumbaRunner implements Runner {
  readonly id = "numba";
  private host: PythonHost | null = null;

  constructor(private readonly referencePython: string) {}

  async probe(): Promise<string[]> {
    this.host = await findHost(this.referencePython, (h) => h.numba !== null);
    if (!this.host) throw new PeerMissing("numba is not importable from python3 or /usr/bin/python3", INSTALL_PEERS);
    return [`numba ${this.host.numba} under ${this.host.executable} (CPython ${this.host.version})`];
  }

  async prepare(program: BenchProgram, dir: string): Promise<PreparedRun> {
    const report = path.join(dir, "numba-report.json");
    return {
      command: { exe: this.host!.executable, args: [NUMBA_HOST, program.source, ...program.args], env: { APC_BENCH_NUMBA_REPORT: report } },
      buildSeconds: null,
      notes: [`python ${this.host!.executable}`],
      numbaReportFile: report,
    };
  }
}

export function readNumbaReport(file: string): NumbaReport | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as Partial<NumbaReport>;
    return { compiled: data.compiled ?? [], fallback: data.fallback ?? {}, uncalled: data.uncalled ?? [] };
  } catch {
    return undefined;
  }
}
