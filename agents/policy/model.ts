// The strategist's local policy model: for one function (its feature vector)
// and one tier, a prediction with uncertainty of the speedup, the compile
// seconds and so the reward `speedup * 10 - compileSeconds`. Owns the tier
// vocabulary, the reward formula, feature transforms and standardisation, the
// per-tier Bayesian linear regressions, their incremental and batch fits, and
// the model's JSON form. Does not own choosing a tier (choose.ts), scoring
// against measured outcomes (evaluate.ts), extracting features (the tools) or
// storing the model (memory/).
//
// Model. Per tier t ≠ python, two independent conjugate Normal–inverse-Gamma
// regressions on z̃ = [1, z] (z: the standardised transformed features):
//   log(speedup)           = c(p) · (w·z̃) + ε,   c(p) = −log(1 − p), p = share_of_run
//   log1p(compile seconds) =          v·z̃  + ε'
//   w | σ² ~ N(m0, σ²V0), σ² ~ InvGamma(a0, b0); the same for v.
// c(p) is the log of Amdahl's ceiling: a function that is a share p of the run
// cannot make the program more than 1/(1 − p) times faster. So w·z̃ is the
// fraction of that ceiling the tier reaches ("ceilingFraction": near 1 for a
// tight float loop at 100×, lower for modest kernels), the regression is on
// the design c·z̃ (still linear, still conjugate), and a function that is 0.1%
// of the run predicts log(speedup) ≈ 0 with an uncertainty ≈ 0, so compile
// time decides for tiny functions with no interaction terms. The fraction
// still drifts with p for a fixed kernel speedup; share_of_run's transform is
// c(p) too ("amdahl"), which lets each tier learn that drift linearly. Without
// a share feature (shareFeature null) c ≡ 1 and w·z̃ is log(speedup) itself.
// Why NIG rather than known-noise ridge: the noise is unknown and differs per
// tier and target; NIG learns it, so the uncertainty is calibrated to what was
// seen, and stays conjugate. The coefficient prior's std is chosen per tier
// and target by the marginal likelihood among a few candidates (empirical
// Bayes, as BayesianRidge does), so the shrinkage suits tens or hundreds of
// examples alike; with no data the widest candidate stands. (A model of the
// kernel speedup k with S = 1/(1 − p + p/k) was tried: its linearised weights
// vanish near the ceiling and it underfit fast kernels; it scored worse.)
//
// Data. Per tier and target the model keeps the raw sufficient statistics in
// transformed-feature space: n, Σuuᵀ, Σu·y, Σy², with u = x̃ = [1, x] for
// compile and u = c·x̃ for speedup. Standardisation (mean and population std
// of each transformed feature over all examples of all tiers) is derived from
// them, and the standardised posterior by the affine map z̃ = A x̃ (A(c·x̃) =
// c·z̃). The posterior is thus a function of the multiset of examples:
// fit(all) equals any order of update()s up to rounding, and update() is a
// rank-one addition. The prior is in standardised units, so its strength
// follows the data's spread. A feature with (numerically) zero variance is
// dropped (z = 0): its coefficient stays at the prior. (So with no examples
// at all every feature is dropped and an unseen tier's std is its bias
// prior's alone; it widens once features vary, then shrinks with data.)
// python's examples count for the standardisation and nothing else. Transforms are
// declared per feature (DEFAULT_TRANSFORMS): log1p for counts, log1p of
// microseconds for seconds_per_call, amdahl for share_of_run, identity for
// the 0..1 flags; a caller's own names default to identity.
//
// Prediction. For each target, the posterior mean and the std of the
// regression function (epistemic: std = sqrt(E[σ²]·uᵀΛ⁻¹u), the Student-t
// marginal's; this shrinks with data and is what exploration uses), plus the
// learned noise std. Then by the delta method: speedup ≈ e^m ± e^m·s (m, s of
// log speedup), compile ≈ expm1(m') (≥ 0) ± e^m'·s'; reward = 10·S − C with
// std sqrt(100·sd_S² + sd_C²), the two regressions taken as independent.
// Point estimates are posterior medians, not log-normal means (e^{m + s²/2}),
// which would let uncertainty alone win exploitation; uncertainty is spent
// only by the exploration rule. python is exact: speedup 1, compile 0, reward
// 10. A tier with no data predicts from its prior (DEFAULT_PRIORS: apc-O3
// mildly ahead of apc-O1 and numba; apc-custom as fast as O3, slower to build).

