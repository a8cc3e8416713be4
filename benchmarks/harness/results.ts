// The data a benchmark run produces, shared by the measurement loop, the three
// reports (terminal table, JSON, HTML) and the tests: one result per program and
// runner, as a discriminated union on `status`, and the summary (geometric means,
// winners). The JSON report is exactly a BenchResults.

import type { TimeStats } from "./stats.js";

export const RUNNER_IDS = ["cpython", "pypy", "numba", "cython", "c", "apc"] as const;
export type RunnerId = (typeof RUNNER_IDS)[number];

export const RUNNER_LABELS: Record<RunnerId, string> = {
  cpython: "CPython",
  pypy: "PyPy",
  numba: "Numba",
  cython: "Cython",
  c: "C",
  apc: "apc",
};

/** What Numba made of the program's functions (from benchmarks/harness/numba_host.py). */
export interface NumbaReport {
  readonly compiled: string[];
  /** Function name -> the first line of Numba's error; these ran as plain Python. */
  readonly fallback: Record<string, string>;
  readonly uncalled: string[];
}

interface Common {
  readonly runner: RunnerId;
  /** Seconds the build step took (apc build, Cython + gcc, gcc); null when there is none. */
  readonly buildSeconds: number | null;
  /** Facts about how the runner ran this program (interpreter used, flags). */
  readonly notes: readonly string[];
  readonly numba?: NumbaReport;
  /** apc only: milliseconds per compiler phase (parse, check, lower, llvm, opt, llc, link). */
  readonly buildPhasesMs?: Record<string, number>;
}

export type RunnerResult =
  | (Common & {
      readonly status: "ok";
      /** Wall seconds of each timed run, process start to exit. */
      readonly times: number[];
      readonly stats: TimeStats;
      /** Largest peak resident set over the runs, in KiB; null without /usr/bin/time. */
      readonly peakRssKb: number | null;
    })
  /** stdout differs from CPython's: never timed. */
  | (Common & { readonly status: "mismatch"; readonly detail: string })
  /** Non-zero exit or a signal: never timed. */
  | (Common & { readonly status: "crash"; readonly detail: string })
  | (Common & { readonly status: "timeout"; readonly detail: string })
  /** apc refused to compile the program: the diagnostic's reason. */
  | (Common & { readonly status: "refused"; readonly reason: { code: string; message: string; line: number; col: number } })
  | (Common & { readonly status: "build-failed"; readonly detail: string })
  /** The peer is not installed. */
  | (Common & { readonly status: "skipped"; readonly detail: string; readonly install: string })
  /** The program has no C twin. */
  | (Common & { readonly status: "no-twin" })
  /** CPython failed on the program, so there is nothing to compare with. */
  | (Common & { readonly status: "no-reference" });

export type RunnerStatus = RunnerResult["status"];

export interface ProgramResult {
  readonly name: string;
  readonly args: readonly string[];
  readonly exercises: string;
  /** CPython's stdout (the reference), or null when CPython failed. */
  readonly reference: string | null;
  /** In the order of the run's peers. */
  readonly results: RunnerResult[];
}

export interface RunnerSummary {
  readonly runner: RunnerId;
  /** Geometric mean of the speedups over CPython on the programs it ran correctly. */
  readonly geomeanSpeedup: number | null;
  /** Geometric mean of its min times over the same programs. */
  readonly geomeanSeconds: number | null;
  /** Programs counted in the means, and programs in the run. */
  readonly counted: number;
  readonly total: number;
  /** Programs on which it was the fastest runner. */
  readonly wins: number;
}

export interface Environment {
  readonly date: string;
  readonly host: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
  /** Tool name -> version line, or null when the tool is absent. */
  readonly versions: Record<string, string | null>;
}

export interface BenchResults {
  readonly version: 1;
  readonly suite: string;
  readonly repeat: number;
  readonly peers: RunnerId[];
  readonly startedAt: string;
  readonly finishedAt: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews times. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly environment: Environment;
  /** What each runner's probe found (interpreter, version, flags), or why it was skipped. */
  readonly peerFacts: Partial<Record<RunnerId, string[]>>;
  readonly programs: ProgramResult[];
  readonly summary: RunnerSummary[];
  /** Program name -> fastest runner that ran it correctly. */
  readonly winners: Record<string, RunnerId | null>;
}

export function okMin(r: RunnerResult | undefined): number | null {
  return r?.status === "ok" ? r.stats.min : null;
}

export function resultFor(p: ProgramResult, runner: RunnerId): RunnerResult | undefined {
  return p.results.find((r) => r.runner === runner);
}
