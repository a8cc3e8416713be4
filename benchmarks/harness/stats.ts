// Statistics over wall times and speedups: minimum, median, geometric mean, and
// speedup relative to CPython (CPython's time over the runner's: above 1 is faster).
// Pure functions; null stands for "not measurable" and is never averaged in.

export function minimum(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("minimum of no values");
  return Math.min(...values);
}

/** The middle value, or the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** exp(mean(log x)) over the positive finite values; null when there are none. */
export function geometricMean(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
  if (v.length === 0) return null;
  return Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);
}

/** How many times faster than the reference; null unless both times are known. */
export function speedup(referenceSeconds: number | null, seconds: number | null): number | null {
  if (referenceSeconds === null || seconds === null || !(seconds > 0) || !(referenceSeconds > 0)) return null;
  return referenceSeconds / seconds;
}

export interface TimeStats {
  readonly min: number;
  readonly median: number;
}

export function timeStats(times: readonly number[]): TimeStats {
  return { min: minimum(times), median: median(times) };
}