import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { z } from "zod";
import { FEATURE_NAMES, type FeatureName } from "./features.js";

export const TIERS = ["python", "numba", "apc-O1", "apc-O3", "apc-custom"] as const;
export type Tier = (typeof TIERS)[number];
export type LearnedTier = Exclude<Tier, "python">;
export const LEARNED_TIERS = TIERS.filter((t): t is LearnedTier => t !== "python");

/** Reward units per unit of speedup (python, speedup 1 and no compile, scores 10). */
export const REWARD_PER_SPEEDUP = 10;
export function rewardOf(speedup: number, compileSeconds: number): number {
  return speedup * REWARD_PER_SPEEDUP - compileSeconds;
}

/** The program's end-to-end speedup when a function that is `share` of the
 *  Python run becomes `functionSpeedup` times faster on its real calls:
 *  1 / (1 − p + p/k). The reward and the policy's examples are in these
 *  units (a 50x kernel that is 2% of the run is worth 1.02x, less than its
 *  compile seconds), the function's own speedup is what reports show. */
export function programSpeedup(functionSpeedup: number, share: number): number {
  const p = Math.min(1, Math.max(0, share));
  if (!(functionSpeedup > 0)) throw new RangeError(`function speedup must be > 0, got ${functionSpeedup}`);
  return 1 / (1 - p + p / functionSpeedup);
}

/** Reward of a function's measured outcome (function speedup, share of the run, compile seconds). */
export function functionReward(functionSpeedup: number, share: number, compileSeconds: number): number {
  return rewardOf(programSpeedup(functionSpeedup, share), compileSeconds);
}

export const MODEL_KIND = "bayes-linear/1";
const MAX_SHARE = 0.999;
/** log of the largest speedup a function with this share of the run can give the program: −log(1 − share). */
export function amdahlCeiling(share: number): number {
  return -Math.log1p(-Math.min(MAX_SHARE, Math.max(0, share)));
}

/** Bad JSON for fromJSON, or statistics that do not match their own posterior. */
export class PolicyModelInvalid extends Error {
  readonly code = "invalid-model";
  constructor(detail: string) {
    super(`invalid policy model: ${detail}`);
  }
}

/** An example or feature vector the model cannot take (wrong names, non-finite or negative values). */
export class PolicyInputInvalid extends Error {
  readonly code = "invalid-input";
  constructor(detail: string) {
    super(`invalid policy input: ${detail}`);
  }
}

/** By name (exactly the model's feature names) or as an array in their order. */
export type FeatureInput = Readonly<Record<string, number>> | readonly number[];

/** One measured outcome: this function, compiled at this tier, made the program this much faster. */
export interface PolicyExample {
  readonly features: FeatureInput;
  readonly tier: Tier;
  /** End-to-end speedup of the program from this function at this tier: its
   *  own speedup on its real calls, through Amdahl's law (programSpeedup). */
  readonly speedup: number;
  readonly compileSeconds: number;
}

export interface Estimate {
  readonly mean: number;
  readonly std: number;
}

export interface LogEstimate extends Estimate {
  /** Estimated std of one measurement around the mean (the learned σ). */
  readonly noiseStd: number;
}

export interface TierPrediction {
  readonly tier: Tier;
  readonly speedup: Estimate;
  readonly compileSeconds: Estimate;
  readonly reward: Estimate;
  readonly logSpeedup: LogEstimate;
  /** log(speedup) / c(share), the fraction of Amdahl's ceiling the tier reaches (noiseStd: of log(speedup) at c = 1). */
  readonly ceilingFraction: LogEstimate;
  readonly log1pCompile: LogEstimate;
  /** Examples of this tier the prediction rests on (0: the prior alone). */
  readonly examples: number;
}

/** What choose.ts and evaluate.ts need from a model. */
export interface TierPredictor {
  readonly featureNames: readonly string[];
  predict(features: FeatureInput, tier: Tier): TierPrediction;
}

export type FeatureTransform = "identity" | "log1p" | "log1p-us" | "amdahl";
const TRANSFORM_KINDS = ["identity", "log1p", "log1p-us", "amdahl"] as const satisfies readonly FeatureTransform[];

