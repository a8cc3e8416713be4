// `apc tune`: spend a time budget where learning pays most, retrain the
// policy, promote only what measures better, learn pipelines. One run:
//
//   lock (one run per memory; a killed run's lock is taken over and its
//   corpus progress resumed) → the corpus, in order of what the policy knows
//   least: items never measured first, then those whose recorded outcomes
//   the policy predicted worst → per item, every tier measured (the oracle)
//   and recorded in vector memory, checkpointed → pipeline search for the
//   hottest functions whose best tier is apc-O3 (a kept pipeline becomes an
//   apc-custom outcome: the optimizer's starting point for neighbours) →
//   retrain on every outcome in memory, gate against the model in use on
//   held-out programs, save the version (promoted or not) → the decision log,
//   the history, the report.
//
// Never touches user source code and applies nothing: benchmark programs are
// copies; memory's projects are only built under their .apc/.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { profileProject, recordOutcome } from "../../tools/index.js";
import { newToolContext, type AgentMemory, type ToolContext } from "../../tools/tool.js";
import type { AgentConfig } from "../config.js";
import { currentPolicy } from "../memory.js";
import { measureProjectOracle, MEASURED_TIERS, tierOutcomes, type ProjectOracle } from "../oracle.js";
import { BASE_PIPELINE, candidatePipelines, learnedPipelines, searchPipelines, searchReason } from "../optimizer.js";
import { seededRng } from "../policy/choose.js";
import { functionReward, type PolicyModel, type Tier } from "../policy/model.js";
import { benchmarkCorpus, memoryCorpus, pathCorpus, type CorpusItem } from "./corpus.js";
import { acquireTuneLock, type TuneLock } from "./lock.js";
import { programsFromRecords, retrain } from "./retrain.js";
import type { ModelScores, TuneRunSummary } from "./types.js";

export interface TuneOptions {
  readonly budgetMinutes: number;
  /** "memory", "benchmarks", "memory+benchmarks" (default) or a folder of projects. */
  readonly corpus: string;
  readonly python?: string;
  readonly repeat?: number;
  /** Pipeline searches for at most this many functions. */
  readonly searchTop?: number;
  /** Only these benchmark programs (tests, quick runs). */
  readonly only?: readonly string[];
  readonly log?: (line: string) => void;
  /** The tune lock, already taken by the caller (who then releases it);
   *  default: taken and released here. */
  readonly lock?: TuneLock;
  /** Gate this model instead of one retrained here (a model built elsewhere;
   *  the tests construct a worse one). */
  readonly candidate?: PolicyModel;
}

interface TuneState {
  readonly runId: number;
  readonly done: string[];
}

const tierOrder: readonly Tier[] = ["python", ...MEASURED_TIERS];

