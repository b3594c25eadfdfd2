// datetime/timespan + and - over typed vectors (TimeGenerated - 1h, now() - TimeGenerated, two ticks
// columns): each operand is read as whole days and ticks of the day from its 32-bit words, and the sum
// written back the same way, every step an exact integer in a double, so no bigint is made per row. A
// datetime outside 0001-01-01 .. 9999-12-31 is null, as dtRange makes it; a timespan beyond 64 bits
// (which the bigint path keeps as an unbounded bigint) sends the whole vector to the bigint path.
import type { Table } from '../table.js';
import type { KType, Val } from '../values.js';
import { type I64Vec, type TypedVec, dayAndTime, i64Vec, isNullAt, nullBitmap, setDayAndTime, setNullAt, valsOf } from '../vectors.js';
import type { CExpr, Runtime } from './context.js';

const DAY = 864e9;
/** The last day of 9999-12-31 (a datetime is in range when its floored day is 0 .. MAX_DAY). */
const MAX_DAY = 3652058;
/** The days and ticks of day of the largest and smallest 64-bit integers. */
const TOP = { days: 10675199, tod: 100854775807 };
const BOTTOM = { days: -10675200, tod: 763145224192 };

const isTick = (t: KType): boolean => t === 'datetime' || t === 'timespan';

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
    let days = da + sign * db;
    let tod = ta + sign * tb;
    if (tod < 0) {
      days -= 1;
      tod += DAY;
    } else if (tod >= DAY) {
      days += 1;
      tod -= DAY;
    }
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
