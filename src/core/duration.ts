// The one duration grammar of the project: rule files, parameters (kql-timespan), command-line options,
// plan normalization and the emulator all read durations here.
//   short form  <number><unit>, unit ms, s, m, h or d   (5m, 1h, 14d, 1.5h, 30s, 100ms: Kusto timespan literals)
//   ISO 8601    P[nD][T[nH][nM][nS]]                    (PT5M, P2D, P1DT12H, PT1.5S: what ARM stores)
// Lengths only (no sign), exact to the 100 ns tick like a .NET TimeSpan. The ARM API and its emulator
// take the ISO form only. schemas/*.json repeat DURATION_PATTERN for editors (a test keeps them equal).

export interface Duration {
  /** 100 ns ticks, as a .NET TimeSpan holds it. */
  ticks: bigint;
  /** Milliseconds (rounded down), for scheduling arithmetic. */
  ms: number;
  /** The canonical ISO 8601 form, as the service writes it back (`PT60M` -> `PT1H`, `PT24H` -> `P1D`). */
  iso: string;
}

const DAY = 864_000_000_000n;
const HOUR = 36_000_000_000n;
const MINUTE = 600_000_000n;
const SECOND = 10_000_000n;
const UNITS: Record<string, bigint> = { d: DAY, h: HOUR, m: MINUTE, s: SECOND, ms: 10_000n };

const NUMBER = '[0-9]+(?:\\.[0-9]+)?';
const SHORT_SOURCE = `${NUMBER}(?:ms|s|m|h|d)`;
const ISO_SOURCE = `P(?=[0-9T])(?:${NUMBER}D)?(?:T(?=[0-9])(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?`;

/** The grammar as a JSON Schema `pattern`. */
export const DURATION_PATTERN = `^(?:${SHORT_SOURCE}|${ISO_SOURCE})$`;
/** Its ISO 8601 part alone, for values that go to the ARM API unchanged. */
export const ISO_DURATION_PATTERN = `^${ISO_SOURCE}$`;

const SHORT = new RegExp(`^(${NUMBER})(ms|s|m|h|d)$`);
const ISO = new RegExp(`^P(?=[0-9T])(?:(${NUMBER})D)?(?:T(?=[0-9])(?:(${NUMBER})H)?(?:(${NUMBER})M)?(?:(${NUMBER})S)?)?$`);

/** A duration in either form; `iso` restricts it to the ISO 8601 form. Undefined when it is not one. */
export function parseDuration(text: string, only?: 'iso'): Duration | undefined {
  const short = only ? null : SHORT.exec(text);
  if (short) return make(times(short[1]!, UNITS[short[2]!]!));
  const iso = ISO.exec(text);
  if (!iso) return undefined;
  let total: bigint | undefined = 0n;
  [DAY, HOUR, MINUTE, SECOND].forEach((unit, i) => {
    const part = iso[i + 1];
    if (part !== undefined && total !== undefined) {
      const t = times(part, unit);
      total = t === undefined ? undefined : total + t;
    }
  });
  return make(total);
}

/** `num` units in ticks; undefined when finer than a tick. */
function times(num: string, unit: bigint): bigint | undefined {
  const [whole, frac = ''] = num.split('.');
  const scale = 10n ** BigInt(frac.length);
  const ticks = (BigInt(whole!) * scale + BigInt(frac || '0')) * unit;
  return ticks % scale === 0n ? ticks / scale : undefined;
}

function make(ticks: bigint | undefined): Duration | undefined {
  return ticks === undefined ? undefined : { ticks, ms: Number(ticks / 10_000n), iso: isoOf(ticks) };
}

/** XmlConvert.ToString(TimeSpan): days, then hours, minutes and seconds, zero parts left out. */
function isoOf(ticks: bigint): string {
  if (ticks === 0n) return 'PT0S';
  const days = ticks / DAY;
  const hours = (ticks % DAY) / HOUR;
  const minutes = (ticks % HOUR) / MINUTE;
  const rest = ticks % MINUTE;
  const seconds = rest % SECOND === 0n ? String(rest / SECOND) : (Number(rest) / 1e7).toFixed(7).replace(/0+$/, '');
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${rest ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** Short human form for messages: `14d`, `90m`, `1d 2h`. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest) parts.push(`${rest / 1000}s`);
  return parts.length ? parts.join(' ') : '0m';
}
