// The supervisor of `apc agent optimize`: plans the run and keeps its time
// budget, and writes every step to the decision log.
//
//   profile (profile_project) → every function's static verdict
//   (list_candidates) → hot candidates by Python seconds → per function:
//   types (type inferencer: infer_types), tier (strategist: memory, then the
//   policy) → build and measure the assignment (benchmarker: measure_speedup
//   until tight) → fall back where a tier was refused, drop what is slower
//   beyond the noise or changes the output → pipeline search for the
//   hottest (optimizer: search_pipeline) → final verification → outcomes
//   into memory (record_outcome) and the policy (a new model version) →
//   verdicts for every function, the report, and --apply (apply_plan).
//
// Every decision that a later run or `apc why` needs is a record: plan,
// signature, tier (with alternatives, prediction and model version),
// measurement, pipeline, verdict, apply, model.

import type { Decision } from "../memory/decision-log.js";
import { findCulprits, type Measurement } from "../tools/build-tools.js";
import { applyPlanTool, inferTypes, listCandidates, profileProject, recordOutcome } from "../tools/index.js";
import { hintFor, type CandidateInfo } from "../tools/project-tools.js";
import type { ToolContext } from "../tools/tool.js";
import { belowBeyondNoise, CONFIRM_REPEAT, DEFAULT_REPEAT, interval, measureUntilTight, speedupInterval } from "./benchmarker.js";
import type { AgentConfig } from "./config.js";
import { currentPolicy } from "./memory.js";
import { candidatePipelines, learnedPipelines, searchPipelines, searchReason } from "./optimizer.js";
import { seededRng } from "./policy/choose.js";
import { functionReward, programSpeedup, type PolicyExample, type Tier } from "./policy/model.js";
import { chooseStrategy, type Strategy } from "./strategist.js";

export interface AgentOptimizeOptions {
  readonly budgetMinutes: number;
  readonly minShare: number;
  readonly apply: boolean;
  /** Functions the optimizer searches pipelines for (the hottest). */
  readonly searchTop: number;
  readonly explorationRate?: number;
  /** Reuse the last profile when nothing changed (default true). */
  readonly reuseProfile?: boolean;
}

export interface FunctionOutcome {
  readonly key: string;
  readonly status: "compiled" | "callee" | "python" | "not-compiled" | "rejected";
  readonly tier: Tier | null;
  readonly passes: string | null;
  readonly source: Strategy["source"] | null;
  readonly share: number;
  readonly speedup: number | null;
  readonly speedupLow: number | null;
  readonly speedupHigh: number | null;
  readonly compileSeconds: number | null;
  readonly reasons: { code: string; message: string; line: number | null; col: number | null; hint?: string }[];
}

export interface TimelineStep {
  readonly at: number; // seconds since the run started
  readonly step: string;
}

export interface AgentOptimizeResult {
  readonly runId: number;
  readonly project: string;
  readonly functions: FunctionOutcome[];
  readonly baselineSeconds: number;
  readonly optimizedSeconds: number | null;
  readonly endToEndSpeedup: number | null;
  readonly verified: boolean;
  readonly modelVersion: number | null;
  readonly elapsedSeconds: number;
  readonly timeline: TimelineStep[];
  readonly applied: { branch: string | null; backup: string | null; problem: string | null } | null;
  readonly memoryHits: number;
}

type Assigned = { function: string; tier: Tier; passes?: string };

