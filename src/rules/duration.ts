// Durations as Sentinel rule files write them. Azure-Sentinel content uses the shorthand its validator
// parses (an integer followed by m, h or d); ARM bodies use ISO 8601 (PT5M, P2D). Both are accepted here
// and nothing else, so a value that validates is one that deploy can render exactly.
import { parseDuration as parseAnyDuration } from '../core/duration.js';

export interface RuleDuration {
  ms: number;
  /** The same duration in ISO 8601, as the ARM API expects it. */
  iso: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SHORTHAND = /^(\d+)([mhd])$/;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses `5m`, `1h`, `2d` or an ISO 8601 duration of days and time (`PT5M`, `P2D`, `P1DT12H`). */
export function parseDuration(text: string): RuleDuration | undefined {
  // The grammar is Sentinel's; the value comes from the general parser, which reads a superset.
  // `P` and `P1DT` match the ISO pattern but are not durations.
  if (!SHORTHAND.test(text) && (!ISO.test(text) || text === 'P' || text.endsWith('T'))) return undefined;
  const d = parseAnyDuration(text);
  return d && Number.isSafeInteger(d.ms) ? { ms: d.ms, iso: toIso(d.ms) } : undefined;
}

/** Canonical ISO 8601 form: days, then hours, minutes and seconds (`P1DT2H`, `PT5M`, `PT0S`). */
export function toIso(ms: number): string {
  let rest = ms;
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = rest / 1000;
  let out = 'P';
  if (days) out += `${days}D`;
  if (hours || minutes || seconds) {
    out += 'T';
    if (hours) out += `${hours}H`;
    if (minutes) out += `${minutes}M`;
    if (seconds) out += `${seconds}S`;
  }
  return out === 'P' ? 'PT0S' : out;
}

/** Short human form for messages: `14d`, `90m`, `1d 2h`. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', DAY], ['h', HOUR], ['m', MINUTE]] as const) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest) parts.push(`${rest / 1000}s`);
  return parts.length ? parts.join(' ') : '0m';
}