export const DEFAULT_TRANSFORMS = {
  loop_depth_max: "log1p",
  loops: "log1p",
  float_ops: "log1p",
  int_ops: "log1p",
  compare_ops: "log1p",
  calls_internal: "log1p",
  calls_builtin: "log1p",
  container_reads: "log1p",
  container_writes: "log1p",
  container_allocs: "log1p",
  str_ops: "log1p",
  list_params: "log1p",
  dict_params: "log1p",
  str_params: "log1p",
  float_params: "log1p",
  int_params: "log1p",
  lines: "log1p",
  share_of_run: "amdahl",
  calls_per_run: "log1p",
  seconds_per_call: "log1p-us",
  type_stability: "identity",
  recursion: "identity",
  returns_container: "identity",
  ir_insts: "log1p",
  ir_blocks: "log1p",
  ir_float_insts: "log1p",
  ir_container_insts: "log1p",
  ir_runtime_calls: "log1p",
} as const satisfies Record<FeatureName, FeatureTransform>;

function applyTransform(t: FeatureTransform, name: string, x: number): number {
  switch (t) {
    case "identity":
      return x;
    case "log1p":
    case "log1p-us":
      if (x < 0) throw new PolicyInputInvalid(`${name} is ${x}, but its ${t} transform needs a value >= 0`);
      return Math.log1p(t === "log1p" ? x : x * 1e6);
    case "amdahl":
      return amdahlCeiling(x);
  }
}

type Target = "ceilingFraction" | "log1pCompile";
const TARGETS: readonly Target[] = ["ceilingFraction", "log1pCompile"];
export type PerTarget<T = number> = Readonly<Record<Target, T>>;

/** Prior of the bias of one tier's two regressions, in model units (ceilingFraction: 0..1, 1 = the ceiling). */
export type TierPrior = PerTarget<Estimate>;

export const DEFAULT_PRIORS: Readonly<Record<LearnedTier, TierPrior>> = {
  numba: { ceilingFraction: { mean: 0.5, std: 0.5 }, log1pCompile: { mean: Math.log1p(1.5), std: 1 } },
  "apc-O1": { ceilingFraction: { mean: 0.5, std: 0.5 }, log1pCompile: { mean: Math.log1p(0.5), std: 1 } },
  "apc-O3": { ceilingFraction: { mean: 0.6, std: 0.5 }, log1pCompile: { mean: Math.log1p(1), std: 1 } },
  "apc-custom": { ceilingFraction: { mean: 0.6, std: 0.5 }, log1pCompile: { mean: Math.log1p(5), std: 1 } },
};

interface Hyper {
  /** Candidate prior stds of a standardised coefficient; the marginal likelihood picks one. */
  readonly coefStd: PerTarget<readonly number[]>;
  /** Prior guess of the noise std, of log(speedup) and of log1p(compile) (the inverse-Gamma's mean is its square). */
  readonly noiseStd: PerTarget;
  /** Inverse-Gamma shape a0 > 1 (worth 2·a0 pseudo-observations of the noise). */
  readonly noiseShape: number;
}

export const DEFAULT_HYPER: Hyper = {
  coefStd: { ceilingFraction: [0.03, 0.1, 0.3, 1], log1pCompile: [0.03, 0.1, 0.3, 1] },
  noiseStd: { ceilingFraction: 0.3, log1pCompile: 0.3 },
  noiseShape: 2,
};

export interface PolicyModelOptions {
  /** Default FEATURE_NAMES. */
  readonly featureNames?: readonly string[];
  /** Per-feature overrides of DEFAULT_TRANSFORMS (unknown names default to identity). */
  readonly transforms?: Readonly<Record<string, FeatureTransform>>;
  readonly priors?: Partial<Record<LearnedTier, TierPrior>>;
  /** One value, or candidates for the marginal likelihood to choose among. */
  readonly coefStd?: Partial<Record<Target, number | readonly number[]>>;
  readonly noiseStd?: Partial<PerTarget>;
  readonly noiseShape?: number;
  /** The [0, 1] feature Amdahl's ceiling comes from; default share_of_run when present. null: c ≡ 1, the ceilingFraction priors are then log(speedup). */
  readonly shareFeature?: string | null;
}

/** Raw sufficient statistics of one target of one tier: n, Σuuᵀ, Σu·y, Σy² (u = x̃ = [1, transformed x], times c for speedup). */
interface TargetStats {
  n: number;
  gram: number[][];
  xy: number[];
  yy: number;
}
type TierStats = Record<Target, TargetStats>;

export interface Standardisation {
  readonly examples: number;
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly constant: readonly boolean[];
}

interface TargetPosterior {
  readonly mean: number[];
  /** Lower Cholesky factor of the posterior precision Λ. */
  readonly chol: Matrix;
  readonly a: number;
  readonly b: number;
  readonly coefStd: number;
  readonly logEvidence: number;
}

