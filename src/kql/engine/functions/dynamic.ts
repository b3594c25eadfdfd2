// Functions over dynamic values (arrays, property bags) and IP addresses.
import { anyReals, copyReals, markReals, markRealsWhere, realAt } from '../../json.js';
import { toReal, toStr } from '../convert.js';
import { type Dyn, type KType, type Val, dynEquals, dynToJson, parseJsonLoose, toDyn } from '../values.js';
import { type CExpr, fail } from '../compile/context.js';
import { LocatedError } from '../errors.js';
import { convert } from '../convert.js';
import { type CallInfo, type FnImpl, lift } from './lift.js';

function arr(v: Val): Dyn[] | null {
  if (Array.isArray(v)) return v as Dyn[];
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    const p = parseJsonLoose(v);
    return Array.isArray(p) ? p : null;
  }
  return null;
}

function bag(v: Val): { [k: string]: Dyn } | null {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as { [k: string]: Dyn };
  return null;
}

const dk = (d: Dyn): string => (typeof d === 'object' && d !== null ? 'J' + dynToJson(d) : typeof d + ':' + String(d));

function uniq(xs: Dyn[]): Dyn[] {
  const seen = new Set<string>();
  const out: Dyn[] = [];
  for (const x of xs) {
    const k = dk(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

/** Where each element of a copy came from: [source array, index], or null for a new (fill) element. */
type Origin = readonly [Dyn[], number] | null;

/**
 * Array functions that copy elements keep each element's real mark where its source had one (a whole
 * real prints as 10.0, a long as 10); the origins are worked out only when a source is marked.
 */
function keepReals(out: Dyn[], sources: Dyn[][], origins: () => Origin[], fillReal = false): Dyn[] {
  if (!fillReal && !anyReals(sources)) return out;
  const os = origins();
  return markRealsWhere(out, (i) => { const o = os[i]; return o ? realAt(o[0], o[1]) : fillReal; });
}

/** The first occurrence of each distinct element of the arrays, by where it is. */
function uniqOrigins(as: Dyn[][]): [Dyn[], number][] {
  const seen = new Set<string>();
  const out: [Dyn[], number][] = [];
  for (const a of as) {
    a.forEach((x, i) => {
      const k = dk(x);
      if (!seen.has(k)) { seen.add(k); out.push([a, i]); }
    });
  }
  return out;
}

function fromOrigins(os: [Dyn[], number][]): Dyn[] {
  return keepReals(os.map(([a, i]) => a[i]!), os.map(([a]) => a), () => os);
}

function cmpDyn(a: Dyn, b: Dyn): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : dynToJson(a);
  const sb = typeof b === 'string' ? b : dynToJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** array_sort_*(a1, a2, ..., [nulls_last]): with several arrays, all are permuted the way the first sorts. */
function sortArrays(vs: Val[], asc: boolean): Val {
  const last = typeof vs[vs.length - 1] === 'boolean' ? (vs.pop() as boolean) : undefined;
  if (vs.length <= 1) return sortArr(vs[0] ?? null, asc, last);
  const arrays = vs.map(arr);
  if (arrays.some((a) => !a)) return null;
  const first = arrays[0]!;
  const idx = first.map((_, i) => i);
  const nullsLast = last ?? true;
  idx.sort((i, j) => {
    const a = first[i]!, b = first[j]!;
    if (a === null || b === null) return a === b ? 0 : (a === null) === nullsLast ? 1 : -1;
    const c = cmpDyn(a, b);
    return asc ? c : -c;
  });
  return arrays.map((a) => keepReals(idx.map((i) => a![i] ?? null), [a!], () => idx.map((i) => [a!, i])));
}

function sortArr(v: Val, asc: boolean, nullsLast: Val | undefined): Val {
  const a = arr(v);
  if (!a) return null;
  const idx = a.map((_, i) => i);
  const nulls = idx.filter((i) => a[i] === null);
  const rest = idx.filter((i) => a[i] !== null).sort((i, j) => cmpDyn(a[i]!, a[j]!));
  if (!asc) rest.reverse();
  const last = nullsLast === undefined || nullsLast === null ? true : Boolean(nullsLast);
  const order = last ? [...rest, ...nulls] : [...nulls, ...rest];
  return keepReals(order.map((i) => a[i]!), [a], () => order.map((i) => [a, i]));
}

function packValue(v: Val, t: KType): Dyn {
  return toDyn(v, t);
}

export const dynamicFunctions: Record<string, FnImpl> = {
  array_length: (c) => lift(c, () => (v) => { const a = arr(v); return a ? a.length : null; }),
  arraylength: (c) => lift(c, () => (v) => { const a = arr(v); return a ? a.length : null; }),
  array_sum: (c) => lift(c, () => (v) => {
    const a = arr(v);
    if (!a || a.length === 0) return null;
    let s = 0;
    for (const x of a) { const n = toReal(x as Val, 'dynamic'); if (n !== null) s += n; }
    return s;
  }),
  // Arguments that are not arrays (null, bags, scalars) count as empty arrays, as in the real engine.
  array_concat: (c) => lift(c, () => (...vs) => {
    const as = vs.map((v) => arr(v) ?? []);
    return keepReals(as.flat(), as, () => as.flatMap((a) => a.map((_, i) => [a, i] as const)));
  }),
  array_slice: (c) => lift(c, () => (v, s, e) => {
    const a = arr(v);
    if (!a || s === null || e === null) return null;
    const n = a.length;
    let st = Number(s); let en = Number(e);
    if (st < 0) st += n; if (en < 0) en += n;
    const from = Math.max(0, st);
    const out = a.slice(from, Math.max(0, en + 1));
    return keepReals(out, [a], () => out.map((_, i) => [a, from + i]));
  }),
  array_reverse: (c) => lift(c, () => (v) => {
    const a = arr(v);
    return a ? keepReals([...a].reverse(), [a], () => a.map((_, i) => [a, a.length - 1 - i])) : null;
  }),
  array_sort_asc: (c) => lift(c, () => (...vs) => sortArrays(vs, true)),
  array_sort_desc: (c) => lift(c, () => (...vs) => sortArrays(vs, false)),
  array_index_of: (c) => lift(c, ([, t]) => (v, x, st, len, occ) => {
    const a = arr(v);
    if (!a) return null;
    const needle = packValue(x!, t!);
    const n = a.length;
    let from = st === undefined || st === null ? 0 : Number(st);
    if (from < 0) from = Math.max(0, n + from);
    if (from > n) return -1;
    const end = len === undefined || len === null || Number(len) < 0 ? n : Math.min(n, from + Number(len));
    let k = occ === undefined || occ === null ? 1 : Number(occ);
    for (let i = from; i < end; i++) if (dynEquals(a[i]!, needle) && --k === 0) return i;
    return -1;
  }),
  array_iff: (c) => lift(c, () => (cond, a, b) => {
    const cs = arr(cond); const xs = arr(a); const ys = arr(b);
    if (!cs) return null;
    return cs.map((cv, i) => (cv === true || (typeof cv === 'number' && cv !== 0) ? (xs ? xs[i] ?? null : a as Dyn) : (ys ? ys[i] ?? null : b as Dyn)));
  }),
  array_iif: (c) => dynamicFunctions['array_iff']!(c),
  array_rotate_left: (c) => lift(c, () => (v, k) => rotate(arr(v), -Number(k))),
  array_rotate_right: (c) => lift(c, () => (v, k) => rotate(arr(v), Number(k))),
  array_shift_left: (c) => lift(c, ([, , ft]) => (v, k, f) => shift(arr(v), -Number(k), f, ft === 'real')),
  array_shift_right: (c) => lift(c, ([, , ft]) => (v, k, f) => shift(arr(v), Number(k), f, ft === 'real')),
  array_split: (c) => lift(c, () => (v, idx) => {
    const a = arr(v);
    if (!a) return null;
    const cuts = (Array.isArray(idx) ? (idx as Dyn[]).map(Number) : [Number(idx)]).map((i) => (i < 0 ? a.length + i : i));
    const out: Dyn[] = [];
    let prev = 0;
    for (const cidx of cuts) { out.push(a.slice(prev, Math.max(prev, cidx))); prev = Math.max(prev, cidx); }
    out.push(a.slice(prev));
    return out;
  }),
  array_min: (c) => lift(c, () => (v) => { const a = (arr(v) ?? []).filter((x) => typeof x === 'number') as number[]; return a.length ? Math.min(...a) : null; }),
  array_max: (c) => lift(c, () => (v) => { const a = (arr(v) ?? []).filter((x) => typeof x === 'number') as number[]; return a.length ? Math.max(...a) : null; }),
  set_has_element: (c) => lift(c, ([, t]) => (v, x) => { const a = arr(v); if (!a) return null; const n = packValue(x!, t!); return a.some((e) => dynEquals(e, n)); }),
  set_union: (c) => lift(c, () => (...vs) => { const as = vs.map(arr); return as.some((x) => !x) ? null : fromOrigins(uniqOrigins(as as Dyn[][])); }),
  set_intersect: (c) => lift(c, () => (...vs) => {
    const as = vs.map(arr);
    if (as.some((x) => !x)) return null;
    const [first, ...rest] = as as Dyn[][];
    return fromOrigins(uniqOrigins([first!]).filter(([a, i]) => rest.every((r) => r.some((y) => dk(y) === dk(a[i]!)))));
  }),
  set_difference: (c) => lift(c, () => (...vs) => {
    const as = vs.map(arr);
    if (as.some((x) => !x)) return null;
    const [first, ...rest] = as as Dyn[][];
    return fromOrigins(uniqOrigins([first!]).filter(([a, i]) => !rest.some((r) => r.some((y) => dk(y) === dk(a[i]!)))));
  }),
  // A real, as documented and as the real engine returns it (Kusto.Language binds it as dynamic).
  jaccard_index: (c) => lift(c, () => (a, b) => {
    const x = uniq(arr(a) ?? []); const y = uniq(arr(b) ?? []);
    const ys = new Set(y.map(dk));
    const inter = x.filter((e) => ys.has(dk(e))).length;
    const uni = new Set([...x.map(dk), ...ys]).size;
    return uni === 0 ? null : inter / uni;
  }, 'real'),
  pack_array: (c) => lift(c, (ts) => (...vs) => packArray(vs, ts)),
  pack: (c) => lift(c, (ts) => (...vs) => packBag(vs, ts)),
  bag_pack: (c) => lift(c, (ts) => (...vs) => packBag(vs, ts)),
  pack_dictionary: (c) => lift(c, (ts) => (...vs) => packBag(vs, ts)),
  bag_keys: (c) => lift(c, () => (v) => { const b = bag(v); return b ? Object.keys(b) : null; }),
  bag_merge: (c) => lift(c, () => (...vs) => {
    const out: { [k: string]: Dyn } = {};
    for (const v of vs) { const b = bag(v); if (!b) continue; for (const [k, x] of Object.entries(b)) if (!(k in out)) out[k] = x; }
    return out;
  }),
  bag_remove_keys: (c) => lift(c, () => (v, keys) => {
    const b = bag(v);
    if (!b) return null;
    const out = copyReals(b, structuredClone(b));
    for (const k of arr(keys) ?? []) {
      const path = keyPath(String(k));
      let o: Dyn = out;
      for (let i = 0; i < path.length - 1 && o && typeof o === 'object' && !Array.isArray(o); i++) o = (o as { [k: string]: Dyn })[path[i]!] ?? null;
      if (o && typeof o === 'object' && !Array.isArray(o)) delete (o as { [k: string]: Dyn })[path[path.length - 1]!];
    }
    return out;
  }),
  bag_has_key: (c) => lift(c, () => (v, k) => {
    let o: Dyn = bag(v);
    if (!o) return null;
    for (const p of keyPath(String(k))) {
      if (!o || typeof o !== 'object' || Array.isArray(o) || !(p in o)) return false;
      o = (o as { [k: string]: Dyn })[p]!;
    }
    return true;
  }),
  bag_zip: (c) => lift(c, () => (k, v) => {
    const ks = arr(k);
    const vs = arr(v);
    if (!ks || !vs) return null;
    const o: { [key: string]: Dyn } = {};
    ks.forEach((key, i) => { if (typeof key === 'string') o[key] = vs[i] ?? null; });
    return o;
  }),
  bag_set_key: (c) => lift(c, ([, , t]) => (v, k, x) => { const b = bag(v); return b ? copyReals(b, { ...b, [String(k)]: packValue(x!, t!) }) : null; }),
  zip: (c) => lift(c, () => (...vs) => {
    const as = vs.map(arr);
    if (as.some((x) => !x)) return null;
    const n = Math.max(...as.map((x) => x!.length));
    return Array.from({ length: n }, (_, i) => as.map((x) => x![i] ?? null));
  }),
  repeat: (c) => (c.args[0]?.type === 'dynamic'
    // The value repeated must be scalar; the real engine rejects a dynamic one.
    ? fail(c.at, 'repeat(): the value to repeat cannot be dynamic')
    : lift(c, ([t]) => (v, n) => (n === null ? null : Array.from({ length: Math.max(0, Number(n)) }, () => packValue(v!, t!))))),
  range: (c) => lift(c, ([t]) => (a, b, s) => {
    if (a === null || b === null) return null;
    // Beyond the limit the query fails rather than go on with a cut array.
    const tooLong = (): never => { throw new LocatedError('range(): more than 1,000,000 elements, the embedded engine\'s limit', c.at); };
    if (t === 'datetime' || t === 'timespan') {
      const st = (s ?? 864_000_000_000n) as bigint;
      const out: Dyn[] = [];
      for (let x = a as bigint; x <= (b as bigint); x += st) { out.push(toDyn(x, t)); if (out.length > 1_000_000) tooLong(); }
      return out;
    }
    const st = s === undefined || s === null ? 1 : Number(s);
    const out: Dyn[] = [];
    if (st === 0) return null;
    for (let x = Number(a); st > 0 ? x <= Number(b) : x >= Number(b); x += st) { out.push(x); if (out.length > 1_000_000) tooLong(); }
    return out;
  }),
  // dynamic_to_json writes property bags with their keys sorted.
  extract_json: (c) => extractJson(c),
  extractjson: (c) => extractJson(c),
  dynamic_to_json: (c) => lift(c, ([t]) => (v) => dynToJson(sortKeys(t === 'dynamic' ? (v as Dyn) : toDyn(v, t!)))),
  treepath: (c) => lift(c, () => (v) => {
    const out: string[] = [];
    const walk = (x: Dyn, p: string): void => {
      if (x !== null && typeof x === 'object') {
        if (Array.isArray(x)) { out.push(p + '[0]'); x.forEach((e) => walk(e, p + '[0]')); }
        else for (const [k, e] of Object.entries(x)) { const q = `${p}['${k}']`; out.push(q); walk(e, q); }
      }
    };
    walk(v as Dyn, '');
    return [...new Set(out)];
  }),
};

/** A key or a JSONPath ($.a.b, $['a']) into its property names. */
function keyPath(k: string): string[] {
  if (!k.startsWith('$')) return [k];
  const out: string[] = [];
  const re = /\.([^.[\]]+)|\[['"]([^'"]+)['"]\]/g;
  for (let m = re.exec(k); m; m = re.exec(k)) out.push(m[1] ?? m[2]!);
  return out;
}

/** extract_json(path, json[, typeof(T)]): a simple JSONPath ($.a.b, $['a'], $.a[0]) into JSON text. */
function extractJson(c: CallInfo): CExpr {
  return lift(c, ([tp, tj]) => (p, j) => {
    if (p === null || j === null) return null;
    let v: Dyn = parseJsonLoose(toStr(j, tj!));
    const path = toStr(p, tp!);
    const re = /\.([^.[\]]+)|\[['"]([^'"]+)['"]\]|\[(\d+)\]/g;
    for (let m = re.exec(path); m; m = re.exec(path)) {
      if (v === null || typeof v !== 'object') return c.ret === 'string' ? '' : null;
      v = m[3] !== undefined ? ((v as Dyn[])[Number(m[3])] ?? null) : ((v as { [k: string]: Dyn })[m[1] ?? m[2]!] ?? null);
    }
    if (c.ret === 'dynamic') return v as Val;
    if (v !== null && typeof v === 'object') return c.ret === 'string' ? dynToJson(v) : null;
    return convert(v as Val, 'dynamic', c.ret);
  });
}

function sortKeys(d: Dyn): Dyn {
  if (Array.isArray(d)) return d.map(sortKeys);
  if (d !== null && typeof d === 'object') {
    const o: { [k: string]: Dyn } = {};
    for (const k of Object.keys(d).sort()) o[k] = sortKeys(d[k]!);
    return o;
  }
  return d;
}

function packBag(vs: Val[], ts: KType[]): Dyn {
  const o: { [k: string]: Dyn } = {};
  const reals: string[] = [];
  for (let i = 0; i + 1 < vs.length; i += 2) {
    const k = toStr(vs[i]!, ts[i]!);
    o[k] = packValue(vs[i + 1]!, ts[i + 1]!);
    if (ts[i + 1] === 'real') reals.push(k);
  }
  return reals.length ? markReals(o, reals) : o;
}

function packArray(vs: Val[], ts: KType[]): Dyn {
  const a = vs.map((v, i) => packValue(v, ts[i]!));
  const reals = ts.flatMap((t, i) => (t === 'real' ? [String(i)] : []));
  return reals.length ? markReals(a, reals) : a;
}

function rotate(a: Dyn[] | null, k: number): Dyn[] | null {
  if (!a) return null;
  const n = a.length;
  if (n === 0) return [];
  const s = ((k % n) + n) % n;
  return keepReals([...a.slice(n - s), ...a.slice(0, n - s)], [a], () => a.map((_, i) => [a, (i + n - s) % n]));
}

function shift(a: Dyn[] | null, k: number, fill: Val | undefined, fillReal: boolean): Dyn[] | null {
  if (!a) return null;
  const f = (fill ?? null) as Dyn;
  const n = a.length;
  const inside = (i: number) => i - k >= 0 && i - k < n;
  const out = Array.from({ length: n }, (_, i) => (inside(i) ? a[i - k]! : f));
  return keepReals(out, [a], () => out.map((_, i) => (inside(i) ? [a, i - k] : null)), fillReal);
}
