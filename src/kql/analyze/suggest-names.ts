// "Did you mean" for a name Kusto could not resolve, as schema and fixture errors already offer: the
// candidates are the columns of the tables the query reads, the tables, and the workspace functions.
import { didYouMean } from '../../core/suggest.js';
import { referencedNames } from '../schema/globals.js';
import type { SchemaContext } from '../schema/types.js';

const UNKNOWN_NAME = /^The name '([^']+)' does not refer to any known/;

export function withNameSuggestion(message: string, query: string, ctx: SchemaContext): string {
  const m = UNKNOWN_NAME.exec(message);
  if (!m) return message;
  const columns = referencedNames(query, ctx).tables.flatMap((t) => ctx.catalog.table(t)?.map((c) => c.name) ?? []);
  const candidates = [...new Set([...columns, ...ctx.catalog.tableNames(), ...ctx.functions.map((f) => f.name)])];
  return message + didYouMean(m[1]!, candidates);
}
