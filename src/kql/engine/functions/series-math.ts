// Element-wise math over numeric series (series_sin, series_log, ...) and their reductions
// (series_dot_product, series_magnitude, series_product, series_cosine_similarity).
import type { Val } from '../values.js';
import { type FnImpl, lift } from './lift.js';
import { nums } from './series.js';

function unary(f: (x: number) => number): FnImpl {
  return (c) => lift(c, () => (a) => nums(a)?.map((x) => (x === null ? null : f(x))) ?? null);
}

/** Two series of equal use: a scalar second argument stands for a series of that value. */
function pairs(a: Val, b: Val): [number, number][] | null {
  const x = nums(a);
  if (!x) return null;
  const y = nums(b);
  const s = typeof b === 'number' ? b : null;
  if (!y && s === null) return null;
  const n = y ? Math.min(x.length, y.length) : x.length;
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const p = x[i] ?? null;
    const q = y ? y[i] ?? null : s;
    if (p !== null && q !== null) out.push([p, q]);
  }
  return out;
}

function dot(ps: [number, number][]): number {
  return ps.reduce((t, [p, q]) => t + p * q, 0);
}

export const seriesMathFunctions: Record<string, FnImpl> = {
  series_acos: unary(Math.acos),
  series_asin: unary(Math.asin),
  series_atan: unary(Math.atan),
  series_cos: unary(Math.cos),
  series_sin: unary(Math.sin),
  series_tan: unary(Math.tan),
  series_exp: unary(Math.exp),
  series_log: unary(Math.log),
  series_ceiling: unary(Math.ceil),
  series_floor: unary(Math.floor),
  series_sign: unary((x) => Math.sign(x)),
  series_dot_product: (c) => lift(c, () => (a, b) => {
    const ps = pairs(a, b);
    return ps ? dot(ps) : null;
  }),
  series_magnitude: (c) => lift(c, () => (a) => {
    const x = nums(a);
    return x ? Math.sqrt(x.reduce<number>((t, v) => (v === null ? t : t + v * v), 0)) : null;
  }),
  series_product: (c) => lift(c, () => (a) => {
    const x = nums(a);
    return x ? x.reduce<number>((t, v) => (v === null ? t : t * v), 1) : null;
  }),
  series_cosine_similarity: (c) => lift(c, () => (a, b) => {
    const ps = pairs(a, b);
    if (!ps) return null;
    const na = Math.sqrt(ps.reduce((t, [p]) => t + p * p, 0));
    const nb = Math.sqrt(ps.reduce((t, [, q]) => t + q * q, 0));
    return dot(ps) / (na * nb);
  }),
};

