// summarize's aggregates over typed vectors: count needs no values, and min/max/sum/avg/take_any/arg_max/
// dcount read a typed argument's Float64Array or 32-bit words. Each answers exactly as its boxed twin in
// aggregates.ts, or gives undefined (then the boxed one runs) where doubles could not stay exact.
import { decimalResult } from '../convert.js';
import { longFromReal } from '../long.js';
import { type KType, type Vec, isTick } from '../values.js';
import { type TypedVec, f64Vec, gatherTyped, i64Vec, isNullAt, nullBitmap, setNullAt } from '../vectors.js';
import { rowsByGroup } from './group-order.js';
import { valueIds } from './ids.js';

export interface TypedAggInput {
  /** The first argument, typed (absent for aggregates that read no values, as count). */
  x: TypedVec | undefined;
  type: KType;
  /** The boxed arguments after x (countif's condition, sumif's condition...). */
  args: Vec[];
  groups: Int32Array;
  G: number;
  ret: KType;
}

export interface TypedAggregate {
  /** Reads its first argument typed: runs only when that argument is typed. */
  typedX: boolean;
  run: (a: TypedAggInput) => TypedVec | Vec | undefined;
}

const TWO32 = 4294967296;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;


function counts(a: TypedAggInput, cond: Vec | undefined): TypedVec {
  const out = new Float64Array(a.G);
  const g = a.groups;
  for (let i = 0; i < g.length; i++) if (!cond || cond[i] === true) out[g[i]!]++;
  return f64Vec(out, null);
}

/**
 * The row holding each group's extreme (-1: none): nulls skipped, NaN wins and then sticks (as in
 * aggregates.ts extreme()), the first of equal values kept.
 */
function extremeRows(x: TypedVec, groups: Int32Array, G: number, dir: 1 | -1, cond?: Vec): Int32Array {
  const best = new Int32Array(G).fill(-1);
  const nulls = x.nulls;
  if (x.kind === 'f64') {
    const v = x.values;
    for (let i = 0; i < groups.length; i++) {
      if ((cond && cond[i] !== true) || isNullAt(nulls, i)) continue;
      const gi = groups[i]!;
      const b = best[gi]!;
      if (b === -1) { best[gi] = i; continue; }
      const cur = v[b]!;
      if (cur !== cur) continue;
      const y = v[i]!;
      if (y !== y || (dir > 0 ? y > cur : y < cur)) best[gi] = i;
    }
    return best;
  }
  const w = x.words;
  for (let i = 0; i < groups.length; i++) {
    if ((cond && cond[i] !== true) || isNullAt(nulls, i)) continue;
    const gi = groups[i]!;
    const b = best[gi]!;
    if (b === -1) { best[gi] = i; continue; }
    const h = w[2 * i + 1]! - w[2 * b + 1]!;
    const c = h !== 0 ? h : (w[2 * i]! >>> 0) - (w[2 * b]! >>> 0);
    if (dir > 0 ? c > 0 : c < 0) best[gi] = i;
  }
  return best;
}

/** arg_max/arg_min's row per group: its extreme, or its first row when all its values are null. */
export function argExtremeRows(x: TypedVec, groups: Int32Array, G: number, dir: 1 | -1): Int32Array {
  const best = extremeRows(x, groups, G, dir);
  for (let i = 0; i < groups.length; i++) if (best[groups[i]!] === -1) best[groups[i]!] = i;
  return best;
}

/** The value of each group's picked row, when the result type is x's own (a vector of the same kind). */
function pick(a: TypedAggInput, rows: (x: TypedVec) => Int32Array): TypedVec | undefined {
  return a.x && a.ret === a.type ? gatherTyped(a.x, rows(a.x)) : undefined;
}

function firstRows(x: TypedVec, groups: Int32Array, G: number, cond: Vec | undefined): Int32Array {
  const rows = new Int32Array(G).fill(-1);
  for (let i = 0; i < groups.length; i++) {
    if ((cond && cond[i] !== true) || isNullAt(x.nulls, i)) continue;
    if (rows[groups[i]!] === -1) rows[groups[i]!] = i;
  }
  return rows;
}

/**
 * Per-group sums and counts of a number vector in doubles; undefined when a long sum leaves the safe
 * integers (the boxed sum then wraps at 64 bits exactly).
 */
function sums(x: TypedVec, a: TypedAggInput, cond: Vec | undefined, exactLongs: boolean): { s: Float64Array; c: Float64Array } | undefined {
  if (x.kind !== 'f64') return undefined;
  const s = new Float64Array(a.G);
  const c = new Float64Array(a.G);
  const v = x.values;
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if ((cond && cond[i] !== true) || isNullAt(x.nulls, i)) continue;
    const gi = g[i]!;
    const t = (s[gi] = s[gi]! + v[i]!);
    c[gi]++;
    if (exactLongs && (t > MAX_SAFE || t < -MAX_SAFE)) return undefined;
  }
  return { s, c };
}

