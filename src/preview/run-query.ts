// One panel's query on the embedded engine over the preview's data, with `now` pinned to the end of the
// data: its rows, or the error the workbook would show in the panel's place, with its position.
import { compileQuery, type KqlError } from '../kql/engine/index.js';
import { buildGlobals, referencedNames } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { DataTable } from '../kql/table.js';
import { emptyTable } from '../testing/inputs.js';

export interface QueryInputs {
  ctx: SchemaContext;
  tables: Record<string, DataTable>;
  /** Lower-cased watchlist alias -> what `_GetWatchlist` returns for it. */
  watchlists: ReadonlyMap<string, DataTable>;
  now: Date;
}

export interface QueryFailure {
  message: string;
  /** 1-based position in the query as run (parameters pinned), when the engine knows it. */
  line?: number;
  column?: number;
}

export type QueryOutcome = { ok: true; table: DataTable } | { ok: false; error: QueryFailure };

const failure = (e: KqlError): QueryFailure => ({ message: e.message, line: e.line, column: e.column });
const isKqlError = (e: unknown): e is KqlError => e instanceof Error && typeof (e as Partial<KqlError>).line === 'number';

export function runPanelQuery(text: string, inputs: QueryInputs): QueryOutcome {
  const { query, errors } = compileQuery(text, { globals: buildGlobals(text, inputs.ctx) });
  if (!query) return { ok: false, error: errors[0] ? failure(errors[0]) : { message: 'the query did not compile' } };
  // Tables the data lacks are empty, as in a workspace that has the table but no rows in the range.
  const tables: Record<string, DataTable> = {};
  for (const name of referencedNames(text, inputs.ctx).tables) {
    const t = inputs.tables[name] ?? emptyTable(name, inputs.ctx.catalog);
    if (t) tables[name] = t;
  }
  try {
    const table = query.run({
      tables,
      now: inputs.now,
      functions: {
        _GetWatchlist: (args) => inputs.watchlists.get(String(args[0]).toLowerCase()) ?? { columns: [], rows: [] },
      },
    });
    return { ok: true, table };
  } catch (e) {
    return { ok: false, error: isKqlError(e) ? failure(e) : { message: e instanceof Error ? e.message : String(e) } };
  }
}
