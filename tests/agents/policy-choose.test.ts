// chooseTier: exploitation of the highest predicted reward, bounded
// exploration by upper confidence, availability respected, reproducible with
// seededRng; on a stub predictor whose predictions are fixed per tier.

import { describe, expect, it } from "vitest";
import { chooseTier, MAX_EXPLORATION_RATE, seededRng, TierChoiceInvalid } from "../../agents/policy/choose.js";
import { PolicyModel, TIERS, type Tier, type TierPrediction, type TierPredictor } from "../../agents/policy/model.js";

/** Predicts the given reward mean ± std for each tier, whatever the features. */
function stub(rewards: Partial<Record<Tier, [number, number]>>): TierPredictor {
  return {
    featureNames: ["x"],
    predict(_features, tier): TierPrediction {
      const [mean, std] = rewards[tier] ?? [0, 0];
      const e = { mean: 0, std: 0, noiseStd: 0 };
      return { tier, speedup: { mean: 1, std: 0 }, compileSeconds: { mean: 0, std: 0 }, reward: { mean, std }, logSpeedup: e, ceilingFraction: e, log1pCompile: e, examples: 0 };
    },
  };
}

// numba is best by mean; apc-custom has the highest upper bound among the rest (12 + 2·8 = 28).
const model = stub({ python: [10, 0], numba: [20, 1], "apc-O1": [15, 1], "apc-O3": [18, 2], "apc-custom": [12, 8] });

