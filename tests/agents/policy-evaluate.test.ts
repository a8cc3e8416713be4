// Evaluation against an oracle: the within-noise best set, agreement, regret
// and mean reward; cross-validation that never trains on a held-out program;
// and the promotion rule nightly tuning uses. Predictors are stubs whose
// reward predictions are given per case (the case index is the one feature).

import { describe, expect, it } from "vitest";
import {
  bestTierSet,
  compareModels,
  crossValidate,
  CrossValidationInvalid,
  evaluatePolicy,
  OracleCaseInvalid,
  type OracleCase,
  type ProgramData,
  type TrainablePolicy,
} from "../../agents/policy/evaluate.js";
import type { FeatureInput, PolicyExample, Tier, TierPrediction, TierPredictor } from "../../agents/policy/model.js";

function prediction(tier: Tier, mean: number): TierPrediction {
  const e = { mean: 0, std: 0, noiseStd: 0 };
  return { tier, speedup: { mean: 1, std: 0 }, compileSeconds: { mean: 0, std: 0 }, reward: { mean, std: 0 }, logSpeedup: e, ceilingFraction: e, log1pCompile: e, examples: 0 };
}

/** Picks `choices[caseIndex]` (by predicting it 100, everything else 0). */
function picker(choices: readonly Tier[]): TierPredictor {
  return {
    featureNames: ["case"],
    predict: (features: FeatureInput, tier: Tier) => prediction(tier, choices[(features as readonly number[])[0]!] === tier ? 100 : 0),
  };
}

const oracle = (i: number, measured: OracleCase["measured"]): OracleCase => ({
  id: `c${i}`,
  features: [i],
  available: Object.keys(measured) as Tier[],
  measured,
});

describe("bestTierSet", () => {
  it("keeps the tiers within the larger ci of the best", () => {
    const c = oracle(0, { python: { mean: 10, ci: 0 }, numba: { mean: 30, ci: 1 }, "apc-O3": { mean: 28, ci: 2.5 }, "apc-O1": { mean: 26, ci: 1 } });
    expect(bestTierSet(c)).toEqual(["numba", "apc-O3"]);
  });

  it("uses the relative tolerance when neither has a ci", () => {
    const c = oracle(0, { python: { mean: 10 }, numba: { mean: 30 }, "apc-O3": { mean: 29.5 }, "apc-O1": { mean: 29 } });
    expect(bestTierSet(c)).toEqual(["numba", "apc-O3"]);
    expect(bestTierSet(c, 0.05)).toEqual(["numba", "apc-O1", "apc-O3"]);
  });

  it("never resolves a gap under the relative tolerance, however tight the ci's", () => {
    // Three runs that agree to 0.1% say nothing of the drift between builds.
    const c = oracle(0, { python: { mean: 10, ci: 0 }, "apc-O1": { mean: 11.8, ci: 0.01 }, "apc-O3": { mean: 11.7, ci: 0.01 }, numba: { mean: 11.3, ci: 0.01 } });
    expect(bestTierSet(c)).toEqual(["apc-O1", "apc-O3"]);
    expect(bestTierSet(c, 0.005)).toEqual(["apc-O1"]);
  });

  it("ignores unavailable tiers and insists every available one was measured", () => {
    const c: OracleCase = { features: [0], available: ["python", "apc-O3"], measured: { python: { mean: 10 }, "apc-O3": { mean: 20 }, numba: { mean: 99 } } };
    expect(bestTierSet(c)).toEqual(["apc-O3"]);
    const missing: OracleCase = { features: [0], available: ["python", "numba"], measured: { python: { mean: 10 } } };
    expect(() => bestTierSet(missing)).toThrow(OracleCaseInvalid);
    expect(() => bestTierSet({ features: [0], available: [], measured: {} })).toThrow(OracleCaseInvalid);
  });
});

