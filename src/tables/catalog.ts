// The table schema packs, shipped as data: every Azure Monitor / Sentinel table's columns and Kusto types
// as Log Analytics has them (data/tables.json), and the Defender XDR tables as advanced hunting has them
// (data/tables-defender-xdr.json: Timestamp, not TimeGenerated; docs/reference/defender-xdr-time-column.md).
// Each file's `_source` names where each part comes from. The same schemas drive semantic analysis and
// fixture coercion.
import { readShippedJson } from '../core/shipped.js';
import type { Target } from '../environments/types.js';
import type { ColumnSchema, KqlScalarType } from '../kql/table.js';

interface SchemaPack {
  _getWatchlistColumns: [string, string][];
  tables: Record<string, [string, string][]>;
}

let pack: SchemaPack | undefined;
let xdrPack: Pick<SchemaPack, 'tables'> | undefined;

function load(): SchemaPack {
  pack ??= readShippedJson<SchemaPack>('data/tables.json');
  return pack;
}

function loadXdr(): Pick<SchemaPack, 'tables'> {
  xdrPack ??= readShippedJson<Pick<SchemaPack, 'tables'>>('data/tables-defender-xdr.json');
  return xdrPack;
}

const toColumns = (cols: [string, string][]): ColumnSchema[] =>
  cols.map(([name, type]) => ({ name, type: type as KqlScalarType }));

export interface TableCatalog {
  /** Columns of a table, or undefined when the table is unknown. */
  table(name: string): ColumnSchema[] | undefined;
  tableNames(): string[];
}

/**
 * The built-in catalog as the platform's queries see it, optionally extended (or overridden) by custom
 * tables: on Defender, the XDR tables have their advanced hunting schema; Sentinel's tables keep theirs.
 */
export function tableCatalog(custom: Record<string, ColumnSchema[]> = {}, platform: Target = 'sentinel'): TableCatalog {
  const p = load();
  const xdr = platform === 'defender' ? loadXdr().tables : {};
  return {
    table: (name) => {
      const cols = xdr[name] ?? p.tables[name];
      return custom[name] ?? (cols ? toColumns(cols) : undefined);
    },
    tableNames: () => [...new Set([...Object.keys(p.tables), ...Object.keys(custom)])].sort(),
  };
}

/** Whether Defender XDR advanced hunting has this table in a schema of its own (data/tables-defender-xdr.json). */
export function isDefenderXdrTable(name: string): boolean {
  return Object.hasOwn(loadXdr().tables, name);
}

/** Columns `_GetWatchlist('alias')` adds to a watchlist's own CSV columns. */
export function watchlistFunctionColumns(): ColumnSchema[] {
  return toColumns(load()._getWatchlistColumns);
}