/**
 * The NIG posterior for prior w ~ N(m0, σ²·diag(1/v0inv)), σ² ~ IG(a0, s2·(a0 − 1)),
 * given G = Σuuᵀ, h = Σu·y, yy = Σy² of n examples, and its log marginal
 * likelihood up to terms that do not depend on v0inv. Null if Λ is not positive definite.
 */
function solveNig(g: Matrix, h: readonly number[], yy: number, n: number, v0inv: readonly number[], m0: readonly number[], a0: number, s2: number, coefStd: number): TargetPosterior | null {
  const dim = v0inv.length;
  const precision = new Matrix(dim, dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      const v = (g.get(i, j) + g.get(j, i)) / 2 + (i === j ? v0inv[i]! : 0);
      precision.set(i, j, v);
      precision.set(j, i, v);
    }
  }
  const chol = new CholeskyDecomposition(precision);
  if (!chol.isPositiveDefinite()) return null;
  const mean = chol.solve(Matrix.columnVector(m0.map((m, i) => m * v0inv[i]! + h[i]!))).getColumn(0);
  const b0 = s2 * (a0 - 1);
  const quadPrior = m0.reduce((s, m, i) => s + m * m * v0inv[i]!, 0);
  const quadPost = dot(mean, precision.mmul(Matrix.columnVector(mean)).getColumn(0));
  const b = Math.max(b0, b0 + 0.5 * (yy + quadPrior - quadPost));
  const a = a0 + n / 2;
  const l = chol.lowerTriangularMatrix;
  let logDetPost = 0;
  for (let i = 0; i < dim; i++) logDetPost += 2 * Math.log(l.get(i, i));
  const logDetPrior = v0inv.reduce((s, v) => s + Math.log(v), 0);
  return { mean, chol: l, a, b, coefStd, logEvidence: 0.5 * (logDetPrior - logDetPost) - a * Math.log(b) };
}

const positive = z.number().positive();
const estimateSchema = z.strictObject({ mean: z.number(), std: positive });
const perTarget = <T extends z.ZodType>(s: T) => z.strictObject({ ceilingFraction: s, log1pCompile: s });
const targetStatsSchema = z.strictObject({
  n: z.number().int().nonnegative(),
  gram: z.array(z.array(z.number())),
  xy: z.array(z.number()),
  yy: z.number().nonnegative(),
});
const summarySchema = z.strictObject({ coefficients: z.array(z.number()), coefStd: positive, noiseStd: z.number().nonnegative() });
const tierSchema = z.strictObject({ examples: z.number().int().nonnegative(), stats: perTarget(targetStatsSchema), posterior: perTarget(summarySchema).nullable() });
const learned = <T extends z.ZodType>(s: T) => z.strictObject({ numba: s, "apc-O1": s, "apc-O3": s, "apc-custom": s });
const modelSchema = z.strictObject({
  kind: z.literal(MODEL_KIND),
  featureNames: z.array(z.string().min(1)).min(1),
  transforms: z.array(z.enum(TRANSFORM_KINDS)),
  shareFeature: z.string().nullable(),
  hyper: z.strictObject({ coefStd: perTarget(z.array(positive).min(1)), noiseStd: perTarget(positive), noiseShape: z.number().gt(1) }),
  priors: learned(perTarget(estimateSchema)),
  standardisation: z.strictObject({
    examples: z.number().int().nonnegative(),
    mean: z.array(z.number()),
    scale: z.array(positive),
    constant: z.array(z.boolean()),
  }),
  tiers: z.strictObject({ python: tierSchema, ...learned(tierSchema).shape }),
});
export type PolicyModelJSON = z.infer<typeof modelSchema>;

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const emptyTarget = (dim: number): TargetStats => ({ n: 0, gram: Array.from({ length: dim }, () => zeros(dim)), xy: zeros(dim), yy: 0 });
const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const closeTo = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * (1 + Math.abs(a) + Math.abs(b));

/** One example as regression rows: design u and target y per target (null: it says nothing, share 0). */
type Row = Record<Target, { x: number[]; y: number } | null>;

export class PolicyModel implements TierPredictor {
  readonly featureNames: readonly string[];
  readonly transforms: readonly FeatureTransform[];
  readonly shareFeature: string | null;
  private readonly shareIndex: number;
  private readonly hyper: Hyper;
  private readonly priors: Readonly<Record<LearnedTier, TierPrior>>;
  private stats: Record<Tier, TierStats>;
  private cached: { std: Standardisation; posteriors: Map<string, TargetPosterior> } | null = null;

