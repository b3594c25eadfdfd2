// A watchlist as `_GetWatchlist('alias')` returns it in Log Analytics, for the embedded engine.
import type { DataTable, WireValue } from '../kql/table.js';
import { watchlistFunctionColumns } from '../tables/catalog.js';
import type { Watchlist } from './types.js';

/** `_GetWatchlist('alias')`: the function's own columns, then the CSV's, every CSV value a string. */
export function watchlistTable(w: { columns: string[]; rows: Record<string, string>[]; searchKey: string }): DataTable {
  const own = watchlistFunctionColumns();
  const ownNames = new Set(own.map((c) => c.name));
  const csvColumns = w.columns.filter((c) => !ownNames.has(c));
  const rows = w.rows.map((r, i): WireValue[] =>
    own
      .map((c): WireValue => {
        if (c.name === 'SearchKey') return r[w.searchKey] ?? '';
        if (c.name === '_DTItemId') return `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
        if (c.type === 'datetime') return '2026-01-01T00:00:00Z';
        return '';
      })
      .concat(csvColumns.map((c) => r[c] ?? '')),
  );
  return { columns: [...own, ...csvColumns.map((name) => ({ name, type: 'string' as const }))], rows };
}

export function watchlistTables(watchlists: readonly Watchlist[]): Map<string, DataTable> {
  return new Map(watchlists.map((w) => [w.alias.toLowerCase(), watchlistTable({ columns: w.columns, rows: w.rows, searchKey: w.meta.itemsSearchKey })]));
}
