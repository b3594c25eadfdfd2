// datetime/timespan arithmetic over typed vectors. + and - (TimeGenerated - 1h, now() - TimeGenerated,
// two ticks columns): each operand is read as whole days and ticks of the day from its 32-bit words, and the sum
// written back the same way, every step an exact integer in a double, so no bigint is made per row. A
// datetime outside 0001-01-01 .. 9999-12-31 is null, as dtRange makes it; a timespan beyond 64 bits
// (which the bigint path keeps as an unbounded bigint) sends the whole vector to the bigint path.
import type { Table } from '../table.js';
import { type KType, type Val, isTick } from '../values.js';
import {
  type I64Vec, type TypedVec, approxAt, carryDay, dayAndTime, i64Vec, isNullAt, nullBitmap, setDayAndTime, setNullAt, valsOf,
} from '../vectors.js';
import type { CExpr, Runtime } from './context.js';

const DAY = 864e9;
/** The last day of 9999-12-31 (a datetime is in range when its floored day is 0 .. MAX_DAY). */
const MAX_DAY = 3652058;
/** The days and ticks of day of the largest and smallest 64-bit integers. */
const TOP = { days: 10675199, tod: 100854775807 };
const BOTTOM = { days: -10675200, tod: 763145224192 };


/** One operand: a typed vector, or a value fixed for the run as one row of its own. */
type Operand = I64Vec & { fixed: boolean };

/** `general` computes the same sum or difference boxed; it runs when an operand is not typed or fixed. */
export function typedTicksSum(op: 'Add' | 'Subtract', l: CExpr, r: CExpr, type: KType, general: CExpr): CExpr {
  if (!isTick(l.type) || !isTick(r.type) || !(l.typed || r.typed) || !(l.typed || l.constant) || !(r.typed || r.constant)) return general;
  const sign = op === 'Add' ? 1 : -1;
  const typed = (t: Table, rt: Runtime): TypedVec | undefined => {
    const a = operand(l, t, rt);
    const b = a && operand(r, t, rt);
    return b && sum(a, b, sign, type === 'datetime', t.n);
  };
  const ev = (t: Table, rt: Runtime): Val[] => {
    const v = typed(t, rt);
    return v ? valsOf(v, type) : general.ev(t, rt);
  };
  return { ...general, ev, typed };
}

function operand(e: CExpr, t: Table, rt: Runtime): Operand | undefined {
  const v = e.typed?.(t, rt);
  if (v) return v.kind === 'i64' ? { ...v, fixed: false } : undefined;
  const k = e.constant?.(rt);
  return typeof k === 'bigint' ? { ...i64Vec(BigInt64Array.of(k), null), fixed: true } : undefined;
}

function sum(a: Operand, b: Operand, sign: number, datetime: boolean, n: number): I64Vec | undefined {
  const out = i64Vec(new BigInt64Array(n), null);
  const to = out.words;
  let nulls: Uint8Array | null = null;
  let [da, ta] = dayAndTime(a.words, 0);
  let [db, tb] = dayAndTime(b.words, 0);
  for (let i = 0; i < n; i++) {
    const ia = a.fixed ? 0 : i;
    const ib = b.fixed ? 0 : i;
    if (isNullAt(a.nulls, ia) || isNullAt(b.nulls, ib)) {
      setNullAt((nulls ??= nullBitmap(n)), i);
      continue;
    }
    if (!a.fixed) [da, ta] = dayAndTime(a.words, i);
    if (!b.fixed) [db, tb] = dayAndTime(b.words, i);
    const [days, tod] = carryDay(da + sign * db, ta + sign * tb);
    if (datetime ? days < 0 || days > MAX_DAY : beyond64(days, tod)) {
      if (!datetime) return undefined;
      setNullAt((nulls ??= nullBitmap(n)), i);
      continue;
    }
    setDayAndTime(to, i, days, tod);
  }
  return nulls ? i64Vec(out.values, nulls) : out;
}

function beyond64(days: number, tod: number): boolean {
  return days > TOP.days || (days === TOP.days && tod > TOP.tod) || days < BOTTOM.days || (days === BOTTOM.days && tod < BOTTOM.tod);
}

const TWO32 = 4294967296;
const TWO53 = 2 ** 53;
const TWO63 = 2 ** 63;
/** The largest factor for which ticks of a day times it stays below 2^53. */
const MAX_SPLIT_FACTOR = 10000;

/** A number operand: a typed column of doubles, or a number fixed for the run. */
type Factor = { values: Float64Array; nulls: Uint8Array | null; fixed: boolean };

