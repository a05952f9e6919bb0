/**
 * Summary figures of a set of durations, as the API and the Insights page
 * define them:
 *
 * - mean: the arithmetic mean.
 * - median and p90: percentiles by linear interpolation between the two
 *   nearest ranks (the "R-7" rule of NumPy's default, Excel's PERCENTILE.INC
 *   and Google Sheets' PERCENTILE): over the values sorted ascending
 *   x[0] … x[n-1], the p-th percentile is at position h = (n − 1)·p, i.e.
 *   x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). So the median of an even count
 *   is the mean of the two middle values, and p90 of 1…10 is 9.1.
 *
 * Every figure is rounded to the millisecond; an empty set has no figures
 * (null), only a count of 0.
 */
export type DurationSummary = {
  medianSeconds: number | null;
  meanSeconds: number | null;
  p90Seconds: number | null;
  count: number;
};

const toMs = (n: number) => Math.round(n * 1000) / 1000;

/** The p-th percentile (0 ≤ p ≤ 1) of values sorted ascending, by linear interpolation. */
export function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (h - lo) * (b - a);
}

export function summarizeDurations(seconds: readonly number[]): DurationSummary {
  const sorted = [...seconds].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { medianSeconds: null, meanSeconds: null, p90Seconds: null, count: 0 };
  // Summed in sorted order: the same values always give the same mean, whatever order they came in.
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    medianSeconds: toMs(percentileOfSorted(sorted, 0.5) ?? 0),
    meanSeconds: toMs(sum / n),
    p90Seconds: toMs(percentileOfSorted(sorted, 0.9) ?? 0),
    count: n,
  };
}
