// Durations as Sentinel rule files write them. Azure-Sentinel content uses the shorthand its validator
// parses (an integer followed by m, h or d); ARM bodies use ISO 8601 (PT5M, P2D). Both are accepted here
// and nothing else, so a value that validates is one that deploy can render exactly.

export interface RuleDuration {
  ms: number;
  /** The same duration in ISO 8601, as the ARM API expects it. */
  iso: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SHORTHAND_UNITS: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY };

const SHORTHAND = /^(\d+)([mhd])$/;
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses `5m`, `1h`, `2d` or an ISO 8601 duration of days and time (`PT5M`, `P2D`, `P1DT12H`). */
export function parseDuration(text: string): RuleDuration | undefined {
  const short = SHORTHAND.exec(text);
  if (short) {
    const ms = Number(short[1]) * SHORTHAND_UNITS[short[2]!]!;
    return Number.isSafeInteger(ms) ? { ms, iso: toIso(ms) } : undefined;
  }
  const iso = ISO.exec(text);
  // `P` and `P1DT` match the pattern but are not durations.
  if (!iso || text === 'P' || text.endsWith('T')) return undefined;
  const [, d, h, m, s] = iso;
  const ms = Number(d ?? 0) * DAY + Number(h ?? 0) * HOUR + Number(m ?? 0) * MINUTE + Math.round(Number(s ?? 0) * 1000);
  return Number.isSafeInteger(ms) ? { ms, iso: toIso(ms) } : undefined;
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
