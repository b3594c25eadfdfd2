// The tables `tripline run` queries: from --data DIR (<Table>.jsonl|csv, <Table>.<anything>.jsonl|csv,
// <Table>/*.jsonl|csv) and --table T=path (repeatable; several files of one table are concatenated).
// Tables the schema pack lacks get their columns inferred from the files' JSON Lines rows.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { error, warning, type Problem } from '../core/problems.js';
import { type Keep, loadFixtureColumns } from '../fixtures/index.js';
import { forEachLine } from '../fixtures/read-lines.js';
import { concatColumnar, rowCountOf } from '../kql/columnar.js';
import type { ColumnReads } from '../kql/engine/index.js';
import type { ColumnarTable, ColumnSchema, InputTable, KqlScalarType } from '../kql/table.js';
import { type TableCatalog, tableCatalog } from '../tables/catalog.js';

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
function inferSchema(paths: readonly string[]): ColumnSchema[] {
  const cols = new Map<string, KqlScalarType>();
  for (const path of paths) {
    if (extname(path).toLowerCase() !== '.jsonl') continue;
    let rows = 0;
    try {
      forEachLine(path, (line) => {
        if (!line.trim()) return true;
        let row: Record<string, unknown>;
        try {
          row = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return ++rows < 100;
        }
        for (const [k, v] of Object.entries(row)) if (!cols.has(k) && v !== null) cols.set(k, k === '_IngestionTime' ? 'datetime' : valueType(v));
        return ++rows < 100;
      });
    } catch {
      continue; // loading the file reports it
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

/** The catalog the tables of `sources` load with, and each table's schema for the analyzer (the pack's, or inferred). */
export function runSchemas(sources: TableSources): { catalog: TableCatalog; schemas: Record<string, ColumnSchema[]> } {
  const builtin = tableCatalog();
  const custom: Record<string, ColumnSchema[]> = {};
  for (const [name, paths] of sources) if (!builtin.table(name)) custom[name] = inferSchema(paths);
  const catalog = tableCatalog(custom);
  return { catalog, schemas: Object.fromEntries([...sources.keys()].map((name) => [name, catalog.table(name)!])) };
}

/** Which columns of each table to keep in memory for a query (the others stay on disk until asked for). */
export function keepFor(reads: ColumnReads): (table: string) => Keep {
  return (table) => (reads.anyTable ? 'all' : reads.tables.get(table) ?? new Set());
}

export interface RunTables {
  tables: Record<string, InputTable>;
  problems: Problem[];
}

/** Loads every table of `sources`; by default no column is kept until a query asks for it. */
export function loadRunTables(sources: TableSources, catalog: TableCatalog, keep: (table: string) => Keep = () => new Set()): RunTables {
  const tables: Record<string, InputTable> = {};
  const problems: Problem[] = [];
  for (const [name, paths] of sources) {
    const parts: ColumnarTable[] = [];
    for (const path of paths) {
      const loaded = loadFixtureColumns(path, name, catalog, path, keep(name));
      problems.push(...loaded.problems.filter((p) => p.severity === 'error'));
      if (loaded.table) parts.push(loaded.table);
    }
    // A file may set `_IngestionTime` and another not: the other's rows have none (null).
    if (parts.length) tables[name] = concatColumnar(parts);
  }
  return { tables, problems };
}

/** A query reading a table no file provides sees it empty: worth a word, not an error. */
export function emptyTableWarnings(referenced: readonly string[], tables: Record<string, InputTable>): Problem[] {
  return referenced
    .filter((t) => !(tables[t] && rowCountOf(tables[t])))
    .map((t) => warning('table-empty', `table ${t} has no data (no --data file or --table for it): the query sees it empty`, CLI));
}