export async function runTune(memory: AgentMemory, config: AgentConfig, opts: TuneOptions): Promise<TuneRunSummary> {
  const log = opts.log ?? (() => {});
  const apcDir = config.memory.dir;
  const lock = opts.lock ?? acquireTuneLock(apcDir);
  const startedAt = new Date();
  const deadline = startedAt.getTime() + opts.budgetMinutes * 60_000;
  const stateFile = path.join(apcDir, "tune", "state.json");
  let runId: number;
  try {
    runId = memory.decisions.startRun({ project: apcDir, command: "tune", budgetS: opts.budgetMinutes * 60 });
    lock.recordRunId(runId);
  } catch (e) {
    if (!opts.lock) lock.release();
    throw e;
  }
  try {
    // ---- resume a killed run ----
    const previous = readState(stateFile);
    const resumedFrom = lock.tookOverFrom && previous ? previous.runId : null;
    const done = new Set(resumedFrom !== null ? previous!.done : []);
    if (resumedFrom !== null) log(`tune: resuming run ${resumedFrom} (killed midway): ${done.size} corpus item(s) already measured`);
    writeState(stateFile, { runId, done: [...done] });

    // ---- the corpus, least known first ----
    const records = await memory.vectors.get();
    const corpus = corpusOf(opts, apcDir, records.map((r) => r.project));
    const { model: incumbent, version: incumbentVersion } = currentPolicy(memory.models, log);
    const errorOf = new Map<string, number>();
    for (const p of programsFromRecords(records)) {
      let worst = 0;
      // Learning pays most where the policy was furthest off, or is least sure.
      for (const c of p.cases) {
        for (const t of c.available) {
          const pred = incumbent.predict(c.features, t).reward;
          worst = Math.max(worst, Math.abs(pred.mean - c.measured[t]!.mean), pred.std);
        }
      }
      errorOf.set(p.program, worst);
    }
    const err = (c: CorpusItem) => errorOf.get(c.name) ?? Infinity;
    const ordered = corpus.filter((c) => !done.has(c.name)).sort((a, b) => (err(a) === err(b) ? a.name.localeCompare(b.name) : err(b) > err(a) ? 1 : -1));
    memory.decisions.record({ runId, agent: "supervisor", kind: "plan", inputs: { corpus: opts.corpus, items: corpus.length, resumedFrom }, choice: ordered.map((c) => c.name), reason: "corpus ordered by what the policy knows least: never measured first, then the largest prediction error or uncertainty (reward std) on recorded outcomes" });

    // ---- measure every tier ----
    let measurements = 0;
    const oracles: { item: CorpusItem; ctx: ToolContext; oracle: ProjectOracle }[] = [];
    for (const item of ordered) {
      if (Date.now() > deadline - 20_000) break;
      log(`tune: measuring ${item.name} at every tier`);
      const ctx = newToolContext({ path: item.dir, args: item.args, python: opts.python }, memory, (l) => log(`  ${l}`));
      let oracle: ProjectOracle;
      try {
        oracle = await measureProjectOracle(ctx, { tiers: tierOrder, repeat: opts.repeat ?? 3, minShare: 0.01, deadline, log: (l) => log(`  ${l}`) });
      } catch (e) {
        // A program that cannot be measured (crashes, no entry) is reported and skipped.
        memory.decisions.record({ runId, agent: "benchmarker", kind: "measurement", inputs: { item: item.name }, choice: null, reason: `could not measure ${item.name}: ${(e as Error).message.split("\n")[0]}` });
        log(`tune: ${item.name}: ${(e as Error).message.split("\n")[0]}`);
        continue;
      }
      for (const f of oracle.functions) {
        for (const [tier, o] of Object.entries(tierOutcomes(f)) as [Tier, NonNullable<ReturnType<typeof tierOutcomes>[Tier]>][]) {
          await recordOutcome.run({ functionKey: f.key, sourceHash: f.candidate.sourceHash, features: f.candidate.features!, tier, passes: null, speedup: o.speedup, compileSeconds: o.compileSeconds, reward: o.reward, verified: !o.bound, project: item.name, rewardCi: o.ci }, ctx);
          measurements++;
        }
      }
      memory.decisions.record({ runId, agent: "benchmarker", kind: "measurement", inputs: { item: item.name }, choice: oracle.functions.map((f) => f.key), reason: `${oracle.functions.length} hot function(s) measured at ${tierOrder.join(", ")}`, // (JSON's way: an unbounded interval, one run, is null.)
        measured: JSON.parse(JSON.stringify({ baselineSeconds: oracle.baselineSeconds, functions: oracle.functions.map((f) => ({ key: f.key, outcomes: tierOutcomes(f) })) })) });
      oracles.push({ item, ctx, oracle });
      done.add(item.name);
      writeState(stateFile, { runId, done: [...done] });
    }

    // ---- pipelines for the hottest apc-O3 winners ----
    const learned: { functionKey: string; pipeline: string; speedupOverO3: number }[] = [];
    let pipelineSearches = 0;
    const rng = seededRng(config.policy.seed + runId);
    const targets = oracles
      .flatMap(({ item, ctx, oracle }) => oracle.functions.map((f) => ({ item, ctx, f, o: tierOutcomes(f) })))
      // apc-O3 best, or tied with it (no tier faster beyond the noise: -O1
      // often measures the same), so a pipeline built from -O3 may pay.
      .filter((t) => {
        const o3 = t.o["apc-O3"];
        return o3 && Object.values(t.o).every((x) => x!.reward <= o3.reward + 1e-9 || x!.low === null || o3.high === null || x!.low <= o3.high);
      })
      .map((t) => ({ ...t, searched: searchesBefore(memory, t.item.name, t.f.key, t.f.candidate.sourceHash) }))
      // Never-searched functions first (a run after run on the same corpus
      // widens what is learned), then the hottest.
      .sort((a, b) => a.searched - b.searched || b.f.share - a.f.share)
      .slice(0, opts.searchTop ?? 2);
    // Searches run the program at its search size, profiled once there.
    const searchContexts = new Map<string, ToolContext>();
    const searchContext = async (item: CorpusItem, measured: ToolContext): Promise<ToolContext> => {
      if (item.searchArgs.join(" ") === item.args.join(" ")) return measured;
      const known = searchContexts.get(item.name);
      if (known) return known;
      const ctx = newToolContext({ path: item.dir, args: item.searchArgs, python: opts.python }, memory, (l) => log(`  ${l}`));
      log(`tune: profiling ${item.name} at its search size (${item.searchArgs.join(" ")})`);
      await profileProject.run({ repeat: 1 }, ctx);
      searchContexts.set(item.name, ctx);
      return ctx;
    };
    for (const t of targets) {
      if (Date.now() > deadline - 20_000) break;
      const fromMemory = (await learnedPipelines(t.ctx, t.f.candidate.features!)).slice(0, 3).map((l) => l.pipeline);
      const pipelines = candidatePipelines(fromMemory, config.optimizer.maxPipelines, rng, config.optimizer);
      let ctx: ToolContext;
      try {
        ctx = await searchContext(t.item, t.ctx);
      } catch (e) {
        log(`tune: ${t.item.name} at ${t.item.searchArgs.join(" ")}: ${(e as Error).message.split("\n")[0]}; searching at the measured size`);
        ctx = t.ctx;
      }
      log(`tune: searching ${pipelines.length} pipeline(s) for ${t.item.name}:${t.f.key}${ctx === t.ctx ? "" : ` at ${t.item.searchArgs.join(" ")}`}`);
      const search = await searchPipelines(ctx, t.f.key, [], pipelines, opts.repeat ?? 3);
      pipelineSearches++;
      memory.decisions.record({ runId, agent: "optimizer", kind: "pipeline", functionKey: t.f.key, sourceHash: t.f.candidate.sourceHash, inputs: { item: t.item.name, fromMemory, args: [...(ctx.target.args ?? [])] }, alternatives: search.tried.map((x) => ({ choice: x.pipeline, note: x.error ?? (x.identical ? `${x.seconds?.mean.toFixed(4)} s` : "output differs") })), choice: search.best?.pipeline ?? BASE_PIPELINE, reason: searchReason(search) });
      if (!search.best || !search.base) continue;
      // Over Python at the measured size: -O3's speedup there times the
      // pipeline's over -O3 (measured side by side at the search size).
      const overO3 = search.base.mean / search.best.seconds.mean;
      const speedup = t.o["apc-O3"]!.speedup * overO3;
      const compile = search.tried.find((x) => x.pipeline === search.best!.pipeline)?.compileSeconds ?? 0;
      await recordOutcome.run({ functionKey: t.f.key, sourceHash: t.f.candidate.sourceHash, features: t.f.candidate.features!, tier: "apc-custom", passes: search.best.pipeline, speedup, compileSeconds: compile, reward: functionReward(speedup, t.f.share, compile), verified: true, project: t.item.name }, t.ctx);
      learned.push({ functionKey: `${t.item.name}:${t.f.key}`, pipeline: search.best.pipeline, speedupOverO3: overO3 });
    }

    // ---- retrain and gate ----
    const programs = programsFromRecords(await memory.vectors.get());
    const r = retrain(programs, incumbent, opts.candidate ? { candidate: opts.candidate } : {});
    const pipelineSpeedup = learned.length ? Math.exp(learned.reduce((a, p) => a + Math.log(p.speedupOverO3), 0) / learned.length) : 1;
    const scores = (s: { agreement: number; regret: number; meanReward: number } | undefined): ModelScores | null => (s ? { agreement: s.agreement, regret: s.regret, meanReward: s.meanReward, pipelineSpeedup } : null);
    const candidateScores = scores(r.comparison?.scores.candidate) ?? { agreement: 0, regret: 0, meanReward: 0, pipelineSpeedup };
    const saved = memory.models.save(
      { parent: incumbentVersion, kind: "bayes-linear/1", trainedOn: r.trained, scores: { ...candidateScores, heldOutCases: r.heldOutCases }, notes: `apc tune run ${runId}: ${r.verdict}`, params: r.candidate.toJSON() as never },
      { promote: r.promote },
    );
    memory.decisions.record({ runId, agent: "supervisor", kind: "model", inputs: { trained: r.trained, heldOutCases: r.heldOutCases, incumbent: incumbentVersion }, choice: { version: saved.version, promoted: r.promote }, reason: r.verdict, measured: r.comparison ? (r.comparison.scores as never) : null, modelVersion: saved.version });
    log(`tune: model v${saved.version} ${r.verdict}`);

    const summary: TuneRunSummary = {
      runId,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      budgetMinutes: opts.budgetMinutes,
      corpus: opts.corpus,
      trained: r.trained,
      heldOut: r.heldOutCases,
      measurements,
      pipelineSearches,
      incumbent: { version: incumbentVersion, scores: scores(r.comparison?.scores.incumbent) },
      candidate: { version: saved.version, scores: candidateScores },
      promoted: r.promote,
      verdict: r.verdict,
      learnedPipelines: learned,
      resumedFrom,
    };
    appendHistory(apcDir, summary);
    memory.decisions.endRun(runId, "done", summary as never);
    writeState(stateFile, null);
    return summary;
  } catch (e) {
    memory.decisions.endRun(runId, "failed", { error: (e as Error).message });
    throw e;
  } finally {
    if (!opts.lock) lock.release();
  }
}

