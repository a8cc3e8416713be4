// Turning vector memory's outcome records into the policy's programs: repeats
// of one tier are pooled (not the luckiest kept), apc-custom keeps its best
// pipeline, unverified or featureless records are dropped; the held-out split
// gate scores the fitted model with each program held out in turn.

import { describe, expect, it } from "vitest";
import { PolicyModel, programSpeedup } from "../../agents/policy/model.js";
import { programsFromRecords, retrain } from "../../agents/tune/retrain.js";
import type { OutcomeRecord } from "../../memory/vector-memory.js";
import { FEATURE_NAMES } from "../../tools/features.js";

const features = (share: number) => JSON.stringify(Object.fromEntries(FEATURE_NAMES.map((n) => [n, n === "share_of_run" ? share : 1])));
let n = 0;
const rec = (o: Partial<OutcomeRecord> & { tier: string; speedup: number }): OutcomeRecord => ({
  id: `r${n++}`,
  embedding: [],
  functionKey: "m.py:f",
  project: "p",
  sourceHash: "h",
  passes: null,
  compileSeconds: 1,
  reward: 0,
  verified: true,
  createdAt: `2026-12-0${Math.min(9, 1 + (n % 9))}T00:00:00Z`,
  extra: { features: features(0.5) },
  ...o,
});

describe("programsFromRecords", () => {
  it("pools repeats of a tier by geometric mean and keeps apc-custom's best pipeline", () => {
    const [p] = programsFromRecords([
      rec({ tier: "python", speedup: 1, compileSeconds: 0 }),
      rec({ tier: "apc-O3", speedup: 10 }),
      rec({ tier: "apc-O3", speedup: 40 }),
      rec({ tier: "apc-custom", speedup: 30, passes: "default<O3>,licm" }),
      rec({ tier: "apc-custom", speedup: 50, passes: "default<O3>,loop-unroll" }),
      rec({ tier: "apc-O1", speedup: 99, verified: false }),
      rec({ tier: "numba", speedup: 99, extra: {} }),
    ]);
    const o3 = p!.examples.find((e) => e.tier === "apc-O3")!;
    expect(o3.speedup).toBeCloseTo(programSpeedup(20, 0.5), 9);
    expect(p!.examples.find((e) => e.tier === "apc-custom")!.speedup).toBeCloseTo(programSpeedup(50, 0.5), 9);
    expect(p!.examples.map((e) => e.tier).sort()).toEqual(["apc-O3", "apc-custom", "python"]);
    expect(p!.cases).toHaveLength(1);
    expect(p!.cases[0]!.available).toEqual(expect.arrayContaining(["python", "apc-O3", "apc-custom"]));
  });

  it("says nothing about a function measured at python alone", () => {
    const [p] = programsFromRecords([rec({ tier: "python", speedup: 1 })]);
    expect(p!.cases).toHaveLength(0);
  });

});

describe("retrain's gate", () => {
  // One function per program: 8% of the run, 50x faster at apc-O3, compiled in 0.03 s, so
  // apc-O3 is best (10·1/(0.92 + 0.08/50) − 0.03 = 10.8 > python's 10). The priors
  // expect too little of so small a share and keep it in Python (kmeans' make_points).
  const program = (project: string) => [
    rec({ project, tier: "python", speedup: 1, compileSeconds: 0, extra: { features: features(0.08) } }),
    rec({ project, tier: "apc-O3", speedup: 50, compileSeconds: 0.03, extra: { features: features(0.08) } }),
  ];

  it("scores the fitted model out of sample, every program held out in turn", () => {
    const programs = programsFromRecords(["a", "b", "c", "d", "e"].flatMap(program));
    const r = retrain(programs, new PolicyModel());
    expect(r.heldOutCases).toBe(5);
    expect(r.trained).toBe(10);
    expect(r.comparison!.scores.incumbent.agreement).toBe(0);
    expect(r.comparison!.scores.candidate.agreement).toBe(1);
    expect(r.promote).toBe(true);
    expect(r.verdict).toMatch(/^promoted: agreement better.* on 5 case\(s\) \(held out: each of 5 programs in turn\)$/);
    // The model kept is fitted on every program, and chooses as the folds did.
    const c = programs[0]!.cases[0]!;
    expect(r.candidate.predict(c.features, "apc-O3").reward.mean).toBeGreaterThan(10);
  });

  it("does not promote on one program: nothing to score it on that it was not fitted on", () => {
    const r = retrain(programsFromRecords(program("a")), new PolicyModel());
    expect(r.promote).toBe(false);
    expect(r.comparison).toBeNull();
    expect(r.verdict).toMatch(/^not promoted: one program/);
  });
});
