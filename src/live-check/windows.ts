// The runs a schedule makes over a period: a Scheduled rule every queryFrequency, each seeing
// queryPeriod back from its run time; an NRT rule (every minute in the service) is replayed in
// one-hour bins, each seeing the hour before it, instead of sixty queries an hour.
import { parseDuration } from '../core/duration.js';
import type { TimeRange } from '../live/client.js';
import type { RuleDocument } from '../rules/types.js';
import { MAX_ALERTS_PER_RUN } from '../testing/alerts.js';

export interface Run {
  at: Date;
  range: TimeRange;
}

export const NRT_BIN_MS = 3_600_000;

export function scheduleRuns(doc: RuleDocument, period: TimeRange): { runs: Run[]; stepMs: number } {
  const nrt = doc.kind === 'NRT';
  const stepMs = nrt ? NRT_BIN_MS : (parseDuration(doc.queryFrequency ?? '')?.ms ?? NRT_BIN_MS);
  const lookbackMs = nrt ? NRT_BIN_MS : (parseDuration(doc.queryPeriod ?? '')?.ms ?? stepMs);
  const runs: Run[] = [];
  for (let t = period.start.getTime() + stepMs; t <= period.end.getTime(); t += stepMs) {
    runs.push({ at: new Date(t), range: { start: new Date(t - lookbackMs), end: new Date(t) } });
  }
  return { runs, stepMs };
}

/** Alerts of one triggered run: one, or one per row (at most 150) with AlertPerResult. */
export function alertsOf(doc: RuleDocument, rows: number): number {
  return doc.eventGroupingSettings?.aggregationKind === 'AlertPerResult' ? Math.min(rows, MAX_ALERTS_PER_RUN) : 1;
}