  constructor(options: PolicyModelOptions = {}) {
    const names = [...(options.featureNames ?? FEATURE_NAMES)];
    if (names.length === 0) throw new PolicyInputInvalid("a model needs at least one feature");
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new PolicyInputInvalid(`feature ${dup} is listed twice`);
    this.featureNames = names;
    const defaults: Readonly<Record<string, FeatureTransform>> = DEFAULT_TRANSFORMS;
    this.transforms = names.map((n) => options.transforms?.[n] ?? (Object.hasOwn(defaults, n) ? defaults[n]! : "identity"));
    this.shareFeature = options.shareFeature === undefined ? (names.includes("share_of_run") ? "share_of_run" : null) : options.shareFeature;
    this.shareIndex = this.shareFeature === null ? -1 : names.indexOf(this.shareFeature);
    if (this.shareFeature !== null && this.shareIndex < 0) throw new PolicyInputInvalid(`shareFeature ${this.shareFeature} is not a feature`);
    const grid = (t: Target) => [options.coefStd?.[t] ?? DEFAULT_HYPER.coefStd[t]].flat();
    this.hyper = {
      coefStd: { ceilingFraction: grid("ceilingFraction"), log1pCompile: grid("log1pCompile") },
      noiseStd: { ...DEFAULT_HYPER.noiseStd, ...options.noiseStd },
      noiseShape: options.noiseShape ?? DEFAULT_HYPER.noiseShape,
    };
    const h = this.hyper;
    const okStd = (t: Target) => h.coefStd[t].length > 0 && h.coefStd[t].every((c) => c > 0) && h.noiseStd[t] > 0;
    if (!(TARGETS.every(okStd) && h.noiseShape > 1)) {
      throw new PolicyInputInvalid("coefStd (one or more values) and noiseStd must be > 0 and noiseShape > 1");
    }
    this.priors = { ...DEFAULT_PRIORS, ...options.priors };
    for (const t of LEARNED_TIERS) {
      if (!TARGETS.every((g) => Number.isFinite(this.priors[t][g].mean) && this.priors[t][g].std > 0)) {
        throw new PolicyInputInvalid(`the prior of ${t} needs finite means and stds > 0`);
      }
    }
    this.stats = this.emptyStats();
  }

  /** Examples seen, all tiers, or of one tier. */
  examples(tier?: Tier): number {
    return tier === undefined ? TIERS.reduce((s, t) => s + this.stats[t].log1pCompile.n, 0) : this.stats[tier].log1pCompile.n;
  }

  /** Add one outcome: a rank-one update of that tier's statistics. */
  update(example: PolicyExample): void {
    const row = this.exampleRow(example);
    for (const target of TARGETS) {
      const r = row[target];
      if (r === null) continue;
      const ts = this.stats[example.tier][target];
      ts.n += 1;
      for (let i = 0; i < r.x.length; i++) {
        ts.xy[i]! += r.x[i]! * r.y;
        const gi = ts.gram[i]!;
        for (let j = 0; j < r.x.length; j++) gi[j]! += r.x[i]! * r.x[j]!;
      }
      ts.yy += r.y * r.y;
    }
    this.cached = null;
  }

  /** Replace everything learned by these outcomes (batch: XᵀX and Xᵀy by matrix products per tier and target). */
  fit(examples: readonly PolicyExample[]): void {
    const rows = examples.map((e) => ({ tier: e.tier, row: this.exampleRow(e) }));
    const stats = this.emptyStats();
    for (const tier of TIERS) {
      for (const target of TARGETS) {
        const mine = rows.filter((r) => r.tier === tier).flatMap((r) => (r.row[target] === null ? [] : [r.row[target]!]));
        if (mine.length === 0) continue;
        const x = new Matrix(mine.map((r) => r.x));
        const y = Matrix.columnVector(mine.map((r) => r.y));
        stats[tier][target] = {
          n: mine.length,
          gram: x.transpose().mmul(x).to2DArray(),
          xy: x.transpose().mmul(y).getColumn(0),
          yy: y.transpose().mmul(y).get(0, 0),
        };
      }
    }
    this.stats = stats;
    this.cached = null;
  }

