// The rows a preview runs the workbook over: the folder given with --data (the layout `tripline run --data`
// reads), or by default the emulated workspace's map (fixtures/workspace.yaml), and the time span they cover,
// to which the preview pins `now` and the workbook's TimeRange.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { error, type Problem } from '../core/problems.js';
import { DEFAULT_DATA_FILE, resolveDataMap } from '../emulator/log-analytics/data.js';
import type { DataTable } from '../kql/table.js';
import { dataDirSources, loadRunTables, type TableSources } from '../run/tables.js';

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

const DATA_EXT = new Set(['.jsonl', '.csv']);

/** The workspace map's entries as files: a folder stands for its data files. */
function mapSources(root: string): { sources: TableSources; problems: Problem[] } {
  const sources: TableSources = new Map();
  const problems: Problem[] = [];
  let map: Record<string, string | string[]>;
  try {
    map = resolveDataMap(undefined, root);
  } catch (e) {
    return { sources, problems: [error('preview-data', (e as Error).message, { file: DEFAULT_DATA_FILE })] };
  }
  for (const [table, spec] of Object.entries(map)) {
    for (const entry of Array.isArray(spec) ? spec : [spec]) {
      const full = resolve(root, entry);
      if (!existsSync(full)) {
        problems.push(error('preview-data', `${entry} (table ${table}): no such file or folder`, { file: DEFAULT_DATA_FILE }));
        continue;
      }
      const files = statSync(full).isDirectory() ? readdirSync(full).filter((f) => DATA_EXT.has(extname(f).toLowerCase())).sort().map((f) => join(full, f)) : [full];
      sources.set(table, [...(sources.get(table) ?? []), ...files]);
    }
  }
  return { sources, problems };
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
  const { sources, problems } = dataDir === undefined ? mapSources(root) : dataDirSources(dataDir);
  const loaded = loadRunTables(sources);
  const span = spanOf(loaded.tables);
  return {
    tables: loaded.tables,
    ...(span ? { span } : {}),
    source: dataDir ?? DEFAULT_DATA_FILE,
    problems: [...problems, ...loaded.problems],
  };
}
