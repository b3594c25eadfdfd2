// Aggregation functions over grouped rows. Each takes its argument vectors and a group id per row and
// returns one value per group, so summarize runs every aggregate as a single pass over its input.
import { markReals } from '../../json.js';
import { convert, decimalResult, toReal } from '../convert.js';
import { type Dyn, type KType, type Val, type Vec, dynToJson, isTick, toDyn } from '../values.js';
import { type Long, addLong, longFromReal } from '../long.js';
import { rowsByGroup } from './group-order.js';
import { valueIds } from './ids.js';

export interface AggInput {
  args: Vec[];
  types: KType[];
  groups: Int32Array;
  G: number;
  ret: KType;
  /** Set when the query names a literal argument (percentile, make_set's max size). */
  consts: (Val | undefined)[];
}

export type AggImpl = (a: AggInput) => Vec;

function fill<T>(G: number, v: T): T[] {
  return new Array<T>(G).fill(v);
}

/** One fresh value per group (Array.from with a callback is slow on hot paths). */
function perGroup<T>(G: number, make: () => T): T[] {
  const out = new Array<T>(G);
  for (let i = 0; i < G; i++) out[i] = make();
  return out;
}


function sumOf(a: AggInput, cond?: Vec): Vec {
  const [x] = a.args;
  const t = a.types[0]!;
  const g = a.groups;
  if (isTick(t)) {
    const out = fill<bigint | null>(a.G, null);
    for (let i = 0; i < g.length; i++) {
      if (cond && cond[i] !== true) continue;
      const v = x![i];
      if (v === null || v === undefined) continue;
      out[g[i]!] = (out[g[i]!] ?? 0n) + (v as bigint);
    }
    return out;
  }
  if ((t === 'long' || t === 'int') && (a.ret === 'long' || a.ret === 'int')) return longSums(a, cond);
  // The sum over no values is 0 (not null), as the real engine returns.
  const out = fill<number | null>(a.G, 0);
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const v = x![i];
    if (v === null || v === undefined) continue;
    const n = t === 'dynamic' ? toReal(v, 'dynamic') : (v as number);
    if (n === null) continue;
    out[g[i]!] = (out[g[i]!] ?? 0) + n;
  }
  if (a.ret === 'long' || a.ret === 'int') return out.map((v) => (v === null ? null : longFromReal(v)));
  if (a.ret === 'decimal') return out.map((v) => (v === null ? null : decimalResult(v)));
  return out;
}

/** Exact sums of longs per group, wrapping at 64 bits as the real engine's do; no allocation while safe. */
function longSums(a: AggInput, cond?: Vec): Long[] {
  const x = a.args[0]!;
  const g = a.groups;
  const out = fill<Long>(a.G, 0);
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const v = x[i];
    if (v === null || v === undefined) continue;
    const gi = g[i]!;
    const cur = out[gi]!;
    if (typeof cur === 'number' && typeof v === 'number') {
      const s = cur + v;
      if (Number.isSafeInteger(s)) {
        out[gi] = s;
        continue;
      }
    }
    out[gi] = addLong(cur, v as Long);
  }
  return out;
}

function countOf(a: AggInput, cond?: Vec): Vec {
  const out = fill(a.G, 0);
  const g = a.groups;
  for (let i = 0; i < g.length; i++) if (!cond || cond[i] === true) out[g[i]!]++;
  return out;
}

function avgOf(a: AggInput, cond?: Vec): Vec {
  const t = a.types[0]!;
  if (t === 'long' || t === 'int') return longAverages(a, cond);
  const s = fill(a.G, 0);
  const c = fill(a.G, 0);
  const [x] = a.args;
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const v = x![i];
    if (v === null || v === undefined) continue;
    const n = typeof v === 'number' ? v : toReal(v, t);
    if (n === null) continue;
    s[g[i]!] += n;
    c[g[i]!]++;
  }
  if (isTick(t)) return s.map((v, i) => (c[i] ? BigInt(Math.round(v / c[i]!)) : null));
  const dec = a.ret === 'decimal';
  return s.map((v, i) => (c[i] ? (dec ? decimalResult(v / c[i]!) : v / c[i]!) : NaN));
}

/** The real engine averages longs as their (64-bit, wrapping) sum over the count. */
function longAverages(a: AggInput, cond?: Vec): Vec {
  const sums = longSums(a, cond);
  const n = fill(a.G, 0);
  const x = a.args[0]!;
  const g = a.groups;
  for (let i = 0; i < g.length; i++) if ((!cond || cond[i] === true) && x[i] !== null && x[i] !== undefined) n[g[i]!]++;
  return sums.map((v, i) => (n[i] ? Number(v) / n[i]! : NaN));
}

