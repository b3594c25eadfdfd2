// The numerical core of the series decomposition family, as the Kusto documentation describes it
// (series_decompose, series_outliers, series_periods_detect pages): seasonal component as the median
// of the points in the same phase, trend by average or least-squares line, Tukey fences on residuals.
// Plain number arrays in, plain number arrays out; the KQL wrappers are in series-decompose.ts.

export type Trend = 'avg' | 'linefit' | 'none';

export interface Decomposition {
  baseline: number[];
  seasonal: number[];
  trend: number[];
  residual: number[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length;
  if (k === 0) return NaN;
  return k % 2 ? s[(k - 1) / 2]! : (s[k / 2 - 1]! + s[k / 2]!) / 2;
}

/** The p-th percentile (0-100) of sorted values, linearly interpolated between closest ranks. */
export function percentileSorted(s: number[], p: number): number {
  if (s.length === 0) return NaN;
  const r = (p / 100) * (s.length - 1);
  const lo = Math.floor(r);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (r - lo);
}

export interface Line {
  slope: number;
  interception: number;
}

/** Least squares over x = 1..n (series_fit_line's abscissa). */
export function fitLine(ys: number[]): Line {
  const n = ys.length;
  if (n === 0) return { slope: 0, interception: 0 };
  const mx = (n + 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (i + 1 - mx) * (ys[i]! - my); sxx += (i + 1 - mx) ** 2; }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, interception: my - slope * mx };
}

/** Per-phase medians of the first `learn` points, repeated over the whole length. */
export function seasonalOf(xs: number[], period: number, learn = xs.length): number[] {
  const phases: number[][] = Array.from({ length: period }, () => []);
  for (let i = 0; i < learn; i++) phases[i % period]!.push(xs[i]!);
  const med = phases.map((p) => (p.length ? median(p) : 0));
  return xs.map((_, i) => med[i % period]!);
}


/** A score below this is not a period (the documented examples' rejected candidates score under it). */
const SIGNIFICANT = 0.5;

/** The score of one period, 0 when not significant (series_periods_validate). */
export function validatePeriod(xs: number[], period: number): number {
  const s = Number.isInteger(period) ? periodScorer(xs)(period) : 0;
  return s < SIGNIFICANT ? 0 : s;
}

/**
 * Scores periods of one series. The significance of a period is the share of the series' spread
 * (absolute deviations from its median, after its robust linear trend is removed) that its per-phase
 * medians explain, adjusted for the p medians fitted so that long periods do not score by
 * overfitting, clipped to [0, 1]. The real engine's score is unpublished; this one keeps the
 * documented bounds (periods of at least 4 points, the series holding more than two of them).
 */
function periodScorer(raw: number[]): (period: number) => number {
  const n = raw.length;
  const xs = detrended(raw);
  const m = median(xs);
  const total = xs.reduce((a, v) => a + Math.abs(v - m), 0);
  return (p) => {
    if (total === 0 || p < 4 || 2 * p >= n) return 0;
    const s = seasonalOf(xs, p);
    const rest = xs.reduce((a, v, i) => a + Math.abs(v - s[i]!), 0);
    return Math.max(0, Math.min(1, 1 - (rest / (n - p)) / (total / (n - 1))));
  };
}

/**
 * The series less its robust linear trend: the median slope between points half the series apart
 * (every phase of a seasonal series contributes, so the pattern does not tilt the slope).
 */
function detrended(xs: number[]): number[] {
  const h = Math.floor(xs.length / 2);
  const slopes: number[] = [];
  for (let i = 0; i + h < xs.length; i++) slopes.push((xs[i + h]! - xs[i]!) / h);
  const slope = h > 0 ? median(slopes) : 0;
  return xs.map((v, i) => v - slope * i);
}

/**
 * The most significant integer periods in [min, max]: local maxima of the score that are not
 * multiples of a significant shorter period, best first, padded with zeros to `count`.
 */
