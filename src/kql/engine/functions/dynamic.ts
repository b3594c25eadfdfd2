// Functions over dynamic values (arrays, property bags) and IP addresses.
import { toReal, toStr } from '../convert.js';
import { type Dyn, type KType, type Val, dynEquals, dynToJson, parseJsonLoose, toDyn } from '../values.js';
import { type FnImpl, lift } from './lift.js';

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

function cmpDyn(a: Dyn, b: Dyn): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : dynToJson(a);
  const sb = typeof b === 'string' ? b : dynToJson(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function sortArr(v: Val, asc: boolean, nullsLast: Val | undefined): Val {
  const a = arr(v);
  if (!a) return null;
  const nulls = a.filter((x) => x === null);
  const rest = a.filter((x) => x !== null).sort(cmpDyn);
  if (!asc) rest.reverse();
  const last = nullsLast === undefined || nullsLast === null ? true : Boolean(nullsLast);
  return last ? [...rest, ...nulls] : [...nulls, ...rest];
}

function packValue(v: Val, t: KType): Dyn {
  return toDyn(v, t);
}

function ipv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return null;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255)) return null;
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}

function cidr(s: string): { ip: number; bits: number } | null {
  const [a, b] = s.trim().split('/');
  const ip = ipv4(a!);
  if (ip === null) return null;
  const bits = b === undefined ? 32 : Number(b);
  if (!(bits >= 0 && bits <= 32)) return null;
  return { ip, bits };
}

