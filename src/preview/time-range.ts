// The workbook's parameters as the preview pins them: every time range parameter is the data's span (so
// `now` is the end of the data and nothing older than the workbook shows is lost), with a grain the
// workbook engine would pick for it; other parameters take their saved value.
import type { WorkbookParameter } from '../workbooks/queries.js';
import type { TimeSpan } from './data.js';

/** Bin sizes the workbook engine offers for `{TimeRange:grain}`, smallest first, in KQL and milliseconds. */
const GRAINS: [string, number][] = [
  ['5m', 300_000], ['15m', 900_000], ['30m', 1_800_000], ['1h', 3_600_000], ['4h', 14_400_000],
  ['12h', 43_200_000], ['1d', 86_400_000], ['7d', 604_800_000], ['30d', 2_592_000_000],
];

/** The smallest grain giving at most about 100 bins over the span, as the engine aims for. */
export function grainFor(span: TimeSpan): string {
  const ms = span.end.getTime() - span.start.getTime();
  return (GRAINS.find(([, size]) => ms / size <= 100) ?? GRAINS[GRAINS.length - 1]!)[0];
}

const datetime = (d: Date): string => `datetime(${d.toISOString()})`;

function valueOf(p: WorkbookParameter, format: string | undefined, span: TimeSpan): string | undefined {
  if (p.type === 4) {
    switch ((format ?? '').toLowerCase()) {
      case '':
        return `between (${datetime(span.start)} .. ${datetime(span.end)})`;
      case 'start':
        return datetime(span.start);
      case 'end':
        return datetime(span.end);
      case 'grain':
        return grainFor(span);
      default:
        return undefined;
    }
  }
  return typeof p.value === 'string' ? p.value : undefined;
}

/** `{Name}` and `{Name:format}` of declared parameters replaced by the pinned values; others left alone. */
export function pinParameters(query: string, params: ReadonlyMap<string, WorkbookParameter>, span: TimeSpan): string {
  return query.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z$]+))?\}/g, (whole, name: string, format: string | undefined) => {
    const p = params.get(name);
    return (p && valueOf(p, format, span)) ?? whole;
  });
}

/** The span the preview shows: the data's, widened to whole minutes; a day before now without data. */
export function previewSpan(data: TimeSpan | undefined, now = new Date()): TimeSpan {
  if (!data) return { start: new Date(now.getTime() - 86_400_000), end: now };
  const minute = 60_000;
  return { start: new Date(Math.floor(data.start.getTime() / minute) * minute), end: new Date(Math.floor(data.end.getTime() / minute) * minute + minute) };
}
