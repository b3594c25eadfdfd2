// Kusto's long: an exact signed 64-bit integer. A value is a JS number while it is a safe integer (the
// common case, so arithmetic and grouping never allocate) and a bigint only outside +-(2^53 - 1); every
// function here returns that normal form, so equal longs are always the same JS value (===, Map keys).
// A column's static type tells a long bigint from datetime/timespan ticks, which are always bigint.

export type Long = number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const LONG_MAX = 9223372036854775807n;
export const LONG_MIN = -9223372036854775808n;

/** The normal form of an exact integer already in the 64-bit range. */
export function longOf(b: bigint): Long {
  return b >= -MAX_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

/** The integer wrapped to 64 bits, as a 64-bit register (Kusto's unchecked arithmetic) does. */
export function wrapLong(b: bigint): Long {
  return longOf(BigInt.asIntN(64, b));
}

const big = (v: Long): bigint => (typeof v === 'bigint' ? v : BigInt(v));

export function addLong(a: Long, b: Long): Long {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Number.isSafeInteger(s)) return s;
  }
  return wrapLong(big(a) + big(b));
}

export function subLong(a: Long, b: Long): Long {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a - b;
    if (Number.isSafeInteger(s)) return s;
  }
  return wrapLong(big(a) - big(b));
}

export function mulLong(a: Long, b: Long): Long {
  if (typeof a === 'number' && typeof b === 'number') {
    // A rounded product within the safe range is the exact product (2^53 itself is representable).
    const p = a * b;
    if (Number.isSafeInteger(p)) return p === 0 ? 0 : p;
  }
  return wrapLong(big(a) * big(b));
}

/** Integer division truncating toward zero; null for a zero divisor. */
export function divLong(a: Long, b: Long): Long | null {
  if (b === 0) return null;
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) || 0;
  return wrapLong(big(a) / big(b));
}

/** Kusto's modulo is never negative: the result lies in [0, |divisor|); null for a zero divisor. */
export function modLong(a: Long, b: Long): Long | null {
  if (b === 0) return null;
  if (typeof a === 'number' && typeof b === 'number') {
    const m = a % b;
    return m < 0 ? m + Math.abs(b) : m || 0;
  }
  const d = big(b);
  const m = big(a) % d;
  return longOf(m < 0n ? m + (d < 0n ? -d : d) : m);
}

/** A 64-bit bitwise operation on two longs. */
export function bitsLong(a: Long, b: Long, op: (x: bigint, y: bigint) => bigint): Long {
  return wrapLong(op(big(a), big(b)));
}

/** The long nearest toward zero to a finite real, saturating at the 64-bit limits. */
export function longFromReal(r: number): Long {
  if (Number.isSafeInteger(Math.trunc(r))) return Math.trunc(r) || 0;
  if (r >= 9223372036854775808) return LONG_MAX;
  if (r <= -9223372036854775808) return LONG_MIN;
  return longOf(BigInt(Math.trunc(r)));
}

/** Integer text (optionally signed) as a long; null outside the 64-bit range. */
export function longFromDigits(t: string): Long | null {
  if (t.length < 16) return Number(t) || 0;
  const b = BigInt(t);
  return b > LONG_MAX || b < LONG_MIN ? null : longOf(b);
}

/** The low 32 bits as an int, as a C# unchecked cast (and Kusto's int arithmetic) narrows a long. */
export function intOf(v: Long): number {
  return typeof v === 'number' && v <= 2147483647 && v >= -2147483648 ? v : Number(BigInt.asIntN(32, big(v)));
}

/** The long's 64 bits as a bigint (hashing, hex, tick arithmetic). */
export const longBits = big;
