// The table schema pack: every Azure Monitor / Sentinel table's columns and Kusto types, shipped as data
// (data/tables.json; its `_source` names where each part comes from). The same schemas drive semantic
// analysis and fixture coercion.
import { readShippedJson } from '../core/shipped.js';
import type { ColumnSchema, KqlScalarType } from '../kql/table.js';

interface SchemaPack {
  _getWatchlistColumns: [string, string][];
  tables: Record<string, [string, string][]>;
}

let pack: SchemaPack | undefined;

function load(): SchemaPack {
  pack ??= readShippedJson<SchemaPack>('data/tables.json');
  return pack;
}

const toColumns = (cols: [string, string][]): ColumnSchema[] =>
  cols.map(([name, type]) => ({ name, type: type as KqlScalarType }));

export interface TableCatalog {
  /** Columns of a table, or undefined when the table is unknown. */
  table(name: string): ColumnSchema[] | undefined;
  tableNames(): string[];
}

/** The built-in catalog, optionally extended (or overridden) by custom tables. */
export function tableCatalog(custom: Record<string, ColumnSchema[]> = {}): TableCatalog {
  const p = load();
  return {
    table: (name) => custom[name] ?? (p.tables[name] ? toColumns(p.tables[name]) : undefined),
    tableNames: () => [...new Set([...Object.keys(p.tables), ...Object.keys(custom)])].sort(),
  };
}

/** Columns `_GetWatchlist('alias')` adds to a watchlist's own CSV columns. */
export function watchlistFunctionColumns(): ColumnSchema[] {
  return toColumns(load()._getWatchlistColumns);
}
