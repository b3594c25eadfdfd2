// The typed path of datetime functions: a row function of whole days and ticks within the day, read from a
// typed datetime column's 32-bit words (vectors.ts dayAndTime), so no bigint is made per row. The days
// and ticks are those of bigint `/` and `%` (truncated towards zero), as partsOf() splits a value, so a
// row function answers exactly as its bigint form. Other arguments must be fixed for the run.
import type { CExpr, Runtime } from '../compile/context.js';
import type { Table } from '../table.js';
import type { Val } from '../values.js';
import {
  type TypedVec, dayAndTime, f64Vec, i64Vec, isNullAt, nullBitmap, setDayAndTime, setNullAt, valsOf,
} from '../vectors.js';
import type { CallInfo } from './lift.js';

const DAY = 864e9;
const DAY_N = 864_000_000_000n;

/** A datetime as days and ticks, as row functions with a datetime result write it (tod may leave the day). */
export interface DayTime {
  days: number;
  tod: number;
}

export type NumberOfDay = (days: number, tod: number) => number | null;
/** Writes the result into `out`; false for null. */
export type TicksOfDay = (days: number, tod: number, out: DayTime) => boolean;

/**
 * How a function reads its datetime argument as days and ticks. `make` gets the other arguments' values
 * (the datetime argument's slot is null) once per run.
 */
export type DayTimeLift =
  | { at: number; number: (k: readonly Val[]) => NumberOfDay }
  | { at: number; ticks: (k: readonly Val[]) => TicksOfDay };

/** A value as truncated days and ticks of the day, as bigint division splits it. */
export function splitTicks(v: bigint): [days: number, tod: number] {
  return [Number(v / DAY_N), Number(v % DAY_N)];
}

/** Row i of a ticks vector as splitTicks() splits its value. */
function splitAt(words: Int32Array, i: number, out: DayTime): void {
  const [days, tod] = dayAndTime(words, i);
  const truncate = days < 0 && tod > 0;
  out.days = truncate ? days + 1 : days;
  out.tod = truncate ? tod - DAY : tod;
}

/**
 * `boxed` with a typed path: when the datetime argument is a typed vector at run time and every other
 * argument is constant, the result is computed from the words into a typed vector.
 */
export function withDayTime(c: CallInfo, boxed: CExpr, lift: DayTimeLift): CExpr {
  const arg = c.args[lift.at];
  const fixed = c.args.every((a, i) => i === lift.at || a.constant);
  if (!arg?.typed || arg.type !== 'datetime' || !fixed) return boxed;
  const from = arg.typed;
  const typed = (t: Table, rt: Runtime): TypedVec | undefined => {
    const v = from(t, rt);
    if (v?.kind !== 'i64') return undefined;
    const k = c.args.map((a, i) => (i === lift.at ? null : a.constant!(rt)));
    return 'number' in lift ? numbers(v.words, v.nulls, lift.number(k)) : ticks(v.words, v.nulls, lift.ticks(k));
  };
  const type = boxed.type;
  const ev = (t: Table, rt: Runtime): Val[] => {
    const v = typed(t, rt);
    return v ? valsOf(v, type) : boxed.ev(t, rt);
  };
  return { ...boxed, ev, typed };
}

function numbers(words: Int32Array, src: Uint8Array | null, f: NumberOfDay): TypedVec {
  const n = words.length >>> 1;
  const values = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  const dt: DayTime = { days: 0, tod: 0 };
  for (let i = 0; i < n; i++) {
    const r = isNullAt(src, i) ? null : (splitAt(words, i, dt), f(dt.days, dt.tod));
    if (r === null) setNullAt((nulls ??= nullBitmap(n)), i);
    else values[i] = r;
  }
  return f64Vec(values, nulls);
}

function ticks(words: Int32Array, src: Uint8Array | null, f: TicksOfDay): TypedVec {
  const n = words.length >>> 1;
  const out = i64Vec(new BigInt64Array(n), null);
  const to = out.words;
  let nulls: Uint8Array | null = null;
  const dt: DayTime = { days: 0, tod: 0 };
  const r: DayTime = { days: 0, tod: 0 };
  for (let i = 0; i < n; i++) {
    if (!isNullAt(src, i) && (splitAt(words, i, dt), f(dt.days, dt.tod, r))) setDayAndTime(to, i, r.days, r.tod);
    else setNullAt((nulls ??= nullBitmap(n)), i);
  }
  return nulls ? i64Vec(out.values, nulls) : out;
}