function extreme(a: AggInput, dir: 1 | -1, cond?: Vec): Vec {
  const [x] = a.args;
  const t = a.types[0]!;
  const out = fill<Val>(a.G, null);
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const v = x![i]!;
    if (v === null || (t === 'string' && v === '')) continue;
    const cur = out[g[i]!]!;
    // NaN is sticky: once a group has seen NaN its min and max are NaN.
    if (typeof cur === 'number' && Number.isNaN(cur)) continue;
    if (cur === null || (typeof v === 'number' && Number.isNaN(v)) || (dir > 0 ? v > cur : v < cur)) out[g[i]!] = v;
  }
  if (t === 'string') return out.map((v) => v ?? '');
  return out;
}

/** Row index of the extreme per group (arg_max / arg_min); -1 when the group has no non-null value. */
export function argExtreme(x: Vec, t: KType, groups: Int32Array, G: number, dir: 1 | -1): Int32Array {
  const best = new Int32Array(G).fill(-1);
  const first = new Int32Array(G).fill(-1);
  for (let i = 0; i < groups.length; i++) {
    const gi = groups[i]!;
    if (first[gi] === -1) first[gi] = i;
    const v = x[i]!;
    if (v === null || (t === 'string' && v === '')) continue;
    const b = best[gi]!;
    // NaN wins both arg_max and arg_min and then sticks, as in max()/min().
    if (b !== -1 && typeof x[b] === 'number' && Number.isNaN(x[b])) continue;
    if (b === -1 || (typeof v === 'number' && Number.isNaN(v)) || (dir > 0 ? v > x[b]! : v < x[b]!)) best[gi] = i;
  }
  // A group whose values are all null still yields a row (its first), as the real engine does.
  for (let gi = 0; gi < G; gi++) if (best[gi] === -1) best[gi] = first[gi]!;
  return best;
}

function dynKey(d: Dyn): unknown {
  return d !== null && typeof d === 'object' ? 'J' + dynToJson(d) : d;
}

function collect(a: AggInput, set: boolean, cond?: Vec, keepNulls = false): Vec {
  const [x] = a.args;
  const t = a.types[0]!;
  if (set && t !== 'dynamic') return collectSet(a, cond);
  const lists: Dyn[][] = perGroup(a.G, () => (t === 'real' ? markReals([]) : []));
  const seen = set ? perGroup(a.G, () => new Set<unknown>()) : [];
  const maxArg = cond ? a.consts[2] : a.consts[1];
  const max = typeof maxArg === 'number' ? maxArg : 1_048_576;
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const v = x![i]!;
    // Typed nulls are skipped; a dynamic null is a value make_list keeps.
    if (v === null && !keepNulls && (t !== 'dynamic' || set)) continue;
    const d = t === 'dynamic' ? (v as Dyn) : toDyn(v, t);
    const list = lists[g[i]!]!;
    if (list.length >= max) continue;
    if (set && t === 'dynamic' && Array.isArray(d)) {
      // make_set over arrays collects their distinct elements.
      for (const e of d) {
        const k = dynKey(e);
        if (!seen[g[i]!]!.has(k)) { seen[g[i]!]!.add(k); list.push(e); }
      }
      continue;
    }
    if (!set && t === 'dynamic' && Array.isArray(d)) {
      // make_list over arrays concatenates them.
      for (const e of d) if (list.length < max) list.push(e);
      continue;
    }
    if (set) {
      const k = dynKey(d);
      if (seen[g[i]!]!.has(k)) continue;
      seen[g[i]!]!.add(k);
    }
    list.push(d);
  }
  return lists;
}

/**
 * make_set over scalars: each group's rows in turn, a value's id marked by the last group that took it.
 * A group's set is copied out of one scratch list at its exact size (a list grown by push keeps room
 * for 16 more, which for many small groups is most of the memory).
 */
function collectSet(a: AggInput, cond?: Vec): Vec {
  const x = a.args[0]!;
  const t = a.types[0]!;
  const maxArg = cond ? a.consts[2] : a.consts[1];
  const max = typeof maxArg === 'number' ? maxArg : 1_048_576;
  const vid = valueIds(x, a.groups.length);
  const dyns: (Dyn | undefined)[] = new Array(vid.values.length);
  const mark = new Int32Array(vid.values.length).fill(-1);
  const { start, rows } = rowsByGroup(a.groups, a.G);
  const lists = new Array<Dyn[]>(a.G);
  const scratch: Dyn[] = [];
  for (let gi = 0; gi < a.G; gi++) {
    scratch.length = 0;
    for (let p = start[gi]!, e = start[gi + 1]!; p < e && scratch.length < max; p++) {
      const i = rows[p]!;
      if (cond && cond[i] !== true) continue;
      const v = x[i]!;
      if (v === null) continue;
      const id = vid.ids[i]!;
      if (mark[id] === gi) continue;
      mark[id] = gi;
      scratch.push(dyns[id] ??= toDyn(v, t));
    }
    lists[gi] = t === 'real' ? markReals(scratch.slice()) : scratch.slice();
  }
  return lists;
}

