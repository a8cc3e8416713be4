// The options of `apc bench`, parsed and checked from the raw strings the command
// line gives (commander only collects them). Pure: no files are touched, so the
// rules are unit-tested. CPython is always run: it is the reference every other
// runner's output is compared with and its speedup is measured against.

import { BenchUsageError } from "./errors.js";
import { RUNNER_IDS, type RunnerId } from "./results.js";
import { directorySuite, namedSuite, selectPrograms, type Suite } from "./suites.js";

export interface BenchOptions {
  readonly suite: Suite;
  /** Runners in report order; always starts with "cpython". */
  readonly peers: readonly RunnerId[];
  readonly repeat: number;
  readonly jsonFile: string | null;
  readonly htmlFile: string | null;
  readonly markdownFile: string | null;
  /** The CPython interpreter of the reference column. */
  readonly python: string;
  /** Per-run limit; a run past it is reported as a timeout. */
  readonly timeoutSeconds: number;
  /** Where builds go (one folder per program and runner). */
  readonly workDir: string;
}

export interface RawBenchOptions {
  suite?: string;
  programs?: string;
  peers?: string;
  repeat?: string;
  json?: string;
  html?: string;
  markdown?: string;
  only?: string;
  python?: string;
  timeout?: string;
  workDir?: string;
}

export const DEFAULT_REPEAT = 3;
export const DEFAULT_TIMEOUT_SECONDS = 300;

export function parseBenchOptions(raw: RawBenchOptions, env: NodeJS.ProcessEnv = process.env): BenchOptions {
  if (raw.suite !== undefined && raw.programs !== undefined) throw new BenchUsageError("give --suite or --programs, not both");
  const base = raw.programs !== undefined ? directorySuite(raw.programs) : namedSuite(raw.suite ?? "all");
  const suite = selectPrograms(base, raw.only !== undefined ? parseList(raw.only, "--only") : null);
  return {
    suite,
    peers: parsePeers(raw.peers),
    repeat: parsePositiveInt(raw.repeat, "--repeat", DEFAULT_REPEAT),
    jsonFile: raw.json ?? null,
    htmlFile: raw.html ?? null,
    markdownFile: raw.markdown ?? null,
    python: raw.python ?? env.APC_BENCH_PYTHON ?? "python3",
    timeoutSeconds: parsePositiveInt(raw.timeout, "--timeout", DEFAULT_TIMEOUT_SECONDS),
    workDir: raw.workDir ?? ".apc/bench/build",
  };
}

/** "pypy,apc" -> ["cpython", "pypy", "apc"], in the canonical runner order. */
export function parsePeers(text: string | undefined): RunnerId[] {
  if (text === undefined) return [...RUNNER_IDS];
  const names = parseList(text, "--peers");
  const unknown = names.filter((n) => !(RUNNER_IDS as readonly string[]).includes(n));
  if (unknown.length) throw new BenchUsageError(`unknown peer ${unknown.join(", ")} (known: ${RUNNER_IDS.join(", ")})`);
  return RUNNER_IDS.filter((id) => id === "cpython" || names.includes(id));
}

function parseList(text: string, flag: string): string[] {
  const items = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new BenchUsageError(`${flag} needs a comma-separated list`);
  return [...new Set(items)];
}

function parsePositiveInt(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new BenchUsageError(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}