export async function agentOptimize(ctx: ToolContext, config: AgentConfig, opts: AgentOptimizeOptions): Promise<AgentOptimizeResult> {
  const mem = ctx.memory!;
  const started = Date.now();
  const deadline = started + opts.budgetMinutes * 60_000;
  const timeline: TimelineStep[] = [];
  const step = (s: string) => {
    timeline.push({ at: (Date.now() - started) / 1000, step: s });
    ctx.log(`[supervisor] ${s}`);
  };
  const runId = mem.decisions.startRun({ project: ctx.target.path, command: "agent optimize", budgetS: opts.budgetMinutes * 60 });
  const log = (d: Omit<Parameters<typeof mem.decisions.record>[0], "runId">) => mem.decisions.record({ runId, ...d });
  try {
    step("profiling the project (Python run, exact per-function seconds at the boundary)");
    const prof = await profileProject.run({ repeat: 2, reuse: opts.reuseProfile ?? true }, ctx);
    if (prof.reusedFrom) step(`nothing changed since the profile of ${prof.reusedFrom}: reusing it`);
    const all = (await listCandidates.run({}, ctx)).functions;
    const profile = ctx.profile!;
    // Hysteresis: a function native after the last run stays hot down to half
    // the threshold, so a share wobbling around it does not flip the plan.
    const project = mem.decisions.run(runId).project;
    const wasNative = new Set(mem.decisions.verdicts().filter((v) => v.project === project && (v.status === "compiled" || v.status === "callee")).map((v) => v.functionKey));
    const threshold = (c: CandidateInfo) => (wasNative.has(c.key) ? opts.minShare / 2 : opts.minShare);
    const hot = all
      .filter((c) => c.candidate && (profile.functions.get(c.key)?.share ?? 0) >= threshold(c))
      .sort((a, b) => (profile.functions.get(b.key)?.pythonSeconds ?? 0) - (profile.functions.get(a.key)?.pythonSeconds ?? 0));
    log({ agent: "supervisor", kind: "plan", inputs: { baselineSeconds: prof.baselineSeconds, functions: all.length, budgetMinutes: opts.budgetMinutes, profileReusedFrom: prof.reusedFrom }, choice: hot.map((c) => c.key), alternatives: all.filter((c) => !hot.includes(c)).map((c) => ({ choice: c.key, note: c.candidate ? "cold" : "not a candidate" })), reason: `${hot.length} hot candidate(s) of ${all.length} function(s), by Python seconds (share >= ${(opts.minShare * 100).toFixed(1)}%${wasNative.size ? `, >= ${((opts.minShare / 2) * 100).toFixed(2)}% for the ${wasNative.size} native after the last run` : ""})` });

    // ---- types and tiers ----
    const { model, version } = currentPolicy(mem.models, ctx.log);
    const rng = seededRng(config.policy.seed + runId);
    const numba = prof.numba;
    const available: Tier[] = ["python", "apc-O1", "apc-O3", ...(numba ? (["numba"] as const) : [])];
    const strategies = new Map<string, { s: Strategy; decision: number }>();
    let memoryHits = 0;
    for (const c of hot) {
      if (Date.now() > deadline) break;
      const sig = await inferTypes.run({ function: c.key }, ctx);
      log({ agent: "type-inferencer", kind: "signature", functionKey: c.key, sourceHash: c.sourceHash, inputs: { evidence: sig.evidence }, choice: sig.signature, reason: `confidence ${sig.confidence.toFixed(2)} from ${[...new Set(sig.evidence.map((e) => e.source))].join(" + ") || "nothing"}; used behind a guard` });
      const s = await chooseStrategy(ctx, c, available, model, { explorationRate: opts.explorationRate ?? config.policy.explorationRate, rng });
      if (s.source === "memory") memoryHits++;
      const decision = log({
        agent: "strategist",
        kind: "tier",
        functionKey: c.key,
        sourceHash: c.sourceHash,
        inputs: { features: c.features, neighbours: s.neighbours },
        alternatives: s.alternatives.map((a) => ({ choice: a.tier, predicted: { reward: a.reward } })),
        choice: { tier: s.tier, passes: s.passes, explored: s.explored, source: s.source },
        predicted: s.predictions[s.tier] ? { reward: s.predictions[s.tier]!.reward.mean, speedup: s.predictions[s.tier]!.speedup.mean } : null,
        reason: s.reason,
        modelVersion: version,
      });
      strategies.set(c.key, { s, decision });
      step(`${c.key}: ${s.tier}${s.passes ? ` [${s.passes}]` : ""} (${s.source}${s.explored ? ", exploring" : ""})`);
    }

    // ---- build, measure, fall back ----
    let assignment: Assigned[] = [...strategies.values()].filter((x) => x.s.tier !== "python").map((x) => ({ function: x.s.function, tier: x.s.tier, ...(x.s.passes ? { passes: x.s.passes } : {}) }));
    const rejected = new Map<string, { code: string; message: string }>();
    // Every tier from memory (measured before at this source version): the
    // runs confirm it and verify the output, they need not re-establish it.
    const fromMemory = strategies.size > 0 && [...strategies.values()].every((x) => x.s.source === "memory");
    const repeat = { ...(fromMemory ? CONFIRM_REPEAT : DEFAULT_REPEAT), deadline };
    let m: Measurement | null = assignment.length ? await measure(ctx, runId, assignment, repeat, step) : null;
    for (let round = 0; m && round < 3; round++) {
      let changed = false;
      for (const r of m.refused) {
        // A tier that refused the function: apc-O3 next, then Python.
        const next: Tier | null = r.tier === "apc-O3" ? null : "apc-O3";
        log({ agent: "supervisor", kind: "tier", functionKey: r.function, choice: next ?? "python", reason: `${r.tier} refused it (${r.code}: ${r.message}); ${next ? "trying apc-O3" : "keeping it in Python"}`, reasonCodes: [{ code: r.code, message: r.message, line: null, col: null }] });
        assignment = assignment.flatMap((a) => (a.function !== r.function ? [a] : next ? [{ function: a.function, tier: next }] : []));
        if (!next) rejected.set(r.function, { code: r.code, message: r.message });
        changed = true;
      }
      if (!m.identical) {
        step("output differs from Python's: bisecting over the native functions");
        const culprits = await findCulprits(ctx, assignment);
        for (const k of culprits) rejected.set(k, { code: "differs", message: "running it natively changed the program's output or exit status" });
        assignment = assignment.filter((a) => !culprits.includes(a.function));
        changed = true;
      }
      for (const f of m.functions) {
        const sp = f.nativeSeconds.length ? speedupInterval(f.pythonSeconds ?? 0, f.nativeSeconds) : null;
        if (f.calls > 0 && sp && belowBeyondNoise(sp, 1)) {
          rejected.set(f.function, { code: "slower", message: `${sp.mean.toFixed(2)}x: slower than Python beyond the noise` });
          assignment = assignment.filter((a) => a.function !== f.function);
          changed = true;
        }
      }
      if (!changed) break;
      m = assignment.length ? await measure(ctx, runId, assignment, repeat, step) : null;
    }

    // ---- pipeline search for the hottest ----
    if (m && m.identical) {
      // The hottest searchTop functions; those already on a searched pipeline
      // (from memory) keep it.
      const targets = m.functions
        .filter((f) => f.calls > 0)
        .sort((a, b) => (b.pythonSeconds ?? 0) - (a.pythonSeconds ?? 0))
        .slice(0, opts.searchTop)
        .filter((f) => f.tier === "apc-O3");
      for (const t of targets) {
        if (Date.now() > deadline - 30_000) break;
        const cand = hot.find((c) => c.key === t.function)!;
        const near = strategies.get(t.function)!.s.neighbours;
        // Searched before at this source version: the decision log has the
        // answer (memory), no second search.
        const prior = mem.decisions.decisions({ functionKey: t.function, kind: "pipeline" }).filter((d) => d.sourceHash === cand.sourceHash && d.runId !== runId).pop();
        if (prior) {
          const passes = typeof prior.choice === "string" && prior.choice !== "default<O3>" ? prior.choice : null;
          const decision = log({ agent: "optimizer", kind: "pipeline", functionKey: t.function, sourceHash: cand.sourceHash, inputs: { reused: prior.id }, choice: prior.choice, reason: `searched before at this source version [rec:${prior.id}]: ${prior.reason}`, parentId: prior.id });
          step(`optimizer: ${t.function} was searched before (rec:${prior.id}); ${passes ? `reusing ${passes}` : "keeping -O3"}`);
          if (passes) {
            assignment = assignment.map((a) => (a.function === t.function ? { function: a.function, tier: "apc-custom", passes } : a));
            strategies.get(t.function)!.decision = decision;
          }
          continue;
        }
        const fromMemory = cand.features ? (await learnedPipelines(ctx, cand.features)).slice(0, 3).map((l) => l.pipeline) : [];
        const pipelines = candidatePipelines(fromMemory, config.optimizer.maxPipelines, rng, config.optimizer);
        step(`optimizer: ${pipelines.length} pipeline(s) for ${t.function} (${fromMemory.length} from memory)`);
        const search = await searchPipelines(ctx, t.function, assignment.filter((a) => a.function !== t.function), pipelines, 3);
        const decision = log({
          agent: "optimizer",
          kind: "pipeline",
          functionKey: t.function,
          sourceHash: cand.sourceHash,
          inputs: { fromMemory, neighbours: near.slice(0, 3) },
          alternatives: search.tried.map((x) => ({ choice: x.pipeline, note: x.error ?? (x.identical ? `${x.seconds?.mean.toFixed(4)} s` : "output differs") })),
          choice: search.best?.pipeline ?? "default<O3>",
          reason: searchReason(search),
          measured: { base: search.base?.mean ?? null, best: search.best?.seconds.mean ?? null },
        });
        if (search.best) {
          assignment = assignment.map((a) => (a.function === t.function ? { function: a.function, tier: "apc-custom", passes: search.best!.pipeline } : a));
          strategies.get(t.function)!.decision = decision;
        }
      }
      if (assignment.some((a) => a.tier === "apc-custom")) m = await measure(ctx, runId, assignment, repeat, step);
    }

    // ---- outcomes into memory and the policy ----
    const outcomes: FunctionOutcome[] = [];
    const examples: PolicyExample[] = [];
    for (const c of all) {
      const share = profile.functions.get(c.key)?.share ?? 0;
      const f = m?.functions.find((x) => x.function === c.key && assignment.some((a) => a.function === c.key));
      const st = strategies.get(c.key);
      if (f && m && (f.calls === 0 || f.fallbacks >= f.calls)) {
        // Compiled into a native caller (no call crossed the boundary), or
        // every call fell back to Python: no speedup of its own to record.
        const callee = f.calls === 0;
        outcomes.push({ key: c.key, status: callee ? "callee" : "rejected", tier: callee ? (f.tier as Tier) : null, passes: f.passes, source: st?.s.source ?? null, share, speedup: null, speedupLow: null, speedupHigh: null, compileSeconds: f.compileSeconds, reasons: callee ? [] : [{ code: "fallback", message: "every call's arguments fell back to Python", line: c.line, col: 1 }] });
      } else if (f && m && f.nativeSeconds.length) {
        const sp = speedupInterval(f.pythonSeconds ?? 0, f.nativeSeconds);
        // The function's own speedup is recorded and shown; the reward and
        // the policy see what it is worth to the whole run.
        const reward = functionReward(sp.mean, share, f.compileSeconds);
        await recordOutcome.run({ functionKey: c.key, sourceHash: c.sourceHash, features: c.features!, tier: f.tier, passes: f.passes, speedup: sp.mean, compileSeconds: f.compileSeconds, reward, verified: m.identical, decisionId: st?.decision ?? null }, ctx);
        examples.push({ features: c.features!, tier: f.tier as Tier, speedup: programSpeedup(sp.mean, share), compileSeconds: f.compileSeconds });
        outcomes.push({ key: c.key, status: "compiled", tier: f.tier as Tier, passes: f.passes, source: st?.s.source ?? null, share, speedup: sp.mean, speedupLow: sp.n >= 2 ? sp.low : null, speedupHigh: sp.n >= 2 ? sp.high : null, compileSeconds: f.compileSeconds, reasons: [] });
      } else if (rejected.has(c.key)) {
        const r = rejected.get(c.key)!;
        outcomes.push({ key: c.key, status: "rejected", tier: null, passes: null, source: st?.s.source ?? null, share, speedup: null, speedupLow: null, speedupHigh: null, compileSeconds: null, reasons: [{ ...r, line: c.line, col: 1, hint: hintFor(r.code, r.message) }] });
      } else if (!c.candidate) {
        outcomes.push({ key: c.key, status: "not-compiled", tier: null, passes: null, source: null, share, speedup: null, speedupLow: null, speedupHigh: null, compileSeconds: null, reasons: c.reasons });
      } else {
        const why = st?.s.tier === "python" ? { code: "policy-python", message: st.s.reason } : { code: "cold", message: `too little time to matter (${(share * 100).toFixed(1)}% of the run)` };
        if (st?.s.tier === "python") examples.push({ features: c.features!, tier: "python", speedup: 1, compileSeconds: 0 });
        outcomes.push({ key: c.key, status: "python", tier: "python", passes: null, source: st?.s.source ?? null, share, speedup: null, speedupLow: null, speedupHigh: null, compileSeconds: null, reasons: [{ ...why, line: c.line, col: 1, hint: hintFor(why.code, why.message) }, ...c.reasons] });
      }
    }
    let modelVersion = version;
    if (examples.length) {
      const trained = model.clone();
      for (const e of examples) trained.update(e);
      const saved = mem.models.save({ parent: version, kind: "bayes-linear/1", trainedOn: trained.examples(), scores: { examples: examples.length }, notes: `updated from ${examples.length} outcome(s) of agent run ${runId}`, params: trained.toJSON() as never }, { promote: true });
      modelVersion = saved.version;
      log({ agent: "supervisor", kind: "model", choice: saved.version, reason: `policy updated from ${examples.length} measured outcome(s) (parent ${version ?? "none"})`, modelVersion: saved.version });
    }
    for (const o of outcomes) writeVerdict(ctx, runId, o, all.find((c) => c.key === o.key)!);

    const optimizedSeconds = m && m.identical && m.endToEnd.nativeSeconds.length ? Math.min(...m.endToEnd.nativeSeconds) : null;
    const endToEnd = optimizedSeconds ? profile.baselineSeconds / optimizedSeconds : null;
    let applied: AgentOptimizeResult["applied"] = null;
    if (opts.apply && m && m.identical && assignment.length) {
      step("applying the plan on a new git branch");
      const speedups = Object.fromEntries(outcomes.filter((o) => o.speedup !== null).map((o) => [o.key, o.speedup!]));
      const a = await applyPlanTool.run({ assignment, speedups, endToEndSpeedup: endToEnd }, ctx);
      applied = { branch: a.branch, backup: a.backup, problem: a.problem };
      log({ agent: "supervisor", kind: "apply", choice: a as never, reason: a.applied ? `applied on ${a.branch ?? a.backup}` : `not applied: ${a.problem}` });
    }
    step("done");
    const result: AgentOptimizeResult = { runId, project: ctx.runs!.project, functions: outcomes, baselineSeconds: profile.baselineSeconds, optimizedSeconds, endToEndSpeedup: endToEnd, verified: !!m && m.identical, modelVersion, elapsedSeconds: (Date.now() - started) / 1000, timeline, applied, memoryHits };
    mem.decisions.endRun(runId, "done", { endToEndSpeedup: endToEnd, elapsedSeconds: result.elapsedSeconds, memoryHits, timeline: timeline.map((t) => ({ at: t.at, step: t.step })) });
    return result;
  } catch (e) {
    mem.decisions.endRun(runId, "failed", { error: (e as Error).message });
    throw e;
  }
}

