// Datetime and timespan functions over exact 100 ns ticks, and IANA time zones through Intl.
import { toStr } from '../convert.js';
import type { CExpr, Runtime } from '../compile/context.js';
import { CompileError } from '../errors.js';
import type { Table } from '../table.js';
import type { TypedVec } from '../vectors.js';
import {
  type KType, type Val, type Vec,
  TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, TICKS_PER_MS, UNIX_EPOCH_TICKS,
  daysInMonth, formatTimespan, partsAt, partsOf, ticksOf, MAX_DATETIME, civilFromDays, daysFromCivil,
} from '../values.js';
import { type CallInfo, type FnImpl, lift } from './lift.js';
import { binTicksVec, byDay, mapNumbers } from './typed-bin.js';
import { type DayTime, type NumberOfDay, type TicksOfDay, splitTicks, withDayTime } from './lift-ticks.js';

type T = bigint | null;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function binTicks(v: bigint, size: bigint, origin = 0n): bigint | null {
  if (size <= 0n) return null;
  // The common case (no origin, a non-negative value): one modulo and one subtraction.
  if (origin === 0n && v >= 0n) return v - v % size;
  return floorDiv(v - origin, size) * size + origin;
}

function binNumber(v: number, size: number, origin = 0): number {
  if (size <= 0) return v;
  return Math.floor((v - origin) / size) * size + origin;
}

function isTickT(t: KType | undefined): boolean {
  return t === 'datetime' || t === 'timespan';
}

function sizeTicks(v: Val, t: KType): bigint | null {
  if (v === null) return null;
  if (isTickT(t)) return v as bigint;
  return BigInt(Math.round(Number(v)));
}

export const binImpl: FnImpl = (c) => {
  const [x, size] = c.args;
  if (isTickT(x?.type) && !x!.constant && size?.constant && c.args.length === 2) return withTypedBin(c, binTicksBy(c, x!, size));
  return withTypedBin(c, binLifted(c));
};

/**
 * bin, bin_at and floor of a typed column by a constant size (and origin) also give a typed vector,
 * binned in doubles (typed-bin.ts); undefined, so binned boxed, where that cannot be exact.
 */
function withTypedBin(c: CallInfo, base: CExpr): CExpr {
  const [x, size, origin] = c.args;
  const typedX = x?.typed;
  if (!typedX || !size?.constant || (origin && !origin.constant)) return base;
  const sizeOf = size.constant;
  const originOf = origin?.constant;
  const ticks = isTickT(x.type);
  // bin() of ints and longs truncates; bin_at() does not (as the lifted row functions).
  const trunc = !origin && (c.ret === 'int' || c.ret === 'long');
  const typed = (t: Table, rt: Runtime): TypedVec | undefined => {
    const v = typedX(t, rt);
    const s = sizeOf(rt);
    const o = originOf ? originOf(rt) : ticks ? 0n : 0;
    if (!v || s === null || o === null) return undefined;
    if (ticks && v.kind === 'i64' && typeof o === 'bigint') {
      const sz = sizeTicks(s, size.type);
      return sz === null ? undefined : binTicksVec(v, sz, o, x.type === 'timespan');
    }
    if (ticks || v.kind !== 'f64' || typeof s !== 'number' || typeof o !== 'number') return undefined;
    return mapNumbers(v, trunc ? (n) => Math.trunc(binNumber(n, s, o)) : (n) => binNumber(n, s, o));
  };
  return { ...base, typed };
}

/**
 * bin(ticks, constant size) over a column. Each bin's bigint is made once and found again through the
 * value's double, then confirmed exactly (lo <= v < hi), so binning a datetime column allocates per bin,
 * not per row, and equal bins share one value. A value near a bin edge, where the double's rounding could
 * pick the neighbour, fails the check and is binned exactly.
 */