// c0: numba best, apc-O3 5 behind and outside the noise.
// c1: numba best, apc-O3 5 behind but inside the noise (ci 5).
// c2: python best (a cold function).
const cases = [
  oracle(0, { python: { mean: 10, ci: 0 }, numba: { mean: 20, ci: 1 }, "apc-O3": { mean: 15, ci: 1 } }),
  oracle(1, { python: { mean: 10, ci: 0 }, numba: { mean: 30, ci: 5 }, "apc-O3": { mean: 25, ci: 5 } }),
  oracle(2, { python: { mean: 10, ci: 0 }, numba: { mean: 8, ci: 0.5 }, "apc-O3": { mean: 9, ci: 0.5 } }),
];

describe("evaluatePolicy", () => {
  it("scores agreement, regret and mean reward of the exploit choice", () => {
    const e = evaluatePolicy(picker(["apc-O3", "apc-O3", "python"]), cases);
    expect(e.cases).toBe(3);
    expect(e.agreement).toBeCloseTo(2 / 3, 12);
    expect(e.regret).toBeCloseTo((5 + 5 + 0) / 3, 12);
    expect(e.meanReward).toBeCloseTo((15 + 25 + 10) / 3, 12);
    expect(e.results.map((r) => r.agrees)).toEqual([false, true, true]);
    expect(e.results[0]).toMatchObject({ id: "c0", chosen: "apc-O3", bestSet: ["numba"], reward: 15, regret: 5 });
  });

  it("is perfect for the oracle's own choices", () => {
    const e = evaluatePolicy(picker(["numba", "numba", "python"]), cases);
    expect(e).toMatchObject({ agreement: 1, regret: 0, meanReward: 20 });
  });

  it("applies minCompileSavings as the strategist would", () => {
    // numba predicted 100 vs python 0 in every case: a margin of 200 keeps python.
    const e = evaluatePolicy(picker(["numba", "numba", "numba"]), cases, { minCompileSavings: 200 });
    expect(e.results.map((r) => r.chosen)).toEqual(["python", "python", "python"]);
  });
});

describe("compareModels (promote only if no worse on every measure and better on one)", () => {
  const oracleChoices = picker(["numba", "numba", "python"]);

  it("does not promote a worse model", () => {
    const worse = picker(["apc-O3", "numba", "python"]);
    const c = compareModels(worse, oracleChoices, cases);
    expect(c).toMatchObject({ better: false, noWorse: false, verdicts: { agreement: "worse", regret: "worse", meanReward: "worse" } });
  });

  it("does not promote a model equal on every measure", () => {
    const same = picker(["numba", "numba", "python"]);
    expect(compareModels(same, oracleChoices, cases)).toMatchObject({ better: false, noWorse: true, verdicts: { agreement: "equal", regret: "equal", meanReward: "equal" } });
  });

  it("promotes a model better beyond the noise; its loss inside the noise is a tie", () => {
    // The candidate fixes c0 (+5, beyond the noise) and gives 5 back on c1
    // inside its noise: plain regret and mean reward are unchanged, but the
    // c1 difference is no evidence, so the pairing counts only c0.
    const incumbent = picker(["apc-O3", "numba", "python"]);
    const candidate = picker(["numba", "apc-O3", "python"]);
    const c = compareModels(candidate, incumbent, cases);
    expect(c.verdicts).toEqual({ agreement: "better", regret: "better", meanReward: "better" });
    expect(c.better).toBe(true);
    expect(c.scores.candidate.agreement).toBe(1);
    expect(c.scores.candidate.regret).toBeCloseTo(5 / 3, 12);
    expect(c.scores.candidate.meanReward).toBeCloseTo(55 / 3, 12);
    expect(c.scores.incumbent.agreement).toBeCloseTo(2 / 3, 12);
    expect(c.scores.incumbent.regret).toBeCloseTo(5 / 3, 12);
  });

  it("does not promote on a gain inside the noise, nor reject for a loss inside it", () => {
    // c1: apc-O3 is 5 behind numba with ci 5.
    const gain = compareModels(oracleChoices, picker(["numba", "apc-O3", "python"]), cases);
    expect(gain.scores.candidate.meanReward).toBeGreaterThan(gain.scores.incumbent.meanReward);
    expect(gain).toMatchObject({ better: false, noWorse: true, verdicts: { agreement: "equal", regret: "equal", meanReward: "equal" } });
    const loss = compareModels(picker(["numba", "apc-O3", "python"]), oracleChoices, cases);
    expect(loss).toMatchObject({ better: false, noWorse: true });
  });

  it("does not promote a trade-off (better agreement, worse regret)", () => {
    // t0: apc-O3 is 5 behind numba, beyond the noise; t1 and t2: the
    // incumbent's choice is 0.5 and 1 behind, beyond the noise.
    const tradeCases = [
      oracle(0, { python: { mean: 10, ci: 0 }, numba: { mean: 30, ci: 1 }, "apc-O3": { mean: 25, ci: 1 } }),
      oracle(1, { python: { mean: 10, ci: 0 }, numba: { mean: 20, ci: 0.1 }, "apc-O3": { mean: 19.5, ci: 0.1 } }),
      oracle(2, { python: { mean: 10, ci: 0.1 }, numba: { mean: 9, ci: 0.1 } }),
    ];
    const incumbent = picker(["numba", "apc-O3", "numba"]); // agreement 1/3, regret 0.5
    const candidate = picker(["apc-O3", "numba", "python"]); // agreement 2/3, regret 5/3
    const c = compareModels(candidate, incumbent, tradeCases);
    expect(c.verdicts).toEqual({ agreement: "better", regret: "worse", meanReward: "worse" });
    expect(c).toMatchObject({ better: false, noWorse: false });
  });
});

