// The GlobalState for one query: a database holding only the tables and functions the query may use.
// Building symbols for all 680+ tables would cost far more than analyzing a rule, so only the names a
// text scan finds are turned into symbols; GlobalStates are reused for queries naming the same set.
import { scanNames } from './candidates.js';
import { symbolCache, type SymbolCache } from './symbols.js';
import type { SchemaContext } from './types.js';
import { must } from './must.js';

export const DATABASE_NAME = 'SecurityInsights';
const MAX_CACHED_GLOBALS = 512;

/** Tables and user functions a query (and the functions it calls, transitively) may reference. */
export function referencedNames(query: string, ctx: SchemaContext): { tables: string[]; functions: string[] } {
  const cache = symbolCache(ctx);
  const tables = new Set<string>();
  const functions = new Set<string>();
  const pending = [query];
  while (pending.length) {
    const names = scanNames(pending.pop() ?? '');
    if (names.allTables) for (const t of cache.tableNames) tables.add(t);
    for (const w of names.words) {
      if (cache.tableNames.has(w)) tables.add(w);
      const fn = cache.functions.get(w);
      if (fn && !functions.has(w)) {
        functions.add(w);
        pending.push(fn.fn.body);
      }
    }
    if (names.globs.length && !names.allTables) {
      for (const t of cache.tableNames) if (names.globs.some((g) => g.test(t))) tables.add(t);
    }
  }
  return { tables: [...tables].sort(), functions: [...functions].sort() };
}

function build(cache: SymbolCache, tables: string[], functions: string[]): Kusto.Language.GlobalState {
  const k = cache.k;
  const members: Kusto.Language.Symbols.Symbol[] = [cache.getWatchlist];
  for (const t of tables) {
    const sym = cache.table(t);
    if (sym) members.push(sym);
  }
  for (const f of functions) {
    const fn = cache.functions.get(f);
    if (fn) members.push(fn.symbol());
  }
  const db = new k.Symbols.DatabaseSymbol.ctor(DATABASE_NAME, members);
  return must(must(k.GlobalState.Default, 'default GlobalState').WithDatabase(db), 'GlobalState');
}

/**
 * The Kusto.Language GlobalState to parse and analyze `query` with. Reusable by anything that binds a
 * query against the workspace schema (analyzer, KQL engine, test runner).
 */
export function buildGlobals(query: string, ctx: SchemaContext): Kusto.Language.GlobalState {
  const cache = symbolCache(ctx);
  const { tables, functions } = referencedNames(query, ctx);
  const key = `${tables.join(',')}|${functions.join(',')}`;
  let globals = cache.globals.get(key);
  if (!globals) {
    globals = build(cache, tables, functions);
    if (cache.globals.size >= MAX_CACHED_GLOBALS) cache.globals.clear();
    cache.globals.set(key, globals);
  }
  return globals;
}