function makeBag(a: AggInput, cond?: Vec): Vec {
  const [x] = a.args;
  const out: { [k: string]: Dyn }[] = perGroup(a.G, () => ({}));
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const v = x![i]!;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    const o = out[g[i]!]!;
    for (const [k, e] of Object.entries(v as { [k: string]: Dyn })) if (!(k in o)) o[k] = e;
  }
  return out;
}

/** Distinct values per group: each group's rows in turn, a value's id marked by the last group counting it. */
function dcount(a: AggInput, cond?: Vec): Vec {
  const [x] = a.args;
  const out = new Array<number>(a.G).fill(0);
  const vid = valueIds(x!, a.groups.length);
  const mark = new Int32Array(vid.values.length).fill(-1);
  const { start, rows } = rowsByGroup(a.groups, a.G);
  for (let gi = 0; gi < a.G; gi++) {
    let c = 0;
    for (let p = start[gi]!, e = start[gi + 1]!; p < e; p++) {
      const i = rows[p]!;
      if (cond && cond[i] !== true) continue;
      if (x![i] === null) continue;
      const id = vid.ids[i]!;
      if (mark[id] !== gi) {
        mark[id] = gi;
        c++;
      }
    }
    out[gi] = c;
  }
  return out;
}

function takeAny(a: AggInput, cond?: Vec): Vec {
  const out = fill<Val>(a.G, null);
  const done = new Uint8Array(a.G);
  const g = a.groups;
  const x = a.args[0]!;
  const t = a.types[0]!;
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const gi = g[i]!;
    if (done[gi]) continue;
    const v = x[i]!;
    if (v === null || (t === 'string' && v === '')) continue;
    out[gi] = v;
    done[gi] = 1;
  }
  if (t === 'string') return out.map((v) => v ?? '');
  return out;
}

function variance(a: AggInput, sample: boolean, sqrt: boolean, cond?: Vec): Vec {
  const [x] = a.args;
  const t = a.types[0]!;
  const vals: number[][] = perGroup(a.G, () => []);
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const v = x![i]!;
    if (v === null) continue;
    const n = toReal(v, t);
    if (n !== null) vals[g[i]!]!.push(n);
  }
  return vals.map((vs) => {
    if (vs.length <= 1) return 0;
    const mean = vs.reduce((s, v) => s + v, 0) / vs.length;
    const ss = vs.reduce((s, v) => s + (v - mean) * (v - mean), 0);
    const r = ss / (sample ? vs.length - 1 : vs.length);
    return sqrt ? Math.sqrt(r) : r;
  });
}

/** The covariance of x and y over the rows where both are numbers (sample: n - 1 in the denominator). */
function covariance(a: AggInput, sample: boolean, cond?: Vec): Vec {
  const [x, y] = a.args;
  const pairs: [number, number][][] = perGroup(a.G, () => []);
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    if (cond && cond[i] !== true) continue;
    const p = x![i] === null ? null : toReal(x![i]!, a.types[0]!);
    const q = y![i] === null ? null : toReal(y![i]!, a.types[1]!);
    if (p !== null && q !== null) pairs[g[i]!]!.push([p, q]);
  }
  return pairs.map((ps) => {
    const n = ps.length;
    if (n === 0 || (sample && n === 1)) return sample && n === 1 ? 0 : null;
    const mx = ps.reduce((t, [p]) => t + p, 0) / n;
    const my = ps.reduce((t, [, q]) => t + q, 0) / n;
    return ps.reduce((t, [p, q]) => t + (p - mx) * (q - my), 0) / (sample ? n - 1 : n);
  });
}

/**
 * Weighted nearest-rank percentiles: each value counts as many times as its weight (a positive
 * integer; other weights are skipped), as if the rows were repeated.
 */
function weightedPercentiles(a: AggInput, ps: number[]): Val[][] {
  const [x, w] = a.args;
  const vals: [Val, number][][] = perGroup(a.G, () => []);
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    const v = x![i]!;
    const n = w![i] === null ? null : toReal(w![i]!, a.types[1]!);
    if (v !== null && n !== null && n >= 1) vals[g[i]!]!.push([v, Math.trunc(n)]);
  }
  return vals.map((vs) => {
    if (vs.length === 0) return ps.map(() => null);
    const sorted = [...vs].sort(([p], [q]) => (p! < q! ? -1 : p! > q! ? 1 : 0));
    const total = sorted.reduce((t, [, n]) => t + n, 0);
    return ps.map((p) => {
      const rank = Math.max(1, Math.ceil((p / 100) * total));
      let seen = 0;
      for (const [v, n] of sorted) if ((seen += n) >= rank) return v;
      return sorted[sorted.length - 1]![0];
    });
  });
}

