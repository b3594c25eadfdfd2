// The seam between the test runner and the engine a case's query runs on. The runner stays
// synchronous and always compiles on the embedded engine; a hook sees every scheduled execution and
// decides which result the runner goes on with (the embedded engine's, or another engine's).
import type { DataTable } from '../../kql/table.js';
import type { TestCase } from '../types.js';

/** One scheduled run of a case's query, with everything it sees. */
export interface Execution {
  case: TestCase;
  /** The rendered query, before any rewriting. */
  query: string;
  /** The rows of each table visible to this run. */
  tables: Readonly<Record<string, DataTable>>;
  /** Watchlist contents by lower-cased alias, as `_GetWatchlist` returns them. */
  watchlists: ReadonlyMap<string, DataTable>;
  now: Date;
}

/** Returns the result the runner should use; `embedded()` runs the query on the embedded engine. */
export type ExecutionHook = (execution: Execution, embedded: () => DataTable) => DataTable;

/** Another engine that runs self-contained query text (data inlined, clock pinned). */
export interface QueryBackend {
  /** Shown in reports: 'https://help.kusto.windows.net/Samples'. */
  readonly name: string;
  query(text: string): Promise<DataTable>;
  close(): void;
}
