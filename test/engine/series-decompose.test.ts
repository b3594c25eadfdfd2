// The series decomposition family against what its documentation pages state where they only render a
// chart (learn.microsoft.com/kusto/query/series-decompose-anomalies-function, series-decompose-function,
// series-decompose-forecast-function, series-outliers-function, series-fit-2lines-function), and step
// by step on series small enough to work out by hand. The pages' rand() noise is replaced by hash()
// noise of the same range, so that runs are reproducible.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { WireValue } from '../../src/kql/table.js';
import { one } from './run-print.js';

/** The documentation's five weeks of hourly points with weekly seasonality, an upward trend and six outliers. */
const WEEKS = `let ts=range t from 1 to 24*7*5 step 1
| extend y = 2*(hash(t) % 1000)/1000.0 + iff((t/24)%7>=5, 5.0, 15.0) - (((t%24)/10)*((t%24)/10)) + t/72.0
| extend y=iff(t==150 or t==200 or t==780, y-8.0, y)
| extend y=iff(t==300 or t==400 or t==600, y+8.0, y)
| summarize y=make_list(y, 10000);`;

/** The points a flag series marks, as [t, flag] with t counted from 1 as the documentation's range is. */
function flagged(flags: WireValue): number[][] {
  return (flags as number[]).flatMap((f, i) => (f === 0 ? [] : [[i + 1, f]]));
}

describe('series_decompose_anomalies', () => {
  it('with linefit trend and threshold 2.5 flags exactly the inserted dips and spikes (the page\'s last example)', () => {
    const [flags] = one(`${WEEKS}\nts | project (flag, score, baseline) = series_decompose_anomalies(y, 2.5, -1, 'linefit') | project flag`);
    expect(flagged(flags)).toEqual([[150, -1], [200, -1], [300, 1], [400, 1], [600, 1], [780, -1]]);
  });

  it('names its three columns after the series and is the baseline, scores and flags of the decomposition', () => {
    const { query } = compileQuery('print y=dynamic([1, 1, 1, 1, 1, 1, 1, 1, 1, 30]) | extend series_decompose_anomalies(y, 1.5, 0, "avg")');
    const r = query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' });
    expect(r.columns.map((c) => c.name)).toEqual(['y', 'series_decompose_anomalies_y_ad_flag', 'series_decompose_anomalies_y_ad_score', 'series_decompose_anomalies_y_baseline']);
    // No season, average trend 3.9: residuals -2.9 (nine times) and 26.1; the 10th and 90th
    // percentiles are -2.9 and -2.9 + 0.1 * 29 = 0 (linear interpolation), so the spike scores 26.1 / 2.9.
    const [, flags, scores, baseline] = r.rows[0]!;
    expect(flags).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect((scores as number[])[9]).toBeCloseTo(26.1 / 2.9, 9);
    expect((baseline as number[]).every((b) => Math.abs(b - 3.9) < 1e-9)).toBe(true);
  });
});

describe('series_decompose', () => {
  it('detects the weekly period and, with linefit, leaves residuals of the noise and the outliers only', () => {
    const [period] = one(`${WEEKS}\nts | project p = series_periods_detect(y, 4.0, 420.0, 1)`);
    expect(period).toEqual([168]);
    const [residual] = one(`${WEEKS}\nts | project (b, s, t, r) = series_decompose(y, -1, 'linefit') | project r`);
    const big = (residual as number[]).flatMap((r, i) => (Math.abs(r) > 3 ? [i + 1] : []));
    expect(big).toEqual([150, 200, 300, 400, 600, 780]);
  });

  it('is seasonal medians plus a fitted line: a symmetric pattern on a line decomposes exactly', () => {
    // x = pattern [1, -1, -1, 1] + 3 + 0.5 i: the pattern has no slope over whole periods, so the
    // least-squares line is 3 + 0.5 i, the phase medians are the pattern, and nothing is left over.
    const x = Array.from({ length: 12 }, (_, i) => [1, -1, -1, 1][i % 4]! + 3 + 0.5 * i);
    const [baseline, seasonal, trend, residual] = one(`print y=dynamic(${JSON.stringify(x)}) | project series_decompose(y, 4, 'linefit')`);
    (seasonal as number[]).forEach((s, i) => expect(s).toBeCloseTo([1, -1, -1, 1][i % 4]!, 9));
    (trend as number[]).forEach((t, i) => expect(t).toBeCloseTo(3 + 0.5 * i, 9));
    (baseline as number[]).forEach((b, i) => expect(b).toBeCloseTo(x[i]!, 9));
    (residual as number[]).forEach((r) => expect(r).toBeCloseTo(0, 9));
  });

  it('without season or trend is baseline 0 and residual x, as documented', () => {
    const [b, s, t, r] = one('print y=dynamic([3, 1, 4, 1, 5]) | project series_decompose(y, 0, "none")');
    expect([b, s, t, r]).toEqual([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [3, 1, 4, 1, 5]]);
  });

  it('rejects a trend it does not know, naming the function, at the argument', () => {
    const { query, errors } = compileQuery('print y=dynamic([1, 2, 3]) | project series_decompose(y, 0, "cubic")');
    expect(query).toBeUndefined();
    expect(errors.map((e) => [e.message, e.line, e.column])).toEqual([["series_decompose(): the trend must be 'avg', 'linefit' or 'none', not 'cubic'", 1, 61]]);
  });
});

