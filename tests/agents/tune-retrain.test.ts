// Turning vector memory's outcome records into the policy's programs: repeats
// of one tier are pooled (not the luckiest kept), apc-custom keeps its best
// pipeline, unverified or featureless records are dropped; the held-out split
// is stable and whole programs go one side.

import { describe, expect, it } from "vitest";
import { programSpeedup } from "../../agents/policy/model.js";
import { programsFromRecords, splitHeldOut } from "../../agents/tune/retrain.js";
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

  it("holds out whole programs, the same ones for the same seed", () => {
    const records = ["a", "b", "c", "d", "e"].flatMap((project) => [rec({ project, tier: "python", speedup: 1 }), rec({ project, tier: "apc-O3", speedup: 5 })]);
    const programs = programsFromRecords(records);
    const one = splitHeldOut(programs, 0.4, 7);
    expect(one.heldOut.map((p) => p.program)).toEqual(splitHeldOut([...programs].reverse(), 0.4, 7).heldOut.map((p) => p.program));
    expect(one.heldOut).toHaveLength(2);
    expect(one.training).toHaveLength(3);
    for (const h of one.heldOut) expect(one.training.map((p) => p.program)).not.toContain(h.program);
  });
});