function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function inRange(addr: string, range: string): boolean | null {
  const a = cidr(addr);
  const r = cidr(range);
  if (!a || !r) return null;
  const m = maskOf(r.bits);
  return ((a.ip & m) >>> 0) === ((r.ip & m) >>> 0);
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export const dynamicFunctions: Record<string, FnImpl> = {
  array_length: (c) => lift(c, () => (v) => { const a = arr(v); return a ? a.length : null; }),
  array_sum: (c) => lift(c, () => (v) => {
    const a = arr(v);
    if (!a || a.length === 0) return null;
    let s = 0;
    for (const x of a) { const n = toReal(x as Val, 'dynamic'); if (n !== null) s += n; }
    return s;
  }),
  array_concat: (c) => lift(c, () => (...vs) => { const as = vs.map(arr); return as.some((x) => !x) ? null : as.flatMap((x) => x!); }),
  array_slice: (c) => lift(c, () => (v, s, e) => {
    const a = arr(v);
    if (!a || s === null || e === null) return null;
    const n = a.length;
    let st = Number(s); let en = Number(e);
    if (st < 0) st += n; if (en < 0) en += n;
    return a.slice(Math.max(0, st), Math.max(0, en + 1));
  }),
  array_reverse: (c) => lift(c, () => (v) => { const a = arr(v); return a ? [...a].reverse() : null; }),
  array_sort_asc: (c) => lift(c, () => (v, n) => sortArr(v, true, n)),
  array_sort_desc: (c) => lift(c, () => (v, n) => sortArr(v, false, n)),
  array_index_of: (c) => lift(c, ([, t]) => (v, x) => {
    const a = arr(v);
    if (!a) return null;
    const needle = packValue(x!, t!);
    return a.findIndex((e) => dynEquals(e, needle) || (typeof e === 'number' && typeof needle === 'number' && e === needle));
  }),
  array_iff: (c) => lift(c, () => (cond, a, b) => {
    const cs = arr(cond); const xs = arr(a); const ys = arr(b);
    if (!cs) return null;
    return cs.map((cv, i) => (cv === true || (typeof cv === 'number' && cv !== 0) ? (xs ? xs[i] ?? null : a as Dyn) : (ys ? ys[i] ?? null : b as Dyn)));
  }),
  array_iif: (c) => dynamicFunctions['array_iff']!(c),
  array_rotate_left: (c) => lift(c, () => (v, k) => rotate(arr(v), -Number(k))),
  array_rotate_right: (c) => lift(c, () => (v, k) => rotate(arr(v), Number(k))),
  array_shift_left: (c) => lift(c, () => (v, k, f) => shift(arr(v), -Number(k), f)),
  array_shift_right: (c) => lift(c, () => (v, k, f) => shift(arr(v), Number(k), f)),
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
  set_union: (c) => lift(c, () => (...vs) => { const as = vs.map(arr); return as.some((x) => !x) ? null : uniq(as.flatMap((x) => x!)); }),
  set_intersect: (c) => lift(c, () => (...vs) => {
    const as = vs.map(arr);
    if (as.some((x) => !x)) return null;
    const [first, ...rest] = as as Dyn[][];
    return uniq(first!).filter((x) => rest.every((r) => r.some((y) => dk(y) === dk(x))));
  }),
  set_difference: (c) => lift(c, () => (...vs) => {
    const as = vs.map(arr);
    if (as.some((x) => !x)) return null;
    const [first, ...rest] = as as Dyn[][];
    return uniq(first!).filter((x) => !rest.some((r) => r.some((y) => dk(y) === dk(x))));
  }),
  jaccard_index: (c) => lift(c, () => (a, b) => {
    const x = uniq(arr(a) ?? []); const y = uniq(arr(b) ?? []);
    const ys = new Set(y.map(dk));
    const inter = x.filter((e) => ys.has(dk(e))).length;
    const uni = new Set([...x.map(dk), ...ys]).size;
    return uni === 0 ? null : inter / uni;
  }),
  pack_array: (c) => lift(c, (ts) => (...vs) => vs.map((v, i) => packValue(v, ts[i]!))),
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
    const ks = new Set((arr(keys) ?? []).map((k) => String(k)));
    return Object.fromEntries(Object.entries(b).filter(([k]) => !ks.has(k)));
  }),
  bag_has_key: (c) => lift(c, () => (v, k) => { const b = bag(v); return b ? String(k) in b : null; }),
  bag_set_key: (c) => lift(c, ([, , t]) => (v, k, x) => { const b = bag(v); return b ? { ...b, [String(k)]: packValue(x!, t!) } : null; }),
  zip: (c) => lift(c, () => (...vs) => {
    const as = vs.map(arr);
    if (as.some((x) => !x)) return null;
    const n = Math.max(...as.map((x) => x!.length));
    return Array.from({ length: n }, (_, i) => as.map((x) => x![i] ?? null));
  }),
  repeat: (c) => lift(c, ([t]) => (v, n) => (n === null ? null : Array.from({ length: Math.max(0, Number(n)) }, () => packValue(v!, t!)))),
  range: (c) => lift(c, ([t]) => (a, b, s) => {
    if (a === null || b === null) return null;
    if (t === 'datetime' || t === 'timespan') {
      const st = (s ?? 864_000_000_000n) as bigint;
      const out: Dyn[] = [];
      for (let x = a as bigint; x <= (b as bigint) && out.length < 1_000_000; x += st) out.push(toDyn(x, t));
      return out;
    }
    const st = s === undefined || s === null ? 1 : Number(s);
    const out: Dyn[] = [];
    if (st === 0) return null;
    for (let x = Number(a); st > 0 ? x <= Number(b) : x >= Number(b); x += st) { out.push(x); if (out.length > 1_000_000) break; }
    return out;
  }),
  dynamic_to_json: (c) => lift(c, ([t]) => (v) => (t === 'dynamic' ? dynToJson(v as Dyn) : JSON.stringify(toDyn(v, t!)))),
  treepath: (c) => lift(c, () => (v) => {
    const out: string[] = [];
    const walk = (x: Dyn, p: string): void => {
      if (x !== null && typeof x === 'object') {
        if (Array.isArray(x)) { out.push(p + '[0]'); x.forEach((e) => walk(e, p + '[0]')); }
        else for (const [k, e] of Object.entries(x)) { const q = `${p}['${k}']`; out.push(q); walk(e, q); }
      }
    };
    walk(v as Dyn, '$');
    return [...new Set(out)];
  }),
  ipv4_is_in_range: (c) => lift(c, ([ta, tb]) => (a, r) => inRange(toStr(a!, ta!), toStr(r!, tb!))),
  ipv4_is_match: (c) => lift(c, ([ta, tb]) => (a, b) => {
    const x = cidr(toStr(a!, ta!)); const y = cidr(toStr(b!, tb!));
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.bits, y.bits));
    return ((x.ip & m) >>> 0) === ((y.ip & m) >>> 0);
  }),
  ipv4_is_in_any_range: (c) => lift(c, (ts) => (a, ...rs) => {
    const addr = toStr(a!, ts[0]!);
    const ranges = rs.flatMap((r, i) => (Array.isArray(r) ? (r as Dyn[]).map(String) : [toStr(r!, ts[i + 1]!)]));
    if (!cidr(addr)) return null;
    return ranges.some((r) => inRange(addr, r) === true);
  }),
  ipv4_is_private: (c) => lift(c, ([t]) => (a) => {
    const s = toStr(a!, t!);
    if (!cidr(s)) return null;
    return PRIVATE.some((r) => inRange(s, r) === true);
  }),
  ipv4_compare: (c) => lift(c, ([ta, tb]) => (a, b) => {
    const x = cidr(toStr(a!, ta!)); const y = cidr(toStr(b!, tb!));
    if (!x || !y) return null;
    const m = maskOf(Math.min(x.bits, y.bits));
    const p = (x.ip & m) >>> 0; const q = (y.ip & m) >>> 0;
    return p < q ? -1 : p > q ? 1 : 0;
  }),
  parse_ipv4: (c) => lift(c, ([t]) => (a) => { const x = cidr(toStr(a!, t!)); return x ? ((x.ip & maskOf(x.bits)) >>> 0) : null; }),
  parse_ipv4_mask: (c) => lift(c, ([t]) => (a, b) => { const x = ipv4(toStr(a!, t!)); return x === null || b === null ? null : ((x & maskOf(Number(b))) >>> 0); }),
  format_ipv4: (c) => lift(c, () => (v) => {
    if (v === null) return '';
    const n = typeof v === 'string' ? ipv4(v) : Number(v);
    if (n === null) return '';
    return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
  }),
  ipv4_netmask_suffix: (c) => lift(c, ([t]) => (a) => { const x = cidr(toStr(a!, t!)); return x ? x.bits : null; }),
  ipv6_is_match: (c) => lift(c, ([ta, tb]) => (a, b) => toStr(a!, ta!).toLowerCase() === toStr(b!, tb!).toLowerCase()),
};

function packBag(vs: Val[], ts: KType[]): Dyn {
  const o: { [k: string]: Dyn } = {};
  for (let i = 0; i + 1 < vs.length; i += 2) o[toStr(vs[i]!, ts[i]!)] = packValue(vs[i + 1]!, ts[i + 1]!);
  return o;
}

function rotate(a: Dyn[] | null, k: number): Dyn[] | null {
  if (!a) return null;
  const n = a.length;
  if (n === 0) return [];
  const s = ((k % n) + n) % n;
  return [...a.slice(n - s), ...a.slice(0, n - s)];
}

function shift(a: Dyn[] | null, k: number, fill: Val | undefined): Dyn[] | null {
  if (!a) return null;
  const f = (fill ?? null) as Dyn;
  const n = a.length;
  return Array.from({ length: n }, (_, i) => {
    const j = i - k;
    return j >= 0 && j < n ? a[j]! : f;
  });
}
