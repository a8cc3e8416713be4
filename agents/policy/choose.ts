// Choosing a tier for one function from a policy model's predictions: exploit
// the highest predicted reward, or — with a bounded probability — explore the
// non-best tier with the highest upper confidence bound. Owns the choice rule,
// its explanation text and the seeded PRNG that makes it reproducible. Does
// not own the predictions (model.ts), recording the decision (memory/) or
// deciding which tiers are available (the compiler and Numba refuse; the
// caller passes what is left).
//
// Rule, for the available tiers (duplicates ignored, order irrelevant):
//  1. best = highest predicted reward mean; ties go to the earlier tier of
//     TIERS (python first: not compiling is the cheaper mistake). With
//     `minCompileSavings` m and python available, a compiled tier is best only
//     if its mean beats python's by more than m.
//     A tier whose pipeline contains another's (DOMINANT: -O3 runs every pass
//     -O1 does) is never measured behind it beyond the noise, and where it is
//     ahead it can be far ahead (an inlined helper in a loop: 3.5x), while
//     the lower tier saves only compile time. So when the best is the lower
//     tier, it keeps that place only if its predicted lead over the higher
//     tier exceeds `dominanceK` (default 1) times the combined std of the two
//     predictions; otherwise the higher tier is best. (Choosing by the means
//     alone, a model fitted where -O1 tied -O3 picked -O1 for spectralnorm's
//     times_a on a lead of 0.6 ± 2.4 and lost 4% of the program.)
//  2. One rng() draw per call, always (so a decision stream stays aligned
//     whatever the rate). If draw < explorationRate (capped at 0.2) and another
//     tier is available, pick among the non-best the highest mean + k·std
//     (k = `ucbK`, default 2; ties as in 1) and mark it explored.

import { TIERS, type Estimate, type FeatureInput, type Tier, type TierPredictor, type TierPrediction } from "./model.js";

export const MAX_EXPLORATION_RATE = 0.2;

/** Tier -> the tier whose pipeline contains its own. */
const DOMINANT: Partial<Record<Tier, Tier>> = { "apc-O1": "apc-O3" };

export class TierChoiceInvalid extends Error {
  readonly code = "invalid-choice";
  constructor(detail: string) {
    super(`cannot choose a tier: ${detail}`);
  }
}

export interface ChooseOptions {
  /** Probability of exploring, in [0, 0.2]; larger values are capped at 0.2. */
  readonly explorationRate: number;
  /** Uniform [0, 1) source; seededRng(seed) for reproducible runs. */
  readonly rng: () => number;
  /** Reward margin a compiled tier must beat python by to be chosen (default 0). */
  readonly minCompileSavings?: number;
  /** Width of the upper confidence bound used when exploring (default 2). */
  readonly ucbK?: number;
  /** How many combined stds a lower tier's predicted lead over the tier
   *  that contains its pipeline must exceed for the lower to be best (default 1). */
  readonly dominanceK?: number;
}

export interface TierAlternative {
  readonly tier: Tier;
  readonly reward: Estimate;
  /** reward.mean + k·reward.std */
  readonly upperBound: number;
}

export interface TierChoice {
  readonly tier: Tier;
  readonly explored: boolean;
  /** The exploit choice (equal to tier unless explored). */
  readonly best: Tier;
  readonly predictions: Partial<Record<Tier, TierPrediction>>;
  readonly reason: string;
  /** The other available tiers, highest predicted reward first. */
  readonly alternatives: readonly TierAlternative[];
}

const fmt = (e: Estimate): string => `${e.mean.toFixed(2)} ± ${e.std.toFixed(2)}`;

