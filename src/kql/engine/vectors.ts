// Typed column vectors: the storage of numbers, datetimes and timespans without a JS object per value.
//   F64Vec: int, real, decimal, and long columns whose values are all safe integers (Float64Array).
//   I64Vec: datetime and timespan ticks, and long columns beyond the safe integers (BigInt64Array).
// Nulls are a bitmap (bit set = null), absent when a vector has none. Reading a BigInt64Array element
// allocates a bigint, so hot paths read an I64Vec through `words`, the same memory as 32-bit halves
// (low word at 2i, high word at 2i + 1): comparisons, hashing, formatting and bin() then stay in doubles.
// Operators without a typed path read the column's boxed values (Column.data), made once on first use.
import { endianness } from 'node:os';
import { longOf } from './long.js';
import type { KType, Val } from './values.js';

if (endianness() !== 'LE') throw new Error('the KQL engine assumes a little-endian machine');

export interface F64Vec {
  readonly kind: 'f64';
  readonly values: Float64Array;
  readonly nulls: Uint8Array | null;
}

export interface I64Vec {
  readonly kind: 'i64';
  readonly values: BigInt64Array;
  readonly words: Int32Array;
  readonly nulls: Uint8Array | null;
}

export type TypedVec = F64Vec | I64Vec;

const TWO32 = 4294967296;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const DAY = 864e9;

/** The column types a typed vector can hold. */
export function isTypedType(t: KType): boolean {
  return t === 'datetime' || t === 'timespan' || t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

// ---------- nulls ----------

export function nullBitmap(n: number): Uint8Array {
  return new Uint8Array((n + 7) >>> 3);
}

export function isNullAt(nulls: Uint8Array | null, i: number): boolean {
  return nulls !== null && ((nulls[i >>> 3]! >>> (i & 7)) & 1) === 1;
}

export function setNullAt(nulls: Uint8Array, i: number): void {
  nulls[i >>> 3]! |= 1 << (i & 7);
}

// ---------- construction ----------

export function f64Vec(values: Float64Array, nulls: Uint8Array | null): F64Vec {
  return { kind: 'f64', values, nulls };
}

export function i64Vec(values: BigInt64Array, nulls: Uint8Array | null): I64Vec {
  return { kind: 'i64', values, words: new Int32Array(values.buffer, values.byteOffset, values.length * 2), nulls };
}

/**
 * Boxed values as a typed vector: numbers (a long column only while every value is a safe integer) in an
 * F64Vec, ticks and longs beyond the safe range in an I64Vec; undefined for a vector a type cannot hold.
 */
export function typedFromVals(vals: readonly Val[], type: KType): TypedVec | undefined {
  if (type === 'datetime' || type === 'timespan') return i64FromVals(vals);
  if (!isTypedType(type)) return undefined;
  const n = vals.length;
  const values = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    if (typeof v === 'number') values[i] = v;
    else if (v === null || v === undefined) setNullAt((nulls ??= nullBitmap(n)), i);
    else return type === 'long' ? i64FromVals(vals) : undefined;
  }
  return f64Vec(values, nulls);
}

function i64FromVals(vals: readonly Val[]): I64Vec | undefined {
  const n = vals.length;
  const values = new BigInt64Array(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    // A value beyond 64 bits (an overflowed bin or sum) would wrap in the array: it stays boxed.
    if (typeof v === 'bigint') {
      if (v < I64_MIN || v > I64_MAX) return undefined;
      values[i] = v;
    } else if (typeof v === 'number') values[i] = BigInt(v);
    else if (v === null || v === undefined) setNullAt((nulls ??= nullBitmap(n)), i);
    else return undefined;
  }
  return i64Vec(values, nulls);
}

