// Microsoft Sentinel's scheduled and NRT analytics rules, as README "Testing rules" describes them: a
// Scheduled run sees rows with TimeGenerated in (now - queryPeriod, now] that are ingested by now; an NRT
// run the case's window (default the minute before now); the trigger on the row count; event grouping
// and alert details (alerts.ts); suppression after a run that alerted.
import { parseDuration } from '../../core/duration.js';
import { buildAlerts, triggers } from '../alerts.js';
import { visibleRows } from '../schedule.js';
import type { PlatformModel } from './types.js';

/** NRT rules run about every minute; a case without `window` sees the minute before `now`. */
export const NRT_WINDOW_MS = 60_000;

/**
 * A schedule value of a rule; absent values take Sentinel's defaults. Only rules that validated reach the
 * runner, and validate reads durations with this same parser, so the value parses.
 */
export function scheduleMs(value: string | undefined, sentinelDefault: string): number {
  return parseDuration(value ?? sentinelDefault)!.ms;
}

export const sentinel: PlatformModel = {
  target: 'sentinel',
  query: (rendered) => rendered.query,
  view: (_name, table) => table,
  window(doc, runAt, windowFrom) {
    if (doc.kind === 'NRT') return { from: windowFrom ?? runAt - NRT_WINDOW_MS, to: runAt };
    return { from: runAt - scheduleMs(doc.queryPeriod, '1h'), to: runAt };
  },
  visible(doc, t, runAt, windowFrom) {
    const { from, to } = this.window(doc, runAt, windowFrom);
    return visibleRows(t, from, to, runAt);
  },
  frequencyMs: (doc) => (doc.kind === 'NRT' ? NRT_WINDOW_MS : scheduleMs(doc.queryFrequency, '1h')),
  fires: (doc, count) => triggers(doc, count),
  trigger: (doc) => (doc.kind === 'NRT' ? 'NRT: fires on any result' : `trigger: result count ${doc.triggerOperator ?? 'gt'} ${doc.triggerThreshold ?? 0}`),
  alerts: (doc, result) => buildAlerts(doc, result),
  grouping: (doc) => doc.eventGroupingSettings?.aggregationKind ?? 'SingleAlert',
  suppressionMs: (doc) => (doc.suppressionEnabled ? scheduleMs(doc.suppressionDuration, '5h') : 0),
};
