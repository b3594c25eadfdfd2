// The demo week's calendar: Monday 9 to Sunday 15 March 2026 in Amsterdam, which is UTC+1 throughout (summer
// time starts on 29 March), so local times convert with a fixed offset.
export const WEEK_START_UTC = Date.UTC(2026, 2, 9) - 3_600_000;
export const WEEK_END_UTC = WEEK_START_UTC + 7 * 86_400_000;
const OFFSET_HOURS = 1;

/** Day 0 is Monday. */
export function local(day: number, hour: number, minute: number, second = 0): number {
  return Date.UTC(2026, 2, 9 + day, hour - OFFSET_HOURS, minute, second);
}

export const isWorkday = (day: number): boolean => day < 5;

/** Log Analytics' own text for a datetime: seven fractional digits. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
