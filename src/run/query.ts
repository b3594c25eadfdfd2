// One query on the embedded engine over loaded tables, as `tripline run` runs it: every catalog table
// (the fixtures' schemas for tables the catalog lacks) and, inside a tripline repository, its watchlists
// through `_GetWatchlist` and its externaldata URL mapping.
import type { Problem } from '../core/problems.js';
import { type CompiledQuery, compileQuery, type KqlError } from '../kql/engine/index.js';
import { createSchemaContext } from '../kql/schema/context.js';
import { buildGlobals, referencedNames } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { ColumnSchema, DataTable, InputTable, WireValue } from '../kql/table.js';
import { externalDataResolver } from '../externaldata/map.js';
import { loadConfig } from '../kql/schema/config.js';
import { loadWatchlists } from '../watchlists/load.js';
import { watchlistTables } from '../watchlists/table.js';
import { emptyTableWarnings } from './tables.js';

export interface RunWorkspace {
  ctx: SchemaContext;
  watchlists: Map<string, DataTable>;
  /** externaldata URL -> text, from tripline.config.yaml's externaldata: mapping. */
  externalData: (url: string) => string | undefined;
  /** geo_info_from_ip_address's database, from tripline.config.yaml's geoip: key. */
  geoIpDatabase?: string;
}

export interface QueryOutcome {
  result?: DataTable;
  error?: KqlError;
  /** Tables the query reads that have no rows. */
  warnings: Problem[];
}

export function runWorkspace(root: string, schemas: Record<string, ColumnSchema[]>): RunWorkspace {
  const { watchlists } = loadWatchlists(root);
  const { config } = loadConfig(root);
  return {
    ctx: createSchemaContext({ customTables: schemas, watchlists: new Map(watchlists.map((w) => [w.alias, w.columns])) }),
    watchlists: watchlistTables(watchlists),
    // The configuration's mistakes are validate's to report: a broken mapping maps nothing here.
    externalData: externalDataResolver(config.externalData),
    geoIpDatabase: config.geoIpDatabase,
  };
}

export function compileRunQuery(kql: string, ws: RunWorkspace): { query?: CompiledQuery; error?: KqlError } {
  const { query, errors } = compileQuery(kql, { globals: buildGlobals(kql, ws.ctx) });
  return query ? { query } : { error: errors[0]! };
}

export function runCompiled(query: CompiledQuery, kql: string, now: string | Date, tables: Record<string, InputTable>, ws: RunWorkspace): QueryOutcome {
  const warnings = emptyTableWarnings(referencedNames(kql, ws.ctx).tables, tables);
  const functions = { _GetWatchlist: (args: WireValue[]) => ws.watchlists.get(String(args[0] ?? '').toLowerCase()) ?? { columns: [], rows: [] } };
  try {
    return { result: query.run({ tables, now, functions, externalData: ws.externalData, geoIpDatabase: ws.geoIpDatabase }), warnings };
  } catch (e) {
    const k = e as Partial<KqlError> & Error;
    return { error: { message: k.message, line: k.line ?? 1, column: k.column ?? 1, offset: k.offset ?? 0 }, warnings };
  }
}

export function executeQuery(kql: string, now: string | Date, tables: Record<string, InputTable>, ws: RunWorkspace): QueryOutcome {
  const { query, error } = compileRunQuery(kql, ws);
  return query ? runCompiled(query, kql, now, tables, ws) : { error: error!, warnings: [] };
}
