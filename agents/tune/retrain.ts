// Retraining the strategist's policy from everything vector memory holds, and
// the promotion gate. The candidate is a fresh model fitted on every
// program's outcomes. The gate scores the fitting itself out of sample, by
// cross-validation by program: each program is held out in turn, a model is
// fitted on the others and chooses for the held-out program's functions; the
// model in use chooses for the same cases. The candidate is kept only if it
// is no worse on every measure and better on one, counting a case only where
// the two choices differ beyond the noise (policy/evaluate.ts
// compareResults). (A single fixed split held out a third of the programs
// from every model forever, and scored on its five to seven cases it could
// not tell a better model from the priors: with policy seed 7 five runs in a
// row were "equal" while the model fitted on everything agreed with the
// unseen programs' oracle where the priors did not.) The model in use may
// have been fitted on the programs it is scored on, so the gate leans its
// way: a candidate must win out of sample against it in sample.
// Owns turning outcome records into training examples and oracle cases.
// Does not measure anything.

import type { OutcomeRecord } from "../../memory/vector-memory.js";
import { FEATURE_NAMES } from "../../tools/features.js";
import { compareModels, compareResults, crossValidate, evaluatePolicy, type Comparison, type OracleCase, type ProgramData } from "../policy/evaluate.js";
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

export interface Retrained {
  readonly candidate: PolicyModel;
  readonly comparison: Comparison | null;
  readonly trained: number;
  readonly heldOutCases: number;
  /** Promote: better on one measure and no worse on any, out of sample. */
  readonly promote: boolean;
  readonly verdict: string;
}

/** Fits a fresh model on every program (or takes `opts.candidate`, a model
 *  built elsewhere, as it is: it is scored on every case as it stands) and
 *  gates it against `incumbent`. */
export function retrain(programs: readonly ProgramData[], incumbent: TierPredictor, opts: { candidate?: PolicyModel } = {}): Retrained {
  const used = programs.filter((p) => p.cases.length || p.examples.length);
  const examples = used.flatMap((p) => p.examples);
  const cases = used.flatMap((p) => p.cases);
  let candidate = opts.candidate;
  let comparison: Comparison | null = null;
  let how: string;
  if (candidate) {
    if (cases.length) comparison = compareModels(candidate, incumbent, cases);
    how = "the model as given, on memory's cases";
  } else {
    candidate = new PolicyModel();
    candidate.fit(examples);
    // Cross-validation needs a program to train on besides the one held out.
    if (cases.length && used.length >= 2) {
      const cv = crossValidate(used, { folds: used.length, createModel: () => new PolicyModel() });
      const byId = new Map(cv.results.map((r) => [r.id, r]));
      if (byId.size !== cases.length) throw new Error("internal error: oracle cases need unique ids to be cross-validated");
      const outOfSample = cases.map((c) => byId.get(c.id)!);
      comparison = compareResults(outOfSample, evaluatePolicy(incumbent, cases).results, cases);
    }
    how = `held out: each of ${used.length} programs in turn`;
  }
  if (!comparison) {
    const why = cases.length ? "one program: nothing to score a model on that it was not fitted on" : "no program with more than one measured tier to score it on";
    return { candidate, comparison: null, trained: examples.length, heldOutCases: 0, promote: false, verdict: `not promoted: ${why}` };
  }
  const v = comparison.verdicts;
  const words = (Object.keys(v) as (keyof typeof v)[]).map((m) => `${m} ${v[m]}`).join(", ");
  const where = `on ${cases.length} case(s) (${how})`;
  return {
    candidate,
    comparison,
    trained: examples.length,
    heldOutCases: cases.length,
    promote: comparison.better,
    verdict: comparison.better ? `promoted: ${words} ${where}` : comparison.noWorse ? `rejected: no better on any measure (${words}) ${where}` : `rejected: worse on ${(Object.keys(v) as (keyof typeof v)[]).filter((m) => v[m] === "worse").join(", ")} (${words}) ${where}`,
  };
}

export { evaluatePolicy };