  predict(features: FeatureInput, tier: Tier): TierPrediction {
    const { values, ceiling: c } = this.transformed(features);
    if (tier === "python") {
      const exact = (mean: number): LogEstimate => ({ mean, std: 0, noiseStd: 0 });
      return {
        tier,
        speedup: { mean: 1, std: 0 },
        compileSeconds: { mean: 0, std: 0 },
        reward: { mean: rewardOf(1, 0), std: 0 },
        logSpeedup: exact(0),
        ceilingFraction: exact(0),
        log1pCompile: exact(0),
        examples: this.examples("python"),
      };
    }
    const { std } = this.state();
    const zt = [1, ...values.map((v, j) => (std.constant[j] ? 0 : (v - std.mean[j]!) / std.scale[j]!))];
    const fraction = this.predictTarget(tier, "ceilingFraction", zt);
    const log1pCompile = this.predictTarget(tier, "log1pCompile", zt);
    // The regression's design is c·z̃: log(speedup) = c·fraction; its noise σ is in log(speedup) units.
    const logSpeedup = { mean: c * fraction.mean, std: c * fraction.std, noiseStd: fraction.noiseStd };
    const s = Math.exp(logSpeedup.mean);
    const speedup = { mean: s, std: s * logSpeedup.std };
    const eC = Math.exp(log1pCompile.mean);
    const compileSeconds = { mean: Math.max(0, Math.expm1(log1pCompile.mean)), std: eC * log1pCompile.std };
    const reward = {
      mean: rewardOf(speedup.mean, compileSeconds.mean),
      std: Math.hypot(REWARD_PER_SPEEDUP * speedup.std, compileSeconds.std),
    };
    return { tier, speedup, compileSeconds, reward, logSpeedup, ceilingFraction: fraction, log1pCompile, examples: this.examples(tier) };
  }

  /** Mean and std of each transformed feature over all examples (std 1 and constant=true when it did not vary). */
  standardisation(): Standardisation {
    return this.state().std;
  }

  /** A copy that learns on independently. */
  clone(): PolicyModel {
    return PolicyModel.fromJSON(JSON.parse(JSON.stringify(this.toJSON())));
  }

  toJSON(): PolicyModelJSON {
    const { std } = this.state();
    const copy = (ts: TargetStats) => ({ n: ts.n, gram: ts.gram.map((r) => [...r]), xy: [...ts.xy], yy: ts.yy });
    const summary = (t: LearnedTier, target: Target) => {
      const p = this.posterior(t, target);
      return { coefficients: [...p.mean], coefStd: p.coefStd, noiseStd: Math.sqrt(p.b / (p.a - 1)) };
    };
    const tier = (t: Tier) => ({
      examples: this.examples(t),
      stats: { ceilingFraction: copy(this.stats[t].ceilingFraction), log1pCompile: copy(this.stats[t].log1pCompile) },
      posterior: t === "python" ? null : { ceilingFraction: summary(t, "ceilingFraction"), log1pCompile: summary(t, "log1pCompile") },
    });
    const h = this.hyper;
    return {
      kind: MODEL_KIND,
      featureNames: [...this.featureNames],
      transforms: [...this.transforms],
      shareFeature: this.shareFeature,
      hyper: {
        coefStd: { ceilingFraction: [...h.coefStd.ceilingFraction], log1pCompile: [...h.coefStd.log1pCompile] },
        noiseStd: { ...h.noiseStd },
        noiseShape: h.noiseShape,
      },
      priors: structuredClone(this.priors) as PolicyModelJSON["priors"],
      standardisation: { examples: std.examples, mean: [...std.mean], scale: [...std.scale], constant: [...std.constant] },
      tiers: Object.fromEntries(TIERS.map((t) => [t, tier(t)])) as PolicyModelJSON["tiers"],
    };
  }

