// Turns tripline's schema data into Kusto.Language symbols. Symbols are immutable, so each one is built
// once per SchemaContext and shared by every query analyzed with that context.
import { kusto } from '../kusto.js';
import type { ColumnSchema, KqlScalarType } from '../table.js';
import { watchlistFunctionColumns } from '../../tables/catalog.js';
import type { SchemaContext, UserFunction } from './types.js';
import { must } from './must.js';

type K = typeof Kusto.Language;
type TableSymbol = Kusto.Language.Symbols.TableSymbol;
type ColumnSymbol = Kusto.Language.Symbols.ColumnSymbol;
type FunctionSymbol = Kusto.Language.Symbols.FunctionSymbol;
type ScalarSymbol = Kusto.Language.Symbols.ScalarSymbol;

export function scalarSymbol(k: K, type: KqlScalarType | string): ScalarSymbol {
  const T = k.Symbols.ScalarTypes;
  switch (type) {
    case 'bool': return must(T.Bool, 'scalar type');
    case 'int': return must(T.Int, 'scalar type');
    case 'long': return must(T.Long, 'scalar type');
    case 'real': return must(T.Real, 'scalar type');
    case 'decimal': return must(T.Decimal, 'scalar type');
    case 'datetime': return must(T.DateTime, 'scalar type');
    case 'timespan': return must(T.TimeSpan, 'scalar type');
    case 'guid': return must(T.Guid, 'scalar type');
    case 'dynamic': return must(T.Dynamic, 'scalar type');
    default: return must(T.String, 'scalar type');
  }
}

function columnSymbol(k: K, c: ColumnSchema): ColumnSymbol {
  return new k.Symbols.ColumnSymbol(c.name, scalarSymbol(k, c.type), null, null, null, null);
}

export function tableSymbol(k: K, name: string, columns: readonly ColumnSchema[]): TableSymbol {
  return new k.Symbols.TableSymbol.$ctor4(name, columns.map((c) => columnSymbol(k, c)));
}

function userFunctionSymbol(k: K, f: UserFunction): FunctionSymbol {
  const params = f.parameters
    .map((p) => `${p.name}:${p.type}${p.default !== undefined ? ` = ${p.default}` : ''}`)
    .join(', ');
  const body = f.body.trim().startsWith('{') ? f.body : `{\n${f.body}\n}`;
  return new k.Symbols.FunctionSymbol.$ctor16(f.name, `(${params})`, body, null);
}

/** Column list of `_GetWatchlist(alias)`: the watchlist's CSV columns (all string) plus the function's own. */
export function watchlistColumns(ctx: SchemaContext, alias: string): ColumnSchema[] | undefined {
  const csv = lookupWatchlist(ctx, alias);
  if (!csv) return undefined;
  const extra = watchlistFunctionColumns();
  const own = new Set(extra.map((c) => c.name));
  return [...extra, ...csv.filter((n) => !own.has(n)).map((name): ColumnSchema => ({ name, type: 'string' }))];
}

export function lookupWatchlist(ctx: SchemaContext, alias: string): readonly string[] | undefined {
  const exact = ctx.watchlists.get(alias);
  if (exact) return exact;
  const lower = alias.toLowerCase();
  for (const [name, cols] of ctx.watchlists) if (name.toLowerCase() === lower) return cols;
  return undefined;
}

// `_GetWatchlist('alias')` has a result schema that depends on its argument, which Kusto.Language
// supports through a custom return type computed at each call site. An alias that is not one of the
// repository's watchlists gives an open table, so columns of a watchlist defined elsewhere are not
// reported as unknown; the analyzer reports the alias itself instead.
function getWatchlistSymbol(k: K, ctx: SchemaContext): FunctionSymbol {
  const S = k.Symbols;
  const base = watchlistFunctionColumns();
  const byAlias = new Map<string, TableSymbol>();
  const returnType = (info: Kusto.Language.Symbols.CustomReturnTypeContext): Kusto.Language.Symbols.TypeSymbol => {
    const arg = info.GetArgument$1('watchlist');
    const alias = arg?.IsLiteral ? literalString(arg.LiteralValue) : undefined;
    const key = alias ?? '';
    let table = byAlias.get(key);
    if (!table) {
      const cols = alias !== undefined ? watchlistColumns(ctx, alias) : undefined;
      table = cols ? tableSymbol(k, '', cols) : (tableSymbol(k, '', base).WithIsOpen(true) as TableSymbol);
      byAlias.set(key, table);
    }
    return table;
  };
  return new S.FunctionSymbol.ctor('_GetWatchlist', returnType, S.Tabularity.Tabular, [
    new S.Parameter.$ctor2('watchlist', S.ScalarTypes.String),
  ]);
}

function literalString(value: unknown): string | undefined {
  const v = (globalThis as unknown as { Bridge: { unbox(v: unknown, b: boolean): unknown } }).Bridge.unbox(value, true);
  return typeof v === 'string' ? v : undefined;
}

export interface SymbolCache {
  k: K;
  tableNames: ReadonlySet<string>;
  table(name: string): TableSymbol | undefined;
  functions: ReadonlyMap<string, { fn: UserFunction; symbol: () => FunctionSymbol }>;
  getWatchlist: FunctionSymbol;
  globals: Map<string, Kusto.Language.GlobalState>;
}

const caches = new WeakMap<SchemaContext, SymbolCache>();

export function symbolCache(ctx: SchemaContext): SymbolCache {
  let cache = caches.get(ctx);
  if (cache) return cache;
  const k = kusto();
  const tables = new Map<string, TableSymbol>();
  const functions = new Map<string, { fn: UserFunction; symbol: () => FunctionSymbol }>();
  for (const fn of ctx.functions) {
    let sym: FunctionSymbol | undefined;
    functions.set(fn.name, { fn, symbol: () => (sym ??= userFunctionSymbol(k, fn)) });
  }
  cache = {
    k,
    tableNames: new Set(ctx.catalog.tableNames()),
    table(name) {
      let t = tables.get(name);
      if (!t) {
        const cols = ctx.catalog.table(name);
        if (!cols) return undefined;
        t = tableSymbol(k, name, cols);
        tables.set(name, t);
      }
      return t;
    },
    functions,
    getWatchlist: getWatchlistSymbol(k, ctx),
    globals: new Map(),
  };
  caches.set(ctx, cache);
  return cache;
}