function corpusOf(opts: TuneOptions, apcDir: string, memoryProjects: readonly string[]): CorpusItem[] {
  const root = path.join(apcDir, "tune", "corpus");
  // "memory+benchmarks"; anything else is one folder (whose name may hold a "+").
  const named = opts.corpus.split("+");
  const parts = named.every((p) => p === "memory" || p === "benchmarks") ? named : [opts.corpus];
  const out: CorpusItem[] = [];
  for (const p of parts) {
    if (p === "benchmarks") out.push(...benchmarkCorpus(root, opts.only));
    else if (p === "memory") out.push(...memoryCorpus(memoryProjects, root).filter((c) => !opts.only || opts.only.some((o) => c.name.endsWith(o))));
    else out.push(...pathCorpus(p));
  }
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.name) && seen.add(c.name));
}

/** Pipeline searches tune already ran for this version of a function. */
function searchesBefore(memory: AgentMemory, item: string, functionKey: string, sourceHash: string): number {
  return memory.decisions.decisions({ kind: "pipeline", functionKey, agent: "optimizer" }).filter((d) => d.sourceHash === sourceHash && (d.inputs as { item?: string } | null)?.item === item).length;
}

function readState(file: string): TuneState | null {
  if (!existsSync(file)) return null;
  try {
    const s = JSON.parse(readFileSync(file, "utf8")) as TuneState | null;
    return s && typeof s.runId === "number" && Array.isArray(s.done) ? s : null;
  } catch {
    return null;
  }
}

/** Written whole and renamed into place: a kill never leaves half a state. */
function writeState(file: string, s: TuneState | null): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(s));
  renameSync(`${file}.tmp`, file);
}

export const historyFile = (apcDir: string) => path.join(apcDir, "reports", "tune-history.json");

export function readHistory(apcDir: string): TuneRunSummary[] {
  const f = historyFile(apcDir);
  if (!existsSync(f)) return [];
  return JSON.parse(readFileSync(f, "utf8")) as TuneRunSummary[];
}

function appendHistory(apcDir: string, s: TuneRunSummary): void {
  const f = historyFile(apcDir);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(`${f}.tmp`, JSON.stringify([...readHistory(apcDir), s], null, 1));
  renameSync(`${f}.tmp`, f);
}
