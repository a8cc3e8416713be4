// Scoring a policy against an oracle: cases whose reward was measured at every
// available tier. Owns the "within noise of the best" rule, the scores
// (agreement, regret, mean reward), cross-validation by program, and the
// promotion rule nightly tuning uses to replace a model. Does not own running
// the measurements (benchmarks/, tools/) nor storing models (memory/).
//
// - best set: tiers whose measured reward is within noise of the best one:
//   best.mean − t.mean ≤ max(ci_best, ci_t, relativeTolerance·|best.mean|).
//   The relative floor holds even under tight ci's: three runs that agree to
//   0.1% say nothing of the drift between builds and rounds on a shared
//   machine (the same binary measures 2% apart across rounds there), so a
//   tier 1% behind the best is not a wrong choice.
// - agreement: share of cases whose exploit choice is in the best set.
// - regret: mean of (best measured reward − measured reward of the choice).
// - meanReward: mean measured reward of the choices.
// The choice is chooseTier's exploit choice (exploration off), so evaluation
// sees exactly what the strategist would do, minCompileSavings included.

import { chooseTier } from "./choose.js";
import { TIERS, type FeatureInput, type PolicyExample, type Tier, type TierPredictor } from "./model.js";

export class OracleCaseInvalid extends Error {
  readonly code = "invalid-oracle-case";
  constructor(detail: string) {
    super(`invalid oracle case: ${detail}`);
  }
}

export class CrossValidationInvalid extends Error {
  readonly code = "invalid-cross-validation";
  constructor(detail: string) {
    super(`cannot cross-validate: ${detail}`);
  }
}

export interface MeasuredReward {
  readonly mean: number;
  /** Half-width of the confidence interval of the mean, when known. */
  readonly ci?: number;
}

export interface OracleCase {
  readonly features: FeatureInput;
  readonly available: readonly Tier[];
  /** Every available tier must be measured; others are ignored. */
  readonly measured: Partial<Record<Tier, MeasuredReward>>;
  /** For reports only. */
  readonly id?: string;
}

export interface EvaluateOptions {
  /** Tolerance of the best set when no ci is given (default 0.02 = 2%). */
  readonly relativeTolerance?: number;
  readonly minCompileSavings?: number;
}

export interface PolicyScore {
  readonly cases: number;
  readonly agreement: number;
  readonly regret: number;
  readonly meanReward: number;
}

export interface CaseResult {
  readonly id: string | undefined;
  readonly chosen: Tier;
  readonly bestSet: readonly Tier[];
  readonly reward: number;
  readonly regret: number;
  readonly agrees: boolean;
}

export interface Evaluation extends PolicyScore {
  readonly results: readonly CaseResult[];
}

function measuredTiers(c: OracleCase): Tier[] {
  const tiers = TIERS.filter((t) => c.available.includes(t));
  if (tiers.length === 0) throw new OracleCaseInvalid(`${c.id ?? "a case"} has no available tier`);
  for (const t of tiers) {
    const m = c.measured[t];
    if (m === undefined) throw new OracleCaseInvalid(`${c.id ?? "a case"}: available tier ${t} was not measured`);
    if (!Number.isFinite(m.mean) || (m.ci !== undefined && !(m.ci >= 0 && Number.isFinite(m.ci)))) {
      throw new OracleCaseInvalid(`${c.id ?? "a case"}: ${t} has reward ${m.mean} ± ${String(m.ci)}`);
    }
  }
  return tiers;
}

/** The available tiers whose measured reward is within noise of the best one (the best first, then TIERS order). */
export function bestTierSet(c: OracleCase, relativeTolerance = 0.02): Tier[] {
  const tiers = measuredTiers(c);
  const m = (t: Tier) => c.measured[t]!;
  const best = tiers.reduce((b, t) => (m(t).mean > m(b).mean ? t : b));
  return [best, ...tiers.filter((t) => t !== best && withinNoise(m(best), m(t), relativeTolerance))];
}

/** Whether two measured rewards of one case are within noise of each other:
 *  their gap is at most the larger ci, and never less than relativeTolerance
 *  of the larger mean. */
export function withinNoise(a: MeasuredReward, b: MeasuredReward, relativeTolerance = 0.02): boolean {
  const cis = [a.ci, b.ci].filter((x): x is number => x !== undefined);
  return Math.abs(a.mean - b.mean) <= Math.max(...cis, relativeTolerance * Math.max(Math.abs(a.mean), Math.abs(b.mean)));
}

export function evaluatePolicy(model: TierPredictor, cases: readonly OracleCase[], opts: EvaluateOptions = {}): Evaluation {
  const results = cases.map((c): CaseResult => {
    const bestSet = bestTierSet(c, opts.relativeTolerance);
    const { tier } = chooseTier(model, c.features, c.available, {
      explorationRate: 0,
      rng: () => 1,
      ...(opts.minCompileSavings === undefined ? {} : { minCompileSavings: opts.minCompileSavings }),
    });
    const reward = c.measured[tier]!.mean;
    const bestReward = c.measured[bestSet[0]!]!.mean;
    return { id: c.id, chosen: tier, bestSet, reward, regret: bestReward - reward, agrees: bestSet.includes(tier) };
  });
  return { ...summarise(results), results };
}

function summarise(results: readonly CaseResult[]): PolicyScore {
  const n = results.length;
  const mean = (f: (r: CaseResult) => number) => (n === 0 ? 0 : results.reduce((s, r) => s + f(r), 0) / n);
  return { cases: n, agreement: mean((r) => (r.agrees ? 1 : 0)), regret: mean((r) => r.regret), meanReward: mean((r) => r.reward) };
}

