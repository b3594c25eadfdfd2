// Conversions between Kusto types: explicit (tostring, tolong, ...) and the implicit ones applied when a
// value lands in a column of a declared type.
import {
  type Dyn, type KType, type Val,
  dynToJson, formatDatetimeFull, formatTimespan, parseDatetime, parseGuid, parseJsonLoose, parseTimespan,
  toDyn, UNIX_EPOCH_TICKS,
} from './values.js';
import { type Long, intOf, longBits, longFromDigits, longFromReal, longOf, wrapLong } from './long.js';

/** .NET Core's shortest round-trip double text, which Kusto prints (1E+15, 1E-05, NaN, Infinity). */
export function formatReal(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const e = v.toExponential();
  const [mant, expS] = e.split('e');
  const exp = Number(expS);
  if (exp >= 15 || exp < -5) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant!.toUpperCase()}E${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(v);
}

/**
 * A decimal result computed in doubles. Kusto's decimal arithmetic is exact, and its verdicts print the
 * double nearest the exact result: 1.1 + 2.2 + 3.3 is 6.6, 10 / 3 is 3.3333333333333335. The 15-digit
 * rounding of the double is that exact result when it lies within the double arithmetic's error (a
 * couple of ulps); otherwise (a quotient like 10 / 3) the double already is the nearest one.
 */
export function decimalResult(v: number): number {
  if (!Number.isFinite(v)) return v;
  const d = Number(v.toPrecision(15));
  return Math.abs(d - v) <= 2 * Number.EPSILON * Math.abs(v) ? d : v;
}

/** tostring() of a real: the engine keeps a decimal point on whole numbers (1.0) and writes inf/-inf. */
export function realToString(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0.0';
  const s = formatReal(v);
  return Number.isInteger(v) && /^-?\d+$/.test(s) ? s + '.0' : s;
}

export function toStr(v: Val, t: KType): string {
  if (v === null) return '';
  switch (t) {
    case 'string': case 'guid': return v as string;
    case 'bool': return v ? 'True' : 'False';
    case 'real': return realToString(v as number);
    case 'decimal': return formatReal(v as number);
    case 'int': case 'long': return String(v);
    // The engine's text of a datetime always has 7 fractional digits (result columns trim them).
    case 'datetime': return formatDatetimeFull(v as bigint);
    case 'timespan': return formatTimespan(v as bigint);
    case 'dynamic': {
      if (typeof v === 'string') return v;
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatReal(v);
      if (typeof v === 'bigint') return String(v);
      return dynToJson(v as Dyn);
    }
  }
}

function numFromString(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?nan$/i.test(t)) return NaN;
  // Both 'inf' and 'Inf' parse but 'INF' does not (the real engine's verdicts).
  if (/^\+?[iI]nf(inity)?$/.test(t)) return Infinity;
  if (/^-[iI]nf(inity)?$/.test(t)) return -Infinity;
  return null;
}

export function toReal(v: Val, t: KType): number | null {
  if (v === null) return null;
  switch (t) {
    case 'real': case 'decimal': case 'int': return v as number;
    case 'long': return typeof v === 'number' ? v : Number(v);
    case 'bool': return v ? 1 : 0;
    case 'string': return numFromString(v as string);
    case 'datetime': case 'timespan': return Number(v as bigint);
    case 'guid': return null;
    case 'dynamic':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string') return numFromString(v);
      return null;
  }
}

