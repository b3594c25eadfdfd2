// Internal value representation. Chosen for exactness where Kusto is exact and for speed elsewhere:
//   bool -> boolean | null          int/real/decimal -> number | null
//   long -> number | bigint | null (exact 64-bit: a bigint only outside the safe integers, long.ts)
//   string -> string (never null)   datetime/timespan -> bigint 100 ns ticks | null (datetime: since 0001-01-01)
//   guid -> lowercase string | null dynamic -> JSON-like JS value (undefined never appears; null is JSON null;
//                                   a long outside the safe integers is a bigint, as in a long column)
import type { KqlScalarType } from '../table.js';
import { jsonText, parseJsonExact } from '../json.js';

export type KType = KqlScalarType;
export type Dyn = null | boolean | number | bigint | string | Dyn[] | { [k: string]: Dyn };
export type Val = null | boolean | number | bigint | string | Dyn[] | { [k: string]: Dyn };
export type Vec = Val[];

/** Kinds of column type the operators specialise on. */
export const isTick = (t: KType): boolean => t === 'datetime' || t === 'timespan';
export const isNum = (t: KType): boolean => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
export const isIntegral = (t: KType): boolean => t === 'int' || t === 'long';

export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;
/** Ticks of 1970-01-01T00:00:00Z since 0001-01-01. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
export const MIN_DATETIME = 0n;
export const MAX_DATETIME = 3_155_378_975_999_999_999n;

export function isNullish(v: Val | undefined): boolean {
  return v === null || v === undefined;
}

// ---------- calendar ----------

/** Days since 0001-01-01 for a proleptic Gregorian date (month 1-12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  // 719468 = days from 0000-03-01 to 1970-01-01; 719162 = days from 0001-01-01 to 1970-01-01.
  return era * 146097 + doe - 719468 + 719162;
}

export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days - 719162 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? y + 1 : y, m, d };
}

export interface DateParts {
  y: number; m: number; d: number; hh: number; mi: number; ss: number; frac: number; // frac in ticks (0..9999999)
}

export function partsOf(ticks: bigint): DateParts {
  return partsAt(Number(ticks / TICKS_PER_DAY), Number(ticks % TICKS_PER_DAY));
}

/** The parts of a datetime given as whole days and the ticks within the day (bigint `/` and `%`). */
export function partsAt(days: number, rem: number): DateParts {
  const { y, m, d } = civilFromDays(days);
  const secs = Math.floor(rem / 1e7);
  return { y, m, d, hh: Math.floor(secs / 3600), mi: Math.floor((secs % 3600) / 60), ss: secs % 60, frac: rem % 1e7 };
}

