// The one behaviour suite every VectorMemory backend passes: adding and
// counting, upsert by id, exact nearest neighbours (checked against a
// brute-force computation written here, independently of the backends),
// filters, an exact round trip of every field (nulls, extra, float32
// embeddings), batch validation (dimension, bad values, duplicate ids) that
// writes nothing, the empty memory, and closing. Not a test file itself:
// backends call describeVectorMemory from their *.test.ts.

import { afterEach, describe, expect, it } from "vitest";
import { type OutcomeRecord, type VectorMemory, VectorMemoryError } from "../../memory/vector-memory.js";

export type VectorMemoryFactory = (dimension: number) => Promise<VectorMemory> | VectorMemory;

export const DIM = 24;

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vector of float32-representable components in [-1, 1). */
export function randomVector(rand: () => number, dim = DIM): number[] {
  return Array.from({ length: dim }, () => Math.fround(rand() * 2 - 1));
}

export function outcome(id: string, embedding: number[], fields: Partial<OutcomeRecord> = {}): OutcomeRecord {
  return {
    id,
    embedding,
    functionKey: `src/app.py:${id}`,
    project: "demo",
    sourceHash: "h0",
    tier: "native",
    passes: null,
    speedup: null,
    compileSeconds: null,
    reward: null,
    verified: false,
    createdAt: "2026-01-02T03:04:05.000Z",
    ...fields,
  };
}