  /** Validates the shape (zod), the dimensions, and that the standardisation and posteriors follow from the statistics. */
  static fromJSON(json: unknown): PolicyModel {
    const parsed = modelSchema.safeParse(json);
    if (!parsed.success) throw new PolicyModelInvalid(z.prettifyError(parsed.error));
    const j = parsed.data;
    const d = j.featureNames.length;
    if (j.transforms.length !== d) throw new PolicyModelInvalid(`${d} features but ${j.transforms.length} transforms`);
    let model: PolicyModel;
    try {
      model = new PolicyModel({
        featureNames: j.featureNames,
        transforms: Object.fromEntries(j.featureNames.map((n, i) => [n, j.transforms[i]!])),
        priors: j.priors,
        coefStd: j.hyper.coefStd,
        noiseStd: j.hyper.noiseStd,
        noiseShape: j.hyper.noiseShape,
        shareFeature: j.shareFeature,
      });
    } catch (e) {
      throw new PolicyModelInvalid(e instanceof Error ? e.message : String(e));
    }
    for (const t of TIERS) {
      const tj = j.tiers[t];
      for (const target of TARGETS) {
        const ts = tj.stats[target];
        const square = ts.gram.length === d + 1 && ts.gram.every((r) => r.length === d + 1);
        if (!square || ts.xy.length !== d + 1) throw new PolicyModelInvalid(`tiers.${t}.stats.${target} is not sized for ${d} features`);
      }
      const c = tj.stats.log1pCompile;
      if (c.n !== tj.examples || c.gram[0]![0] !== c.n || tj.stats.ceilingFraction.n > c.n) {
        throw new PolicyModelInvalid(`tiers.${t}: ${tj.examples} examples do not match its statistics`);
      }
      model.stats[t] = structuredClone(tj.stats);
    }
    const std = model.state().std;
    const s = j.standardisation;
    const sameStd =
      s.examples === std.examples &&
      [s.mean, s.scale, s.constant].every((a) => a.length === d) &&
      std.mean.every((m, i) => closeTo(m, s.mean[i]!) && closeTo(std.scale[i]!, s.scale[i]!) && std.constant[i] === s.constant[i]);
    if (!sameStd) throw new PolicyModelInvalid("the standardisation does not follow from the statistics");
    if (j.tiers.python.posterior !== null) throw new PolicyModelInvalid("python is exact and has no posterior");
    for (const t of LEARNED_TIERS) {
      const pj = j.tiers[t].posterior;
      if (pj === null) throw new PolicyModelInvalid(`tiers.${t}.posterior is missing`);
      for (const target of TARGETS) {
        const p = model.posterior(t, target);
        const ok =
          pj[target].coefficients.length === d + 1 &&
          p.mean.every((m, i) => closeTo(m, pj[target].coefficients[i]!)) &&
          p.coefStd === pj[target].coefStd &&
          closeTo(Math.sqrt(p.b / (p.a - 1)), pj[target].noiseStd);
        if (!ok) throw new PolicyModelInvalid(`tiers.${t}.posterior.${target} does not follow from the statistics`);
      }
    }
    return model;
  }

  // ---- internals ----

  private emptyStats(): Record<Tier, TierStats> {
    const dim = this.featureNames.length + 1;
    return Object.fromEntries(TIERS.map((t) => [t, { ceilingFraction: emptyTarget(dim), log1pCompile: emptyTarget(dim) }])) as Record<Tier, TierStats>;
  }

  /** Transformed feature values (in featureNames order) and c(share) (1 without a share feature). */
  private transformed(features: FeatureInput): { values: number[]; ceiling: number } {
    const names = this.featureNames;
    let raw: number[];
    if (Array.isArray(features)) {
      const arr = features as readonly number[];
      if (arr.length !== names.length) throw new PolicyInputInvalid(`expected ${names.length} feature values, got ${arr.length}`);
      raw = [...arr];
    } else {
      const rec = features as Readonly<Record<string, number>>;
      const missing = names.filter((n) => !Object.hasOwn(rec, n));
      const extra = Object.keys(rec).filter((k) => !names.includes(k));
      if (missing.length > 0 || extra.length > 0) {
        throw new PolicyInputInvalid(`feature names differ from the model's: missing [${missing.join(", ")}], unknown [${extra.join(", ")}]`);
      }
      raw = names.map((n) => rec[n]!);
    }
    raw.forEach((x, i) => {
      if (typeof x !== "number" || !Number.isFinite(x)) throw new PolicyInputInvalid(`feature ${names[i]} is ${String(x)}`);
    });
    const ceiling = this.shareIndex < 0 ? 1 : amdahlCeiling(raw[this.shareIndex]!);
    return { values: raw.map((x, i) => applyTransform(this.transforms[i]!, names[i]!, x)), ceiling };
  }