export function chooseTier(model: TierPredictor, features: FeatureInput, available: readonly Tier[], opts: ChooseOptions): TierChoice {
  if (!Number.isFinite(opts.explorationRate) || opts.explorationRate < 0) {
    throw new TierChoiceInvalid(`explorationRate must be a number >= 0, got ${opts.explorationRate}`);
  }
  const rate = Math.min(opts.explorationRate, MAX_EXPLORATION_RATE);
  const k = opts.ucbK ?? 2;
  const margin = opts.minCompileSavings ?? 0;
  const dominanceK = opts.dominanceK ?? 1;
  if (!(k >= 0) || !(margin >= 0) || !(dominanceK >= 0)) throw new TierChoiceInvalid("ucbK, dominanceK and minCompileSavings must be >= 0");
  const unknown = available.filter((t) => !(TIERS as readonly string[]).includes(t));
  if (unknown.length > 0) throw new TierChoiceInvalid(`unknown tiers ${unknown.join(", ")}`);
  const tiers = TIERS.filter((t) => available.includes(t));
  if (tiers.length === 0) throw new TierChoiceInvalid("no tier is available");

  const predictions: Partial<Record<Tier, TierPrediction>> = {};
  for (const t of tiers) predictions[t] = model.predict(features, t);
  const reward = (t: Tier): Estimate => predictions[t]!.reward;
  const upper = (t: Tier): number => reward(t).mean + k * reward(t).std;
  const python = tiers.includes("python") ? reward("python").mean : null;
  const exploitScore = (t: Tier): number => (t === "python" || python === null ? reward(t).mean : reward(t).mean - margin);

  const argmax = (ts: readonly Tier[], score: (t: Tier) => number): Tier =>
    ts.reduce((best, t) => (score(t) > score(best) ? t : best));
  const top = argmax(tiers, exploitScore);
  // Rule 1's second half: a lower tier must lead the tier containing it beyond the uncertainty.
  const over = DOMINANT[top];
  const lead = over && tiers.includes(over) ? { over, gap: reward(top).mean - reward(over).mean, std: Math.hypot(reward(top).std, reward(over).std) } : null;
  const dominated = lead !== null && lead.gap <= dominanceK * lead.std;
  const best = dominated ? lead.over : top;
  const draw = opts.rng();
  const others = tiers.filter((t) => t !== best);
  const explored = draw < rate && others.length > 0;
  const tier = explored ? argmax(others, upper) : best;

  const alternatives = [...others.filter((t) => t !== tier), ...(explored ? [best] : [])]
    .map((t) => ({ tier: t, reward: reward(t), upperBound: upper(t) }))
    .sort((a, b) => b.reward.mean - a.reward.mean || TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));

  let reason: string;
  if (explored) {
    reason =
      `explore (rate ${rate}): ${tier} has the highest upper bound ${upper(tier).toFixed(2)} (reward ${fmt(reward(tier))}) ` +
      `among the tiers other than the predicted best ${best} (${fmt(reward(best))})`;
  } else {
    const next = alternatives[0];
    if (next === undefined) {
      reason = `exploit: ${tier} is the only available tier (predicted reward ${fmt(reward(tier))})`;
    } else if (dominated && tier === lead.over) {
      reason = `exploit: ${tier} (predicted reward ${fmt(reward(tier))}): ${top}'s predicted lead of ${lead.gap.toFixed(2)} is within the predictions' uncertainty (±${lead.std.toFixed(2)}), and ${tier} runs every pass ${top} does`;
    } else if (tier === "python" && next.reward.mean > reward(tier).mean) {
      reason = `exploit: python (reward ${fmt(reward(tier))}): the best compiled tier, ${next.tier} at ${fmt(next.reward)}, does not beat python by the required ${margin}`;
    } else {
      reason = `exploit: ${tier} has the highest predicted reward ${fmt(reward(tier))}; next ${next.tier} ${fmt(next.reward)}`;
    }
  }
  return { tier, explored, best, predictions, reason, alternatives };
}

/**
 * mulberry32 (Tommy Ettinger's 32-bit PRNG): a uniform [0, 1) stream from a
 * 32-bit seed. Small, fast and good enough for exploration draws; not crypto.
 */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
