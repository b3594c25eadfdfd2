// One query over a workspace's rows with the embedded engine, as the service runs it: rows outside the
// request's timespan are invisible, `_GetWatchlist` reads the watchlists deployed to the workspace, and
// a result beyond the row limit is cut short and reported as a partial error.
import { compileQuery } from '../../kql/engine/index.js';
import { createSchemaContext } from '../../kql/schema/context.js';
import { buildGlobals } from '../../kql/schema/globals.js';
import { instantsOf, selectRows } from '../../kql/columnar.js';
import type { ColumnarTable, DataTable, InputTable, WireValue } from '../../kql/table.js';
import { watchlistTable } from '../../watchlists/table.js';
import type { EmulatorState } from '../state.js';
import { QueryApiError } from './errors.js';
import type { Interval } from './timespan.js';
import { jsonText } from '../../kql/json.js';

export interface Watchlists {
  columns: Map<string, string[]>;
  tables: Map<string, DataTable>;
}

/** The workspace's deployed watchlists with their items, as `_GetWatchlist('alias')` returns them. */
export function deployedWatchlists(state: EmulatorState, armWorkspaceId: string | undefined): Watchlists {
  const out: Watchlists = { columns: new Map(), tables: new Map() };
  if (!armWorkspaceId) return out;
  for (const w of state.children(`${armWorkspaceId}/providers/Microsoft.SecurityInsights/watchlists`)) {
    const props = (w.properties ?? {}) as Record<string, unknown>;
    const alias = String(props['watchlistAlias'] ?? w.name);
    const rows = state.children(`${w.id}/watchlistItems`).map((i) => {
      const kv = ((i.properties ?? {}) as Record<string, unknown>)['itemsKeyValue'] as Record<string, unknown> | undefined;
      return Object.fromEntries(Object.entries(kv ?? {}).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
    });
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    out.columns.set(alias, columns);
    out.tables.set(alias.toLowerCase(), watchlistTable({ columns, rows, searchKey: String(props['itemsSearchKey'] ?? '') }));
  }
  return out;
}

const generatedMs = new WeakMap<ColumnarTable, Float64Array>();

/** Rows whose TimeGenerated lies in the interval (tables without TimeGenerated are kept whole). */
export function within(table: ColumnarTable, interval: Interval | undefined): ColumnarTable {
  if (!interval || !table.columns.some((c) => c.name === 'TimeGenerated')) return table;
  let ms = generatedMs.get(table);
  if (!ms) {
    ms = instantsOf(table, 'TimeGenerated')!;
    generatedMs.set(table, ms);
  }
  const index: number[] = [];
  for (let i = 0; i < ms.length; i++) if (ms[i]! >= interval.start && ms[i]! < interval.end) index.push(i);
  // All rows visible: the same table, whose converted columns the engine keeps between queries.
  return index.length === table.rowCount ? table : selectRows(table, index);
}

export function runQuery(kql: string, tables: Record<string, InputTable>, watchlists: Watchlists, now: number): DataTable {
  const ctx = createSchemaContext({ watchlists: watchlists.columns });
  const { query, errors } = compileQuery(kql, { globals: buildGlobals(kql, ctx) });
  if (!query) {
    const e = errors[0]!;
    throw new QueryApiError(400, 'BadArgumentError', 'The request had some invalid properties', {
      code: /could not be parsed|expected|syntax/i.test(e.message) ? 'SyntaxError' : 'SemanticError',
      message: 'A semantic error occurred.',
      innererror: { code: 'SEM0100', message: e.message, line: e.line, pos: e.column },
    });
  }
  const functions = { _GetWatchlist: (args: WireValue[]) => watchlists.tables.get(String(args[0] ?? '').toLowerCase()) ?? { columns: [], rows: [] } };
  try {
    return query.run({ tables, now: new Date(now), functions });
  } catch (e) {
    const k = e as Error & { line?: number; column?: number };
    throw new QueryApiError(400, 'BadArgumentError', 'The query failed at run time.', {
      code: 'RuntimeError',
      message: k.message,
      ...(k.line !== undefined ? { line: k.line, pos: k.column ?? 1 } : {}),
    });
  }
}

/** The wire form of a result table: dynamic values as JSON text, as the service sends them. */
export function wireTable(t: DataTable, limit: number): { name: string; columns: DataTable['columns']; rows: WireValue[][] } {
  const dyn = t.columns.map((c) => c.type === 'dynamic');
  const rows = t.rows.slice(0, limit).map((r) => r.map((v, i) => (dyn[i] && v !== null ? jsonText(v) : v)));
  return { name: 'PrimaryResult', columns: t.columns, rows };
}
