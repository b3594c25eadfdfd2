// What the analyzer knows about a workspace beyond the built-in table pack: the user's custom tables,
// saved functions and watchlists, and how loud the cost warnings are.
import type { ColumnSchema } from '../table.js';
import type { TableCatalog } from '../../tables/catalog.js';
import type { Target } from '../../environments/types.js';

export interface FunctionParameter {
  name: string;
  /** A KQL parameter type as written in a function declaration: `string`, `datetime`, `(*)`, `(A:string)`. */
  type: string;
  /** Default value as KQL text, e.g. `datetime(null)` or `"x"`. */
  default?: string;
}

/** A workspace function (Log Analytics "saved function"), callable by name from any query. */
export interface UserFunction {
  name: string;
  parameters: FunctionParameter[];
  /** The function body as KQL, with or without the enclosing braces. */
  body: string;
}

export type WarningLevel = 'off' | 'warning' | 'error';

export interface AnalysisSettings {
  /** Level per cost-check id (see src/kql/analyze/cost-checks.ts); missing ids use their default. */
  checks: Record<string, WarningLevel>;
}

export interface SchemaContext {
  catalog: TableCatalog;
  functions: readonly UserFunction[];
  /** Watchlist alias -> its CSV header columns (all string in `_GetWatchlist`). */
  watchlists: ReadonlyMap<string, readonly string[]>;
  analysis: AnalysisSettings;
}

export interface SchemaContextOptions {
  customTables?: Record<string, ColumnSchema[]>;
  functions?: readonly UserFunction[];
  watchlists?: ReadonlyMap<string, readonly string[]> | Record<string, readonly string[]>;
  analysis?: Partial<AnalysisSettings>;
  /** Whose table schemas: Sentinel's (Log Analytics, the default) or Defender XDR advanced hunting's. */
  platform?: Target;
}
