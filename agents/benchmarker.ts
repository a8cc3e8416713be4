// The benchmarker: repeats a measurement (the measure_speedup tool) until
// each function's confidence interval is tight or the budget ends, and
// refuses to call a difference inside the noise a win. Statistics: the mean
// of the runs with a Student-t 95% interval; two measurements differ only
// when their intervals do not overlap (conservative on purpose: a false win
// costs a user speed they were promised; a missed win costs little).

import type { Measurement } from "../tools/build-tools.js";
import { measureSpeedup } from "../tools/index.js";
import type { ToolContext } from "../tools/tool.js";

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

// Two-sided 95% Student-t quantiles for 1..30 degrees of freedom.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Mean and 95% interval of `xs` (a single sample has an infinite interval). */
export function interval(xs: readonly number[]): Interval {
  const n = xs.length;
  if (!n) return { mean: NaN, low: -Infinity, high: Infinity, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: -Infinity, high: Infinity, n };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (T95[Math.min(n - 2, T95.length - 1)] ?? 1.96) * (sd / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half, n };
}

/** Relative half-width of the interval (Infinity when unknown). */
export const relativeWidth = (i: Interval) => (Number.isFinite(i.high) && i.mean !== 0 ? (i.high - i.low) / 2 / Math.abs(i.mean) : Infinity);

/** Whether seconds `a` are faster than seconds `b` beyond the noise. */
export function fasterBeyondNoise(a: Interval, b: Interval): boolean {
  return a.high < b.low;
}

/** Speedup interval: Python seconds (a fixed reference) over native seconds. */
export function speedupInterval(pythonSeconds: number, native: readonly number[]): Interval {
  const i = interval(native);
  const safe = (x: number) => (x > 0 ? pythonSeconds / x : Infinity);
  return { mean: safe(i.mean), low: safe(i.high), high: safe(i.low), n: i.n };
}

export interface RepeatPolicy {
  /** Stop when every function's relative half-width is under this. */
  readonly tolerance: number;
  readonly minRuns: number;
  readonly maxRuns: number;
  /** Stop anyway at this wall-clock time (ms since the epoch). */
  readonly deadline: number;
}

export const DEFAULT_REPEAT: Omit<RepeatPolicy, "deadline"> = { tolerance: 0.05, minRuns: 3, maxRuns: 8 };
/** Confirming outcomes memory already holds (same source, same tiers): fewer runs, a looser bound. */
export const CONFIRM_REPEAT: Omit<RepeatPolicy, "deadline"> = { tolerance: 0.1, minRuns: 2, maxRuns: 4 };

/** measure_speedup, one run at a time, until the intervals are tight. The
 *  runs are merged into one Measurement (nativeSeconds has one per run). */
export async function measureUntilTight(ctx: ToolContext, assignment: { function: string; tier: Measurement["functions"][number]["tier"]; passes?: string }[], policy: RepeatPolicy): Promise<Measurement> {
  let merged: Measurement | null = null;
  for (let run = 0; run < policy.maxRuns; run++) {
    const m = await measureSpeedup.run({ assignment, repeat: run === 0 ? policy.minRuns : 1 }, ctx);
    merged = merged ? merge(merged, m) : m;
    const widths = merged.functions.map((f) => relativeWidth(interval(f.nativeSeconds)));
    if (!merged.identical || merged.functions.length === 0) break;
    if (widths.every((w) => w <= policy.tolerance)) break;
    if (Date.now() >= policy.deadline) break;
  }
  return merged!;
}

function merge(a: Measurement, b: Measurement): Measurement {
  return {
    ...a,
    functions: a.functions.map((f) => ({ ...f, nativeSeconds: [...f.nativeSeconds, ...(b.functions.find((g) => g.function === f.function)?.nativeSeconds ?? [])] })),
    endToEnd: { ...a.endToEnd, nativeSeconds: [...a.endToEnd.nativeSeconds, ...b.endToEnd.nativeSeconds] },
    identical: a.identical && b.identical,
  };
}
