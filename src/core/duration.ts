// Durations as rule files write them: Sentinel's shorthand (5m, 1h, 2d), ISO 8601 (PT5M, P2D, P1DT2H)
// and Kusto timespan literals (1.5h, 100ms, 00:30:00). Exact, in 100 ns ticks like Kusto.

export interface Duration {
  ticks: bigint;
  /** Milliseconds (rounded down), convenient for scheduling arithmetic. */
  ms: number;
}

const TICK_UNITS: Record<string, bigint> = {
  d: 864_000_000_000n,
  day: 864_000_000_000n,
  days: 864_000_000_000n,
  h: 36_000_000_000n,
  hr: 36_000_000_000n,
  hrs: 36_000_000_000n,
  hour: 36_000_000_000n,
  hours: 36_000_000_000n,
  m: 600_000_000n,
  min: 600_000_000n,
  minute: 600_000_000n,
  minutes: 600_000_000n,
  s: 10_000_000n,
  sec: 10_000_000n,
  second: 10_000_000n,
  seconds: 10_000_000n,
  ms: 10_000n,
  milli: 10_000n,
  millis: 10_000n,
  millisecond: 10_000n,
  milliseconds: 10_000n,
  microsecond: 10n,
  microseconds: 10n,
  tick: 1n,
  ticks: 1n,
};

function decimalTimes(num: string, unit: bigint): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(num);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const scale = 10n ** BigInt(frac.length);
  const whole = BigInt(m[1]!) * scale + BigInt(frac || '0');
  const ticks = whole * unit;
  if (ticks % scale !== 0n) return undefined; // finer than a tick
  return ticks / scale;
}

function make(ticks: bigint): Duration {
  return { ticks, ms: Number(ticks / 10_000n) };
}

export function parseDuration(text: string): Duration | undefined {
  const t = text.trim();
  let neg = false;
  let body = t;
  if (body.startsWith('-')) {
    neg = true;
    body = body.slice(1);
  }
  const result = parseUnsigned(body);
  return result === undefined ? undefined : make(neg ? -result : result);
}

function parseUnsigned(t: string): bigint | undefined {
  const short = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$/.exec(t);
  if (short) {
    const unit = TICK_UNITS[short[2]!.toLowerCase()];
    return unit === undefined ? undefined : decimalTimes(short[1]!, unit);
  }
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const parts: [string | undefined, bigint][] = [
      [iso[1], TICK_UNITS.d!],
      [iso[2], TICK_UNITS.h!],
      [iso[3], TICK_UNITS.m!],
      [iso[4], TICK_UNITS.s!],
    ];
    let total = 0n;
    for (const [num, unit] of parts) {
      if (num === undefined) continue;
      const v = decimalTimes(num, unit);
      if (v === undefined) return undefined;
      total += v;
    }
    return total;
  }
  const clock = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (clock) {
    const [, d, h, m, s, f] = clock;
    return (
      BigInt(d ?? 0) * TICK_UNITS.d! +
      BigInt(h!) * TICK_UNITS.h! +
      BigInt(m!) * TICK_UNITS.m! +
      BigInt(s ?? 0) * TICK_UNITS.s! +
      BigInt((f ?? '').padEnd(7, '0') || 0)
    );
  }
  return undefined;
}
