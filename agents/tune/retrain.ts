// Retraining the strategist's policy from everything vector memory holds, and
// the promotion gate: a candidate model is fitted on the training programs
// only, scored beside the model in use on held-out programs (whole programs,
// so nothing it is scored on was trained on), and kept only if it is no worse
// on every measure and better on one, counting a case only where the two
// models' choices differ beyond the noise (policy/evaluate.ts compareModels).
// Owns turning outcome records into training examples and oracle cases, and
// the deterministic held-out split. Does not measure anything.

import { createHash } from "node:crypto";
import type { OutcomeRecord } from "../../memory/vector-memory.js";
import { FEATURE_NAMES } from "../../tools/features.js";
import { compareModels, evaluatePolicy, type Comparison, type OracleCase, type ProgramData } from "../policy/evaluate.js";
import { PolicyModel, TIERS, functionReward, programSpeedup, rewardOf, type PolicyExample, type Tier, type TierPredictor } from "../policy/model.js";

/** The outcome records of vector memory as programs: per function, the
 *  training examples (one per measured tier) and one oracle case (python
 *  always available: speedup 1, no compile). Records without features, or
 *  of a tier the policy does not know, are skipped. A program is a project
 *  folder: functions of one project are held out together. */
export function programsFromRecords(records: readonly OutcomeRecord[]): ProgramData[] {
  // Per function, per tier (apc-custom: per pipeline), every record of it:
  // tune measures the same programs run after run, and the best of several
  // noisy measurements would flatter the tier, so repeats are pooled.
  const byFunction = new Map<string, { project: string; features: Record<string, number>; at: string; tiers: Map<string, OutcomeRecord[]> }>();
  for (const r of records) {
    if (!(TIERS as readonly string[]).includes(r.tier) || r.speedup === null || !(r.speedup > 0) || !r.verified) continue;
    const raw = typeof r.extra?.features === "string" ? r.extra.features : null;
    if (!raw) continue;
    let features: Record<string, number>;
    try {
      features = JSON.parse(raw) as Record<string, number>;
    } catch {
      continue;
    }
    if (!FEATURE_NAMES.every((n) => typeof features[n] === "number")) continue;
    const key = `${r.project}|${r.functionKey}|${r.sourceHash}`;
    const f = byFunction.get(key) ?? { project: r.project, features, at: r.createdAt, tiers: new Map() };
    // The newest record's features (its share of the run) describe the function.
    if (r.createdAt > f.at) Object.assign(f, { features, at: r.createdAt });
    const strategy = r.tier === "apc-custom" ? `apc-custom ${r.passes ?? ""}` : r.tier;
    f.tiers.set(strategy, [...(f.tiers.get(strategy) ?? []), r]);
    byFunction.set(key, f);
  }
  const programs = new Map<string, { examples: PolicyExample[]; cases: OracleCase[] }>();
  for (const [key, f] of [...byFunction].sort(([a], [b]) => a.localeCompare(b))) {
    const p = programs.get(f.project) ?? { examples: [], cases: [] };
    const features = FEATURE_NAMES.map((n) => f.features[n]!);
    const measured: OracleCase["measured"] = { python: { mean: rewardOf(1, 0), ci: 0 } };
    // Records keep the function's own speedup; the policy learns and is
    // scored in program units (its share of the run, Amdahl's law).
    const share = f.features.share_of_run!;
    // One outcome per tier: repeats pooled (geometric mean speedup, mean
    // compile, ci shrinking with the count); apc-custom: the best pipeline.
    const pooled = new Map<Tier, { speedup: number; compile: number; ci: number | undefined; reward: number }>();
    for (const rs of f.tiers.values()) {
      const tier = rs[0]!.tier as Tier;
      const speedup = Math.exp(rs.reduce((a, r) => a + Math.log(r.speedup!), 0) / rs.length);
      const compile = rs.reduce((a, r) => a + (r.compileSeconds ?? 0), 0) / rs.length;
      const cis = rs.map((r) => r.extra?.rewardCi).filter((c): c is number => typeof c === "number");
      const ci = cis.length ? cis.reduce((a, c) => a + c, 0) / cis.length / Math.sqrt(cis.length) : undefined;
      const reward = functionReward(speedup, share, compile);
      const prev = pooled.get(tier);
      if (!prev || reward > prev.reward) pooled.set(tier, { speedup, compile, ci, reward });
    }
    for (const [tier, o] of pooled) {
      p.examples.push({ features, tier, speedup: programSpeedup(o.speedup, share), compileSeconds: o.compile });
      measured[tier] = o.ci === undefined ? { mean: o.reward } : { mean: o.reward, ci: o.ci };
    }
    const available = TIERS.filter((t) => measured[t] !== undefined);
    // Python is always available; a function measured at no other tier says nothing about the choice.
    if (available.length >= 2) p.cases.push({ id: key, features, available, measured });
    programs.set(f.project, p);
  }
  return [...programs].map(([program, d]) => ({ program, ...d }));
}