function factor(e: CExpr, t: Table, rt: Runtime): Factor | undefined {
  const v = e.typed?.(t, rt);
  if (v) return v.kind === 'f64' ? { values: v.values, nulls: v.nulls, fixed: false } : undefined;
  const k = e.constant?.(rt);
  return typeof k === 'number' ? { values: Float64Array.of(k), nulls: null, fixed: true } : undefined;
}

/**
 * timespan * number and timespan / number (`ticks` is the timespan side), and timespan / timespan, over
 * typed operands, as the bigint path computes them where doubles are exact: a product split into days and
 * ticks of the day, or of values below 2^53; a quotient of values below 2^53 (an integer quotient's
 * truncation is then exact) or by a fraction (the bigint path divides the double too). Any other row
 * (a product or quotient that doubles could round, a result beyond 64 bits, NaN) sends the whole vector
 * to `general`.
 */
export function typedTicksScale(op: 'Multiply' | 'Divide', ticks: CExpr, other: CExpr, type: KType, general: CExpr): CExpr {
  const ratio = op === 'Divide' && isTick(other.type);
  if (!(ticks.typed || other.typed) || !(ticks.typed || ticks.constant) || !(other.typed || other.constant)) return general;
  const typed = (t: Table, rt: Runtime): TypedVec | undefined => {
    const a = operand(ticks, t, rt);
    if (!a) return undefined;
    if (ratio) {
      const b = operand(other, t, rt);
      return b && quotients(a, b, t.n);
    }
    const k = factor(other, t, rt);
    return k && scaled(a, k, op === 'Multiply', t.n);
  };
  const ev = (t: Table, rt: Runtime): Val[] => {
    const v = typed(t, rt);
    return v ? valsOf(v, type) : general.ev(t, rt);
  };
  return { ...general, ev, typed };
}

function quotients(a: Operand, b: Operand, n: number): TypedVec {
  const values = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const ia = a.fixed ? 0 : i;
    const ib = b.fixed ? 0 : i;
    if (isNullAt(a.nulls, ia) || isNullAt(b.nulls, ib)) setNullAt((nulls ??= nullBitmap(n)), i);
    else values[i] = approxAt(a.words, ia) / approxAt(b.words, ib);
  }
  return { kind: 'f64', values, nulls };
}

function scaled(a: Operand, k: Factor, multiply: boolean, n: number): I64Vec | undefined {
  const out = i64Vec(new BigInt64Array(n), null);
  const to = out.words;
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const ia = a.fixed ? 0 : i;
    const ik = k.fixed ? 0 : i;
    const kn = k.values[ik]!;
    if (isNullAt(a.nulls, ia) || isNullAt(k.nulls, ik) || (!multiply && kn === 0)) {
      setNullAt((nulls ??= nullBitmap(n)), i);
      continue;
    }
    const ok = multiply ? product(a.words, ia, kn, to, i) : quotient(a.words, ia, kn, to, i);
    if (!ok) return undefined;
  }
  return nulls ? i64Vec(out.values, nulls) : out;
}

/** Row ia of `from` times k into row i of `to`, as (t * BigInt(k)) or BigInt(Math.round(Number(t) * k)). */
function product(from: Int32Array, ia: number, k: number, to: Int32Array, i: number): boolean {
  const x = approxAt(from, ia);
  if (!Number.isInteger(k)) return setDouble(to, i, Math.round(x * k));
  if (Math.abs(x) < TWO53 && Math.abs(x * k) < TWO53) return setDouble(to, i, x * k);
  if (Math.abs(k) > MAX_SPLIT_FACTOR) return false;
  const [days, tod] = dayAndTime(from, ia);
  const p = tod * k;
  const whole = Math.floor(p / DAY);
  const [q, r] = carryDay(whole, p - whole * DAY);
  if (beyond64(days * k + q, r)) return false;
  setDayAndTime(to, i, days * k + q, r);
  return true;
}

/** Row ia of `from` divided by k (not 0) into row i of `to`, as the bigint path's truncating division. */
function quotient(from: Int32Array, ia: number, k: number, to: Int32Array, i: number): boolean {
  const x = approxAt(from, ia);
  if (Number.isInteger(k) && Math.abs(x) >= TWO53) return false;
  return setDouble(to, i, Math.trunc(x / k));
}

/** An integral double as row i's 64-bit integer; false when it is not finite or beyond 64 bits. */
function setDouble(to: Int32Array, i: number, x: number): boolean {
  if (!(x >= -TWO63 && x < TWO63)) return false;
  const hi = Math.floor(x / TWO32);
  to[2 * i] = (x - hi * TWO32) | 0;
  to[2 * i + 1] = hi;
  return true;
}
