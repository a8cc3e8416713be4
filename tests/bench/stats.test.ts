// Pure pieces of the harness: statistics, output comparison, number formatting
// and the log-scale axis of the charts.

import { describe, expect, it } from "vitest";
import { compareOutputs } from "../../benchmarks/harness/compare.js";
import { formatMegabytes, formatRatio, formatSeconds } from "../../benchmarks/harness/format.js";
import { geometricMean, median, minimum, speedup, timeStats } from "../../benchmarks/harness/stats.js";
import { escapeXml, logDomain } from "../../benchmarks/harness/svg-chart.js";

describe("statistics", () => {
  it("takes the minimum and the median (mean of the middle two for even counts)", () => {
    expect(minimum([3, 1, 2])).toBe(1);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(timeStats([0.3, 0.1, 0.2, 0.9])).toEqual({ min: 0.1, median: 0.25 });
    expect(() => median([])).toThrow(RangeError);
  });

  it("averages geometrically, ignoring what is not a positive number", () => {
    expect(geometricMean([2, 8])).toBeCloseTo(4, 12);
    expect(geometricMean([10, null, 1000])).toBeCloseTo(100, 10);
    expect(geometricMean([0.5, 2])).toBeCloseTo(1, 12);
    expect(geometricMean([null, 0, -1])).toBeNull();
    expect(geometricMean([])).toBeNull();
  });

  it("measures speedup as reference time over runner time", () => {
    expect(speedup(3, 0.5)).toBe(6);
    expect(speedup(1, 2)).toBe(0.5);
    expect(speedup(null, 1)).toBeNull();
    expect(speedup(1, null)).toBeNull();
    expect(speedup(1, 0)).toBeNull();
  });
});

describe("output comparison", () => {
  it("accepts byte-identical output only", () => {
    expect(compareOutputs("1 2\n3.5\n", "1 2\n3.5\n")).toEqual({ same: true });
    expect(compareOutputs("1\n", "1").same).toBe(false);
    expect(compareOutputs("0.1\n", "0.10000000000000001\n").same).toBe(false);
  });

  it("names the first differing line", () => {
    const c = compareOutputs("a\nb\nc\n", "a\nB\nc\n");
    expect(c.same).toBe(false);
    if (!c.same) {
      expect(c.line).toBe(2);
      expect(c.summary).toBe('line 2: expected "b", got "B"');
    }
  });

  it("says when one output ends early", () => {
    const short = compareOutputs("1\n2\n", "1\n");
    expect(!short.same && short.summary).toBe('line 2: expected "2", got <end of output>');
    const long = compareOutputs("1\n", "1\nextra\n");
    expect(!long.same && long.summary).toBe('line 2: expected <end of output>, got "extra"');
    const empty = compareOutputs("42\n", "");
    expect(!empty.same && empty.summary).toBe('line 1: expected "42", got <end of output>');
  });

  it("clips long lines", () => {
    const c = compareOutputs(`${"x".repeat(200)}\n`, "y\n");
    expect(!c.same && c.summary.length).toBeLessThan(120);
  });
});

describe("formatting", () => {
  it("picks a unit by size", () => {
    expect(formatSeconds(3.8123)).toBe("3.81 s");
    expect(formatSeconds(12.34)).toBe("12.3 s");
    expect(formatSeconds(0.4123)).toBe("412 ms");
    expect(formatSeconds(0.0712)).toBe("71.2 ms");
    expect(formatSeconds(0.00412)).toBe("4.12 ms");
    expect(formatSeconds(null)).toBe("-");
    expect(formatRatio(54.43)).toBe("54.4x");
    expect(formatRatio(0.523)).toBe("0.52x");
    expect(formatRatio(250.2)).toBe("250x");
    expect(formatMegabytes(13460)).toBe("13.1 MB");
    expect(formatMegabytes(138460)).toBe("135 MB");
  });

  it("covers the values with whole decades on a log axis", () => {
    expect(logDomain([0.03, 4.2])).toEqual([0.01, 10]);
    expect(logDomain([2, 3])).toEqual([1, 10]);
    expect(logDomain([])).toEqual([0.1, 10]);
    expect(escapeXml(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  });
});