  private exampleRow(e: PolicyExample): Row {
    if (!(TIERS as readonly string[]).includes(e.tier)) throw new PolicyInputInvalid(`unknown tier ${String(e.tier)}`);
    if (!(Number.isFinite(e.speedup) && e.speedup > 0)) throw new PolicyInputInvalid(`speedup must be finite and > 0, got ${e.speedup}`);
    if (!(Number.isFinite(e.compileSeconds) && e.compileSeconds >= 0)) {
      throw new PolicyInputInvalid(`compileSeconds must be finite and >= 0, got ${e.compileSeconds}`);
    }
    const { values, ceiling: c } = this.transformed(e.features);
    const x = [1, ...values];
    return {
      ceilingFraction: c > 0 ? { x: x.map((v) => v * c), y: Math.log(e.speedup) } : null,
      log1pCompile: { x, y: Math.log1p(e.compileSeconds) },
    };
  }

  private state(): { std: Standardisation; posteriors: Map<string, TargetPosterior> } {
    if (this.cached !== null) return this.cached;
    const d = this.featureNames.length;
    let n = 0;
    const sum = zeros(d);
    const sumSq = zeros(d);
    for (const t of TIERS) {
      const g = this.stats[t].log1pCompile.gram; // u = x̃ for compile rows: [0][j] = Σx_j, [j][j] = Σx_j²
      n += g[0]![0]!;
      for (let j = 0; j < d; j++) {
        sum[j]! += g[0]![j + 1]!;
        sumSq[j]! += g[j + 1]![j + 1]!;
      }
    }
    const mean = sum.map((s) => (n > 0 ? s / n : 0));
    const sd = sumSq.map((s, j) => (n > 0 ? Math.sqrt(Math.max(0, s / n - mean[j]! ** 2)) : 0));
    const constant = sd.map((s, j) => !(s > 1e-6 * Math.max(1, Math.abs(mean[j]!))));
    const scale = sd.map((s, j) => (constant[j] ? 1 : s));
    this.cached = { std: { examples: n, mean, scale, constant }, posteriors: new Map() };
    return this.cached;
  }

  /** The NIG posterior of one target of one tier in standardised units (cached until the data change). */
  private posterior(tier: LearnedTier, target: Target): TargetPosterior {
    const { std, posteriors } = this.state();
    const key = `${tier}/${target}`;
    const hit = posteriors.get(key);
    if (hit !== undefined) return hit;
    const dim = this.featureNames.length + 1;
    // z̃ = A x̃: z̃0 = x̃0, z̃j = (x̃j − μj·x̃0) / sj (0 for a constant feature); x̃0 is 1, or c for speedup rows.
    const a = new Matrix(dim, dim);
    a.set(0, 0, 1);
    for (let j = 1; j < dim; j++) {
      if (std.constant[j - 1]) continue;
      a.set(j, 0, -std.mean[j - 1]! / std.scale[j - 1]!);
      a.set(j, j, 1 / std.scale[j - 1]!);
    }
    const ts = this.stats[tier][target];
    const g = a.mmul(new Matrix(ts.gram)).mmul(a.transpose());
    const h = a.mmul(Matrix.columnVector(ts.xy)).getColumn(0);
    const sigma = this.hyper.noiseStd[target];
    const prior = this.priors[tier][target];
    const m0 = [prior.mean, ...zeros(dim - 1)];
    // Empirical Bayes: the candidate with the highest marginal likelihood; ties (no data) go to the widest.
    let best: TargetPosterior | null = null;
    for (const c of [...this.hyper.coefStd[target]].sort((x, y) => y - x)) {
      const v0inv = [(sigma / prior.std) ** 2, ...zeros(dim - 1).map(() => (sigma / c) ** 2)];
      const post = solveNig(g, h, ts.yy, ts.n, v0inv, m0, this.hyper.noiseShape, sigma ** 2, c);
      if (post === null) throw new PolicyModelInvalid(`the posterior precision of ${key} is not positive definite`);
      if (best === null || post.logEvidence > best.logEvidence) best = post;
    }
    posteriors.set(key, best!);
    return best!;
  }

  private predictTarget(tier: LearnedTier, target: Target, u: number[]): LogEstimate {
    const p = this.posterior(tier, target);
    // uᵀΛ⁻¹u = |L⁻¹u|², forward substitution with Λ = LLᵀ.
    const l = p.chol;
    const v = zeros(u.length);
    for (let i = 0; i < u.length; i++) {
      let s = u[i]!;
      for (let k = 0; k < i; k++) s -= l.get(i, k) * v[k]!;
      v[i] = s / l.get(i, i);
    }
    const noiseVar = p.b / (p.a - 1);
    return { mean: dot(u, p.mean), std: Math.sqrt(noiseVar * dot(v, v)), noiseStd: Math.sqrt(noiseVar) };
  }
}