function binTicksBy(c: CallInfo, x: CExpr, size: CExpr): CExpr {
  const ev = (t: Table, rt: Runtime): Vec => {
    const v = x.ev(t, rt);
    const sz = sizeTicks(size.constant!(rt), size.type);
    const out = new Array<Val>(t.n);
    if (sz === null || sz <= 0n) return out.fill(null);
    const szD = Number(sz);
    const lo = new Map<number, bigint>();
    const hi = new Map<number, bigint>();
    for (let i = 0; i < t.n; i++) {
      const ticks = v[i] as bigint | null;
      if (ticks === null) {
        out[i] = null;
        continue;
      }
      const k = Math.floor(Number(ticks) / szD);
      const b = lo.get(k);
      if (b !== undefined && ticks >= b && ticks < hi.get(k)!) {
        out[i] = b;
        continue;
      }
      const exact = binTicks(ticks, sz)!;
      if (b === undefined) {
        lo.set(k, exact);
        hi.set(k, exact + sz);
      }
      out[i] = exact;
    }
    return out;
  };
  return { type: c.ret, ev };
}

const binLifted: FnImpl = (c) => lift(c, ([t, ts]) => {
  if (isTickT(t)) {
    return (v, s) => {
      const sz = sizeTicks(s!, ts!);
      if (v === null || sz === null) return null;
      return binTicks(v as bigint, sz);
    };
  }
  const integral = c.ret === 'int' || c.ret === 'long';
  return (v, s) => {
    if (v === null || s === null) return null;
    const x = binNumber(Number(v), Number(s));
    return integral ? Math.trunc(x) : x;
  };
});

const binAt: FnImpl = (c) => withTypedBin(c, binAtLifted(c));

const binAtLifted: FnImpl = (c) => lift(c, ([t, ts]) => {
  if (isTickT(t)) {
    return (v, s, o) => {
      const sz = sizeTicks(s!, ts!);
      if (v === null || sz === null || o === null) return null;
      return binTicks(v as bigint, sz, o as bigint);
    };
  }
  return (v, s, o) => (v === null || s === null || o === null ? null : binNumber(Number(v), Number(s), Number(o)));
});

/** A number of a datetime's days and ticks of the day: bigint values are split, typed ones read as words. */
function dayPart(f: NumberOfDay): FnImpl {
  return (c) => withDayTime(c, lift(c, () => (v) => {
    if (v === null) return null;
    const [days, tod] = splitTicks(v as bigint);
    return f(days, tod);
  }), { at: 0, number: () => f });
}

const startOfDay = (v: bigint): bigint => v - (v % TICKS_PER_DAY);

function dayOfWeekIdx(v: bigint): number {
  return dayOfWeekOf(Number(v / TICKS_PER_DAY));
}

/** The day of the week of a day number (bigint division's): 0001-01-01 was a Monday; Sunday is day 0. */
function dayOfWeekOf(days: number): number {
  return (days + 1) % 7;
}

function startOfWeek(v: bigint): bigint {
  return startOfDay(v) - BigInt(dayOfWeekIdx(v)) * TICKS_PER_DAY;
}

function addMonths(v: bigint, months: number): bigint | null {
  const p = partsOf(v);
  let y = p.y;
  let m = p.m + months;
  y += Math.floor((m - 1) / 12);
  m = ((m - 1) % 12 + 12) % 12 + 1;
  if (y < 1 || y > 9999) return null;
  const d = Math.min(p.d, daysInMonth(y, m));
  return ticksOf(y, m, d) + (v % TICKS_PER_DAY);
}

function offsetArg(v: Val | undefined): number {
  return v === undefined || v === null ? 0 : Number(v);
}

function inRange(v: bigint | null): bigint | null {
  return v === null || v < 0n || v > MAX_DATETIME ? null : v;
}

/**
 * startofday/week/month/year. Over a typed datetime column with a constant whole offset they also give
 * a typed vector: the result depends only on the day, so the row function runs once per distinct day.
 */