/** The boxed values of a typed vector, as every operator without a typed path reads them. */
export function valsOf(v: TypedVec, type: KType): Val[] {
  const n = v.values.length;
  const out = new Array<Val>(n);
  const nulls = v.nulls;
  if (v.kind === 'f64') {
    const values = v.values;
    for (let i = 0; i < n; i++) out[i] = isNullAt(nulls, i) ? null : values[i]!;
    return out;
  }
  const values = v.values;
  const normal = type === 'long';
  for (let i = 0; i < n; i++) out[i] = isNullAt(nulls, i) ? null : normal ? longOf(values[i]!) : values[i]!;
  return out;
}

// ---------- row selection ----------

/** Rows picked by index; index -1 yields null (outer join padding). */
export function gatherTyped(v: TypedVec, idx: ArrayLike<number>): TypedVec {
  const n = idx.length;
  const src = v.nulls;
  let nulls: Uint8Array | null = null;
  if (v.kind === 'f64') {
    const from = v.values;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = idx[i]!;
      if (j < 0 || isNullAt(src, j)) setNullAt((nulls ??= nullBitmap(n)), i);
      else values[i] = from[j]!;
    }
    return f64Vec(values, nulls);
  }
  const from = v.words;
  const values = new BigInt64Array(n);
  const words = new Int32Array(values.buffer);
  for (let i = 0; i < n; i++) {
    const j = idx[i]!;
    if (j < 0 || isNullAt(src, j)) setNullAt((nulls ??= nullBitmap(n)), i);
    else {
      words[2 * i] = from[2 * j]!;
      words[2 * i + 1] = from[2 * j + 1]!;
    }
  }
  return { kind: 'i64', values, words, nulls };
}

export function sliceTyped(v: TypedVec, from: number, to: number): TypedVec {
  const end = Math.max(from, Math.min(to, v.values.length));
  const idx = new Int32Array(end - from);
  for (let i = 0; i < idx.length; i++) idx[i] = from + i;
  return gatherTyped(v, idx);
}

// ---------- 64-bit values as two words ----------

/** The high (signed) and low (unsigned) 32-bit words of a 64-bit integer. */
export function wordsOf(b: bigint): [hi: number, lo: number] {
  return [Number(BigInt.asIntN(32, b >> 32n)), Number(BigInt.asUintN(32, b))];
}

/** Three-way comparison of row i of `words` with the 64-bit integer (hi, lo). */
export function compareWords(words: Int32Array, i: number, hi: number, lo: number): number {
  const h = words[2 * i + 1]!;
  if (h !== hi) return h < hi ? -1 : 1;
  const l = words[2 * i]! >>> 0;
  return l === lo ? 0 : l < lo ? -1 : 1;
}

/** The nearest double of row i: order-preserving (never inverted), so it can pick a hash slot or bucket. */
export function approxAt(words: Int32Array, i: number): number {
  return words[2 * i + 1]! * TWO32 + (words[2 * i]! >>> 0);
}

/**
 * Row i of a ticks vector as whole days and the ticks within the day (0 <= tod < 864e9), computed
 * exactly in doubles: the product days * 864e9 and the words' difference from it are exact integers.
 */
export function dayAndTime(words: Int32Array, i: number): [days: number, tod: number] {
  const h = words[2 * i + 1]! * TWO32;
  const l = words[2 * i]! >>> 0;
  const days = Math.floor((h + l) / DAY);
  return carryDay(days, h - days * DAY + l);
}

/** (days, tod) with tod brought into [0, 864e9), where it is less than a day outside it. */
export function carryDay(days: number, tod: number): [days: number, tod: number] {
  if (tod < 0) return [days - 1, tod + DAY];
  if (tod >= DAY) return [days + 1, tod - DAY];
  return [days, tod];
}

/** Writes days * 864e9 + tod (tod may exceed a day or be negative within 2^52) as row i. */
export function setDayAndTime(words: Int32Array, i: number, days: number, tod: number): void {
  const base = days * DAY;
  const hiBase = Math.floor(base / TWO32);
  const low = base - hiBase * TWO32 + tod;
  const carry = Math.floor(low / TWO32);
  words[2 * i] = (low - carry * TWO32) | 0;
  words[2 * i + 1] = hiBase + carry;
}
