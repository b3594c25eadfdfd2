// Which rows a run sees, as Sentinel schedules it: a Scheduled rule's run at `now` sees rows whose
// TimeGenerated is in (now - queryPeriod, now]; an NRT run sees the test's window (from, now]. Either way a
// row is visible only once ingested (`_IngestionTime` <= now; default TimeGenerated), which is how
// ingestion delay makes a scheduled rule miss events (learn.microsoft.com/azure/sentinel/ingestion-delay).
import { instantsOf, selectRows, rowCountOf } from '../kql/columnar.js';
import { type DataTable, type InputTable, isColumnar } from '../kql/table.js';

export const INGESTION_TIME = '_IngestionTime';

export interface TimedTable {
  table: InputTable;
  /** TimeGenerated of each row in ms (NaN when the table has no such column or the row none). */
  generated: Float64Array;
  /** When each row was ingested: its _IngestionTime, else its TimeGenerated. */
  ingested: Float64Array;
}

export function timed(table: InputTable): TimedTable {
  const n = rowCountOf(table);
  const generated = instantsOf(table, 'TimeGenerated') ?? new Float64Array(n).fill(NaN);
  const ingestion = instantsOf(table, INGESTION_TIME);
  const ingested = ingestion ? ingestion.map((t, i) => (t === t ? t : generated[i]!)) : generated;
  return { table, generated, ingested };
}

/** Indexes of the rows a run at `runAt` sees through the window (from, to]. */
export function visibleRows(t: TimedTable, from: number, to: number, runAt: number): number[] {
  const out: number[] = [];
  const hasTime = t.table.columns.some((c) => c.name === 'TimeGenerated');
  for (let i = 0; i < t.generated.length; i++) {
    // Tables without TimeGenerated (none of Sentinel's) are not windowed.
    if (!hasTime) {
      out.push(i);
      continue;
    }
    const g = t.generated[i]!;
    if (g > from && g <= to && t.ingested[i]! <= runAt) out.push(i);
  }
  return out;
}

export function subset(table: DataTable, rows: number[]): DataTable;
export function subset(table: InputTable, rows: number[]): InputTable;
export function subset(table: InputTable, rows: number[]): InputTable {
  if (isColumnar(table)) return rows.length === table.rowCount ? table : selectRows(table, rows);
  return { columns: table.columns, rows: rows.map((i) => table.rows[i]!) };
}

/** Run times of a replay: every queryFrequency from `from` up to and including `to`. */
export function replayTicks(from: number, to: number, frequencyMs: number): number[] {
  const ticks: number[] = [];
  for (let t = from; t <= to; t += frequencyMs) ticks.push(t);
  return ticks;
}