const startOf = (unit: 'day' | 'week' | 'month' | 'year'): FnImpl => (c) => {
  const row = startOfRow(unit);
  const base = lift(c, () => row);
  const [x, offset] = c.args;
  const typedX = x?.typed;
  if (!typedX || x.type !== 'datetime' || (offset && !offset.constant)) return base;
  const typed = (t: Table, rt: Runtime): TypedVec | undefined => {
    const v = typedX(t, rt);
    const off = offset ? offset.constant!(rt) : undefined;
    if (v?.kind !== 'i64' || (off !== undefined && off !== null && !Number.isSafeInteger(Number(off)))) return undefined;
    return byDay(v, (ticks) => row(ticks, off) as bigint | null);
  };
  return { ...base, typed };
};

const startOfRow = (unit: 'day' | 'week' | 'month' | 'year') => (v: Val, off?: Val): Val => {
  if (v === null) return null;
  const o = offsetArg(off);
  const t = v as bigint;
  switch (unit) {
    case 'day': return inRange(startOfDay(t) + BigInt(o) * TICKS_PER_DAY);
    case 'week': return inRange(startOfWeek(t) + BigInt(o * 7) * TICKS_PER_DAY);
    case 'month': { const p = partsOf(t); const r = addMonths(ticksOf(p.y, p.m, 1), o); return inRange(r); }
    case 'year': { const p = partsOf(t); const y = p.y + o; return y < 1 || y > 9999 ? null : ticksOf(y, 1, 1); }
  }
};

const endOf = (unit: 'day' | 'week' | 'month' | 'year'): FnImpl => (c) => lift(c, () => (v, off) => {
  if (v === null) return null;
  const o = offsetArg(off);
  const t = v as bigint;
  let next: bigint | null;
  switch (unit) {
    case 'day': next = startOfDay(t) + BigInt(o + 1) * TICKS_PER_DAY; break;
    case 'week': next = startOfWeek(t) + BigInt((o + 1) * 7) * TICKS_PER_DAY; break;
    case 'month': { const p = partsOf(t); const mm = p.m + o; next = (p.y * 12 + mm) === 9999 * 12 + 12 ? MAX_DATETIME + 1n : addMonths(ticksOf(p.y, p.m, 1), o + 1); break; }
    case 'year': { const p = partsOf(t); const y = p.y + o + 1; next = y > 10000 || y < 1 ? null : y === 10000 ? MAX_DATETIME + 1n : ticksOf(y, 1, 1); break; }
  }
  return next === null ? null : inRange(next - 1n);
});

/** ISO 8601 week number (Kusto's week_of_year) of a day number (bigint division's). */
function isoWeek(day: number): number {
  const p = civilFromDays(day);
  const days = daysFromCivil(p.y, p.m, p.d);
  const dow = (dayOfWeekOf(day) + 6) % 7; // Monday = 0
  const thursday = days - dow + 3;
  const ty = civilFromDays(thursday).y;
  return Math.floor((thursday - daysFromCivil(ty, 1, 1)) / 7) + 1;
}

const UNIT_PART: Record<string, string> = {
  year: 'year', years: 'year', yy: 'year', yyyy: 'year',
  quarter: 'quarter', quarters: 'quarter', qq: 'quarter', q: 'quarter',
  month: 'month', months: 'month', mm: 'month', m: 'month',
  week: 'week', weeks: 'week', wk: 'week', ww: 'week', week_of_year: 'week',
  day: 'day', days: 'day', dd: 'day', d: 'day',
  dayofyear: 'dayofyear', dy: 'dayofyear', y: 'dayofyear',
  hour: 'hour', hours: 'hour', hh: 'hour',
  minute: 'minute', minutes: 'minute', mi: 'minute', n: 'minute',
  second: 'second', seconds: 'second', ss: 'second', s: 'second',
  millisecond: 'millisecond', milliseconds: 'millisecond', ms: 'millisecond',
  microsecond: 'microsecond', microseconds: 'microsecond', mcs: 'microsecond',
  nanosecond: 'nanosecond', nanoseconds: 'nanosecond', ns: 'nanosecond',
};

