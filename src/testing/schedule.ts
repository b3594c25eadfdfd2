// Which rows a run sees, as Sentinel schedules it: a Scheduled rule's run at `now` sees rows whose
// TimeGenerated is in (now - queryPeriod, now]; an NRT run sees the test's window (from, now]. Either way a
// row is visible only once ingested (`_IngestionTime` <= now; default TimeGenerated), which is how
// ingestion delay makes a scheduled rule miss events (learn.microsoft.com/azure/sentinel/ingestion-delay).
import type { DataTable, WireValue } from '../kql/table.js';

export const INGESTION_TIME = '_IngestionTime';

/** Milliseconds since the epoch with the sub-millisecond digits kept as a fraction. */
export function instant(v: WireValue | undefined): number | undefined {
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d{4,7})/.exec(v);
  return frac ? ms + Number('0.' + frac[1]!.slice(3)) : ms;
}

export interface TimedTable {
  table: DataTable;
  /** TimeGenerated of each row (undefined when the table has no such column or the row none). */
  generated: (number | undefined)[];
  ingested: (number | undefined)[];
}

export function timed(table: DataTable): TimedTable {
  const tg = table.columns.findIndex((c) => c.name === 'TimeGenerated');
  const it = table.columns.findIndex((c) => c.name === INGESTION_TIME);
  const generated = table.rows.map((r) => (tg < 0 ? undefined : instant(r[tg])));
  const ingested = table.rows.map((r, i) => (it >= 0 ? (instant(r[it]) ?? generated[i]) : generated[i]));
  return { table, generated, ingested };
}

/** Indexes of the rows a run at `runAt` sees through the window (from, to]. */
export function visibleRows(t: TimedTable, from: number, to: number, runAt: number): number[] {
  const out: number[] = [];
  const hasTime = t.table.columns.some((c) => c.name === 'TimeGenerated');
  for (let i = 0; i < t.table.rows.length; i++) {
    // Tables without TimeGenerated (none of Sentinel's) are not windowed.
    if (!hasTime) {
      out.push(i);
      continue;
    }
    const g = t.generated[i];
    const ing = t.ingested[i] ?? g;
    if (g !== undefined && g > from && g <= to && ing !== undefined && ing <= runAt) out.push(i);
  }
  return out;
}

export function subset(table: DataTable, rows: number[]): DataTable {
  return { columns: table.columns, rows: rows.map((i) => table.rows[i]!) };
}

/** Run times of a replay: every queryFrequency from `from` up to and including `to`. */
export function replayTicks(from: number, to: number, frequencyMs: number): number[] {
  const ticks: number[] = [];
  for (let t = from; t <= to; t += frequencyMs) ticks.push(t);
  return ticks;
}