/** Percentiles given as numbers or dynamic arrays of numbers, from the constant arguments at `from`. */
const pctList = (a: AggInput, from: number): number[] => a.consts.slice(from).flatMap((c) => (Array.isArray(c) ? c.map(Number) : [Number(c)]));

/** Nearest-rank percentile, as Kusto's (approximate) percentile returns an actual input value. */
function percentileValues(a: AggInput, ps: number[]): Val[][] {
  const [x] = a.args;
  const t = a.types[0]!;
  const vals: Val[][] = perGroup(a.G, () => []);
  const g = a.groups;
  for (let i = 0; i < g.length; i++) {
    const v = x![i]!;
    if (v !== null) vals[g[i]!]!.push(v);
  }
  return vals.map((vs) => {
    if (vs.length === 0) return ps.map(() => null);
    const sorted = [...vs].sort((p, q) => (p! < q! ? -1 : p! > q! ? 1 : 0));
    return ps.map((p) => {
      const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
      const v = sorted[Math.min(sorted.length, rank) - 1]!;
      return t === 'int' || t === 'long' || t === 'real' || t === 'decimal' ? v : v;
    });
  });
}

export const aggregates: Record<string, AggImpl> = {
  count: (a) => countOf(a),
  countif: (a) => countOf(a, a.args[0]),
  count_distinct: (a) => dcount(a),
  count_distinctif: (a) => dcount(a, a.args[1]),
  dcount: (a) => dcount(a),
  dcountif: (a) => dcount(a, a.args[1]),
  sum: (a) => sumOf(a),
  sumif: (a) => sumOf(a, a.args[1]),
  avg: (a) => avgOf(a),
  avgif: (a) => avgOf(a, a.args[1]),
  min: (a) => extreme(a, -1),
  max: (a) => extreme(a, 1),
  minif: (a) => extreme(a, -1, a.args[1]),
  maxif: (a) => extreme(a, 1, a.args[1]),
  make_list: (a) => collect(a, false),
  make_list_if: (a) => collect(a, false, a.args[1]),
  make_list_with_nulls: (a) => collect(a, false, undefined, true),
  make_set: (a) => collect(a, true),
  // The deprecated spellings published rules still use.
  makelist: (a) => collect(a, false),
  makeset: (a) => collect(a, true),
  make_set_if: (a) => collect(a, true, a.args[1]),
  make_bag: (a) => makeBag(a),
  make_bag_if: (a) => makeBag(a, a.args[1]),
  take_any: (a) => takeAny(a),
  any: (a) => takeAny(a),
  take_anyif: (a) => takeAny(a, a.args[1]),
  anyif: (a) => takeAny(a, a.args[1]),
  stdev: (a) => variance(a, true, true),
  stdevp: (a) => variance(a, false, true),
  stdevif: (a) => variance(a, true, true, a.args[1]),
  variance: (a) => variance(a, true, false),
  variancep: (a) => variance(a, false, false),
  varianceif: (a) => variance(a, true, false, a.args[1]),
  percentile: (a) => percentileValues(a, [Number(a.consts[1])]).map((r) => convertPct(r[0]!, a)),
  percentiles: (a) => percentileValues(a, a.consts.slice(1).map(Number)).map((r) => r.map((v) => convertPct(v, a)) as unknown as Val),
  percentilew: (a) => weightedPercentiles(a, [Number(a.consts[2])]).map((r) => convertPct(r[0]!, a)),
  percentilesw_array: (a) => weightedPercentiles(a, pctList(a, 2)).map((r) => r.map((v) => toDyn(v, a.types[0]!)) as Val),
  covariance: (a) => covariance(a, true),
  covariancep: (a) => covariance(a, false),
  covarianceif: (a) => covariance(a, true, a.args[2]),
  covariancepif: (a) => covariance(a, false, a.args[2]),
  percentiles_array: (a) => percentileValues(a, a.consts.slice(1).flatMap((c) => (Array.isArray(c) ? c.map(Number) : [Number(c)]))).map((r) => r.map((v) => toDyn(v, a.types[0]!)) as Val),
};

function convertPct(v: Val, a: AggInput): Val {
  return convert(v, a.types[0]!, a.ret === 'dynamic' ? a.types[0]! : a.ret);
}

export const aggregateNames = new Set([...Object.keys(aggregates), 'arg_max', 'arg_min', 'hll', 'tdigest']);