function unitOf(v: Val): string | null {
  return UNIT_PART[String(v).toLowerCase()] ?? null;
}

const FIXED_UNIT: Record<string, bigint> = {
  day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE, second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS, microsecond: 10n, week: 7n * TICKS_PER_DAY,
};

function datetimeAdd(unit: string, amount: number, v: bigint): bigint | null {
  if (unit === 'year') return inRange(addMonths(v, amount * 12));
  if (unit === 'quarter') return inRange(addMonths(v, amount * 3));
  if (unit === 'month') return inRange(addMonths(v, amount));
  if (unit === 'nanosecond') return inRange(v + BigInt(Math.trunc(amount / 100)));
  const u = FIXED_UNIT[unit];
  return u === undefined ? null : inRange(v + BigInt(amount) * u);
}

function datetimeDiff(unit: string, a: bigint, b: bigint): number | null {
  const pa = partsOf(a);
  const pb = partsOf(b);
  switch (unit) {
    case 'year': return pa.y - pb.y;
    case 'quarter': return (pa.y - pb.y) * 4 + (Math.floor((pa.m - 1) / 3) - Math.floor((pb.m - 1) / 3));
    case 'month': return (pa.y - pb.y) * 12 + (pa.m - pb.m);
    case 'week': return Number((startOfWeek(a) - startOfWeek(b)) / (7n * TICKS_PER_DAY));
    case 'day': return Number(a / TICKS_PER_DAY - b / TICKS_PER_DAY);
    case 'hour': return Number(a / TICKS_PER_HOUR - b / TICKS_PER_HOUR);
    case 'minute': return Number(a / TICKS_PER_MINUTE - b / TICKS_PER_MINUTE);
    case 'second': return Number(a / TICKS_PER_SECOND - b / TICKS_PER_SECOND);
    case 'millisecond': return Number(a / TICKS_PER_MS - b / TICKS_PER_MS);
    case 'microsecond': return Number(a / 10n - b / 10n);
    case 'nanosecond': return Number(a - b) * 100;
  }
  return null;
}

function datetimePart(unit: string, day: number, tod: number): number | null {
  const p = partsAt(day, tod);
  switch (unit) {
    case 'year': return p.y;
    case 'quarter': return Math.floor((p.m - 1) / 3) + 1;
    case 'month': return p.m;
    case 'week': return isoWeek(day);
    case 'day': return p.d;
    case 'dayofyear': return daysFromCivil(p.y, p.m, p.d) - daysFromCivil(p.y, 1, 1) + 1;
    case 'hour': return p.hh;
    case 'minute': return p.mi;
    case 'second': return p.ss;
    case 'millisecond': return Math.floor(p.frac / 1e4);
    case 'microsecond': return Math.floor(p.frac / 10);
    case 'nanosecond': return p.frac * 100;
  }
  return null;
}

// ---------- formatting ----------

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const DT_SPEC = /^(d{1,2}|f{1,7}|F{1,7}|h{1,2}|H{1,2}|m{1,2}|M{1,2}|s{1,2}|y{1,4}|tt)$/;
const TS_SPEC = /^(d{1,8}|f{1,7}|F{1,7}|h{1,2}|H{1,2}|m{1,2}|s{1,2})$/;
const SEPARATORS = ' /-:,._[]';

/** Splits a format into specifier runs; runs longer than a specifier allows repeat it (dddd = dd dd). */
function formatTokens(fmt: string, spec: RegExp): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < fmt.length;) {
    const ch = fmt[i]!;
    let j = i;
    while (j < fmt.length && fmt[j] === ch) j++;
    if (SEPARATORS.includes(ch)) {
      out.push(fmt.slice(i, j));
      i = j;
      continue;
    }
    let run = j - i;
    while (run > 0) {
      let take = run;
      while (take > 0 && !spec.test(ch.repeat(take))) take--;
      if (take === 0) return null;
      out.push(ch.repeat(take));
      run -= take;
    }
    i = j;
  }
  return out;
}