export function detectPeriods(xs: number[], min: number, max: number, count: number): { periods: number[]; scores: number[] } {
  const lo = Math.max(4, Math.ceil(min));
  const hi = Math.min(Math.floor(max), Math.floor((xs.length - 1) / 2));
  const periodScore = periodScorer(xs);
  const score = new Map<number, number>();
  for (let p = lo - 1; p <= hi + 1; p++) score.set(p, p >= lo && p <= hi ? periodScore(p) : 0);
  const found: { p: number; s: number }[] = [];
  for (let p = lo; p <= hi; p++) {
    const s = score.get(p)!;
    if (s < SIGNIFICANT || s < score.get(p - 1)! || s < score.get(p + 1)!) continue;
    if (found.some((f) => p % f.p === 0)) continue;
    found.push({ p, s });
  }
  found.sort((a, b) => b.s - a.s || a.p - b.p);
  const top = found.slice(0, Math.max(0, count));
  const periods = top.map((f) => f.p);
  const scores = top.map((f) => f.s);
  while (periods.length < count) { periods.push(0); scores.push(0); }
  return { periods, scores };
}

/** The period series_decompose uses: the given one, none (0), or the best detected one above the threshold. */
export function choosePeriod(xs: number[], seasonality: number, threshold: number): number {
  if (seasonality > 0) return Math.round(seasonality);
  if (seasonality === 0) return 0;
  const { periods, scores } = detectPeriods(xs, 4, xs.length / 2, 1);
  return scores[0]! > threshold ? periods[0]! : 0;
}

/** The least-squares line of `ys`, over `n` points. */
function lineOf(ys: number[], n: number): number[] {
  const { slope, interception } = fitLine(ys);
  return Array.from({ length: n }, (_, i) => interception + slope * (i + 1));
}

/** Seasonal, then trend of the deseasoned series, learning from all but the last `testPoints`. */
export function decompose(xs: number[], period: number, trend: Trend, testPoints: number): Decomposition {
  const n = xs.length;
  const learn = Math.max(0, n - Math.max(0, testPoints));
  // With a linear trend, the phase medians are taken around the least-squares line: taken from the
  // raw series they would absorb each period's share of the trend as a within-period ramp.
  const level = trend === 'linefit' ? lineOf(xs.slice(0, learn), n) : xs.map(() => 0);
  const seasonal = period > 0 ? seasonalOf(xs.map((v, i) => v - level[i]!), period, learn) : xs.map(() => 0);
  const deseasoned = xs.slice(0, learn).map((v, i) => v - seasonal[i]!);
  let trendSeries: number[];
  if (trend === 'linefit') trendSeries = lineOf(deseasoned, n); else if (trend === 'avg') {
    const avg = learn ? deseasoned.reduce((a, b) => a + b, 0) / learn : 0;
    trendSeries = xs.map(() => avg);
  } else trendSeries = xs.map(() => 0);
  const baseline = xs.map((_, i) => seasonal[i]! + trendSeries[i]!);
  return { baseline, seasonal, trend: trendSeries, residual: xs.map((v, i) => v - baseline[i]!) };
}

/**
 * Tukey fence scores: 0 inside [Q_low, Q_high], otherwise the distance beyond the nearer fence in units
 * of Q_high - Q_low (in the series' own units when that range is 0). `ignore` marks missing points,
 * which score 0 and do not enter the percentiles; so do the last `testPoints`.
 */
export function outlierScores(xs: (number | null)[], low: number, high: number, testPoints = 0, ignore: number | null = null): number[] {
  const missing = (v: number | null): v is null => v === null || Number.isNaN(v) || (ignore !== null && v === ignore);
  const learn = xs.length - Math.max(0, testPoints);
  const known = xs.slice(0, learn).filter((v): v is number => !missing(v)).sort((a, b) => a - b);
  const qLow = percentileSorted(known, low);
  const qHigh = percentileSorted(known, high);
  const range = qHigh - qLow;
  const unit = range > 0 ? range : 1;
  return xs.map((v) => {
    if (missing(v) || known.length === 0) return 0;
    if (v > qHigh) return (v - qHigh) / unit;
    if (v < qLow) return (v - qLow) / unit;
    return 0;
  });
}