describe("chooseTier", () => {
  it("exploits the highest predicted reward and explains it", () => {
    const c = chooseTier(model, [0], [...TIERS], { explorationRate: 0, rng: seededRng(1) });
    expect(c.tier).toBe("numba");
    expect(c.best).toBe("numba");
    expect(c.explored).toBe(false);
    expect(c.reason).toMatch(/^exploit: numba/);
    expect(c.alternatives.map((a) => a.tier)).toEqual(["apc-O3", "apc-O1", "apc-custom", "python"]);
    expect(Object.keys(c.predictions).sort()).toEqual([...TIERS].sort());
  });

  it("keeps -O3 over -O1 unless -O1's predicted lead is beyond the predictions' uncertainty", () => {
    const tiers: Tier[] = ["python", "apc-O1", "apc-O3"];
    const exploit = { explorationRate: 0, rng: seededRng(1) };
    // spectralnorm's times_a under a model fitted where -O1 tied -O3: a lead of 0.63 ± hypot(2.19, 1.07) = 2.44.
    const close = stub({ python: [10, 0], "apc-O1": [19.78, 2.19], "apc-O3": [19.15, 1.07] });
    const c = chooseTier(close, [0], tiers, exploit);
    expect(c.tier).toBe("apc-O3");
    expect(c.best).toBe("apc-O3");
    expect(c.reason).toMatch(/^exploit: apc-O3 .*apc-O1's predicted lead of 0\.63 is within the predictions' uncertainty \(±2\.44\)/);
    // The means alone would pick -O1.
    expect(chooseTier(close, [0], tiers, { ...exploit, dominanceK: 0 }).tier).toBe("apc-O1");
    // A lead beyond the uncertainty stands (5 > 1·hypot(1, 1)), and so does a wider one with a smaller k.
    expect(chooseTier(stub({ python: [10, 0], "apc-O1": [25, 1], "apc-O3": [20, 1] }), [0], tiers, exploit).tier).toBe("apc-O1");
    expect(chooseTier(close, [0], tiers, { ...exploit, dominanceK: 0.2 }).tier).toBe("apc-O1");
    // Without -O3 available, -O1 is best as before; the rule never picks python or an unavailable tier.
    expect(chooseTier(close, [0], ["python", "apc-O1"], exploit).tier).toBe("apc-O1");
    expect(() => chooseTier(close, [0], tiers, { ...exploit, dominanceK: -1 })).toThrow(TierChoiceInvalid);
  });

  it("explores the non-best tier with the highest upper bound", () => {
    const c = chooseTier(model, [0], [...TIERS], { explorationRate: 0.2, rng: () => 0 });
    expect(c.tier).toBe("apc-custom");
    expect(c.explored).toBe(true);
    expect(c.best).toBe("numba");
    expect(c.reason).toMatch(/^explore/);
    expect(c.alternatives.map((a) => a.tier)).toContain("numba");
    expect(c.alternatives.map((a) => a.tier)).not.toContain("apc-custom");
    // A narrower bound changes the pick: 18 + 0.5·2 = 19 beats 12 + 0.5·8 = 16.
    expect(chooseTier(model, [0], [...TIERS], { explorationRate: 0.2, rng: () => 0, ucbK: 0.5 }).tier).toBe("apc-O3");
  });

  it("explores at the given rate, capped at 0.2, and never picks an unavailable tier", () => {
    const available: Tier[] = ["python", "apc-O1", "apc-O3"];
    for (const [rate, expected] of [
      [0, 0],
      [0.05, 0.05],
      [0.1, 0.1],
      [0.5, MAX_EXPLORATION_RATE],
      [1, MAX_EXPLORATION_RATE],
    ] as const) {
      const rng = seededRng(42);
      let explored = 0;
      const wrong: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const c = chooseTier(model, [0], available, { explorationRate: rate, rng });
        if (!available.includes(c.tier) || (c.explored ? c.tier === c.best : c.tier !== "apc-O3")) wrong.push(`${i}: ${c.tier}`);
        if (c.explored) explored++;
      }
      expect(wrong).toEqual([]);
      // Binomial sd at p = 0.2, n = 10 000 is 0.004: ±0.015 is over 3.5 sd.
      expect(Math.abs(explored / 10_000 - expected)).toBeLessThan(0.015);
    }
  });

  it("is deterministic given the rng", () => {
    const run = (seed: number) => {
      const rng = seededRng(seed);
      return Array.from({ length: 200 }, () => chooseTier(model, [0], [...TIERS], { explorationRate: 0.2, rng }).tier);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("with one tier available there is nothing to explore", () => {
    const c = chooseTier(model, [0], ["python"], { explorationRate: 0.2, rng: () => 0 });
    expect(c).toMatchObject({ tier: "python", explored: false, alternatives: [] });
  });

  it("minCompileSavings keeps python unless a compiled tier beats it by the margin", () => {
    const close = stub({ python: [10, 0], numba: [13, 1] });
    const opts = { explorationRate: 0, rng: () => 1 };
    expect(chooseTier(close, [0], ["python", "numba"], opts).tier).toBe("numba");
    expect(chooseTier(close, [0], ["python", "numba"], { ...opts, minCompileSavings: 2 }).tier).toBe("numba");
    const kept = chooseTier(close, [0], ["python", "numba"], { ...opts, minCompileSavings: 5 });
    expect(kept.tier).toBe("python");
    expect(kept.reason).toMatch(/does not beat python/);
    // Without python available the margin has nothing to compare with.
    expect(chooseTier(close, [0], ["numba"], { ...opts, minCompileSavings: 5 }).tier).toBe("numba");
  });

  it("breaks ties toward the earlier tier (python first)", () => {
    const tie = stub({ python: [10, 0], numba: [10, 0], "apc-O3": [10, 0] });
    expect(chooseTier(tie, [0], ["apc-O3", "numba", "python"], { explorationRate: 0, rng: () => 1 }).tier).toBe("python");
  });

  it("rejects no tiers, unknown tiers and a bad rate", () => {
    const opts = { explorationRate: 0.1, rng: () => 0.5 };
    expect(() => chooseTier(model, [0], [], opts)).toThrow(TierChoiceInvalid);
    expect(() => chooseTier(model, [0], ["pypy" as Tier], opts)).toThrow(TierChoiceInvalid);
    expect(() => chooseTier(model, [0], ["python"], { ...opts, explorationRate: Number.NaN })).toThrow(TierChoiceInvalid);
    expect(() => chooseTier(model, [0], ["python"], { ...opts, explorationRate: -0.1 })).toThrow(TierChoiceInvalid);
    try {
      chooseTier(model, [0], [], opts);
    } catch (e) {
      expect((e as TierChoiceInvalid).code).toBe("invalid-choice");
    }
  });

  it("works on a real model's predictions", () => {
    const m = new PolicyModel({ featureNames: ["share_of_run", "float_ops"] });
    const c = chooseTier(m, { share_of_run: 0.9, float_ops: 50 }, ["python", "numba", "apc-O3"], { explorationRate: 0, rng: () => 1 });
    expect(c.tier).toBe("apc-O3"); // the prior's mild preference
    expect(c.predictions.python!.reward).toEqual({ mean: 10, std: 0 });
  });
});

describe("seededRng (mulberry32)", () => {
  it("is reproducible, uniform on [0, 1) and seed-dependent", () => {
    const a = seededRng(123);
    const b = seededRng(123);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const deciles = new Array<number>(10).fill(0);
    for (const x of xs) deciles[Math.floor(x * 10)]!++;
    for (const d of deciles) expect(Math.abs(d - 1000)).toBeLessThan(130);
    expect(seededRng(124)()).not.toBe(seededRng(123)());
  });

  it("matches the reference mulberry32 stream", () => {
    // First outputs of the reference C implementation for seed 0, as uint32 / 2^32.
    const r = seededRng(0);
    expect([r(), r(), r()].map((x) => Math.round(x * 2 ** 32))).toEqual([1144304738, 1416247, 958946056]);
  });
});