export function validDatetimeFormat(fmt: string): boolean {
  return formatTokens(fmt, DT_SPEC) !== null;
}

export function validTimespanFormat(fmt: string): boolean {
  return formatTokens(fmt, TS_SPEC) !== null;
}

function formatDatetimeWith(v: bigint, fmt: string): string {
  const p = partsOf(v);
  const frac7 = String(p.frac).padStart(7, '0');
  let out = '';
  const toks = formatTokens(fmt, DT_SPEC) ?? [];
  for (const tok of toks) {
    const ch = tok[0]!;
    const n = tok.length;
    const pad = (x: number, w: number): string => String(x).padStart(w, '0');
    switch (ch) {
      case 'y': out += n === 2 ? pad(p.y % 100, 2) : n === 1 ? String(p.y % 100) : pad(p.y, n); break;
      case 'M': out += n >= 4 ? MONTH_NAMES[p.m - 1]! : n === 3 ? MONTH_NAMES[p.m - 1]!.slice(0, 3) : n === 2 ? pad(p.m, 2) : String(p.m); break;
      case 'd': out += n >= 4 ? DAY_NAMES[dayOfWeekIdx(v)]! : n === 3 ? DAY_NAMES[dayOfWeekIdx(v)]!.slice(0, 3) : n === 2 ? pad(p.d, 2) : String(p.d); break;
      case 'H': out += n >= 2 ? pad(p.hh, 2) : String(p.hh); break;
      case 'h': { const h = p.hh % 12 || 12; out += n >= 2 ? pad(h, 2) : String(h); break; }
      case 'm': out += n >= 2 ? pad(p.mi, 2) : String(p.mi); break;
      case 's': out += n >= 2 ? pad(p.ss, 2) : String(p.ss); break;
      case 'f': out += frac7.slice(0, Math.min(n, 7)); break;
      case 'F': { const s = frac7.slice(0, Math.min(n, 7)).replace(/0+$/, ''); out += s; if (!s && out.endsWith('.')) out = out.slice(0, -1); break; }
      case 't': out += n >= 2 ? (p.hh < 12 ? 'AM' : 'PM') : p.hh < 12 ? 'A' : 'P'; break;
      default: out += tok;
    }
  }
  return out;
}

function formatTimespanWith(v: bigint, fmt: string): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const days = Number(a / TICKS_PER_DAY);
  const rem = Number(a % TICKS_PER_DAY);
  const secs = Math.floor(rem / 1e7);
  const frac7 = String(rem % 1e7).padStart(7, '0');
  let out = neg ? '-' : '';
  for (const tok of formatTokens(fmt, TS_SPEC) ?? []) {
    const ch = tok[0]!;
    const n = tok.length;
    const pad = (x: number, w: number): string => String(x).padStart(w, '0');
    switch (ch) {
      case 'd': out += pad(days, n); break;
      case 'h': case 'H': out += pad(Math.floor(secs / 3600), Math.min(n, 2)); break;
      case 'm': out += pad(Math.floor((secs % 3600) / 60), Math.min(n, 2)); break;
      case 's': out += pad(secs % 60, Math.min(n, 2)); break;
      case 'f': out += frac7.slice(0, Math.min(n, 7)); break;
      case 'F': { const s = frac7.slice(0, Math.min(n, 7)).replace(/0+$/, ''); out += s; if (!s && out.endsWith('.')) out = out.slice(0, -1); break; }
      default: out += tok;
    }
  }
  return out;
}

// ---------- time zones ----------

const tzFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

function zoneFormatter(tz: string): Intl.DateTimeFormat | null {
  let f = tzFormatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      return null;
    }
    tzFormatters.set(tz, f);
  }
  return f;
}

