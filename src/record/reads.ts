// What a rendered rule query reads: the workspace tables it names and the watchlists it calls, found
// with Kusto.Language's bound tree (so `let` names, columns and functions are never mistaken for tables).
import { analyzeQuery } from '../kql/analyze/index.js';
import { kusto } from '../kql/kusto.js';
import type { SchemaContext } from '../kql/schema/types.js';

export interface QueryReads {
  tables: string[];
  watchlists: string[];
}

export function queryReads(query: string, ctx: SchemaContext): QueryReads {
  const k = kusto();
  const { code } = analyzeQuery(query, ctx);
  const tables = new Set<string>();
  const watchlists = new Set<string>();
  code.Syntax?.WalkElements((el) => {
    if (el instanceof k.Syntax.NameReference) {
      const sym = el.ReferencedSymbol;
      if (sym instanceof k.Symbols.TableSymbol && ctx.catalog.table(sym.Name ?? '')) tables.add(sym.Name!);
    }
    if (el instanceof k.Syntax.FunctionCallExpression && el.Name?.SimpleName === '_GetWatchlist') {
      const list = el.ArgumentList?.Expressions;
      const arg = (list && list.Count > 0 ? list.getItem$1(0)?.Element : undefined) as Kusto.Language.Syntax.Expression | null | undefined;
      if (arg?.IsLiteral) watchlists.add(String(arg.LiteralValueInfo?.ValueText ?? ''));
    }
  });
  return { tables: [...tables].sort(), watchlists: [...watchlists].sort() };
}