async function measure(ctx: ToolContext, runId: number, assignment: Assigned[], repeat: Parameters<typeof measureUntilTight>[2], step: (s: string) => void): Promise<Measurement> {
  step(`benchmarker: measuring ${assignment.map((a) => `${a.function}@${a.tier}`).join(", ")}`);
  const m = await measureUntilTight(ctx, assignment, repeat);
  ctx.memory!.decisions.record({
    runId,
    agent: "benchmarker",
    kind: "measurement",
    inputs: { assignment },
    choice: { identical: m.identical },
    reason: `${m.endToEnd.nativeSeconds.length} run(s); ${m.functions.map((f) => `${f.function}: ${f.nativeSeconds.length ? `${speedupInterval(f.pythonSeconds ?? 0, f.nativeSeconds).mean.toFixed(2)}x` : "not timed"}`).join(", ")}`,
    measured: { functions: m.functions.map((f) => ({ function: f.function, tier: f.tier, pythonSeconds: f.pythonSeconds, native: f.nativeSeconds.length ? interval(f.nativeSeconds).mean : null, runs: f.nativeSeconds.length })), endToEnd: m.endToEnd, identical: m.identical },
  });
  return m;
}

/** Pipelines of verified apc-custom outcomes near `c` in vector memory. */
function writeVerdict(ctx: ToolContext, runId: number, o: FunctionOutcome, c: CandidateInfo): void {
  const change: string[] = [];
  for (const r of o.reasons) if (r.hint) change.push(r.hint);
  if (o.status === "compiled" && o.tier !== "apc-custom") change.push("a searched opt pipeline could make it faster (`apc agent optimize` searches the hottest functions)");
  ctx.memory!.decisions.setVerdict({
    runId,
    functionKey: o.key,
    sourceHash: c.sourceHash,
    status: o.status,
    tier: o.tier,
    reasons: o.reasons.map((r) => ({ code: r.code, message: r.message, line: r.line ?? null, col: r.col ?? null, ...(r.hint ? { hint: r.hint } : {}) })),
    numbers: { share: o.share, speedup: o.speedup, speedupLow: o.speedupLow, speedupHigh: o.speedupHigh, compileSeconds: o.compileSeconds, calls: ctx.profile?.functions.get(o.key)?.calls ?? null, pythonSeconds: ctx.profile?.functions.get(o.key)?.pythonSeconds ?? null },
    whatWouldChange: [...new Set(change)],
  });
}

export type { Decision };