/** Offset of zone `tz` from UTC at UTC instant `ms`, in minutes; cached per quarter hour. */
function zoneOffsetMinutes(tz: string, ms: number): number | null {
  const f = zoneFormatter(tz);
  if (!f) return null;
  let m = offsetCache.get(tz);
  if (!m) offsetCache.set(tz, (m = new Map()));
  const bucket = Math.floor(ms / 900_000);
  const hit = m.get(bucket);
  if (hit !== undefined) return hit;
  const d = new Date(bucket * 900_000);
  if (Number.isNaN(d.getTime())) return 0;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(d)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  const off = Math.round((asUtc - bucket * 900_000) / 60000);
  if (m.size > 100_000) m.clear();
  m.set(bucket, off);
  return off;
}

function tzName(v: Val, t: KType): string {
  return toStr(v, t);
}

const offsetTicks = new Map<string, Map<number, bigint>>();

export function utcToLocal(v: bigint, tz: string): bigint | null {
  // Offsets are cached per quarter hour as ready-made tick counts: one bigint division and one
  // addition per value on the hot path.
  // The quarter hour from a float division; only values within a microsecond of a boundary (where the
  // float may round across it) take the exact bigint division.
  const approx = Number(v) / 9e9;
  let bucket = Math.floor(approx);
  const r = approx - bucket;
  if (r < 1e-6 || r > 1 - 1e-6) bucket = Number(v / 9_000_000_000n);
  let m = offsetTicks.get(tz);
  if (!m) offsetTicks.set(tz, (m = new Map()));
  let off = m.get(bucket);
  if (off === undefined) {
    const mins = zoneOffsetMinutes(tz, Number((BigInt(bucket) * 9_000_000_000n - UNIX_EPOCH_TICKS) / TICKS_PER_MS));
    if (mins === null) return null;
    off = BigInt(mins) * TICKS_PER_MINUTE;
    if (m.size > 200_000) m.clear();
    m.set(bucket, off);
  }
  return v + off;
}

/** utcToLocal of a datetime as days and ticks (bigint division's); values before 0001-01-01 go through it. */
function utcToLocalOfDay(tz: string): TicksOfDay {
  let m = offsetMinutes.get(tz);
  if (!m) offsetMinutes.set(tz, (m = new Map()));
  const byQuarter = m;
  return (days, tod, out) => {
    if (days < 0 || tod < 0) return splitInto(utcToLocal(BigInt(days) * TICKS_PER_DAY + BigInt(tod), tz), out);
    const bucket = days * 96 + Math.floor(tod / 9e9);
    let off = byQuarter.get(bucket);
    if (off === undefined) {
      const mins = zoneOffsetMinutes(tz, bucket * 900_000 - UNIX_EPOCH_MS);
      if (mins === null) return false;
      if (byQuarter.size > 200_000) byQuarter.clear();
      byQuarter.set(bucket, (off = mins));
    }
    return shiftMinutes(days, tod, off, out);
  };
}

/** days and tod shifted by whole minutes, exactly (an offset of centuries does not fit tod's doubles). */
function shiftMinutes(days: number, tod: number, minutes: number, out: DayTime): true {
  const whole = Math.floor(minutes / 1440);
  out.days = days + whole;
  out.tod = tod + (minutes - whole * 1440) * 6e8;
  return true;
}

function splitInto(v: bigint | null, out: DayTime): boolean {
  if (v === null) return false;
  [out.days, out.tod] = splitTicks(v);
  return true;
}

/** The zone's offset in minutes by UTC quarter hour since 0001-01-01, as utcToLocalOfDay reads it. */
const offsetMinutes = new Map<string, Map<number, number>>();
const UNIX_EPOCH_MS = Number(UNIX_EPOCH_TICKS / TICKS_PER_MS);

export function localToUtc(v: bigint, tz: string): bigint | null {
  const off = localOffset(Number((v - UNIX_EPOCH_TICKS) / TICKS_PER_MS), tz);
  return off === null ? null : v - BigInt(off) * TICKS_PER_MINUTE;
}