/** One program's training outcomes and the oracle cases of its functions. */
export interface ProgramData {
  readonly program: string;
  readonly examples: readonly PolicyExample[];
  readonly cases: readonly OracleCase[];
}

/** What cross-validation trains: a fresh model per fold. */
export interface TrainablePolicy extends TierPredictor {
  fit(examples: readonly PolicyExample[]): void;
}

export interface CrossValidateOptions extends EvaluateOptions {
  /** Number of folds, 2..programs; equal to the number of programs: leave one program out. */
  readonly folds: number;
  readonly createModel: () => TrainablePolicy;
  /** Shuffle programs into folds with seededRng-like rng; default: sorted by name, dealt round-robin. */
  readonly rng?: () => number;
}

export interface FoldResult extends PolicyScore {
  readonly heldOut: readonly string[];
}

export interface CrossValidation extends PolicyScore {
  readonly folds: readonly FoldResult[];
  readonly results: readonly CaseResult[];
}

/**
 * k-fold cross-validation by program: each fold's programs are held out
 * whole, the model is fitted on the other programs' examples only and scored
 * on the held-out programs' cases. Scores are pooled over all held-out cases.
 */
export function crossValidate(programs: readonly ProgramData[], opts: CrossValidateOptions): CrossValidation {
  const names = programs.map((p) => p.program);
  if (new Set(names).size !== names.length) throw new CrossValidationInvalid("program names must be unique");
  if (!Number.isInteger(opts.folds) || opts.folds < 2 || opts.folds > programs.length) {
    throw new CrossValidationInvalid(`folds must be an integer in 2..${programs.length} (the number of programs), got ${opts.folds}`);
  }
  const order = [...programs].sort((a, b) => (a.program < b.program ? -1 : a.program > b.program ? 1 : 0));
  if (opts.rng !== undefined) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(opts.rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
  const folds: FoldResult[] = [];
  const all: CaseResult[] = [];
  for (let f = 0; f < opts.folds; f++) {
    const heldOut = order.filter((_, i) => i % opts.folds === f);
    const training = order.filter((_, i) => i % opts.folds !== f);
    const model = opts.createModel();
    model.fit(training.flatMap((p) => p.examples));
    const evaluation = evaluatePolicy(
      model,
      heldOut.flatMap((p) => p.cases),
      opts,
    );
    folds.push({ heldOut: heldOut.map((p) => p.program), ...summarise(evaluation.results) });
    all.push(...evaluation.results);
  }
  return { ...summarise(all), folds, results: all };
}

export type Measure = "agreement" | "regret" | "meanReward";
export type Verdict = "better" | "equal" | "worse";
const HIGHER_IS_BETTER: Readonly<Record<Measure, boolean>> = { agreement: true, regret: false, meanReward: true };

export interface Comparison {
  /** Promote: no worse on every measure and better on at least one. */
  readonly better: boolean;
  readonly noWorse: boolean;
  readonly verdicts: Readonly<Record<Measure, Verdict>>;
  readonly scores: { readonly candidate: PolicyScore; readonly incumbent: PolicyScore };
}

/** The promotion rule on two scores of the same cases; differences within `tolerance` are equal. */
export function compareScores(candidate: PolicyScore, incumbent: PolicyScore, tolerance = 1e-9): Comparison {
  const verdicts = {} as Record<Measure, Verdict>;
  for (const m of Object.keys(HIGHER_IS_BETTER) as Measure[]) {
    const gain = (candidate[m] - incumbent[m]) * (HIGHER_IS_BETTER[m] ? 1 : -1);
    verdicts[m] = gain > tolerance ? "better" : gain < -tolerance ? "worse" : "equal";
  }
  const v = Object.values(verdicts);
  const noWorse = !v.includes("worse");
  return { better: noWorse && v.includes("better"), noWorse, verdicts, scores: { candidate, incumbent } };
}

/**
 * Scores both models on the same held-out cases and applies compareResults.
 * `scores` are the plain ones.
 */
export function compareModels(
  candidate: TierPredictor,
  incumbent: TierPredictor,
  heldOut: readonly OracleCase[],
  opts: EvaluateOptions & { readonly tolerance?: number } = {},
): Comparison {
  return compareResults(evaluatePolicy(candidate, heldOut, opts).results, evaluatePolicy(incumbent, heldOut, opts).results, heldOut, opts);
}

/**
 * The promotion rule on two models' results for the same cases (in the same
 * order), paired case by case: where the candidate's choice is within noise
 * of the incumbent's (withinNoise), the case is a tie, so a model is
 * promoted only for choices that measured better beyond the noise (as the
 * benchmarker refuses to call a difference inside the noise a win). The
 * candidate's results may come from cross-validation (each case scored by a
 * model that never saw its program). `scores` are the plain ones.
 */
export function compareResults(
  candidate: readonly CaseResult[],
  incumbent: readonly CaseResult[],
  cases: readonly OracleCase[],
  opts: EvaluateOptions & { readonly tolerance?: number } = {},
): Comparison {
  if (candidate.length !== cases.length || incumbent.length !== cases.length) throw new OracleCaseInvalid(`${candidate.length} and ${incumbent.length} results for ${cases.length} cases`);
  const paired = candidate.map((r, i) => {
    const o = incumbent[i]!;
    const m = cases[i]!.measured;
    return withinNoise(m[r.chosen]!, m[o.chosen]!, opts.relativeTolerance) ? o : r;
  });
  const inc = summarise(incumbent);
  return { ...compareScores(summarise(paired), inc, opts.tolerance), scores: { candidate: summarise(candidate), incumbent: inc } };
}