/** Sums of ticks from their words: exact while fewer than 2^21 rows add up (hi and lo sums stay exact). */
function tickSums(x: TypedVec, a: TypedAggInput, cond: Vec | undefined): TypedVec | undefined {
  if (x.kind !== 'i64' || a.groups.length >= 2 ** 21) return undefined;
  const his = new Float64Array(a.G);
  const los = new Float64Array(a.G);
  const seen = new Uint8Array(a.G);
  const w = x.words;
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if ((cond && cond[i] !== true) || isNullAt(x.nulls, i)) continue;
    const gi = g[i]!;
    his[gi] += w[2 * i + 1]!;
    los[gi] += w[2 * i]! >>> 0;
    seen[gi] = 1;
  }
  const out = i64Vec(new BigInt64Array(a.G), null);
  let nulls: Uint8Array | null = null;
  for (let gi = 0; gi < a.G; gi++) {
    if (!seen[gi]) { setNullAt((nulls ??= nullBitmap(a.G)), gi); continue; }
    const carry = Math.floor(los[gi]! / TWO32);
    const hi = his[gi]! + carry;
    // A sum beyond 64 bits stays a bigint in the boxed sum.
    if (hi < -2147483648 || hi > 2147483647) return undefined;
    out.words[2 * gi] = (los[gi]! - carry * TWO32) | 0;
    out.words[2 * gi + 1] = hi;
  }
  return nulls ? i64Vec(out.values, nulls) : out;
}

function sumOf(a: TypedAggInput, cond: Vec | undefined): TypedVec | Vec | undefined {
  const x = a.x!;
  // (A sum of datetimes can leave their range, which prints differently from a typed vector.)
  if (isTick(a.type)) return a.type === 'timespan' ? tickSums(x, a, cond) : undefined;
  const longs = (a.type === 'long' || a.type === 'int') && (a.ret === 'long' || a.ret === 'int');
  const r = sums(x, a, cond, longs);
  if (!r) return undefined;
  if (longs) return f64Vec(r.s, null);
  if (a.ret === 'long' || a.ret === 'int') return Array.from(r.s, longFromReal);
  return f64Vec(a.ret === 'decimal' ? r.s.map(decimalResult) : r.s, null);
}

function avgOf(a: TypedAggInput, cond: Vec | undefined): TypedVec | undefined {
  const x = a.x!;
  if (isTick(a.type)) return undefined;
  const r = sums(x, a, cond, a.type === 'long' || a.type === 'int');
  if (!r) return undefined;
  const dec = a.ret === 'decimal' && a.type !== 'long' && a.type !== 'int';
  const out = new Float64Array(a.G);
  for (let gi = 0; gi < a.G; gi++) {
    const c = r.c[gi]!;
    out[gi] = c ? (dec ? decimalResult(r.s[gi]! / c) : r.s[gi]! / c) : NaN;
  }
  return f64Vec(out, null);
}

/** Distinct values per group, as aggregates.ts dcount() counts them, from the typed vector's value ids. */
function distinctCounts(a: TypedAggInput, cond: Vec | undefined): TypedVec {
  const x = a.x!;
  const out = new Float64Array(a.G);
  const vid = valueIds(x, a.groups.length);
  const mark = new Int32Array(vid.first.length).fill(-1);
  const { start, rows } = rowsByGroup(a.groups, a.G);
  for (let gi = 0; gi < a.G; gi++) {
    let c = 0;
    for (let p = start[gi]!, e = start[gi + 1]!; p < e; p++) {
      const i = rows[p]!;
      if ((cond && cond[i] !== true) || isNullAt(x.nulls, i)) continue;
      const id = vid.ids[i]!;
      if (mark[id] !== gi) {
        mark[id] = gi;
        c++;
      }
    }
    out[gi] = c;
  }
  return f64Vec(out, null);
}

const cond1 = (a: TypedAggInput): Vec | undefined => a.args[0];

export const typedAggregates: Record<string, TypedAggregate> = {
  count: { typedX: false, run: (a) => counts(a, undefined) },
  countif: { typedX: false, run: (a) => counts(a, a.args[0]) },
  sum: { typedX: true, run: (a) => sumOf(a, undefined) },
  sumif: { typedX: true, run: (a) => sumOf(a, cond1(a)) },
  avg: { typedX: true, run: (a) => avgOf(a, undefined) },
  avgif: { typedX: true, run: (a) => avgOf(a, cond1(a)) },
  min: { typedX: true, run: (a) => pick(a, (x) => extremeRows(x, a.groups, a.G, -1)) },
  max: { typedX: true, run: (a) => pick(a, (x) => extremeRows(x, a.groups, a.G, 1)) },
  minif: { typedX: true, run: (a) => pick(a, (x) => extremeRows(x, a.groups, a.G, -1, cond1(a))) },
  maxif: { typedX: true, run: (a) => pick(a, (x) => extremeRows(x, a.groups, a.G, 1, cond1(a))) },
  take_any: { typedX: true, run: (a) => pick(a, (x) => firstRows(x, a.groups, a.G, undefined)) },
  any: { typedX: true, run: (a) => pick(a, (x) => firstRows(x, a.groups, a.G, undefined)) },
  take_anyif: { typedX: true, run: (a) => pick(a, (x) => firstRows(x, a.groups, a.G, cond1(a))) },
  anyif: { typedX: true, run: (a) => pick(a, (x) => firstRows(x, a.groups, a.G, cond1(a))) },
  dcount: { typedX: true, run: (a) => distinctCounts(a, undefined) },
  dcountif: { typedX: true, run: (a) => distinctCounts(a, cond1(a)) },
  count_distinct: { typedX: true, run: (a) => distinctCounts(a, undefined) },
  count_distinctif: { typedX: true, run: (a) => distinctCounts(a, cond1(a)) },
};