function localToUtcOfDay(tz: string): TicksOfDay {
  return (days, tod, out) => {
    // Milliseconds since 1970 truncated towards zero, as the bigint division of localToUtc gives them.
    const d = days - UNIX_EPOCH_DAYS;
    const off = localOffset(d * 864e5 + (d < 0 ? Math.ceil(tod / 1e4) : Math.floor(tod / 1e4)), tz);
    return off !== null && shiftMinutes(days, tod, -off, out);
  };
}

const UNIX_EPOCH_DAYS = Number(UNIX_EPOCH_TICKS / TICKS_PER_DAY);

/** The zone's offset in minutes at the local time `ms` (milliseconds since 1970 on the local clock). */
function localOffset(ms: number, tz: string): number | null {
  // Guess with the offset at the local reading, then correct once (handles DST edges like .NET does).
  const o1 = zoneOffsetMinutes(tz, ms);
  if (o1 === null) return null;
  const o2 = zoneOffsetMinutes(tz, ms - o1 * 60000)!;
  // A local time in a spring-forward gap has no consistent offset: it takes the offset after the change.
  const consistent = zoneOffsetMinutes(tz, ms - o2 * 60000) === o2;
  return consistent ? o2 : o1;
}

function makeDatetime(...a: Val[]): Val {
  if (a.some((x) => x === null)) return null;
  const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = a.map(Number);
  if (!(y! >= 1 && y! <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y!, mo) && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 60)) return null;
  const whole = Math.floor(s);
  const frac = Math.round((s - whole) * 1e7);
  return ticksOf(y!, mo, d, h, mi, whole, frac);
}

function makeTimespan(...a: Val[]): Val {
  if (a.some((x) => x === null)) return null;
  const n = a.map(Number);
  let d = 0, h = 0, m = 0, s = 0;
  if (n.length === 2) [h, m] = n as [number, number];
  else if (n.length === 3) [h, m, s] = n as [number, number, number];
  else if (n.length === 4) [d, h, m, s] = n as [number, number, number, number];
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s >= 60 || d < 0) return null;
  const whole = Math.floor(s);
  return BigInt(d) * TICKS_PER_DAY + BigInt(h) * TICKS_PER_HOUR + BigInt(m) * TICKS_PER_MINUTE + BigInt(whole) * TICKS_PER_SECOND + BigInt(Math.round((s - whole) * 1e7));
}

function unixTo(scale: number): FnImpl {
  return (c) => lift(c, () => (v) => {
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isFinite(n)) return null;
    return inRange(UNIX_EPOCH_TICKS + BigInt(Math.round(n * scale)));
  });
}


/** A constant format with an unsupported specifier is rejected at compile time, as the engine does. */
function checkFormat(c: CallInfo, valid: (f: string) => boolean): void {
  const f = c.args[1];
  if (!f?.constant) return;
  const v = f.constant({} as Runtime);
  if (typeof v === 'string' && !valid(v)) throw new CompileError(`invalid format '${v}' for ${c.name}()`, c.at.start, c.at.width);
}

function partOf(u: Val, v: Val): Val {
  const unit = unitOf(u);
  if (unit === null || v === null) return null;
  const [days, tod] = splitTicks(v as bigint);
  return datetimePart(unit, days, tod);
}

const datetimePartImpl: FnImpl = (c) => withDayTime(c, lift(c, () => partOf), {
  at: 1,
  number: ([u]) => {
    const unit = unitOf(u!);
    return unit === null ? () => null : (days, tod) => datetimePart(unit, days, tod);
  },
});

const MAX_DAY = Number(MAX_DATETIME / TICKS_PER_DAY);

// The real engine's dayofweek steps to the next day, so on the last representable day it is null.
const dayOfWeek: TicksOfDay = (days, _tod, out) => {
  if (days === MAX_DAY) return false;
  out.days = dayOfWeekOf(days);
  out.tod = 0;
  return true;
};

