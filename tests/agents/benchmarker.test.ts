// The benchmarker's statistics on noisy and pathological timings: every
// interval is finite, ordered and contains its point estimate (the verdict
// and outcome schemas reject Infinity and NaN, and a real run once crashed on
// an infinite speedup bound), and nothing is called beyond the noise on one
// sample.

import { describe, expect, it } from "vitest";
import { belowBeyondNoise, fasterBeyondNoise, interval, relativeWidth, speedupInterval, type Interval } from "../../agents/benchmarker.js";

function expectHonest(i: Interval): void {
  for (const x of [i.mean, i.low, i.high]) expect(Number.isFinite(x), `${JSON.stringify(i)} is not finite`).toBe(true);
  expect(i.low).toBeLessThanOrEqual(i.mean);
  expect(i.mean).toBeLessThanOrEqual(i.high);
}

// Timings a loaded machine gives: a few normal runs and outliers orders of
// magnitude apart (the arithmetic t-interval's lower bound went below 0 here).
const SAMPLES: Record<string, number[]> = {
  "huge variance": [0.001, 2.5, 0.002, 40, 0.0015],
  "two far apart": [1e-6, 100],
  "one sample": [0.25],
  "identical samples": [0.125, 0.125, 0.125, 0.125],
  "a zero among them (no calls timed)": [0, 0.01, 0.012],
  "all zero": [0, 0, 0],
  "below the clock's resolution": [1e-12, 3e-12],
  "extremes of the range": [1e-300, 1e300, 5],
  "many runs": Array.from({ length: 50 }, (_, k) => 0.1 + (k % 7) * 0.01 + (k === 13 ? 5 : 0)),
};

describe("interval (timings)", () => {
  for (const [name, xs] of Object.entries(SAMPLES)) {
    it(`is finite, ordered and holds its estimate: ${name}`, () => {
      const i = interval(xs);
      expectHonest(i);
      expect(i.low).toBeGreaterThan(0);
      expect(i.n).toBe(xs.length);
    });
  }

  it("is the point itself for one sample, and its spread is unknown", () => {
    const i = interval([0.25]);
    expect(i).toEqual({ mean: 0.25, low: 0.25, high: 0.25, n: 1 });
    expect(relativeWidth(i)).toBe(Infinity);
  });

  it("has no width for identical samples", () => {
    const i = interval([0.125, 0.125, 0.125]);
    expect(i.mean).toBeCloseTo(0.125, 12);
    expect(relativeWidth(i)).toBeCloseTo(0, 9);
  });

  it("narrows as runs agree", () => {
    const loose = interval([1, 1.3, 0.8]);
    const tight = interval([1, 1.01, 0.99, 1, 1.005, 0.995]);
    expect(relativeWidth(tight)).toBeLessThan(0.05);
    expect(relativeWidth(loose)).toBeGreaterThan(relativeWidth(tight));
  });

  it("refuses no timings at all (the callers skip them)", () => {
    expect(() => interval([])).toThrow(RangeError);
  });
});

describe("speedupInterval (Python seconds over native seconds)", () => {
  for (const [name, xs] of Object.entries(SAMPLES)) {
    it(`is finite, ordered and holds its estimate against a fixed reference: ${name}`, () => {
      const s = speedupInterval(2, xs);
      expectHonest(s);
      expect(s.low).toBeGreaterThan(0);
    });
    it(`is finite, ordered and holds its estimate between two samples: ${name}`, () => {
      expectHonest(speedupInterval(xs, [0.01, 0.5, 0.02]));
      expectHonest(speedupInterval([0.4, 0.41, 0.39], xs));
      expectHonest(speedupInterval(xs, xs));
    });
  }

  it("is Python's seconds over the timings' geometric mean, with the timings' bounds swapped", () => {
    const native = [0.1, 0.2, 0.4];
    const s = speedupInterval(1, native);
    const i = interval(native);
    expect(s.mean).toBeCloseTo(1 / 0.2, 9);
    expect(s.low).toBeCloseTo(1 / i.high, 9);
    expect(s.high).toBeCloseTo(1 / i.low, 9);
  });

  it("carries both spreads when Python's seconds are samples too", () => {
    const native = [0.1, 0.11, 0.09, 0.1];
    const fixed = speedupInterval(1, native);
    const sampled = speedupInterval([0.8, 1.25, 1, 1], native);
    expect(sampled.mean).toBeCloseTo(fixed.mean, 9);
    expect(sampled.high / sampled.low).toBeGreaterThan(fixed.high / fixed.low);
  });

  it("is 0 with no Python time, and takes n from the smaller side", () => {
    expect(speedupInterval(0, [0.1, 0.2])).toEqual({ mean: 0, low: 0, high: 0, n: 2 });
    expect(speedupInterval([1], [0.1, 0.2, 0.3]).n).toBe(1);
  });
});

describe("beyond the noise", () => {
  it("needs two samples on each side", () => {
    expect(fasterBeyondNoise(interval([0.1]), interval([1, 1.01, 0.99]))).toBe(false);
    expect(fasterBeyondNoise(interval([0.1, 0.1]), interval([1]))).toBe(false);
    expect(belowBeyondNoise(speedupInterval(1, [10]), 1)).toBe(false);
  });

  it("calls orders of magnitude apart a difference, and overlap none", () => {
    expect(fasterBeyondNoise(interval([0.01, 0.011, 0.012]), interval([1, 1.1, 0.9]))).toBe(true);
    expect(fasterBeyondNoise(interval([0.9, 1.1, 1]), interval([1, 1.1, 0.95]))).toBe(false);
    expect(belowBeyondNoise(speedupInterval(1, [10, 11, 9]), 1)).toBe(true);
    // Huge variance: nothing is certain.
    expect(belowBeyondNoise(speedupInterval(1, [0.001, 40, 0.002]), 1)).toBe(false);
  });
});
