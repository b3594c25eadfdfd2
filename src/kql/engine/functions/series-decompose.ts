// The series decomposition family: series_decompose, series_decompose_anomalies,
// series_decompose_forecast, series_seasonal, series_outliers, series_periods_detect and
// series_periods_validate. Tuple-valued functions return one value per field, in Kusto.Language's
// order of the tuple's columns, or the first field when the call is assigned to one name.
import { markReals } from '../../json.js';
import { CompileError } from '../errors.js';
import type { Dyn, Val } from '../values.js';
import { type CallInfo, type FnImpl, constArg, lift } from './lift.js';
import { nums } from './series.js';
import { type Trend, choosePeriod, decompose, detectPeriods, outlierScores, seasonalOf, validatePeriod } from './series-analysis.js';

const TRENDS = new Set<Trend>(['avg', 'linefit', 'none']);

/** The series with missing elements as 0 (make-series' default fill); null when not an array. */
function series(v: Val): number[] | null {
  const s = nums(v);
  return s ? s.map((x) => (x === null || Number.isNaN(x) ? 0 : x)) : null;
}

function num(v: Val | undefined, dflt: number): number {
  return typeof v === 'number' ? v : dflt;
}

function trendOf(fn: string, v: Val | undefined, dflt: Trend): Trend {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'string' && TRENDS.has(v as Trend)) return v as Trend;
  throw new Error(`${fn}(): the trend must be 'avg', 'linefit' or 'none', not '${String(v)}'`);
}

function percentilesOf(fn: string, kind: Val | undefined, low: Val | undefined, high: Val | undefined): [number, number] {
  const k = kind === undefined || kind === null || kind === '' ? 'ctukey' : kind;
  if (k === 'tukey') return [25, 75];
  if (k !== 'ctukey') throw new Error(`${fn}(): the method must be 'ctukey' or 'tukey', not '${String(kind)}'`);
  const lo = num(low, 10);
  const hi = num(high, 90);
  if (!(lo >= 2 && lo <= 98 && hi >= 2 && hi <= 98 && lo < hi)) {
    throw new Error(`${fn}(): the percentiles must lie in [2, 98] with the minimum below the maximum (got ${lo}, ${hi})`);
  }
  return [lo, hi];
}

/**
 * A literal argument is checked once, at compile time, so its mistake is reported at its position;
 * computed arguments are checked per row by the same function.
 */
function checked(c: CallInfo, i: number, check: (v: Val) => unknown): CallInfo {
  const v = constArg(c, i);
  if (v === undefined) return c;
  try {
    check(v);
  } catch (e) {
    throw new CompileError((e as Error).message, c.argAt[i]!.start, c.argAt[i]!.width);
  }
  return c;
}

/** The decompositions' series are reals (a whole one prints as 10.0); the anomaly flags are longs. */
function realSeries(...series: number[][]): Dyn[] {
  return series.map((s) => markReals(s));
}

function tuple(c: CallInfo, fields: Dyn[]): Val {
  return c.named ? fields[0]! : fields;
}

interface DecomposeArgs { seasonality: number; trend: Trend; testPoints: number; threshold: number }

function decomposition(xs: number[], a: DecomposeArgs) {
  const period = choosePeriod(xs.slice(0, Math.max(0, xs.length - a.testPoints)), a.seasonality, a.threshold);
  return decompose(xs, period, a.trend, a.testPoints);
}

const seriesDecompose: FnImpl = (c) => lift(checked(c, 2, (v) => trendOf(c.name, v, 'avg')), () => (v, seasonality, trend, testPoints, threshold) => {
  const xs = series(v);
  if (!xs) return tuple(c, [null, null, null, null]);
  const d = decomposition(xs, {
    seasonality: num(seasonality, -1), trend: trendOf(c.name, trend, 'avg'), testPoints: num(testPoints, 0), threshold: num(threshold, 0.6),
  });
  return tuple(c, realSeries(d.baseline, d.seasonal, d.trend, d.residual));
});

