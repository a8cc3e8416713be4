// The benchmarker: repeats a measurement (the measure_speedup tool) until
// each function's confidence interval is tight or the budget ends, and
// refuses to call a difference inside the noise a win. Two measurements
// differ only when their intervals do not overlap (conservative on purpose:
// a false win costs a user speed they were promised; a missed win costs
// little).
//
// Statistics: timings are positive and skewed (noise only ever adds time),
// so intervals are computed on their logarithms. A timing's point estimate
// is the geometric mean and its 95% interval the Student-t interval of the
// mean log, mapped back: always positive and finite, whatever the noise. A
// speedup is a ratio of timings, so its interval is the difference of mean
// logs (Welch's t when both sides are samples) mapped back; no bound is ever
// divided by. One sample has no known spread: its interval is the point
// itself with n = 1, and nothing is called beyond the noise on it (n < 2).

import type { Measurement } from "../tools/build-tools.js";
import { measureSpeedup } from "../tools/index.js";
import type { ToolContext } from "../tools/tool.js";

export interface Interval {
  /** The point estimate (for timings, their geometric mean). */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** Samples behind it; under 2, low = mean = high and the spread is unknown. */
  readonly n: number;
}

/** A timing at or below the clock's resolution (a run too short to time)
 *  counts as this; so does a missing one (0). */
export const MIN_SECONDS = 1e-9;
/** Timings are capped here (about 30 years), so logs stay finite. */
export const MAX_SECONDS = 1e9;

// Two-sided 95% Student-t quantiles for 1..30 degrees of freedom.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
/** The quantile for `df` degrees of freedom (rounded down: conservative). */
const t95 = (df: number) => (df >= 1 ? (T95[Math.min(Math.floor(df), T95.length) - 1] ?? 1.96) : Infinity);

const clampSeconds = (x: number) => (!(x > MIN_SECONDS) ? MIN_SECONDS : x > MAX_SECONDS ? MAX_SECONDS : x);

/** Mean and sample variance of the timings' logs (variance 0 for one sample). */
function logMoments(xs: readonly number[]): { n: number; mean: number; variance: number } {
  const n = xs.length;
  if (!n) throw new RangeError("no timings to summarise");
  const logs = xs.map((x) => Math.log(clampSeconds(x)));
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? 0 : logs.reduce((a, l) => a + (l - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

/** Point estimate and 95% interval of positive timings `xs` (at least one):
 *  the geometric mean, within a Student-t interval of the mean log. */
export function interval(xs: readonly number[]): Interval {
  const m = logMoments(xs);
  const half = m.n < 2 ? 0 : t95(m.n - 1) * Math.sqrt(m.variance / m.n);
  return { mean: Math.exp(m.mean), low: Math.exp(m.mean - half), high: Math.exp(m.mean + half), n: m.n };
}

/** Relative half-width of the interval (Infinity while the spread is unknown). */
export const relativeWidth = (i: Interval) => (i.n >= 2 && i.mean > 0 ? (i.high - i.low) / 2 / i.mean : Infinity);

/** Whether seconds `a` are faster than seconds `b` beyond the noise. */
export function fasterBeyondNoise(a: Interval, b: Interval): boolean {
  return a.n >= 2 && b.n >= 2 && a.high < b.low;
}

/** Whether the interval lies wholly below `x` (e.g. a speedup below 1). */
export function belowBeyondNoise(i: Interval, x: number): boolean {
  return i.n >= 2 && i.high < x;
}

/** Speedup interval of Python's seconds over native seconds (at least one
 *  sample). Python's seconds are either a fixed reference (one number, the
 *  profile's; n is then the native runs) or samples of their own (n is the
 *  smaller side; Welch's t). No Python time (≤ 0) is a speedup of 0. */
export function speedupInterval(python: number | readonly number[], native: readonly number[]): Interval {
  const nat = logMoments(native);
  if (typeof python === "number") {
    if (!(python > 0)) return { mean: 0, low: 0, high: 0, n: nat.n };
    const half = nat.n < 2 ? 0 : t95(nat.n - 1) * Math.sqrt(nat.variance / nat.n);
    return ratio(Math.log(clampSeconds(python)) - nat.mean, half, nat.n);
  }
  const py = logMoments(python);
  const n = Math.min(py.n, nat.n);
  if (n < 2) return ratio(py.mean - nat.mean, 0, n);
  const a = py.variance / py.n;
  const b = nat.variance / nat.n;
  // Welch–Satterthwaite degrees of freedom (identical samples: no spread).
  const df = a + b > 0 ? (a + b) ** 2 / (a ** 2 / (py.n - 1) + b ** 2 / (nat.n - 1)) : Math.min(py.n, nat.n) - 1;
  return ratio(py.mean - nat.mean, t95(df) * Math.sqrt(a + b), n);
}

const ratio = (logRatio: number, half: number, n: number): Interval => ({ mean: Math.exp(logRatio), low: Math.exp(logRatio - half), high: Math.exp(logRatio + half), n });

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
    if (!merged.identical || merged.functions.length === 0) break;
    const widths = merged.functions.map((f) => (f.nativeSeconds.length ? relativeWidth(interval(f.nativeSeconds)) : Infinity));
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
