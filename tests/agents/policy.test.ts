// The policy model learns a known rule from synthetic outcomes, is exact about
// python, falls back to its prior for unseen tiers, fits in batch what it
// learns one outcome at a time, narrows its uncertainty with data, and
// survives a JSON round trip (while rejecting broken JSON).
//
// The synthetic world: three kinds of function with kernel speedups per tier
// (pure float loops: numba 120×, apc-O3 40×; container code: apc-O3 25×,
// numba 1.5× — reflected lists; string code: apc only, ~4×), an end-to-end
// speedup by Amdahl's law from share_of_run (hot: 0.5..0.99, cold: < 1%),
// compile seconds growing with lines (apc-custom slowest), 5% per-function
// jitter and 3% measurement noise. So numba wins hot float loops, apc-O3 hot
// container code, python the cold functions (compile time dominates).

import { describe, expect, it } from "vitest";
import { chooseTier, seededRng } from "../../agents/policy/choose.js";
import { crossValidate, evaluatePolicy, type OracleCase, type ProgramData } from "../../agents/policy/evaluate.js";
import { FEATURE_NAMES, fromArray, toArray, type FeatureVector } from "../../agents/policy/features.js";
import { PolicyInputInvalid, PolicyModel, PolicyModelInvalid, rewardOf, TIERS, type PolicyExample, type Tier } from "../../agents/policy/model.js";

type Kind = "float" | "container" | "str";
const KERNEL: Record<Kind, Partial<Record<Tier, number>>> = {
  float: { numba: 120, "apc-O1": 20, "apc-O3": 40, "apc-custom": 45 },
  container: { numba: 1.5, "apc-O1": 10, "apc-O3": 25, "apc-custom": 28 },
  str: { "apc-O1": 3, "apc-O3": 4, "apc-custom": 4.4 },
};
const COMPILE: Record<Exclude<Tier, "python">, [number, number]> = {
  numba: [0.8, 0.03],
  "apc-O1": [0.2, 0.01],
  "apc-O3": [0.4, 0.02],
  "apc-custom": [4, 0.1],
};

interface SyntheticFunction {
  readonly kind: Kind;
  readonly features: FeatureVector;
  readonly examples: PolicyExample[];
  readonly case: OracleCase;
}

function world(seed: number) {
  const rng = seededRng(seed);
  const u = (a: number, b: number) => a + (b - a) * rng();
  const ui = (a: number, b: number) => Math.floor(u(a, b + 1));
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const kinds = ["float", "container", "str"] as const;

  function features(kind: Kind, share: number): FeatureVector {
    const f = fromArray(FEATURE_NAMES.map(() => 0));
    const depth = kind === "str" ? ui(0, 2) : ui(1, 3);
    Object.assign(f, { loop_depth_max: depth, loops: depth + ui(0, 2), compare_ops: ui(1, 12), calls_internal: ui(0, 2), type_stability: rng() < 0.8 ? 1 : 0.5 });
    if (kind === "float") {
      Object.assign(f, { float_ops: ui(20, 200), int_ops: ui(2, 20), calls_builtin: ui(1, 5), float_params: ui(1, 4), int_params: ui(0, 2), lines: ui(8, 40) });
    } else if (kind === "container") {
      Object.assign(f, {
        float_ops: ui(0, 15), int_ops: ui(10, 60), calls_builtin: ui(3, 10), container_reads: ui(10, 80), container_writes: ui(5, 40),
        container_allocs: ui(1, 5), list_params: ui(1, 2), dict_params: rng() < 0.3 ? 1 : 0, int_params: ui(0, 2), lines: ui(10, 60),
        returns_container: rng() < 0.5 ? 1 : 0,
      });
    } else {
      Object.assign(f, { int_ops: ui(0, 10), calls_builtin: ui(3, 15), container_reads: ui(0, 10), str_ops: ui(5, 40), str_params: ui(1, 2), lines: ui(5, 40) });
    }
    const calls = Math.round(Math.exp(u(0, Math.log(1000))));
    Object.assign(f, { share_of_run: share, calls_per_run: calls, seconds_per_call: (share * u(1, 20)) / calls });
    return f;
  }

  /** One function measured at every available tier: its outcomes and its oracle case. */
  function fn(id: string, kind: Kind = kinds[Math.floor(rng() * 3)]!, share = rng() < 0.75 ? u(0.5, 0.99) : u(0.0005, 0.01)): SyntheticFunction {
    const f = features(kind, share);
    const available: Tier[] = ["python"];
    for (const t of ["numba", "apc-O1", "apc-O3", "apc-custom"] as const) {
      if (KERNEL[kind][t] === undefined || (t === "numba" && f.dict_params > 0) || (t === "apc-custom" && rng() < 0.3)) continue;
      available.push(t);
    }
    const examples: PolicyExample[] = [{ features: f, tier: "python", speedup: 1, compileSeconds: 0 }];
    const measured: OracleCase["measured"] = { python: { mean: rewardOf(1, 0), ci: 0 } };
    for (const t of available) {
      if (t === "python") continue;
      const k = KERNEL[kind][t]! * Math.exp(0.05 * normal());
      const speedup = (1 / (1 - share + share / k)) * Math.exp(0.03 * normal());
      const [c0, c1] = COMPILE[t];
      const compileSeconds = (c0 + c1 * f.lines) * Math.exp(0.05 * normal());
      examples.push({ features: f, tier: t, speedup, compileSeconds });
      measured[t] = { mean: rewardOf(speedup, compileSeconds), ci: (1.96 * 0.03 * 10 * speedup) / Math.sqrt(3) };
    }
    return { kind, features: f, examples, case: { id, features: f, available, measured } };
  }

  function programs(n: number, perProgram: number): ProgramData[] {
    return Array.from({ length: n }, (_, i) => {
      const fns = Array.from({ length: perProgram }, (_, j) => fn(`s${seed}.p${i}.f${j}`));
      return { program: `p${String(i).padStart(2, "0")}`, examples: fns.flatMap((x) => x.examples), cases: fns.map((x) => x.case) };
    });
  }
  return { fn, programs };
}