export function ticksOf(y: number, m: number, d: number, hh = 0, mi = 0, ss = 0, frac = 0): bigint {
  return BigInt(daysFromCivil(y, m, d)) * TICKS_PER_DAY + BigInt(((hh * 60 + mi) * 60 + ss) * 1e7 + frac);
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

export function dateFromMs(ms: number): bigint {
  return BigInt(Math.round(ms)) * TICKS_PER_MS + UNIX_EPOCH_TICKS;
}

export function msFromTicks(t: bigint): number {
  return Number((t - UNIX_EPOCH_TICKS) / TICKS_PER_MS);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const dayPrefix = new Map<number, string>();

/** ISO 8601 UTC as the Log Analytics API prints it: fractional seconds trimmed. */
export function formatDatetime(t: bigint): string {
  // One exact bigint operation: the time of day fits a double exactly, and the day number follows
  // from the (approximate) double of t minus it, rounded.
  const tod = Number(t % TICKS_PER_DAY);
  return formatDayTime(Math.round((Number(t) - tod) / 864e9), tod);
}

/** formatDatetime of day * 864e9 + tod ticks (0 <= tod < 864e9), in plain numbers. */
export function formatDayTime(day: number, tod: number): string {
  // Output formatting is hot (every datetime cell of a result): the date part cached per day, the
  // time of day per second.
  const secs = day * 86400 + Math.floor(tod / 1e7);
  const frac = tod % 1e7;
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    const { y, m, d } = civilFromDays(day);
    prefix = `${pad(y, 4)}-${pad(m)}-${pad(d)}T`;
    if (dayPrefix.size > 100_000) dayPrefix.clear();
    dayPrefix.set(day, prefix);
  }
  const sod = secs - day * 86400;
  let clock = clockText[sod];
  if (clock === undefined) {
    const hh = Math.floor(sod / 3600);
    const mi = Math.floor((sod % 3600) / 60);
    const ss = sod % 60;
    clock = clockText[sod] = (hh < 10 ? '0' : '') + hh + (mi < 10 ? ':0' : ':') + mi + (ss < 10 ? ':0' : ':') + ss;
  }
  if (!frac) return prefix + clock + 'Z';
  let digits = String(frac + 1e7).slice(1);
  let end = 7;
  while (digits.charCodeAt(end - 1) === 48) end--;
  if (end < 7) digits = digits.slice(0, end);
  return prefix + clock + '.' + digits + 'Z';
}

/** "HH:MM:SS" per second of the day, built on first use. */
const clockText: (string | undefined)[] = new Array(86400);

/** Datetime as Kusto writes it inside dynamic values: always 7 fractional digits. */
export function formatDatetimeFull(t: bigint): string {
  const p = partsOf(t);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mi)}:${pad(p.ss)}.${pad(p.frac, 7)}Z`;
}

export function formatTimespan(t: bigint): string {
  const neg = t < 0n;
  const a = neg ? -t : t;
  const days = a / TICKS_PER_DAY;
  const rem = Number(a % TICKS_PER_DAY);
  const secs = Math.floor(rem / 1e7);
  const frac = rem % 1e7;
  let s = (neg ? '-' : '') + (days ? `${days}.` : '') + `${pad(Math.floor(secs / 3600))}:${pad(Math.floor((secs % 3600) / 60))}:${pad(secs % 60)}`;
  if (frac) s += '.' + pad(frac, 7);
  return s;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function fracTicks(f: string | undefined): number {
  if (!f) return 0;
  return Number((f + '0000000').slice(0, 7));
}

function tzOffsetTicks(z: string | undefined): bigint {
  if (!z || z === 'Z' || z === 'z' || /^(gmt|utc|ut)$/i.test(z)) return 0n;
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (!m) return 0n;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return BigInt(m[1] === '-' ? -mins : mins) * TICKS_PER_MINUTE;
}

function validDate(y: number, m: number, d: number, hh: number, mi: number, ss: number): boolean {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) && hh < 24 && mi < 60 && ss < 60;
}

/** Digits at s[at..at+len) as a number, or -1 when one is not a digit. */
function digitsAt(s: string, at: number, len: number): number {
  let v = 0;
  for (let k = at; k < at + len; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `2026-03-02T03:00:00[.fffffff]Z` (- at 4 and 7, T at 10, : at 13 and 16, 1 to 7 fraction digits), the
 * form fixtures, the Log Analytics API and the engine write, read by character codes into `out` (days
 * since 0001-01-01, ticks of the day): no regular expression, no bigint, as large fixtures hold millions
 * of them. False for any other text.
 */
export function parseWireDatetime(s: string, out: { days: number; tod: number }): boolean {
  const n = s.length;
  if (n < 20 || n > 28 || n === 21 || s.charCodeAt(n - 1) !== 90 /* Z */) return false;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const hh = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const ss = digitsAt(s, 17, 2);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return false;
  const frac = n === 20 ? 0 : s.charCodeAt(19) === 46 /* . */ ? digitsAt(s, 20, n - 21) : -1;
  if (frac < 0) return false;
  out.days = daysFromCivil(y, mo, d);
  out.tod = ((hh * 60 + mi) * 60 + ss) * 1e7 + frac * 10 ** (28 - n);
  return true;
}

/** Parses the datetime text forms Kusto accepts (ISO 8601, RFC 822/850-like, month-first dates). */
export function parseDatetime(text: string): bigint | null {
  const s = text.trim();
  if (!s) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{1,2}:?\d{2}|[+-]\d{1,2}| ?(?:GMT|UTC))?$/.exec(s);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7], m[8]?.trim());
  m = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?(?:\.(\d{1,7}))?)?(Z)?$/.exec(s);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7], m[8]);
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/.exec(s);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7], undefined);
  // Month first: 12-02-2022, 12/02/2022 10:00:00 PM
  m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AaPp][Mm])?)?$/.exec(s);
  if (m) {
    let hh = +(m[4] ?? 0);
    if (m[8]) hh = (hh % 12) + (/p/i.test(m[8]) ? 12 : 0);
    return build(+m[3]!, +m[1]!, +m[2]!, hh, +(m[5] ?? 0), +(m[6] ?? 0), m[7], undefined);
  }
  // RFC 822 / 850: "Sat, 8 Nov 2014 23:07:07 GMT", "Saturday, 08-Nov-14 15:05:02 GMT", "8 Nov 2014 23:07"
  m = /^(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]([A-Za-z]{3})[a-z]*[\s-](\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([A-Za-z]{1,3}|[+-]\d{4})?$/.exec(s);
  if (m) {
    const mon = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    if (mon === 0) return null;
    let y = +m[3]!;
    if (m[3]!.length === 2) y += y < 50 ? 2000 : 1900;
    return build(y, mon, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), undefined, m[7] && /^[+-]/.test(m[7]) ? m[7] : undefined);
  }
  // "Nov 8 2014 ..." style is rare in logs; anything else is not a datetime.
  return null;
}

function build(y: number, mo: number, d: number, hh: number, mi: number, ss: number, frac: string | undefined, tz: string | undefined): bigint | null {
  if (!validDate(y, mo, d, hh, mi, ss)) return null;
  const t = ticksOf(y, mo, d, hh, mi, ss, fracTicks(frac)) - tzOffsetTicks(tz);
  return t < MIN_DATETIME || t > MAX_DATETIME ? null : t;
}

const UNIT_TICKS: Record<string, bigint> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hr: TICKS_PER_HOUR, hrs: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, min: TICKS_PER_MINUTE, mins: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, secs: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS, milli: TICKS_PER_MS, millis: TICKS_PER_MS, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10n, microseconds: 10n, us: 10n,
  tick: 1n, ticks: 1n,
  nanosecond: 0n, nanoseconds: 0n, ns: 0n,
};

/** Exact `amount * unit` for a decimal amount string. */
function scaleDecimal(amount: string, unit: bigint, nanos: boolean): bigint {
  const neg = amount.startsWith('-');
  const a = amount.replace(/^[+-]/, '');
  const [ip, fp = ''] = a.split('.');
  const scale = 10n ** BigInt(fp.length);
  const num = BigInt((ip || '0') + fp);
  let v = nanos ? (num / 100n) / scale : (num * unit) / scale;
  if (nanos) v = (num / scale) / 100n;
  return neg ? -v : v;
}

/** Parses timespan text: `1.5h`, `10tick`, `[-][d.]hh:mm[:ss[.fffffff]]`, or a plain number of days. */
export function parseTimespan(text: string): bigint | null {
  const s = text.trim();
  let m = /^([+-]?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(s);
  if (m) {
    const u = m[2]!.toLowerCase();
    const unit = UNIT_TICKS[u];
    if (unit === undefined) return null;
    return scaleDecimal(m[1]!, unit, unit === 0n);
  }
  m = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const v = BigInt(m[2] ?? 0) * TICKS_PER_DAY + BigInt(+m[3]!) * TICKS_PER_HOUR + BigInt(+m[4]!) * TICKS_PER_MINUTE +
      BigInt(+(m[5] ?? 0)) * TICKS_PER_SECOND + BigInt(fracTicks(m[6]));
    if (+m[3]! > 23 || +m[4]! > 59 || +(m[5] ?? 0) > 59) return null;
    return m[1] === '-' ? -v : v;
  }
  m = /^([+-]?\d+)$/.exec(s);
  if (m) return BigInt(m[1]!) * TICKS_PER_DAY;
  return null;
}

// ---------- guid ----------

export function parseGuid(s: string): string | null {
  const t = s.trim().replace(/^[{(]|[})]$/g, '');
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) return t.toLowerCase();
  if (/^[0-9a-f]{32}$/i.test(t)) {
    const l = t.toLowerCase();
    return `${l.slice(0, 8)}-${l.slice(8, 12)}-${l.slice(12, 16)}-${l.slice(16, 20)}-${l.slice(20)}`;
  }
  return null;
}

// ---------- dynamic ----------

export function dynTypeName(v: Dyn | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? (Math.abs(v) <= 2147483647 ? 'int' : 'long') : 'real';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'dictionary';
}

/** A scalar value as it appears inside a dynamic (datetime/timespan as text, as Kusto serialises them). */
export function toDyn(v: Val, t: KType): Dyn {
  if (v === null) return null;
  switch (t) {
    case 'datetime': return formatDatetimeFull(v as bigint);
    case 'timespan': return formatTimespan(v as bigint);
    case 'string': return v as string;
    case 'real': {
      const n = v as number;
      // Inside dynamic values non-finite reals are written as text.
      return Number.isFinite(n) ? n : Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
    }
    case 'decimal': return String(v);
    default: return v as Dyn;
  }
}

/** Kusto's JSON text for a dynamic value (compact, as tostring(dynamic) prints it). */
export function dynToJson(v: Dyn): string {
  return jsonText(v, (x) => (typeof x === 'number' && !Number.isFinite(x) ? (Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity') : x));
}

/** Parses JSON the way parse_json does: numbers, strings, bags, arrays; invalid JSON is kept as a string. */
export function parseJsonLoose(s: string): Dyn {
  const t = s.trim();
  if (t === '') return null;
  try {
    return parseJsonExact(t) as Dyn;
  } catch {
    return s;
  }
}

export function dynEquals(a: Dyn, b: Dyn): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Dyn[];
    return a.length === bb.length && a.every((x, i) => dynEquals(x, bb[i]!));
  }
  const ka = Object.keys(a);
  const bo = b as { [k: string]: Dyn };
  const ao = a as { [k: string]: Dyn };
  return ka.length === Object.keys(bo).length && ka.every((k) => k in bo && dynEquals(ao[k]!, bo[k]!));
}

// ---------- keys (grouping, distinct, join) ----------

/** A primitive that is equal for equal Kusto values, usable as a Map key. */
export function keyOf(v: Val): unknown {
  if (v === null || typeof v !== 'object') return v;
  return 'J' + dynToJson(v as Dyn);
}

