// Conversion, math, type and hash functions.
import { createHash } from 'node:crypto';
import {
  convert, formatReal, toBool, toDatetime, toDynamic, toGuid, toInt, toLong, toReal, toStr, toTimespan,
} from '../convert.js';
import { type Dyn, type KType, type Val, dynTypeName, formatDatetimeFull } from '../values.js';
import { type Long, bitsLong, longBits, longOf } from '../long.js';
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

/** The text a hash function digests: datetimes in their full 7-digit form, as the engine hashes them. */
function hashString(v: Val, t: KType): string {
  if (t === 'datetime' && v !== null) return formatDatetimeFull(v as bigint);
  return toStr(v, t);
}

const P1 = 11400714785074694791n, P2 = 14029467366897019727n, P3 = 1609587929392839161n;
const P4 = 9650029242287828579n, P5 = 2870177450012600261n, M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const round = (acc: bigint, lane: bigint): bigint => (rotl((acc + lane * P2) & M64, 31n) * P1) & M64;
const merge = (acc: bigint, v: bigint): bigint => ((((acc ^ round(0n, v)) * P1) & M64) + P4) & M64;

/** The bytes hash() digests: fixed-width little-endian values for numbers and ticks, UTF-8 text otherwise. */
function hashBytes(v: Val, t: KType): Uint8Array {
  const b = Buffer.alloc(8);
  switch (t) {
    case 'datetime': case 'timespan': b.writeBigInt64LE(v as bigint); return b;
    case 'long': b.writeBigInt64LE(longBits(v as Long)); return b;
    case 'int': b.writeInt32LE(v as number); return b.subarray(0, 4);
    case 'real': case 'decimal': b.writeDoubleLE(v as number); return b;
    default: return Buffer.from(hashString(v, t), 'utf8');
  }
}

/** hash() of a value, exact (a signed 64-bit integer). */
export function hashOf(v: Val, t: KType): bigint {
  return BigInt.asIntN(64, xxhash64(hashBytes(v, t)));
}

/** XXH64 (seed 0), the hash behind Kusto's hash(). */
export function xxhash64(buf: Uint8Array): bigint {
  const len = buf.length;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & M64, v2 = P2, v3 = 0n, v4 = (M64 + 1n - P1) & M64;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, dv.getBigUint64(i, true));
      v2 = round(v2, dv.getBigUint64(i + 8, true));
      v3 = round(v3, dv.getBigUint64(i + 16, true));
      v4 = round(v4, dv.getBigUint64(i + 24, true));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = merge(h, v1); h = merge(h, v2); h = merge(h, v3); h = merge(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) h = ((rotl(h ^ round(0n, dv.getBigUint64(i, true)), 27n) * P1) & M64) + P4 & M64;
  for (; i + 4 <= len; i += 4) h = ((rotl(h ^ ((BigInt(dv.getUint32(i, true)) * P1) & M64), 23n) * P2) & M64) + P3 & M64;
  for (; i < len; i++) h = (rotl(h ^ ((BigInt(buf[i]!) * P5) & M64), 11n) * P1) & M64;
  h ^= h >> 33n; h = (h * P2) & M64;
  h ^= h >> 29n; h = (h * P3) & M64;
  h ^= h >> 32n;
  return h;
}

/** value within [center - delta, center + delta]; datetimes and timespans compare as exact ticks. */
function around(v: Val, center: Val, delta: Val): Val {
  if (v === null || center === null || delta === null) return null;
  const xs = [v, center, delta];
  if (xs.every((x) => typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x)))) {
    const [a, c, d] = xs.map((x) => BigInt(x as number | bigint)) as [bigint, bigint, bigint];
    return a >= c - d && a <= c + d;
  }
  const [a, c, d] = xs.map(Number) as [number, number, number];
  return a >= c - d && a <= c + d;
}

export const scalarFunctions: Record<string, FnImpl> = {
  around: (c) => lift(c, () => around),
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
  parsejson: (c) => lift(c, ([t]) => (v) => toDynamic(v, t!) as Val),
  tohex: (c) => lift(c, () => (v, w) => {
    if (v === null) return null;
    const n = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    const bits = c.args[0]!.type === 'int' ? 32 : 64;
    const u = n < 0n ? BigInt.asUintN(bits, n) : n;
    const h = u.toString(16);
    return w === undefined || w === null ? h : h.padStart(Number(w), '0');
  }),
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
    // The real engine's sign of NaN is 0.
    return x === null ? null : Number.isNaN(x) ? 0 : Math.sign(x) || 0;
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
  hash: (c) => lift(c, ([t]) => (v, mod) => {
    if (v === null) return null;
    const h = hashOf(v, t!);
    if (mod === undefined || mod === null) return longOf(h);
    const m = typeof mod === 'bigint' ? mod : BigInt(Math.trunc(Number(mod)));
    if (m === 0n) return null;
    const r = h % m;
    return longOf(r < 0n ? -r : r);
  }),
  hash_xxhash64: (c) => scalarFunctions['hash']!(c),
  new_guid: (c) => lift(c, () => () => crypto.randomUUID()),
  binary_and: bitwise((x, y) => x & y),
  binary_or: bitwise((x, y) => x | y),
  binary_xor: bitwise((x, y) => x ^ y),
  binary_not: (c) => lift(c, () => (a) => (a === null ? null : bitsLong(a as Long, 0, (x) => ~x))),
  // The set bits of the 64-bit two's complement: -1 has 64.
  bitset_count_ones: (c) => lift(c, () => (a) => (a === null ? null : popCount(BigInt.asUintN(64, BigInt(a as Long))))),
  binary_shift_left: bitwise((x, y) => x << y),
  binary_shift_right: bitwise((x, y) => x >> y),
};

function popCount(x: bigint): number {
  let n = 0;
  for (; x; x &= x - 1n) n++;
  return n;
}

function bitwise(op: (x: bigint, y: bigint) => bigint): FnImpl {
  return (c) => lift(c, () => (a, b) => (a === null || b === null ? null : bitsLong(a as Long, b as Long, op)));
}

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
