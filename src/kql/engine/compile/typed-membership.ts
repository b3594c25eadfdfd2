// `between` with bounds fixed for the run and `in`/`!in` with a fixed list, over a typed column: read
// from its Float64Array or its 32-bit words instead of a boxed value (a bigint for ticks) per row.
// Anything else (bounds of another storage, a long bound beyond 2^53 against numbers) takes the
// general path, which the typed path answers exactly as.
import type { Table } from '../table.js';
import { type Val, isIntegral, isNum, isTick } from '../values.js';
import { type TypedVec, approxAt, compareWords, isNullAt, wordsOf } from '../vectors.js';
import type { CExpr, Runtime } from './context.js';


function withTyped(v: CExpr, general: CExpr, compute: (vec: TypedVec, rt: Runtime) => Val[] | undefined): CExpr {
  const typed = v.typed!;
  return {
    type: 'bool',
    ev: (t: Table, rt: Runtime) => {
      const vec = typed(t, rt);
      return (vec && compute(vec, rt)) ?? general.ev(t, rt);
    },
  };
}

/**
 * `v between (lo .. hi)` (`hiIsSpan`: hi is a timespan after lo). Null when v or a bound is null or
 * NaN (the general comparer's null), else whether lo <= v <= hi, negated for !between.
 */
export function typedBetween(v: CExpr, lo: CExpr, hi: CExpr, hiIsSpan: boolean, negate: boolean, general: CExpr): CExpr {
  const nums = isNum(v.type) && isNum(lo.type) && isNum(hi.type);
  const ticks = isTick(v.type) && isTick(lo.type) && isTick(hi.type);
  if (!v.typed || !lo.constant || !hi.constant || !(nums || ticks)) return general;
  const bounds = (rt: Runtime): [Val, Val] => {
    const a = lo.constant!(rt);
    const b = hi.constant!(rt);
    return [a, hiIsSpan && typeof a === 'bigint' && typeof b === 'bigint' ? a + b : b];
  };
  // A long column beyond 2^53 meets real bounds as reals: left to the general comparer.
  const exactInts = !nums || (isIntegral(lo.type) && isIntegral(hi.type));
  return withTyped(v, general, (vec, rt) => {
    const [a, b] = bounds(rt);
    if (vec.kind === 'f64') return typeof a === 'number' && typeof b === 'number' ? numbersBetween(vec, a, b, negate) : undefined;
    const ok = exactInts && (typeof a === 'bigint' || Number.isSafeInteger(a)) && (typeof b === 'bigint' || Number.isSafeInteger(b));
    return ok ? wordsBetween(vec, BigInt(a as number | bigint), BigInt(b as number | bigint), negate) : undefined;
  });
}

function numbersBetween(v: TypedVec & { kind: 'f64' }, a: number, b: number, negate: boolean): Val[] {
  const n = v.values.length;
  const out = new Array<Val>(n);
  const xs = v.values;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    out[i] = isNullAt(v.nulls, i) || x !== x || a !== a || b !== b ? null : (x >= a && x <= b) !== negate;
  }
  return out;
}

function wordsBetween(v: TypedVec & { kind: 'i64' }, a: bigint, b: bigint, negate: boolean): Val[] {
  const n = v.values.length;
  const out = new Array<Val>(n);
  const [ah, al] = wordsOf(a);
  const [bh, bl] = wordsOf(b);
  const w = v.words;
  for (let i = 0; i < n; i++) {
    out[i] = isNullAt(v.nulls, i) ? null : (compareWords(w, i, ah, al) >= 0 && compareWords(w, i, bh, bl) <= 0) !== negate;
  }
  return out;
}

/**
 * `left in (list)` for a typed number, long or ticks column, where `set` holds the list's keys as
 * compileIn normalizes them (numbers as reals, ticks as bigints). A null row is in no list.
 */
export function typedIn(left: CExpr, set: (rt: Runtime) => Set<unknown>, negate: boolean, general: CExpr): CExpr {
  if (!left.typed) return general;
  const ticks = isTick(left.type);
  return withTyped(left, general, (vec, rt) => {
    const s = set(rt);
    const n = vec.values.length;
    const out = new Array<Val>(n);
    if (vec.kind === 'f64' || !ticks) {
      // A long beyond 2^53 is looked up as its nearest real, as convert() makes it.
      const at = vec.kind === 'f64' ? ((xs) => (i: number) => xs[i]!)(vec.values) : ((w) => (i: number) => approxAt(w, i))(vec.words);
      for (let i = 0; i < n; i++) out[i] = isNullAt(vec.nulls, i) ? negate : s.has(at(i)) !== negate;
      return out;
    }
    const member = tickMembers(s);
    const w = vec.words;
    for (let i = 0; i < n; i++) out[i] = isNullAt(vec.nulls, i) ? negate : member(w, i) !== negate;
    return out;
  });
}

const tickSets = new WeakMap<Set<unknown>, (w: Int32Array, i: number) => boolean>();

/** Whether row i's ticks are one of the set's bigints: found by their nearest double, confirmed exactly. */
function tickMembers(s: Set<unknown>): (w: Int32Array, i: number) => boolean {
  let f = tickSets.get(s);
  if (f) return f;
  const byApprox = new Map<number, [number, number][]>();
  for (const k of s) {
    if (typeof k !== 'bigint') continue;
    const [hi, lo] = wordsOf(k);
    const d = Number(k);
    const list = byApprox.get(d);
    if (list) list.push([hi, lo]);
    else byApprox.set(d, [[hi, lo]]);
  }
  f = (w, i) => byApprox.get(approxAt(w, i))?.some(([hi, lo]) => compareWords(w, i, hi, lo) === 0) ?? false;
  tickSets.set(s, f);
  return f;
}
