// The measurement loop: for each program, every peer builds once, then N rounds
// run each peer once (CPython first: its first run's stdout is the reference);
// each run's stdout is compared with the reference before its time counts. A
// mismatch, crash or timeout stops that runner on that program and is reported
// instead of times. Runs are strictly one at a time (this is a 2-core machine;
// parallel runs would measure each other).

import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compareOutputs } from "./compare.js";
import { describeEnvironment } from "./environment.js";
import { BuildFailed, NoTwin, PeerMissing, ProgramRefused } from "./errors.js";
import type { BenchOptions } from "./options.js";
import type { ProgressReporter } from "./progress.js";
import { RUNNER_LABELS, type BenchResults, type NumbaReport, type ProgramResult, type RunnerId, type RunnerResult } from "./results.js";
import { readNumbaReport } from "./runners/numba.js";
import { createRunner } from "./runners/index.js";
import type { PreparedRun, Runner } from "./runners/runner.js";
import { speedup, timeStats } from "./stats.js";
import { summarize, winners } from "./summary.js";
import { runMeasured, type RunMeasurement } from "./timed-run.js";
import type { BenchProgram } from "./suites.js";
import { formatRatio, formatSeconds } from "./format.js";
import { statusWord } from "./report-table.js";

type Availability = { ok: true; runner: Runner; facts: string[] } | { ok: false; detail: string; install: string };

export async function runBench(options: BenchOptions, progress: ProgressReporter): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg()[0]!;
  const environment = await describeEnvironment(options.python);
  const available = new Map<RunnerId, Availability>();
  const peerFacts: Partial<Record<RunnerId, string[]>> = {};
  for (const id of options.peers) {
    const runner = createRunner(id, options);
    try {
      const facts = await runner.probe();
      available.set(id, { ok: true, runner, facts });
      peerFacts[id] = facts;
      progress.line(`${RUNNER_LABELS[id]}: ${facts.join("; ")}`);
    } catch (err) {
      if (!(err instanceof PeerMissing)) throw err;
      available.set(id, { ok: false, detail: err.message, install: err.install });
      peerFacts[id] = [`skipped: ${err.message}; install with: ${err.install}`];
      progress.line(`${RUNNER_LABELS[id]}: skipped (${err.message}); install with: ${err.install}`);
    }
  }
  const programs: ProgramResult[] = [];
  const count = options.suite.programs.length;
  for (const [i, program] of options.suite.programs.entries()) {
    progress.line(`(${i + 1}/${count}) ${[program.name, ...program.args].join(" ")}`);
    programs.push(await measureProgram(program, options, available, progress));
  }
  progress.close();
  return {
    version: 1,
    suite: options.suite.name,
    repeat: options.repeat,
    peers: [...options.peers],
    startedAt,
    finishedAt: new Date().toISOString(),
    loadAverage: { start: round2(loadAtStart), end: round2(os.loadavg()[0]!) },
    environment,
    peerFacts,
    programs,
    summary: summarize(programs, options.peers),
    winners: winners(programs),
  };
}

/** One runner on one program while its runs are under way. */
interface Lane {
  readonly id: RunnerId;
  readonly prepared: PreparedRun;
  readonly times: number[];
  peakRssKb: number | null;
  numba?: NumbaReport;
  /** Set when the lane stops: a failed run (or, after the last round, its ok result). */
  done: RunnerResult | null;
}

/**
 * Build every runner once, then run N rounds, each round running every runner
 * once in peer order. Interleaving spreads a burst of outside load over all the
 * runners instead of landing on one runner's consecutive runs. CPython runs
 * first in each round; its first run's stdout is the reference, and every run
 * of every runner (CPython's later ones too) must print exactly that.
 */