const hotFloat = (seed = 7) => world(seed).fn("probe", "float", 0.9).features;

describe("learning the synthetic rule", () => {
  // 20 programs × 3 functions each measured at every available tier (~250 outcomes);
  // leave one program out, pooled over four independent worlds (240 held-out cases).
  const worlds = [1, 2, 3, 4].map((seed) => world(seed).programs(20, 3));
  const heldOut = worlds.flatMap((progs) => crossValidate(progs, { folds: 20, createModel: () => new PolicyModel() }).results);
  const score = (results: readonly { agrees: boolean; regret: number; reward: number }[]) => ({
    agreement: results.filter((r) => r.agrees).length / results.length,
    regret: results.reduce((s, r) => s + r.regret, 0) / results.length,
    bestReward: results.reduce((s, r) => s + r.reward + r.regret, 0) / results.length,
  });

  it("agrees with the oracle on held-out programs above 90% with regret near 0, from 60 functions", () => {
    const s = score(heldOut);
    expect(heldOut.length).toBe(240);
    expect(s.agreement).toBeGreaterThan(0.9);
    expect(s.regret / s.bestReward).toBeLessThan(0.03);
  });

  it("does better than its priors alone on the same cases", () => {
    const untrained = score(evaluatePolicy(new PolicyModel(), worlds.flat().flatMap((p) => p.cases)).results);
    const trained = score(heldOut);
    expect(trained.agreement).toBeGreaterThan(untrained.agreement);
    expect(trained.regret).toBeLessThan(untrained.regret / 3);
  });

  it("picks numba for hot float loops, apc-O3 for hot container code, python for cold functions", () => {
    const w = world(12);
    const model = new PolicyModel();
    model.fit(w.programs(60, 3).flatMap((p) => p.examples));
    const share = (kind: Kind, p: number, want: Tier): number => {
      let hits = 0;
      for (let i = 0; i < 20; i++) {
        const f = w.fn("probe", kind, p);
        const { tier } = chooseTier(model, f.features, f.case.available, { explorationRate: 0, rng: () => 1 });
        if (tier === want) hits++;
      }
      return hits / 20;
    };
    expect(share("float", 0.9, "numba")).toBeGreaterThanOrEqual(0.8);
    expect(share("container", 0.85, "apc-O3")).toBeGreaterThanOrEqual(0.9);
    expect(share("float", 0.002, "python")).toBe(1);
    expect(share("container", 0.002, "python")).toBe(1);
    expect(share("str", 0.002, "python")).toBe(1);
  });
});