const seriesDecomposeAnomalies: FnImpl = (c) => lift(checked(checked(c, 3, (v) => trendOf(c.name, v, 'avg')), 5, (v) => percentilesOf(c.name, v, undefined, undefined)), () => (...a: Val[]) => {
  const [v, threshold, seasonality, trend, testPoints, method, seasonalityThreshold] = a;
  const xs = series(v);
  if (!xs) return tuple(c, [null, null, null]);
  const k = num(threshold, 1.5);
  const tp = num(testPoints, 0);
  const d = decomposition(xs, { seasonality: num(seasonality, -1), trend: trendOf(c.name, trend, 'avg'), testPoints: tp, threshold: num(seasonalityThreshold, 0.6) });
  const [lo, hi] = percentilesOf(c.name, method, undefined, undefined);
  const scores = outlierScores(d.residual, lo, hi, tp);
  const flags = scores.map((s) => (s > k ? 1 : s < -k ? -1 : 0));
  return tuple(c, [flags, ...realSeries(scores, d.baseline)]);
});

// Kusto.Language types it as series_decompose's tuple; assigned to one name it is the baseline, the
// forecast the documentation describes.
const seriesDecomposeForecast: FnImpl = (c) => lift(checked(c, 3, (v) => trendOf(c.name, v, 'avg')), () => (v, points, seasonality, trend, threshold) => {
  const xs = series(v);
  if (!xs) return tuple(c, [null, null, null, null]);
  const d = decomposition(xs, {
    seasonality: num(seasonality, -1), trend: trendOf(c.name, trend, 'avg'), testPoints: num(points, 0), threshold: num(threshold, 0.6),
  });
  return tuple(c, realSeries(d.baseline, d.seasonal, d.trend, d.residual));
});

const seriesSeasonal: FnImpl = (c) => lift(c, () => (v, period) => {
  const xs = series(v);
  if (!xs) return null;
  const p = num(period, -1);
  if (p > 0) return seasonalOf(xs, Math.round(p));
  if (p !== -1) return xs.map(() => 0);
  const detected = choosePeriod(xs, -1, 0.7);
  return detected > 0 ? seasonalOf(xs, detected) : xs.map(() => 0);
});

const seriesOutliers: FnImpl = (c) => lift(checked(c, 1, (v) => percentilesOf(c.name, v, constArg(c, 3), constArg(c, 4))), () => (v, kind, ignore, low, high) => {
  const xs = nums(v);
  if (!xs) return null;
  const [lo, hi] = percentilesOf(c.name, kind, low, high);
  return outlierScores(xs, lo, hi, 0, typeof ignore === 'number' ? ignore : null);
});

const seriesPeriodsDetect: FnImpl = (c) => lift(c, () => (v, min, max, count) => {
  const xs = series(v);
  if (!xs) return tuple(c, [null, null]);
  const r = detectPeriods(xs, num(min, 0), num(max, 0), num(count, 0));
  return tuple(c, [r.periods, r.scores]);
});

const seriesPeriodsValidate: FnImpl = (c) => lift(c, () => (v, ...periods: Val[]) => {
  const xs = series(v);
  const ps = periods.map((p) => num(p, 0));
  if (!xs) return tuple(c, [null, null]);
  return tuple(c, [ps as Dyn[], ps.map((p) => validatePeriod(xs, p))]);
});

export const seriesDecomposeFunctions: Record<string, FnImpl> = {
  series_decompose: seriesDecompose,
  series_decompose_anomalies: seriesDecomposeAnomalies,
  series_decompose_forecast: seriesDecomposeForecast,
  series_seasonal: seriesSeasonal,
  series_outliers: seriesOutliers,
  series_periods_detect: seriesPeriodsDetect,
  series_periods_validate: seriesPeriodsValidate,
};
