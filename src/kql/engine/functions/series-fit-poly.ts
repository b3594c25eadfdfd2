// Polynomial regression (series_fit_poly): the least-squares polynomial of the given degree from x
// (default 1..n) to y, solved by Householder QR of the Vandermonde matrix rather than the normal
// equations, which lose the fit's digits at the high degrees the documentation's examples use.
// variance, rvariance and rsquare are series_fit_line's (the documentation shows degree 1 giving
// series_fit_line's values): sums of squares over n - 1, rsquare = 1 - residual / total.
import { markReals } from '../../json.js';
import type { Dyn, Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';
import { nums } from './series.js';

interface PolyFit { rsquare: number; coefficients: number[]; variance: number; rvariance: number; poly_fit: number[] }

/** Least squares of A·c = y (A is rows × cols, rows ≥ cols); null when A's columns are dependent. */
function leastSquares(a: number[][], y: number[]): number[] | null {
  const rows = a.length, cols = a[0]!.length;
  const r = a.map((row) => [...row]);
  const b = [...y];
  for (let k = 0; k < cols; k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm += r[i]![k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) return null;
    const alpha = r[k]![k]! > 0 ? -norm : norm;
    const v = new Array<number>(rows).fill(0);
    for (let i = k; i < rows; i++) v[i] = r[i]![k]!;
    v[k] = v[k]! - alpha;
    const vv = v.reduce((t, x) => t + x * x, 0);
    const reflect = (get: (i: number) => number, set: (i: number, x: number) => void): void => {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += v[i]! * get(i);
      const f = (2 * dot) / vv;
      for (let i = k; i < rows; i++) set(i, get(i) - f * v[i]!);
    };
    for (let j = k; j < cols; j++) reflect((i) => r[i]![j]!, (i, x) => { r[i]![j] = x; });
    reflect((i) => b[i]!, (i, x) => { b[i] = x; });
  }
  const scale = Math.max(...Array.from({ length: cols }, (_, k) => Math.abs(r[k]![k]!)));
  const c = new Array<number>(cols).fill(0);
  for (let k = cols - 1; k >= 0; k--) {
    if (Math.abs(r[k]![k]!) <= scale * 1e-13) return null;
    let s = b[k]!;
    for (let j = k + 1; j < cols; j++) s -= r[k]![j]! * c[j]!;
    c[k] = s / r[k]![k]!;
  }
  return c;
}

/** Coefficients from the highest power down, as documented. Null when the fit is not determined. */
function fitPoly(ys: number[], xs: number[], degree: number): PolyFit | null {
  const n = ys.length;
  if (n === 0 || xs.length !== n || n < degree + 1) return null;
  const a = xs.map((x) => Array.from({ length: degree + 1 }, (_, p) => x ** (degree - p)));
  // Columns scaled to unit length: x⁵ over x = 1..1000 is 10¹⁵ times the constant column, which would
  // otherwise read as a dependent column.
  const norms = a[0]!.map((_, j) => Math.sqrt(a.reduce((t, row) => t + row[j]! ** 2, 0)) || 1);
  const scaled = leastSquares(a.map((row) => row.map((v, j) => v / norms[j]!)), ys);
  if (!scaled) return null;
  const coefficients = scaled.map((k, j) => k / norms[j]!);
  const poly_fit = xs.map((x) => coefficients.reduce((acc, k) => acc * x + k, 0));
  const mean = ys.reduce((t, y) => t + y, 0) / n;
  const ssTot = ys.reduce((t, y) => t + (y - mean) ** 2, 0);
  const ssRes = ys.reduce((t, y, i) => t + (y - poly_fit[i]!) ** 2, 0);
  return {
    rsquare: ssTot === 0 ? 1 : 1 - ssRes / ssTot, coefficients,
    variance: n > 1 ? ssTot / (n - 1) : 0, rvariance: n > 1 ? ssRes / (n - 1) : 0, poly_fit,
  };
}

function fitOf(y: Val, x: Val | undefined, degree: Val | undefined): PolyFit | null {
  const ys = nums(y)?.map((v) => v ?? 0);
  if (!ys) return null;
  const xs = x === undefined || x === null ? ys.map((_, i) => i + 1) : nums(x)?.map((v) => v ?? 0);
  const d = degree === undefined || degree === null ? 1 : degree;
  if (!xs || typeof d !== 'number' || !Number.isInteger(d) || d < 0) return null;
  return fitPoly(ys, xs, d);
}

export const seriesFitPolyFunctions: Record<string, FnImpl> = {
  series_fit_poly: (c) => lift(c, () => (y: Val, x?: Val, degree?: Val) => {
    const r = fitOf(y, x, degree);
    // Fields in Kusto.Language's order of the tuple's columns.
    const fields: Dyn[] = r ? [r.rsquare, markReals(r.coefficients), r.variance, r.rvariance, markReals(r.poly_fit)] : [null, null, null, null, null];
    return c.named ? fields[0]! : fields;
  }),
};
