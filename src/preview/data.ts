// The rows a preview runs the workbook over: the folder given with --data (the layout `tripline run --data`
// reads), by default the demo week (fixtures/demo, made by scripts/generate-demo-week.ts), and the time span
// they cover, to which the preview pins `now` and the workbook's TimeRange.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { error, type Problem } from '../core/problems.js';
import { type DataTable, isColumnar, toRows } from '../kql/table.js';
import { dataDirSources, loadRunTables, runSchemas } from '../run/tables.js';

/** Repository-relative. */
export const DEMO_DATA_DIR = 'fixtures/demo';

export interface TimeSpan {
  start: Date;
  end: Date;
}

export interface PreviewData {
  tables: Record<string, DataTable>;
  /** Smallest and largest TimeGenerated over all tables; undefined without a row. */
  span?: TimeSpan;
  /** Where the rows came from, for the page's header. */
  source: string;
  problems: Problem[];
}

function spanOf(tables: Record<string, DataTable>): TimeSpan | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const t of Object.values(tables)) {
    const at = t.columns.findIndex((c) => c.name === 'TimeGenerated');
    if (at < 0) continue;
    for (const row of t.rows) {
      const ms = typeof row[at] === 'string' ? Date.parse(row[at]) : NaN;
      if (Number.isNaN(ms)) continue;
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
  }
  return min === Infinity ? undefined : { start: new Date(min), end: new Date(max) };
}

export function loadPreviewData(root: string, dataDir?: string): PreviewData {
  if (dataDir === undefined && !existsSync(join(root, DEMO_DATA_DIR))) {
    const problem = error('usage', `no --data folder given and no demo week in ${DEMO_DATA_DIR}: give --data DIR (<Table>.jsonl|csv files)`, { file: '<command line>' });
    return { tables: {}, source: DEMO_DATA_DIR, problems: [problem] };
  }
  const dir = dataDir ?? join(root, DEMO_DATA_DIR);
  const { sources, problems } = dataDirSources(dir);
  const loaded = loadRunTables(sources, runSchemas(sources).catalog, () => 'all');
  // A preview works on rows (panels, spans): its data is a sample week, not millions of rows.
  const tables = Object.fromEntries(Object.entries(loaded.tables).map(([n, t]) => [n, isColumnar(t) ? toRows(t) : t]));
  const span = spanOf(tables);
  return { tables, ...(span ? { span } : {}), source: dataDir ?? DEMO_DATA_DIR, problems: [...problems, ...loaded.problems] };
}
