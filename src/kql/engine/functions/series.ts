// Series functions over dynamic numeric arrays (make-series output).
import { anyReals, markReals, markRealsWhere, realAt } from '../../json.js';
import type { Dyn, Val } from '../values.js';
import { type CallInfo, type FnImpl, lift } from './lift.js';

/** The elements of a numeric series (null where an element is not a number); null when v is not an array. */
export function nums(v: Val): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  return (v as Dyn[]).map((x) => (typeof x === 'number' ? x : x === null ? null : Number(x)));
}

/**
 * An element of an element-wise result is a real where either operand's element is one (a marked real
 * of its array, or a real scalar operand): the real engine keeps series_multiply of two long series long.
 */
function operandKinds(out: Dyn[], a: Val, b: Val, aReal: boolean, bReal: boolean): Dyn[] {
  const xs = Array.isArray(a) ? (a as Dyn[]) : null;
  const ys = Array.isArray(b) ? (b as Dyn[]) : null;
  const scalarReal = (!xs && aReal) || (!ys && bReal);
  if (!scalarReal && !anyReals([xs ?? [], ys ?? []])) return out;
  return markRealsWhere(out, (i) => scalarReal || (xs !== null && realAt(xs, i)) || (ys !== null && realAt(ys, i)));
}

function elementwise(f: (a: number, b: number) => number | boolean): FnImpl {
  return (c) => lift(c, ([ta, tb]) => (a, b) => {
    const x = nums(a);
    const y = nums(b);
    const sa = typeof a === 'number' ? a : null;
    const sb = typeof b === 'number' ? b : null;
    if (!x && !y) return null;
    const n = Math.max(x?.length ?? 0, y?.length ?? 0);
    const out: Dyn[] = [];
    for (let i = 0; i < n; i++) {
      const p = x ? x[i] ?? null : sa;
      const q = y ? y[i] ?? null : sb;
      out.push(p === null || q === null ? null : f(p, q));
    }
    return operandKinds(out, a, b, ta === 'real', tb === 'real');
  });
}

/**
 * The series_fill_* functions keep each element's kind, as the real engine does: element i of the result
 * came from element from[i] of the source (-1: the fill constant, a real when fillReal).
 */
function keptKinds(out: Dyn[], a: Val, from: number[], fillReal = false): Dyn[] {
  const src = a as Dyn[];
  if (!fillReal && !anyReals([src])) return out;
  return markRealsWhere(out, (i) => (from[i]! < 0 ? fillReal : realAt(src, from[i]!)));
}

const STATS_FIELDS = ['min', 'min_idx', 'max', 'max_idx', 'avg', 'stdev', 'variance'];
const FIT_FIELDS = ['rsquare', 'slope', 'variance', 'rvariance', 'interception', 'line_fit'];
const REAL_STATS = ['min', 'max', 'avg', 'stdev', 'variance', 'sum'];
const REAL_FIT = ['rsquare', 'slope', 'variance', 'rvariance', 'interception'];

function fields(c: CallInfo, r: { [k: string]: Dyn }, names: string[]): Val {
  if (c.named) return r[names[0]!] as Val;
  return names.map((n) => r[n] ?? null);
}

function isMissing(x: number | null, missing: Val | undefined): boolean {
  if (missing === undefined || missing === null) return x === null;
  return x === Number(missing);
}

function stats(s: number[]): { [k: string]: Dyn } {
  const n = s.length;
  if (n === 0) return { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null, sum: null, len: 0 };
  let mi = 0, ma = 0;
  s.forEach((v, i) => { if (v < s[mi]!) mi = i; if (v > s[ma]!) ma = i; });
  const avg = s.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? s.reduce((a, b) => a + (b - avg) ** 2, 0) / (n - 1) : 0;
  const r = { min: s[mi]!, min_idx: mi, max: s[ma]!, max_idx: ma, avg, stdev: Math.sqrt(variance), variance, sum: avg * n, len: n };
  return markReals(r, REAL_STATS);
}

function fitLine(s: number[]): { [k: string]: Dyn } {
  const n = s.length;
  const xs = s.map((_, i) => i + 1);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = s.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i]! - mx) * (s[i]! - my); sxx += (xs[i]! - mx) ** 2; }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  const line = xs.map((x) => interception + slope * x);
  const ssTot = s.reduce((a, y) => a + (y - my) ** 2, 0);
  const ssRes = s.reduce((a, y, i) => a + (y - line[i]!) ** 2, 0);
  const rsquare = ssTot === 0 ? 1 : 1 - ssRes / ssTot;
  const variance = n > 1 ? ssTot / (n - 1) : 0;
  const rvariance = n > 1 ? ssRes / (n - 1) : 0;
  return markReals({ rsquare, slope, variance, rvariance, interception, line_fit: markReals(line) }, REAL_FIT);
}