describe('series_decompose_forecast', () => {
  it('forecasts the empty fifth week from four weeks within the noise of the noiseless pattern', () => {
    const kql = `let ts=range t from 1 to 24*7*5 step 1
| extend y = iff(t > 24*7*4, 0.0, 2*(hash(t) % 1000)/1000.0 + iff((t/24)%7>=5, 5.0, 15.0) - (((t%24)/10)*((t%24)/10)) + t/72.0)
| extend clean = 1.0 + iff((t/24)%7>=5, 5.0, 15.0) - (((t%24)/10)*((t%24)/10)) + t/72.0
| summarize y=make_list(y, 10000), clean=make_list(clean, 10000);
ts | project f = series_decompose_forecast(y, 24*7, -1, 'linefit'), clean`;
    const [f, clean] = one(kql);
    const week5 = (f as number[]).slice(24 * 7 * 4).map((v, i) => Math.abs(v - (clean as number[])[24 * 7 * 4 + i]!));
    expect(week5).toHaveLength(168);
    expect(Math.max(...week5)).toBeLessThan(1.5);
  });
});

describe('series_outliers', () => {
  it('scores by Tukey fences: 25th/75th percentiles for tukey, distances in units of their range', () => {
    // Sorted 1..9, 100: the 25th percentile is 3.25 and the 75th 7.75 (linear interpolation).
    const [s] = one('print s = series_outliers(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]), "tukey")');
    const expected = [(1 - 3.25) / 4.5, (2 - 3.25) / 4.5, (3 - 3.25) / 4.5, 0, 0, 0, 0, (8 - 7.75) / 4.5, (9 - 7.75) / 4.5, (100 - 7.75) / 4.5];
    (s as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 9));
  });

  it('leaves ignored and missing points at 0 and out of the percentiles', () => {
    const [s] = one('print s = series_outliers(dynamic([-1, 10, 10, 10, 10, 10, 10, 10, 10, 50]), "ctukey", -1)');
    expect((s as number[])[0]).toBe(0);
    expect((s as number[])[9]).toBeGreaterThan(1.5);
  });

  it('rejects percentiles outside [2, 98]', () => {
    const { errors } = compileQuery('print s = series_outliers(dynamic([1, 2, 3]), "ctukey", 0, 1, 90)');
    expect(errors.map((e) => e.message)).toEqual(['series_outliers(): the percentiles must lie in [2, 98] with the minimum below the maximum (got 1, 90)']);
  });
});

describe('series_fit_2lines', () => {
  it('finds the break of two exact lines and reports each side as series_fit_line would', () => {
    const r = one('print y=dynamic([1, 2, 3, 4, 10, 8, 6, 4]) | project series_fit_2lines(y)');
    const [rsquare, split, , rvariance, lineFit, rR2, rSlope, rIntercept, , , lR2, lSlope, lIntercept] = r;
    expect([rsquare, split, rvariance, rR2, rSlope, rIntercept, lR2, lSlope, lIntercept]).toEqual([1, 4, 0, 1, -2, 12, 1, 1, 0]);
    expect(lineFit).toEqual([1, 2, 3, 4, 10, 8, 6, 4]);
    const [bag] = one('print b = series_fit_2lines_dynamic(dynamic([1, 2, 3, 4, 10, 8, 6, 4]))');
    expect(bag).toMatchObject({ rsquare: 1, split_idx: 4, right: { slope: -2, interception: 12 }, left: { slope: 1, interception: 0 } });
  });
});