export const datetimeFunctions: Record<string, FnImpl> = {
  bin: binImpl,
  floor: (c) => (c.args.length === 2 ? binImpl(c) : lift(c, () => (v) => (v === null ? null : Math.floor(Number(v))))),
  bin_at: binAt,
  startofday: startOf('day'), startofweek: startOf('week'), startofmonth: startOf('month'), startofyear: startOf('year'),
  endofday: endOf('day'), endofweek: endOf('week'), endofmonth: endOf('month'), endofyear: endOf('year'),
  dayofweek: (c) => withDayTime(c, lift(c, () => (v) => {
    if (v === null) return null;
    const [days, tod] = splitTicks(v as bigint);
    const out = { days: 0, tod: 0 };
    return dayOfWeek(days, tod, out) ? BigInt(out.days) * TICKS_PER_DAY : null;
  }), { at: 0, ticks: () => dayOfWeek }),
  dayofmonth: dayPart((days) => civilFromDays(days).d),
  dayofyear: dayPart((days) => {
    const p = civilFromDays(days);
    return daysFromCivil(p.y, p.m, p.d) - daysFromCivil(p.y, 1, 1) + 1;
  }),
  hourofday: dayPart((_days, tod) => Math.floor(tod / 36e9)),
  getyear: dayPart((days) => civilFromDays(days).y),
  getmonth: dayPart((days) => civilFromDays(days).m),
  monthofyear: dayPart((days) => civilFromDays(days).m),
  week_of_year: dayPart(isoWeek),
  weekofyear: dayPart(isoWeek),
  datetime_add: (c) => lift(c, () => (u, a, v) => {
    const unit = unitOf(u!);
    return unit === null || a === null || v === null ? null : datetimeAdd(unit, Number(a), v as bigint);
  }),
  datetime_diff: (c) => lift(c, () => (u, a, b) => {
    const unit = unitOf(u!);
    return unit === null || a === null || b === null ? null : datetimeDiff(unit, a as bigint, b as bigint);
  }),
  datetime_part: datetimePartImpl,
  datepart: datetimePartImpl,
  make_datetime: (c) => lift(c, () => makeDatetime),
  make_timespan: (c) => lift(c, () => makeTimespan),
  format_datetime: (c) => {
    checkFormat(c, validDatetimeFormat);
    return lift(c, () => (v, f) => (v === null ? '' : formatDatetimeWith(v as bigint, String(f))));
  },
  format_timespan: (c) => {
    checkFormat(c, validTimespanFormat);
    return lift(c, () => (v, f) => (v === null ? '' : formatTimespanWith(v as bigint, String(f))));
  },
  unixtime_seconds_todatetime: unixTo(1e7),
  unixtime_milliseconds_todatetime: unixTo(1e4),
  unixtime_microseconds_todatetime: unixTo(10),
  unixtime_nanoseconds_todatetime: unixTo(0.01),
  datetime_utc_to_local: (c) => withDayTime(c, lift(c, ([, tt]) => (v, tz) => (v === null || tz === null ? null : utcToLocal(v as bigint, tzName(tz, tt!)))), {
    at: 0,
    ticks: ([, tz]) => (tz === null ? () => false : utcToLocalOfDay(tzName(tz, c.args[1]!.type))),
  }),
  datetime_local_to_utc: (c) => withDayTime(c, lift(c, ([, tt]) => (v, tz) => (v === null || tz === null ? null : localToUtc(v as bigint, tzName(tz, tt!)))), {
    at: 0,
    ticks: ([, tz]) => (tz === null ? () => false : localToUtcOfDay(tzName(tz, c.args[1]!.type))),
  }),
  totimespan_text: (c) => lift(c, () => (v) => (v === null ? '' : formatTimespan(v as bigint))),
};

export { datetimeDiff, datetimeAdd, type T };