async function measureProgram(program: BenchProgram, options: BenchOptions, available: Map<RunnerId, Availability>, progress: ProgressReporter): Promise<ProgramResult> {
  const final = new Map<RunnerId, RunnerResult>();
  const lanes: Lane[] = [];
  for (const id of options.peers) {
    const availability = available.get(id)!;
    if (!availability.ok) {
      final.set(id, { runner: id, status: "skipped", detail: availability.detail, install: availability.install, buildSeconds: null, notes: [] });
      continue;
    }
    const dir = path.resolve(options.workDir, program.name, id);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    progress.live(`${program.name} · ${RUNNER_LABELS[id]} · building`);
    const prepared = await prepareRunner(availability.runner, program, dir);
    if ("status" in prepared) final.set(id, prepared);
    else lanes.push({ id, prepared, times: [], peakRssKb: null, done: null });
  }

  let reference: string | null = null;
  for (let round = 1; round <= options.repeat; round++) {
    for (const lane of lanes) {
      if (lane.done) continue;
      if (lane.id !== "cpython" && reference === null) {
        lane.done = { runner: lane.id, status: "no-reference", buildSeconds: lane.prepared.buildSeconds, notes: lane.prepared.notes };
        continue;
      }
      progress.live(`${program.name} · round ${round}/${options.repeat} · ${RUNNER_LABELS[lane.id]}`);
      const run = await runMeasured(lane.prepared.command, options.timeoutSeconds);
      if (lane.prepared.numbaReportFile) lane.numba = readNumbaReport(lane.prepared.numbaReportFile);
      const failure = runFailure(run, options.timeoutSeconds);
      if (failure) {
        lane.done = { ...laneBase(lane), ...failure };
        continue;
      }
      if (lane.id === "cpython" && round === 1) reference = run.stdout;
      const cmp = compareOutputs(reference!, run.stdout);
      if (!cmp.same) {
        const what = lane.id === "cpython" ? "stdout differs between runs" : "stdout differs from CPython's";
        lane.done = { ...laneBase(lane), status: "mismatch", detail: `${what}: ${cmp.summary}` };
        continue;
      }
      lane.times.push(run.wallSeconds);
      if (run.peakRssKb !== null) lane.peakRssKb = Math.max(lane.peakRssKb ?? 0, run.peakRssKb);
    }
  }
  for (const lane of lanes) {
    final.set(lane.id, lane.done ?? { ...laneBase(lane), status: "ok", times: lane.times, stats: timeStats(lane.times), peakRssKb: lane.peakRssKb });
  }
  const cpython = final.get("cpython");
  if (cpython?.status !== "ok") reference = null;
  const referenceMin = cpython?.status === "ok" ? cpython.stats.min : null;
  const results = options.peers.map((id) => final.get(id)!);
  for (const r of results) progress.line(`  ${RUNNER_LABELS[r.runner].padEnd(7)} ${describe(r, referenceMin)}`);
  return { name: program.name, args: [...program.args], exercises: program.exercises, reference, results };
}

function laneBase(lane: Lane) {
  const p = lane.prepared;
  return {
    runner: lane.id,
    buildSeconds: p.buildSeconds,
    notes: p.notes,
    ...(lane.numba ? { numba: lane.numba } : {}),
    ...(p.buildPhasesMs ? { buildPhasesMs: p.buildPhasesMs } : {}),
  };
}

async function prepareRunner(runner: Runner, program: BenchProgram, dir: string): Promise<PreparedRun | RunnerResult> {
  const base = { runner: runner.id, buildSeconds: null, notes: [] as string[] };
  try {
    return await runner.prepare(program, dir);
  } catch (err) {
    if (err instanceof ProgramRefused) return { ...base, status: "refused", reason: err.reason };
    if (err instanceof NoTwin) return { ...base, status: "no-twin" };
    if (err instanceof BuildFailed) return { ...base, status: "build-failed", detail: err.message };
    if (err instanceof PeerMissing) return { ...base, status: "skipped", detail: err.message, install: err.install };
    throw err;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function runFailure(run: RunMeasurement, timeoutSeconds: number): { status: "crash" | "timeout"; detail: string } | null {
  if (run.timedOut) return { status: "timeout", detail: `no exit within ${timeoutSeconds} s` };
  if (run.spawnError) return { status: "crash", detail: `could not start: ${run.spawnError}` };
  if (run.signal) return { status: "crash", detail: `killed by ${run.signal}${stderrTail(run.stderr)}` };
  if (run.exitCode !== 0) return { status: "crash", detail: `exit ${run.exitCode}${stderrTail(run.stderr)}` };
  return null;
}

function stderrTail(stderr: string): string {
  const last = stderr.trimEnd().split("\n").pop()?.trim();
  return last ? `: ${last.length > 160 ? `${last.slice(0, 160)}…` : last}` : "";
}

/** The progress line for one finished runner. */
function describe(r: RunnerResult, referenceMin: number | null): string {
  const build = r.buildSeconds !== null ? `build ${formatSeconds(r.buildSeconds)}; ` : "";
  switch (r.status) {
    case "ok": {
      const s = r.runner === "cpython" ? "" : `  ${formatRatio(speedup(referenceMin, r.stats.min))} vs CPython`;
      return `${build}min ${formatSeconds(r.stats.min)}  median ${formatSeconds(r.stats.median)}${s}`;
    }
    case "refused":
      return `refused: ${r.reason.code} (line ${r.reason.line}) ${r.reason.message}`;
    case "skipped":
      return `skipped: ${r.detail} (install: ${r.install})`;
    case "no-twin":
      return "no C twin";
    case "no-reference":
      return "not run: CPython failed, nothing to compare with";
    default:
      return `${build}${statusWord(r)}: ${r.detail}`;
  }
}