describe("crossValidate", () => {
  /** A model that remembers what it was trained on and picks python for every case. */
  class Recorder implements TrainablePolicy {
    static trained: string[][] = [];
    readonly featureNames = ["program"];
    fit(examples: readonly PolicyExample[]): void {
      Recorder.trained.push([...new Set(examples.map((e) => `p${(e.features as readonly number[])[0]}`))].sort());
    }
    predict(_f: FeatureInput, tier: Tier): TierPrediction {
      return prediction(tier, tier === "python" ? 1 : 0);
    }
  }
  const programs: ProgramData[] = Array.from({ length: 6 }, (_, p) => ({
    program: `p${p}`,
    examples: [{ features: [p], tier: "numba", speedup: 2, compileSeconds: 1 }],
    // The program's one case: python best for even programs, numba for odd ones.
    cases: [{ id: `p${p}`, features: [p], available: ["python", "numba"], measured: { python: { mean: 10, ci: 0 }, numba: { mean: p % 2 === 0 ? 5 : 20, ci: 0 } } }],
  }));

  it("holds whole programs out and never trains on them", () => {
    Recorder.trained = [];
    const cv = crossValidate(programs, { folds: 3, createModel: () => new Recorder() });
    expect(cv.folds).toHaveLength(3);
    expect(cv.folds.flatMap((f) => f.heldOut).sort()).toEqual(programs.map((p) => p.program));
    cv.folds.forEach((f, i) => {
      expect(f.heldOut).toHaveLength(2);
      expect(Recorder.trained[i]!.filter((p) => f.heldOut.includes(p))).toEqual([]);
      expect(Recorder.trained[i]).toHaveLength(4);
    });
    // Always python: right on the 3 even programs, 10 behind on the 3 odd ones.
    expect(cv).toMatchObject({ cases: 6, agreement: 0.5, regret: 5, meanReward: 10 });
  });

  it("with as many folds as programs is leave-one-program-out", () => {
    Recorder.trained = [];
    const cv = crossValidate(programs, { folds: 6, createModel: () => new Recorder() });
    expect(cv.folds.map((f) => f.heldOut)).toEqual(programs.map((p) => [p.program]));
    expect(Recorder.trained.every((t) => t.length === 5)).toBe(true);
  });

  it("rejects bad fold counts and duplicate programs", () => {
    const opts = { createModel: () => new Recorder() };
    expect(() => crossValidate(programs, { ...opts, folds: 1 })).toThrow(CrossValidationInvalid);
    expect(() => crossValidate(programs, { ...opts, folds: 7 })).toThrow(CrossValidationInvalid);
    expect(() => crossValidate(programs, { ...opts, folds: 2.5 })).toThrow(CrossValidationInvalid);
    expect(() => crossValidate([programs[0]!, programs[0]!], { ...opts, folds: 2 })).toThrow(CrossValidationInvalid);
  });
});
