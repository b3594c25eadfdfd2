// One execution of a case as self-contained Kusto text for another engine: each table the run sees
// and each watchlist it calls bound by `let` to a `datatable` of exactly its rows, `_GetWatchlist('A')`
// replaced by that binding, and now()/ago() pinned to the run's time (a cluster's clock is not ours).
import { kusto } from '../../kql/kusto.js';
import { pinNow } from '../../live/pin-now.js';
import type { DataTable } from '../../kql/table.js';
import { datatableLiteral, kustoName } from './literals.js';
import type { Execution } from './types.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A string literal's value ('x', "x", @'x', @"x"); undefined for anything else. */
function stringValue(text: string): string | undefined {
  const verbatim = /^@(['"])([\s\S]*)\1$/.exec(text);
  if (verbatim) return verbatim[2]!.split(verbatim[1]! + verbatim[1]!).join(verbatim[1]!);
  const quoted = /^(['"])([\s\S]*)\1$/.exec(text);
  return quoted ? quoted[2]!.replace(/\\(.)/g, '$1') : undefined;
}

/** `_GetWatchlist('Alias')` calls, replaced by the name `bind(alias)` returns. */
export function replaceWatchlistCalls(kql: string, bind: (alias: string) => string): string {
  const k = kusto();
  const edits: Edit[] = [];
  k.KustoCode.Parse(kql)?.Syntax?.WalkElements((el) => {
    if (!(el instanceof k.Syntax.FunctionCallExpression)) return;
    if (el.Name?.SimpleName?.toLowerCase() !== '_getwatchlist') return;
    const list = el.ArgumentList?.Expressions;
    const arg = list && list.Count > 0 ? list.getItem$1(0)?.Element : undefined;
    const alias = arg ? stringValue(kql.slice(arg.TextStart, arg.TextStart + arg.Width).trim()) : undefined;
    if (alias === undefined) return;
    edits.push({ start: el.TextStart, end: el.TextStart + el.Width, text: bind(alias) });
  });
  let out = kql;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

export function kustoText(x: Execution): string {
  const lets: string[] = [];
  for (const [name, table] of Object.entries(x.tables)) lets.push(`let ${kustoName(name)} = ${datatableLiteral(table)};`);
  const bound = new Map<string, string>();
  const query = replaceWatchlistCalls(x.query, (alias) => {
    const key = alias.toLowerCase();
    let name = bound.get(key);
    if (!name) {
      name = `__tripline_watchlist_${bound.size}`;
      bound.set(key, name);
      const table: DataTable = x.watchlists.get(key) ?? { columns: [], rows: [] };
      lets.push(`let ${name} = ${datatableLiteral(table)};`);
    }
    return name;
  });
  return `${lets.join('\n')}\n${pinNow(query, x.now)}`;
}
