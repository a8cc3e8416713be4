// The runner interface: each peer (CPython, PyPy, Numba, Cython, C, apc) checks
// once that its tools exist (`probe`, throwing PeerMissing with the install
// command), then per program builds what it needs into its own folder and says
// which command runs the program (`prepare`, throwing ProgramRefused, BuildFailed
// or NoTwin). Running, comparing and timing are the measurement loop's, not theirs.

import type { BenchProgram } from "../suites.js";
import type { RunnerId } from "../results.js";
import type { Command } from "../timed-run.js";

export interface PreparedRun {
  readonly command: Command;
  /** Seconds the build took; null when the runner has no build step. */
  readonly buildSeconds: number | null;
  readonly notes: string[];
  /** A file the runs write Numba's compile report to (numba runner only). */
  readonly numbaReportFile?: string;
  /** Milliseconds per compiler phase (apc runner only). */
  readonly buildPhasesMs?: Record<string, number>;
}

export interface Runner {
  readonly id: RunnerId;
  /** Find the tools; throws PeerMissing. Returns facts for the report (interpreter, version). */
  probe(): Promise<string[]>;
  /** Build into `dir` (an empty folder for this program and runner) and return the run command. */
  prepare(program: BenchProgram, dir: string): Promise<PreparedRun>;
}

/** The last lines of a tool's output, for a build failure's message. */
export function tail(text: string, lines = 6): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
