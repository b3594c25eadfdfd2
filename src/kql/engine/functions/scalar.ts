// Conversion, math, type and hash functions.
import { createHash } from 'node:crypto';
import {
  convert, formatReal, toBool, toDatetime, toDynamic, toGuid, toInt, toLong, toReal, toStr, toTimespan,
} from '../convert.js';
import { type Dyn, type KType, type Val, dynTypeName } from '../values.js';
import { type FnImpl, lift } from './lift.js';

const m1 = (f: (x: number) => number): FnImpl => (c) => lift(c, ([t]) => (v) => {
  const x = toReal(v, t!);
  return x === null ? null : f(x);
});

function roundTo(x: number, p: number): number {
  const k = Math.pow(10, p);
  const y = x * k;
  // Kusto rounds half away from zero.
  const r = Math.sign(y) * Math.round(Math.abs(y));
  return r / k;
}

function gettype(v: Val, t: KType): string {
  if (t !== 'dynamic') {
    if (t === 'real') return 'real';
    if (t === 'datetime' || t === 'timespan' || t === 'guid' || t === 'string' || t === 'bool' || t === 'decimal') return t;
    return t;
  }
  const k = dynTypeName(v as Dyn);
  if (k === 'int') return 'long';
  // A real inside a dynamic value reports its CLR name.
  if (k === 'real') return 'double';
  return k;
}

function hashString(v: Val, t: KType): string {
  return toStr(v, t);
}

export const scalarFunctions: Record<string, FnImpl> = {
  tostring: (c) => lift(c, ([t]) => (v) => toStr(v, t!)),
  toint: (c) => lift(c, ([t]) => (v) => toInt(v, t!)),
  tolong: (c) => lift(c, ([t]) => (v) => toLong(v, t!)),
  todouble: (c) => lift(c, ([t]) => (v) => toReal(v, t!)),
  toreal: (c) => lift(c, ([t]) => (v) => toReal(v, t!)),
  todecimal: (c) => lift(c, ([t]) => (v) => toReal(v, t!)),
  tobool: (c) => lift(c, ([t]) => (v) => toBool(v, t!)),
  toboolean: (c) => lift(c, ([t]) => (v) => toBool(v, t!)),
  todatetime: (c) => lift(c, ([t]) => (v) => toDatetime(v, t!)),
  totimespan: (c) => lift(c, ([t]) => (v) => toTimespan(v, t!)),
  totime: (c) => lift(c, ([t]) => (v) => toTimespan(v, t!)),
  toguid: (c) => lift(c, ([t]) => (v) => toGuid(v, t!)),
  todynamic: (c) => lift(c, ([t]) => (v) => toDynamic(v, t!) as Val),
  toobject: (c) => lift(c, ([t]) => (v) => toDynamic(v, t!) as Val),
  parse_json: (c) => lift(c, ([t]) => (v) => toDynamic(v, t!) as Val),
  gettype: (c) => lift(c, ([t]) => (v) => gettype(v, t!)),
  abs: (c) => lift(c, ([t]) => (v) => {
    if (v === null) return null;
    if (typeof v === 'bigint') return v < 0n ? -v : v;
    const x = toReal(v, t!)!;
    return Math.abs(x);
  }),
  sqrt: m1(Math.sqrt), exp: m1(Math.exp), exp2: m1((x) => Math.pow(2, x)), exp10: m1((x) => Math.pow(10, x)),
  log: m1(Math.log), log2: m1(Math.log2), log10: m1(Math.log10),
  sin: m1(Math.sin), cos: m1(Math.cos), tan: m1(Math.tan), asin: m1(Math.asin), acos: m1(Math.acos), atan: m1(Math.atan),
  cot: m1((x) => 1 / Math.tan(x)), degrees: m1((x) => (x * 180) / Math.PI), radians: m1((x) => (x * Math.PI) / 180),
  atan2: (c) => lift(c, () => (y, x) => (y === null || x === null ? null : Math.atan2(Number(y), Number(x)))),
  pi: (c) => lift(c, () => () => Math.PI),
  pow: (c) => lift(c, () => (a, b) => (a === null || b === null ? null : Math.pow(Number(a), Number(b)))),
  sign: (c) => lift(c, ([t]) => (v) => {
    const x = toReal(v, t!);
    return x === null ? null : Math.sign(x);
  }),
  ceiling: (c) => lift(c, () => (v) => (v === null ? null : Math.ceil(Number(v)))),
  round: (c) => lift(c, () => (v, p) => (v === null ? null : roundTo(Number(v), p === undefined || p === null ? 0 : Number(p)))),
  isnan: (c) => lift(c, () => (v) => (v === null ? null : Number.isNaN(Number(v)))),
  isinf: (c) => lift(c, () => (v) => (v === null ? null : Number(v) === Infinity || Number(v) === -Infinity)),
  isfinite: (c) => lift(c, () => (v) => (v === null ? null : Number.isFinite(Number(v)))),
  rand: (c) => lift(c, () => (n) => (n === undefined ? Math.random() : Math.floor(Math.random() * Number(n)))),
  max_of: (c) => lift(c, (ts) => (...vs) => extreme(vs, ts, c.ret, 1)),
  min_of: (c) => lift(c, (ts) => (...vs) => extreme(vs, ts, c.ret, -1)),
  hash_sha256: (c) => lift(c, ([t]) => (v) => createHash('sha256').update(hashString(v, t!), 'utf8').digest('hex')),
  hash_sha1: (c) => lift(c, ([t]) => (v) => createHash('sha1').update(hashString(v, t!), 'utf8').digest('hex')),
  hash_md5: (c) => lift(c, ([t]) => (v) => createHash('md5').update(hashString(v, t!), 'utf8').digest('hex')),
  new_guid: (c) => lift(c, () => () => crypto.randomUUID()),
  binary_and: (c) => lift(c, () => (a, b) => (a === null || b === null ? null : Number(BigInt.asIntN(64, BigInt(a as number) & BigInt(b as number))))),
  binary_or: (c) => lift(c, () => (a, b) => (a === null || b === null ? null : Number(BigInt.asIntN(64, BigInt(a as number) | BigInt(b as number))))),
  binary_xor: (c) => lift(c, () => (a, b) => (a === null || b === null ? null : Number(BigInt.asIntN(64, BigInt(a as number) ^ BigInt(b as number))))),
  binary_not: (c) => lift(c, () => (a) => (a === null ? null : Number(BigInt.asIntN(64, ~BigInt(a as number))))),
  binary_shift_left: (c) => lift(c, () => (a, b) => (a === null || b === null ? null : Number(BigInt.asIntN(64, BigInt(a as number) << BigInt(b as number))))),
  binary_shift_right: (c) => lift(c, () => (a, b) => (a === null || b === null ? null : Number(BigInt.asIntN(64, BigInt(a as number) >> BigInt(b as number))))),
};

function extreme(vs: Val[], ts: KType[], ret: KType, dir: number): Val {
  let best: Val = null;
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i] === null ? null : convert(vs[i]!, ts[i]!, ret);
    if (v === null) continue;
    if (typeof v === 'number' && Number.isNaN(v)) return NaN;
    if (best === null || (dir > 0 ? v > best : v < best)) best = v;
  }
  return best;
}

export { formatReal };