function bruteForce(records: OutcomeRecord[], query: number[], k: number): { id: string; distance: number }[] {
  return records
    .map((r) => ({ id: r.id, distance: r.embedding.reduce((s, v, i) => s + (v - query[i]!) ** 2, 0) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, k);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(VectorMemoryError);
    return (err as VectorMemoryError).code;
  }
  throw new Error("expected the call to fail");
}

export function describeVectorMemory(name: string, factory: VectorMemoryFactory): void {
  describe(`VectorMemory behaviour: ${name}`, () => {
    const opened: VectorMemory[] = [];
    const open = async (dimension = DIM): Promise<VectorMemory> => {
      const m = await factory(dimension);
      opened.push(m);
      return m;
    };
    afterEach(async () => {
      for (const m of opened.splice(0)) await m.close();
    });

    it("an empty memory counts 0 and returns no records and no neighbours", async () => {
      const m = await open();
      expect(m.dimension).toBe(DIM);
      expect(await m.count()).toBe(0);
      expect(await m.get()).toEqual([]);
      expect(await m.nearest(randomVector(seededRandom(1)), 5)).toEqual([]);
      expect(await m.nearest(randomVector(seededRandom(1)), 5, { tier: "native" })).toEqual([]);
    });

    it("adds records, counts them and gets them back sorted by id", async () => {
      const m = await open();
      const rand = seededRandom(2);
      await m.add([outcome("c", randomVector(rand)), outcome("a", randomVector(rand))]);
      await m.add([outcome("b", randomVector(rand))]);
      await m.add([]);
      expect(await m.count()).toBe(3);
      expect((await m.get()).map((r) => r.id)).toEqual(["a", "b", "c"]);
      expect((await m.get({ ids: ["c", "a", "zz"] })).map((r) => r.id)).toEqual(["a", "c"]);
      expect(await m.get({ ids: [] })).toEqual([]);
    });

    it("adding an existing id replaces the record (upsert)", async () => {
      const m = await open();
      const rand = seededRandom(3);
      const first = outcome("f", randomVector(rand), { tier: "interpreted", speedup: 1.5, extra: { note: "old" } });
      const second = outcome("f", randomVector(rand), { tier: "native", speedup: null });
      await m.add([first, outcome("g", randomVector(rand))]);
      await m.add([second]);
      expect(await m.count()).toBe(2);
      expect(await m.get({ ids: ["f"] })).toStrictEqual([second]);
      const [near] = await m.nearest(second.embedding, 1);
      expect(near!.record).toStrictEqual(second);
      expect(near!.distance).toBeCloseTo(0, 6);
      expect(await m.get({ tier: "interpreted" })).toEqual([]);
    });

    it("returns the k nearest in ascending distance, as a brute-force search does", async () => {
      const m = await open();
      const rand = seededRandom(4);
      const records = Array.from({ length: 50 }, (_, i) => outcome(`r${String(i).padStart(2, "0")}`, randomVector(rand)));
      await m.add(records);
      for (let q = 0; q < 5; q++) {
        const query = randomVector(rand);
        const got = await m.nearest(query, 10);
        const want = bruteForce(records, query, 10);
        expect(got.map((n) => n.record.id)).toEqual(want.map((w) => w.id));
        for (let i = 0; i < got.length; i++) {
          expect(Math.abs(got[i]!.distance - want[i]!.distance)).toBeLessThan(1e-4 * Math.max(1, want[i]!.distance));
          if (i > 0) expect(got[i]!.distance).toBeGreaterThanOrEqual(got[i - 1]!.distance);
        }
      }
      const all = await m.nearest(records[7]!.embedding, 80);
      expect(all).toHaveLength(50);
      expect(all[0]!.record.id).toBe("r07");
      expect(await m.nearest(records[7]!.embedding, 0)).toEqual([]);
    });

    it("filters by tier, project, sourceHash and functionKey, alone and together", async () => {
      const m = await open();
      const rand = seededRandom(5);
      const tiers = ["native", "interpreted", "hybrid"];
      const records = Array.from({ length: 30 }, (_, i) =>
        outcome(`r${String(i).padStart(2, "0")}`, randomVector(rand), {
          tier: tiers[i % 3]!,
          project: i % 2 === 0 ? "alpha" : "beta",
          sourceHash: i < 10 ? "h-old" : "h-new",
          functionKey: `src/m${i % 5}.py:f`,
        }),
      );
      await m.add(records);
      const query = randomVector(rand);
      const cases = [
        { tier: "interpreted" },
        { project: "alpha" },
        { sourceHash: "h-old" },
        { functionKey: "src/m3.py:f" },
        { tier: "native", project: "beta", sourceHash: "h-new" },
        { tier: "hybrid", project: "nowhere" },
      ];
      for (const filter of cases) {
        const matching = records.filter((r) => Object.entries(filter).every(([k, v]) => r[k as keyof OutcomeRecord] === v));
        expect((await m.get(filter)).map((r) => r.id)).toEqual(matching.map((r) => r.id).sort());
        const got = await m.nearest(query, 4, filter);
        expect(got.map((n) => n.record.id)).toEqual(bruteForce(matching, query, 4).map((w) => w.id));
      }
      expect((await m.get({ tier: "native", ids: ["r00", "r01", "r03"] })).map((r) => r.id)).toEqual(["r00", "r03"]);
    });

    it("round-trips every field exactly, including nulls, empty strings and extra", async () => {
      const m = await open();
      const rand = seededRandom(6);
      const full = outcome("full", randomVector(rand), {
        functionKey: "pkg/mod.py:Outer.inner",
        project: "/home/u/proj",
        sourceHash: "sha256:0f1e",
        tier: "native",
        passes: "default<O3>,loop-unroll",
        speedup: 0.1 + 0.2,
        compileSeconds: 12,
        reward: -0.75,
        verified: true,
        createdAt: "2026-03-04T05:06:07.089Z",
        extra: { "opt level": 3, "why:": "hot loop", "a.b": true, ratio: 1e-9, big: 2 ** 53 - 1 },
      });
      const empty = outcome("empty", randomVector(rand), { passes: "", functionKey: "", extra: {} });
      const nulls = outcome("nulls", randomVector(rand));
      await m.add([full, empty, nulls]);
      expect(await m.get()).toStrictEqual([empty, full, nulls]);
      for (const r of [full, empty, nulls]) {
        const [n] = await m.nearest(r.embedding, 1);
        expect(n!.record).toStrictEqual(r);
      }
    });

    it("stores embeddings as float32", async () => {
      const m = await open(3);
      await m.add([outcome("x", [0.1, Math.PI, -1 / 3])]);
      const [r] = await m.get();
      expect(r!.embedding).toEqual([Math.fround(0.1), Math.fround(Math.PI), Math.fround(-1 / 3)]);
    });

    it("refuses an embedding of another dimension, and writes nothing of that batch", async () => {
      const m = await open(4);
      expect(await codeOf(m.add([outcome("ok", [1, 2, 3, 4]), outcome("short", [1, 2, 3])]))).toBe("dimension-mismatch");
      expect(await codeOf(m.add([outcome("long", [1, 2, 3, 4, 5])]))).toBe("dimension-mismatch");
      expect(await m.count()).toBe(0);
      expect(await codeOf(m.nearest([1, 2], 3))).toBe("dimension-mismatch");
    });

    it("refuses bad values and an id twice in one batch, writing nothing", async () => {
      const m = await open(2);
      const bad: [string, OutcomeRecord][] = [
        ["nan speedup", outcome("a", [0, 1], { speedup: Number.NaN })],
        ["infinite reward", outcome("a", [0, 1], { reward: Number.POSITIVE_INFINITY })],
        ["nan component", outcome("a", [0, Number.NaN])],
        ["empty id", outcome("", [0, 1])],
        ["object in extra", outcome("a", [0, 1], { extra: { nested: {} as unknown as string } })],
      ];
      for (const [, r] of bad) expect(await codeOf(m.add([outcome("fine", [1, 1]), r]))).toBe("invalid-record");
      expect(await codeOf(m.add([outcome("d", [0, 1]), outcome("d", [1, 0])]))).toBe("invalid-record");
      expect(await m.count()).toBe(0);
      expect(await codeOf(m.nearest([0, 1], -1))).toBe("invalid-query");
      expect(await codeOf(m.nearest([0, 1], 1.5))).toBe("invalid-query");
    });

    it("hands out copies: changing a returned record does not change the memory", async () => {
      const m = await open(2);
      const input = outcome("c", [1, 0], { extra: { k: 1 } });
      await m.add([input]);
      (input.embedding as number[])[0] = 9;
      const [got] = await m.get();
      (got!.embedding as number[])[1] = 9;
      (got!.extra as Record<string, number>).k = 2;
      expect(await m.get()).toStrictEqual([outcome("c", [1, 0], { extra: { k: 1 } })]);
    });

    it("fails with 'closed' once closed", async () => {
      const m = await open(2);
      await m.add([outcome("a", [0, 0])]);
      await m.close();
      await m.close();
      expect(await codeOf(m.count())).toBe("closed");
      expect(await codeOf(m.add([outcome("b", [0, 0])]))).toBe("closed");
      expect(await codeOf(m.nearest([0, 0], 1))).toBe("closed");
    });
  });
}