describe("batch and incremental fits", () => {
  const w = world(3);
  const examples = w.programs(8, 3).flatMap((p) => p.examples);
  const probes = [hotFloat(), w.fn("a", "container", 0.7).features, w.fn("b", "str", 0.004).features];

  it("fit(all) equals sequential updates, in any order", () => {
    const batch = new PolicyModel();
    batch.fit(examples);
    const forward = new PolicyModel();
    for (const e of examples) forward.update(e);
    const backward = new PolicyModel();
    for (const e of [...examples].reverse()) backward.update(e);
    expect(forward.examples()).toBe(examples.length);
    for (const m of [forward, backward]) {
      for (const f of probes) {
        for (const t of TIERS) {
          const a = batch.predict(f, t);
          const b = m.predict(f, t);
          for (const key of ["speedup", "compileSeconds", "reward"] as const) {
            expect(b[key].mean).toBeCloseTo(a[key].mean, 8);
            expect(b[key].std).toBeCloseTo(a[key].std, 8);
          }
        }
      }
    }
  });

  it("fit replaces what was learned before", () => {
    const m = new PolicyModel();
    m.fit(examples);
    m.fit(examples.slice(0, 10));
    const fresh = new PolicyModel();
    fresh.fit(examples.slice(0, 10));
    expect(m.examples()).toBe(10);
    expect(m.predict(probes[0]!, "numba")).toEqual(fresh.predict(probes[0]!, "numba"));
  });

  it("uncertainty shrinks with data", () => {
    const many = w.programs(40, 4).flatMap((p) => p.examples);
    const m = new PolicyModel();
    const stds: number[] = [];
    let seen = 0;
    for (const n of [80, 160, 320, 640]) {
      while (seen < n) m.update(many[seen++]!);
      stds.push(m.predict(probes[0]!, "numba").reward.std);
    }
    for (let i = 1; i < stds.length; i++) expect(stds[i]).toBeLessThan(stds[i - 1]!);
    expect(stds.at(-1)!).toBeLessThan(stds[0]! / 4);
  });
});

describe("python and the priors", () => {
  it("python is exact: speedup 1, compile 0, reward 10, no uncertainty", () => {
    const m = new PolicyModel();
    m.fit(world(2).programs(3, 3).flatMap((p) => p.examples));
    const p = m.predict(hotFloat(), "python");
    expect(p.speedup).toEqual({ mean: 1, std: 0 });
    expect(p.compileSeconds).toEqual({ mean: 0, std: 0 });
    expect(p.reward).toEqual({ mean: 10, std: 0 });
  });

  it("an unseen tier predicts from its prior: apc-O3 mildly ahead of apc-O1 and numba, python for a tiny function", () => {
    const m = new PolicyModel();
    const hot = hotFloat();
    const r = (t: Tier) => m.predict(hot, t).reward.mean;
    expect(r("apc-O3")).toBeGreaterThan(r("apc-O1"));
    expect(r("apc-O3")).toBeGreaterThan(r("numba"));
    expect(r("apc-O3")).toBeLessThan(1.5 * r("numba")); // mildly
    expect(r("apc-O3")).toBeGreaterThan(10);
    expect(m.predict(hot, "apc-custom").examples).toBe(0);
    const tiny = { ...hot, share_of_run: 0.001 };
    const choice = chooseTier(m, tiny, [...TIERS], { explorationRate: 0, rng: () => 1 });
    expect(choice.tier).toBe("python");
  });

  it("data on other tiers leave an unseen tier's mean at its prior", () => {
    const hot = hotFloat();
    const numbaOnly = world(5)
      .programs(6, 3)
      .flatMap((p) => p.examples)
      .filter((e) => e.tier === "numba");
    const m = new PolicyModel();
    m.fit(numbaOnly);
    expect(m.examples("numba")).toBe(numbaOnly.length);
    expect(m.predict(hot, "apc-O3").reward.mean).toBeCloseTo(new PolicyModel().predict(hot, "apc-O3").reward.mean, 9);
    expect(m.predict(hot, "numba").reward.mean).not.toBeCloseTo(new PolicyModel().predict(hot, "numba").reward.mean, 0);
  });

  it("the priors option changes an unseen tier's prediction", () => {
    const strong = new PolicyModel({
      priors: { numba: { ceilingFraction: { mean: 0.95, std: 0.1 }, log1pCompile: { mean: Math.log1p(1), std: 0.5 } } },
    });
    const hot = hotFloat();
    expect(strong.predict(hot, "numba").reward.mean).toBeGreaterThan(strong.predict(hot, "apc-O3").reward.mean);
  });
});

