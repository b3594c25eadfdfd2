// Which rows a run sees, as Sentinel schedules it: a Scheduled rule's run at `now` sees rows whose
// TimeGenerated is in (now - queryPeriod, now]; an NRT run sees the test's window (from, now]. Either way a
// row is visible only once ingested (`_IngestionTime` <= now; default TimeGenerated), which is how
// ingestion delay makes a scheduled rule miss events (learn.microsoft.com/azure/sentinel/ingestion-delay).
import { selectRows, rowCountOf } from '../kql/columnar.js';
import { type DataTable, type InputTable, isColumnar, type WireValue } from '../kql/table.js';

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
  table: InputTable;
  /** TimeGenerated of each row (undefined when the table has no such column or the row none). */
  generated: (number | undefined)[];
  ingested: (number | undefined)[];
}

/** A column's values, or undefined when the table has no such column. */
function columnOf(table: InputTable, name: string): readonly WireValue[] | undefined {
  const at = table.columns.findIndex((c) => c.name === name);
  if (at < 0) return undefined;
  return isColumnar(table) ? table.values([name])[0]! : table.rows.map((r) => r[at]!);
}

export function timed(table: InputTable): TimedTable {
  const n = rowCountOf(table);
  const tg = columnOf(table, 'TimeGenerated');
  const it = columnOf(table, INGESTION_TIME);
  const generated = Array.from({ length: n }, (_, i) => (tg ? instant(tg[i]) : undefined));
  const ingested = Array.from({ length: n }, (_, i) => (it ? (instant(it[i]) ?? generated[i]) : generated[i]));
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
    const g = t.generated[i];
    const ing = t.ingested[i] ?? g;
    if (g !== undefined && g > from && g <= to && ing !== undefined && ing <= runAt) out.push(i);
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