/** Held-out programs: a stable share of them, chosen by a hash of their name
 *  and the seed (the same programs are held out run after run unless the
 *  seed changes), at least one each side when there are two or more. */
export function splitHeldOut(programs: readonly ProgramData[], share: number, seed: number): { training: ProgramData[]; heldOut: ProgramData[] } {
  const score = (p: ProgramData) => createHash("sha256").update(`${seed}|${p.program}`).digest().readUInt32BE(0) / 2 ** 32;
  const ranked = [...programs].filter((p) => p.cases.length || p.examples.length).sort((a, b) => score(a) - score(b));
  if (ranked.length < 2) return { training: ranked, heldOut: [] };
  const n = Math.min(ranked.length - 1, Math.max(1, Math.round(ranked.length * share)));
  const heldOut = ranked.slice(0, n).filter((p) => p.cases.length);
  const held = new Set(heldOut);
  return { training: ranked.filter((p) => !held.has(p)), heldOut };
}

export interface Retrained {
  readonly candidate: PolicyModel;
  readonly comparison: Comparison | null;
  readonly trained: number;
  readonly heldOutCases: number;
  /** Promote: better on one measure and no worse on any, on held-out programs. */
  readonly promote: boolean;
  readonly verdict: string;
}

/** Fits a fresh model on the training programs (or takes `opts.candidate`,
 *  a model built elsewhere, as it is) and gates it against `incumbent`. */
export function retrain(programs: readonly ProgramData[], incumbent: TierPredictor, opts: { heldOutShare: number; seed: number; candidate?: PolicyModel }): Retrained {
  const { training, heldOut } = splitHeldOut(programs, opts.heldOutShare, opts.seed);
  const examples = training.flatMap((p) => p.examples);
  const candidate = opts.candidate ?? new PolicyModel();
  if (!opts.candidate) candidate.fit(examples);
  const cases = heldOut.flatMap((p) => p.cases);
  if (!cases.length) return { candidate, comparison: null, trained: examples.length, heldOutCases: 0, promote: false, verdict: "not promoted: no held-out program with more than one measured tier to score it on" };
  const comparison = compareModels(candidate, incumbent, cases);
  const v = comparison.verdicts;
  const words = (Object.keys(v) as (keyof typeof v)[]).map((m) => `${m} ${v[m]}`).join(", ");
  return {
    candidate,
    comparison,
    trained: examples.length,
    heldOutCases: cases.length,
    promote: comparison.better,
    verdict: comparison.better ? `promoted: ${words} on ${cases.length} held-out case(s)` : comparison.noWorse ? `rejected: no better on any measure (${words})` : `rejected: worse on ${(Object.keys(v) as (keyof typeof v)[]).filter((m) => v[m] === "worse").join(", ")} (${words})`,
  };
}

export { evaluatePolicy };