export const seriesFunctions: Record<string, FnImpl> = {
  series_add: elementwise((a, b) => a + b),
  series_subtract: elementwise((a, b) => a - b),
  series_multiply: elementwise((a, b) => a * b),
  series_divide: elementwise((a, b) => a / b),
  series_pow: elementwise((a, b) => Math.pow(a, b)),
  series_greater: elementwise((a, b) => a > b),
  series_greater_equals: elementwise((a, b) => a >= b),
  series_less: elementwise((a, b) => a < b),
  series_less_equals: elementwise((a, b) => a <= b),
  series_equals: elementwise((a, b) => a === b),
  series_not_equals: elementwise((a, b) => a !== b),
  // Non-numeric elements (nulls) do not count toward the sum.
  series_sum: (c) => lift(c, () => (a) => {
    const x = nums(a);
    return x ? x.reduce<number>((t, v) => (v === null || Number.isNaN(v) ? t : t + v), 0) : null;
  }),
  series_abs: (c) => lift(c, () => (a) => nums(a)?.map((x) => (x === null ? null : Math.abs(x))) ?? null),
  series_fill_const: (c) => lift(c, ([, kt]) => (a, k, missing) => {
    const s = nums(a);
    if (!s) return null;
    const from = s.map((x, i) => (isMissing(x, missing) ? -1 : i));
    return keptKinds(s.map((x, i) => (from[i]! < 0 ? (k as Dyn) : x)), a, from, kt === 'real' && k !== null);
  }),
  series_fill_forward: (c) => lift(c, () => (a, missing) => {
    const s = nums(a);
    if (!s) return null;
    let last = -1;
    const from = s.map((x, i) => (isMissing(x, missing) ? last : (last = i)));
    return keptKinds(from.map((j) => (j < 0 ? null : s[j]!)), a, from);
  }),
  series_fill_backward: (c) => lift(c, () => (a, missing) => {
    const s = nums(a);
    if (!s) return null;
    let next = -1;
    const from = new Array<number>(s.length);
    for (let i = s.length - 1; i >= 0; i--) from[i] = isMissing(s[i]!, missing) ? next : (next = i);
    return keptKinds(from.map((j) => (j < 0 ? null : s[j]!)), a, from);
  }),
  series_fill_linear: (c) => lift(c, () => (a, missing, fillEdges) => {
    const s = nums(a);
    if (!s) return null;
    const out: (number | null)[] = s.map((x) => (isMissing(x, missing) ? null : x));
    const known = out.map((x, i) => (x === null ? -1 : i)).filter((i) => i >= 0);
    for (let k = 0; k + 1 < known.length; k++) {
      const i = known[k]!, j = known[k + 1]!;
      for (let m = i + 1; m < j; m++) out[m] = out[i]! + ((out[j]! - out[i]!) * (m - i)) / (j - i);
    }
    if (fillEdges !== false && known.length) {
      for (let m = 0; m < known[0]!; m++) out[m] = out[known[0]!]!;
      for (let m = known[known.length - 1]! + 1; m < out.length; m++) out[m] = out[known[known.length - 1]!]!;
    }
    return out;
  }),
  series_stats_dynamic: (c) => lift(c, () => (a) => stats((nums(a) ?? []).filter((x): x is number => x !== null))),
  series_fit_line_dynamic: (c) => lift(c, () => (a) => fitLine((nums(a) ?? []).map((x) => x ?? 0))),
  series_iir: (c) => lift(c, () => (a, num, den) => {
    const x = (nums(a) ?? []).map((v) => v ?? 0);
    const b = nums(num)?.map((v) => v ?? 0) ?? [1];
    const d = nums(den)?.map((v) => v ?? 0) ?? [1];
    const a0 = d[0] || 1;
    const y: number[] = [];
    for (let n = 0; n < x.length; n++) {
      let acc = 0;
      for (let k = 0; k < b.length; k++) if (n - k >= 0) acc += b[k]! * x[n - k]!;
      for (let k = 1; k < d.length; k++) if (n - k >= 0) acc -= d[k]! * y[n - k]!;
      y.push(acc / a0);
    }
    return markReals(y);
  }),
  series_fir: (c) => lift(c, () => (a, filt, normalize, center) => {
    const x = (nums(a) ?? []).map((v) => v ?? 0);
    let f = nums(filt)?.map((v) => v ?? 0) ?? [1];
    const sum = f.reduce((p, q) => p + q, 0);
    if (normalize === true && sum !== 0) f = f.map((v) => v / sum);
    const shift = center === true ? Math.floor((f.length - 1) / 2) : 0;
    return x.map((_, n) => {
      let acc = 0;
      for (let k = 0; k < f.length; k++) { const i = n - k + shift; if (i >= 0 && i < x.length) acc += f[k]! * x[i]!; }
      return acc;
    });
  }),
  series_pearson_correlation: (c) => lift(c, () => (a, b) => {
    const x = (nums(a) ?? []).map((v) => v ?? 0);
    const y = (nums(b) ?? []).map((v) => v ?? 0);
    const n = Math.min(x.length, y.length);
    if (n === 0) return null;
    const mx = x.slice(0, n).reduce((p, q) => p + q, 0) / n;
    const my = y.slice(0, n).reduce((p, q) => p + q, 0) / n;
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) { sxy += (x[i]! - mx) * (y[i]! - my); sxx += (x[i]! - mx) ** 2; syy += (y[i]! - my) ** 2; }
    return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
  }),
  // Assigned to one name, the tuple-valued series_stats/series_fit_line keep their first field, as the
  // real engine does (min, rsquare); used for all fields (unnamed, or `(a, b) = ...`) they yield one
  // value per field, in the tuple's order, which extend/project spread over the columns.
  series_stats: (c) => lift(c, () => (a) => fields(c, stats((nums(a) ?? []).filter((x): x is number => x !== null)), STATS_FIELDS)),
  series_fit_line: (c) => lift(c, () => (a) => fields(c, fitLine((nums(a) ?? []).map((x) => x ?? 0)), FIT_FIELDS)),
  series_seq_dynamic: (c) => lift(c, () => (a) => a),
};
