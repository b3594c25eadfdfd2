// Sentinel stores durations as .NET TimeSpans and returns them as XmlConvert writes them: the largest
// units first, zero parts dropped ('PT60M' comes back as 'PT1H', 'PT24H' as 'P1D'). Echoing what the
// client sent would hide the realistic trap of a client comparing durations as text.

const ISO = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const SECONDS = [86_400, 3_600, 60, 1];

/** Seconds of an ISO 8601 day-time duration (no years or months: a TimeSpan cannot hold them), or undefined. */
export function parseIsoDuration(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m || text.endsWith('T') || /^-?P$/.test(text)) return undefined;
  let total = 0;
  for (let i = 0; i < 4; i++) {
    const part = m[i + 2];
    if (part !== undefined) total += Number(part) * SECONDS[i]!;
  }
  // Whole 100 ns ticks, as a TimeSpan holds them.
  total = Math.round(total * 1e7) / 1e7;
  return m[1] ? -total : total;
}

/** XmlConvert.ToString(TimeSpan) form of a number of seconds. */
export function formatIsoDuration(seconds: number): string {
  if (seconds === 0) return 'PT0S';
  const sign = seconds < 0 ? '-' : '';
  let ticks = Math.round(Math.abs(seconds) * 1e7);
  const days = Math.floor(ticks / 864e9);
  ticks -= days * 864e9;
  const hours = Math.floor(ticks / 36e9);
  ticks -= hours * 36e9;
  const minutes = Math.floor(ticks / 6e8);
  ticks -= minutes * 6e8;
  const secs = ticks / 1e7;
  let time = '';
  if (hours) time += `${hours}H`;
  if (minutes) time += `${minutes}M`;
  if (secs) time += `${secs}S`;
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

export function canonicalDuration(text: string): string | undefined {
  const s = parseIsoDuration(text);
  return s === undefined ? undefined : formatIsoDuration(s);
}
