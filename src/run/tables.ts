// The tables `tripline run` queries: from --data DIR (<Table>.jsonl|csv, <Table>.<anything>.jsonl|csv,
// <Table>/*.jsonl|csv) and --table T=path (repeatable; several files of one table are concatenated).
// Tables the schema pack lacks get their columns inferred from the files' JSON Lines rows.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { error, warning, type Problem } from '../core/problems.js';
import { loadFixtureFile } from '../fixtures/index.js';
import type { ColumnSchema, DataTable, KqlScalarType, WireValue } from '../kql/table.js';
import { tableCatalog } from '../tables/catalog.js';

/** Table name -> its files, in the order given. */
export type TableSources = Map<string, string[]>;

const DATA_EXT = new Set(['.jsonl', '.csv']);
/** A name a query can use without brackets; scenario-named fixtures (`break-glass-interactive`) are not tables. */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLI = { file: '<command line>' };

function add(sources: TableSources, table: string, file: string): void {
  sources.set(table, [...(sources.get(table) ?? []), file]);
}

export function dataDirSources(dir: string): { sources: TableSources; problems: Problem[] } {
  const sources: TableSources = new Map();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { sources, problems: [error('usage', `--data ${dir}: not a folder`, CLI)] };
  const skipped: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!TABLE_NAME.test(entry.name)) continue;
      for (const f of readdirSync(path).sort()) if (DATA_EXT.has(extname(f).toLowerCase())) add(sources, entry.name, join(path, f));
      continue;
    }
    if (!DATA_EXT.has(extname(entry.name).toLowerCase())) continue;
    const table = basename(entry.name, extname(entry.name)).split('.')[0]!;
    if (TABLE_NAME.test(table)) add(sources, table, path);
    else skipped.push(entry.name);
  }
  // One line for all of them: a folder of per-scenario fixtures is not an error, just not tables.
  const problems = skipped.length
    ? [warning('data-skipped', `--data ${dir}: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} not named <Table>.jsonl|csv or <Table>.<anything>.jsonl|csv (${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ', ...' : ''}); use --table T=path for them`, CLI)]
    : [];
  return { sources, problems };
}

export function tableArgSources(specs: readonly string[], into: TableSources = new Map()): Problem[] {
  const problems: Problem[] = [];
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at <= 0) {
      problems.push(error('usage', `--table ${spec}: expected Name=path`, CLI));
      continue;
    }
    const path = spec.slice(at + 1);
    if (!existsSync(path) || !statSync(path).isFile()) problems.push(error('usage', `--table ${spec}: no such file`, CLI));
    else add(into, spec.slice(0, at), path);
  }
  return problems;
}

/** Column types of a table that is not in the schema pack, read from the first JSON Lines rows of its files. */
export function inferSchema(paths: readonly string[]): ColumnSchema[] {
  const cols = new Map<string, KqlScalarType>();
  for (const path of paths) {
    if (extname(path).toLowerCase() !== '.jsonl') continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // loading the file reports it
    }
    for (const line of text.split('\n').filter((l) => l.trim()).slice(0, 100)) {
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      for (const [k, v] of Object.entries(row)) if (!cols.has(k) && v !== null) cols.set(k, k === '_IngestionTime' ? 'datetime' : valueType(v));
    }
  }
  return [...cols].filter(([k]) => k !== '_IngestionTime').map(([name, type]) => ({ name, type }));
}

function valueType(v: unknown): KqlScalarType {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  if (typeof v === 'object') return 'dynamic';
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return 'datetime';
  return 'string';
}

export interface RunTables {
  tables: Record<string, DataTable>;
  /** The schema each table has for the analyzer (the pack's, or inferred). */
  schemas: Record<string, ColumnSchema[]>;
  problems: Problem[];
}

export function loadRunTables(sources: TableSources): RunTables {
  const builtin = tableCatalog();
  const custom: Record<string, ColumnSchema[]> = {};
  for (const [name, paths] of sources) if (!builtin.table(name)) custom[name] = inferSchema(paths);
  const catalog = tableCatalog(custom);
  const tables: Record<string, DataTable> = {};
  const schemas: Record<string, ColumnSchema[]> = {};
  const problems: Problem[] = [];
  for (const [name, paths] of sources) {
    for (const path of paths) {
      const loaded = loadFixtureFile(path, name, catalog, path);
      problems.push(...loaded.problems.filter((p) => p.severity === 'error'));
      if (loaded.table) tables[name] = tables[name] ? concat(tables[name]!, loaded.table) : loaded.table;
    }
    if (tables[name]) schemas[name] = catalog.table(name) ?? tables[name]!.columns;
  }
  return { tables, schemas, problems };
}

/** Rows of both, on the union of their columns (a file may set `_IngestionTime` and another not). */
export function concat(a: DataTable, b: DataTable): DataTable {
  const columns = [...a.columns, ...b.columns.filter((c) => !a.columns.some((x) => x.name === c.name))];
  const remap = (t: DataTable): WireValue[][] => {
    const index = columns.map((c) => t.columns.findIndex((x) => x.name === c.name));
    return t.rows.map((r) => index.map((i) => (i < 0 ? null : r[i]!)));
  };
  return { columns, rows: [...remap(a), ...remap(b)] };
}

/** A query reading a table no file provides sees it empty: worth a word, not an error. */
export function emptyTableWarnings(referenced: readonly string[], tables: Record<string, DataTable>): Problem[] {
  return referenced
    .filter((t) => !tables[t]?.rows.length)
    .map((t) => warning('table-empty', `table ${t} has no data (no --data file or --table for it): the query sees it empty`, CLI));
}
