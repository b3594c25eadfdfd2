// series_fit_poly, whose page (learn.microsoft.com/kusto/query/series-fit-poly-function) shows charts
// and tables of random or sample data: checked against what those tables state (degree 1 is
// series_fit_line, field for field; rsquare = 1 - rvariance / variance) and against least squares
// itself (the residual is orthogonal to every power of x; an exact polynomial comes back exactly).
// The first example's rand() noise is replaced by hash() noise of the same range.
import { describe, expect, it } from 'vitest';
import { one } from './run-print.js';

/** The first example's fifth-order polynomial over 200 x in [-2.3, 2.7), with ±25% noise on y when `noisy`. */
const quintic = (noisy: boolean): string => `range i from 1 to 200 step 1
| project x = (hash(i) % 10000) / 10000.0 * 5 - 2.3, i
| extend y = pow(x, 5)-8*pow(x, 3)+10*x+6
| extend y = y + ${noisy ? '((hash(i * 7) % 10000) / 10000.0 - 0.5)*0.5*y' : '0'}
| summarize x=make_list(x), y=make_list(y)`;

describe('series_fit_poly', () => {
  it('recovers an exact polynomial: coefficients from the highest power, rsquare 1, no residual', () => {
    const [coefficients, rsquare, rvariance, fit, y] = one(`${quintic(false)}
| extend series_fit_poly(y, x, 5)
| project series_fit_poly_y_coefficients, series_fit_poly_y_rsquare, series_fit_poly_y_rvariance, series_fit_poly_y_poly_fit, y`);
    [1, 0, -8, 0, 10, 6].forEach((k, i) => expect((coefficients as number[])[i]).toBeCloseTo(k, 9));
    expect(rsquare).toBeCloseTo(1, 12);
    expect(rvariance).toBeLessThan(1e-18);
    (fit as number[]).forEach((f, i) => expect(f).toBeCloseTo((y as number[])[i]!, 9));
  });

  it('fits a fifth degree over the default x = 1..1000, whose powers span fifteen orders of magnitude', () => {
    const [coefficients] = one(`range x from 1 to 1000 step 1 | extend y = 0.000001*pow(x, 5) - 3*x*x + 7
| summarize y = make_list(y) | extend series_fit_poly(y, dynamic(null), 5) | project series_fit_poly_y_coefficients`) as [number[]];
    // Each term's error at x = 1000, where y is 10⁹, within 10⁻³.
    [1e-6, 0, 0, -3, 0, 7].forEach((k, i) => expect(Math.abs(coefficients[i]! - k) * 1000 ** (5 - i), `x^${5 - i}`).toBeLessThan(1e-3));
  });

  it('on the noisy quintic leaves a residual orthogonal to x⁰..x⁵, with the fields related as the page\'s table shows', () => {
    const [x, y, rsquare, coefficients, variance, rvariance, fit] = one(`${quintic(true)}\n| extend series_fit_poly(y, x, 5)`) as [number[], number[], number, number[], number, number, number[]];
    const n = y.length;
    const residual = y.map((v, i) => v - fit[i]!);
    for (let p = 0; p <= 5; p++) {
      const dot = residual.reduce((t, r, i) => t + r * x[i]! ** p, 0);
      const scale = Math.sqrt(residual.reduce((t, r) => t + r * r, 0) * x.reduce((t, v) => t + v ** (2 * p), 0));
      expect(Math.abs(dot) / scale, `x^${p}`).toBeLessThan(1e-10);
    }
    x.forEach((v, i) => expect(fit[i]).toBeCloseTo(coefficients.reduce((acc, k) => acc * v + k, 0), 9));
    const mean = y.reduce((t, v) => t + v, 0) / n;
    expect(variance).toBeCloseTo(y.reduce((t, v) => t + (v - mean) ** 2, 0) / (n - 1), 9);
    expect(rvariance).toBeCloseTo(residual.reduce((t, r) => t + r * r, 0) / (n - 1), 9);
    expect(rsquare).toBeCloseTo(1 - rvariance / variance, 12);
    expect(rsquare).toBeGreaterThan(0.9);
  });

  it('with degree 1 and no x is series_fit_line: same rsquare, variance, rvariance, [slope, interception] and fit (the page\'s second example)', () => {
    const r = one(`print y = dynamic([3, 8, 2, 9, 14, 11, 20, 18, 25, 21])
| extend series_fit_line(y)
| extend series_fit_poly(y)
| project-away y`) as [number, number, number, number, number, number[], number, number[], number, number, number[]];
    const [lr, slope, lv, lrv, intercept, lineFit, pr, coefficients, pv, prv, polyFit] = r;
    expect(pr).toBeCloseTo(lr, 12);
    expect(pv).toBeCloseTo(lv, 12);
    expect(prv).toBeCloseTo(lrv, 12);
    expect(coefficients[0]).toBeCloseTo(slope, 12);
    expect(coefficients[1]).toBeCloseTo(intercept, 12);
    polyFit.forEach((v, i) => expect(v).toBeCloseTo(lineFit[i]!, 12));
  });

  it('takes the degree as the page writes it, a long literal, and is null where the fit is not determined', () => {
    const [few, tied, bad] = one(`print few = series_fit_poly(dynamic([1, 2]), dynamic([1, 2]), 2),
  tied = series_fit_poly(dynamic([1, 2, 3]), dynamic([5, 5, 5]), 1),
  bad = series_fit_poly(dynamic([1, 2, 3]), dynamic([1, 2]), 1)`);
    expect([few, tied, bad]).toEqual([null, null, null]);
  });
});