describe("standardisation and inputs", () => {
  it("a feature that never varied is dropped, not blown up", () => {
    const examples = world(4).programs(5, 3).flatMap((p) => p.examples); // recursion is 0 everywhere
    const m = new PolicyModel();
    m.fit(examples);
    const i = FEATURE_NAMES.indexOf("recursion");
    expect(m.standardisation().constant[i]).toBe(true);
    expect(m.standardisation().constant[FEATURE_NAMES.indexOf("float_ops")]).toBe(false);
    const base = hotFloat();
    const a = m.predict(base, "apc-O3");
    const b = m.predict({ ...base, recursion: 1 }, "apc-O3");
    expect(b.reward.mean).toBe(a.reward.mean);
    expect(Number.isFinite(b.reward.std)).toBe(true);
  });

  it("takes features by name or as an array, and rejects mismatches", () => {
    const m = new PolicyModel();
    const f = hotFloat();
    expect(m.predict(toArray(f), "numba")).toEqual(m.predict(f, "numba"));
    const { lines: _lines, ...missing } = f;
    const bad: unknown[] = [missing, { ...f, extra_feature: 1 }, toArray(f).slice(1), { ...f, loops: Number.NaN }, { ...f, loops: -1 }];
    for (const input of bad) {
      let err: unknown;
      try {
        m.predict(input as FeatureVector, "numba");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PolicyInputInvalid);
      expect((err as PolicyInputInvalid).code).toBe("invalid-input");
    }
    expect(() => m.update({ features: f, tier: "numba", speedup: 0, compileSeconds: 1 })).toThrow(PolicyInputInvalid);
    expect(() => m.update({ features: f, tier: "numba", speedup: 2, compileSeconds: -1 })).toThrow(PolicyInputInvalid);
  });
});

describe("serialisation", () => {
  const trained = () => {
    const m = new PolicyModel();
    m.fit(world(6).programs(6, 3).flatMap((p) => p.examples));
    return m;
  };

  it("round-trips through JSON text with identical predictions", () => {
    const m = trained();
    const json = m.toJSON();
    expect(json.kind).toBe("bayes-linear/1");
    expect(json.featureNames).toEqual([...FEATURE_NAMES]);
    const back = PolicyModel.fromJSON(JSON.parse(JSON.stringify(json)));
    for (const f of [hotFloat(), { ...hotFloat(), share_of_run: 0.01 }]) {
      for (const t of TIERS) expect(back.predict(f, t)).toEqual(m.predict(f, t));
    }
    expect(back.toJSON()).toEqual(json);
  });

  it("a clone learns on independently", () => {
    const m = trained();
    const c = m.clone();
    c.update({ features: hotFloat(), tier: "numba", speedup: 9, compileSeconds: 1 });
    expect(c.examples()).toBe(m.examples() + 1);
    expect(c.predict(hotFloat(), "numba").reward.mean).not.toBe(m.predict(hotFloat(), "numba").reward.mean);
  });

  it("rejects bad JSON with PolicyModelInvalid", () => {
    const good = () => JSON.parse(JSON.stringify(trained().toJSON()));
    const tamper: Array<(j: any) => unknown> = [
      () => null,
      () => "bayes-linear/1",
      (j) => ({ ...j, kind: "bayes-linear/2" }),
      (j) => ({ ...j, tiers: { ...j.tiers, numba: undefined } }),
      (j) => ({ ...j, transforms: j.transforms.slice(1) }),
      (j) => ({ ...j, transforms: j.transforms.map(() => "sqrt") }),
      (j) => ({ ...j, extra: 1 }),
      (j) => ((j.tiers.numba.stats.log1pCompile.gram = j.tiers.numba.stats.log1pCompile.gram.slice(1)), j),
      (j) => ((j.tiers.numba.examples += 1), j),
      (j) => ((j.tiers["apc-O3"].posterior.ceilingFraction.coefficients[0] += 0.5), j),
      (j) => ((j.standardisation.mean[3] += 1), j),
      (j) => ((j.tiers.python.posterior = j.tiers.numba.posterior), j),
      (j) => ((j.shareFeature = "no_such_feature"), j),
    ];
    for (const t of tamper) {
      let err: unknown;
      try {
        PolicyModel.fromJSON(t(good()));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PolicyModelInvalid);
      expect((err as PolicyModelInvalid).code).toBe("invalid-model");
    }
  });
});