/** Integer text only (optionally signed, or 0x hex): tolong("3.14") is null in Kusto. */
function longFromString(s: string): Long | null {
  const t = s.trim();
  if (/^[+-]?\d+$/.test(t)) return longFromDigits(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return wrapLong(BigInt(t));
  return null;
}

export function toLong(v: Val, t: KType): Long | null {
  if (v === null) return null;
  switch (t) {
    case 'int': case 'long': return v as Long;
    case 'real': case 'decimal': return Number.isFinite(v as number) ? longFromReal(v as number) : null;
    case 'bool': return v ? 1 : 0;
    case 'string': return longFromString(v as string);
    case 'datetime': case 'timespan': return longOf(v as bigint);
    case 'guid': return null;
    case 'dynamic':
      if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.isFinite(v) ? longFromReal(v) : null;
      if (typeof v === 'bigint') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string') return longFromString(v);
      return null;
  }
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/**
 * Kusto narrows a long to int the way a C# unchecked cast does (the low 32 bits), but a real saturates
 * at the int limits (toint(1e19) is 2147483647).
 */
export function toInt(v: Val, t: KType): number | null {
  if (t === 'string' || (t === 'dynamic' && typeof v === 'string')) {
    const n = longFromString(v as string);
    return n === null || n > INT_MAX || n < INT_MIN ? null : Number(n);
  }
  const real = t === 'real' || t === 'decimal' || (t === 'dynamic' && typeof v === 'number' && !Number.isSafeInteger(v));
  if (real && v !== null) {
    const r = v as number;
    return Number.isFinite(r) ? Math.min(INT_MAX, Math.max(INT_MIN, Math.trunc(r))) || 0 : null;
  }
  const l = toLong(v, t);
  if (l === null) return null;
  return intOf(l);
}

export function toBool(v: Val, t: KType): boolean | null {
  if (v === null) return null;
  switch (t) {
    case 'bool': return v as boolean;
    case 'int': case 'long': case 'real': case 'decimal': return Number.isNaN(v) ? null : (v as number) !== 0;
    case 'string': {
      const s = (v as string).toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
      // Integer text, hex included (tobool("0x10") is true), is true when not zero.
      if (/^[+-]?\d+$/.test(s) || /^0x[0-9a-f]+$/.test(s)) return longFromString(s) !== 0;
      return null;
    }
    case 'dynamic':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'bigint') return true;
      if (typeof v === 'string') return toBool(v, 'string');
      return null;
    default: return null;
  }
}

export function toDatetime(v: Val, t: KType): bigint | null {
  if (v === null) return null;
  switch (t) {
    case 'datetime': return v as bigint;
    case 'string': return parseDatetime(v as string);
    // Numbers are ticks since 0001-01-01.
    case 'int': case 'long': case 'real': case 'decimal': {
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      const t = typeof v === 'bigint' ? v : BigInt(Math.trunc(v as number));
      return t < 0n || t > 3_155_378_975_999_999_999n ? null : t;
    }
    case 'dynamic': return typeof v === 'string' ? parseDatetime(v) : null;
    default: return null;
  }
}

export function toTimespan(v: Val, t: KType): bigint | null {
  if (v === null) return null;
  switch (t) {
    case 'timespan': return v as bigint;
    case 'string': return parseTimespan(v as string);
    case 'int': case 'long': return longBits(v as Long);
    case 'real': case 'decimal': return Number.isFinite(v as number) ? BigInt(Math.round(v as number)) : null;
    case 'dynamic':
      if (typeof v === 'string') return parseTimespan(v);
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
      return null;
    default: return null;
  }
}

export function toGuid(v: Val, t: KType): string | null {
  if (v === null) return null;
  if (t === 'guid') return v as string;
  if (t === 'string' || (t === 'dynamic' && typeof v === 'string')) return parseGuid(v as string);
  return null;
}

export function toDynamic(v: Val, t: KType): Dyn {
  if (v === null) return null;
  if (t === 'string') return parseJsonLoose(v as string);
  return toDyn(v, t);
}

/** The value converted to type `to`, as assigning it to a column of that type would. */
export function convert(v: Val, from: KType, to: KType): Val {
  if (from === to || v === null) return v === null && to === 'string' ? '' : v;
  switch (to) {
    case 'string': return toStr(v, from);
    case 'real': case 'decimal': return toReal(v, from);
    case 'long': return toLong(v, from);
    case 'int': return toInt(v, from);
    case 'bool': return toBool(v, from);
    case 'datetime': return toDatetime(v, from);
    case 'timespan': return toTimespan(v, from);
    case 'guid': return toGuid(v, from);
    case 'dynamic': return toDyn(v, from);
  }
}

export { UNIX_EPOCH_TICKS };
