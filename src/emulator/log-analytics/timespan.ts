// The request's `timespan`: an ISO 8601 interval as LogsQueryClient writes it ("<start>/<end>",
// "<start>/<duration>", "<duration>/<end>" or "<duration>" ending now). The service applies it to every
// table's TimeGenerated before the query runs.
import { parseDuration } from '../../core/duration.js';
import { QueryApiError } from './errors.js';

export interface Interval {
  /** Epoch milliseconds, inclusive. */
  start: number;
  /** Epoch milliseconds, exclusive. */
  end: number;
}

function bad(text: string): QueryApiError {
  return new QueryApiError(400, 'BadArgumentError', `The timespan '${text}' is not a valid ISO 8601 time interval.`, {
    code: 'InvalidTimespan',
    message: 'Expected <start>/<end>, <start>/<duration>, <duration>/<end> or <duration>.',
  });
}

function instant(text: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\dT/.test(text)) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

function durationMs(text: string): number | undefined {
  return parseDuration(text, 'iso')?.ms;
}

export function parseTimespan(text: string | undefined, now: number): Interval | undefined {
  if (text === undefined || text === '') return undefined;
  const parts = text.split('/');
  if (parts.length > 2) throw bad(text);
  const [a, b] = parts as [string, string | undefined];
  let out: Interval | undefined;
  if (b === undefined) {
    const d = durationMs(a);
    if (d !== undefined) out = { start: now - d, end: now };
  } else {
    const start = instant(a);
    const end = instant(b);
    if (start !== undefined && end !== undefined) out = { start, end };
    else if (start !== undefined && durationMs(b) !== undefined) out = { start, end: start + durationMs(b)! };
    else if (end !== undefined && durationMs(a) !== undefined) out = { start: end - durationMs(a)!, end };
  }
  if (!out || out.end < out.start) throw bad(text);
  return out;
}
