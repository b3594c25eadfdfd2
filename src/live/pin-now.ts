// A query as it would have run at another time: now() and ago() rewritten to a datetime literal, found
// with Kusto.Language's syntax tree (never inside strings or comments). The query API has no way to set
// the clock, so this is how a past schedule window is replayed against a workspace.
import { kusto } from '../kql/kusto.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function pinNow(kql: string, at: Date): string {
  const k = kusto();
  const code = k.KustoCode.Parse(kql);
  const literal = `datetime(${at.toISOString()})`;
  const edits: Edit[] = [];
  code?.Syntax?.WalkElements((el) => {
    if (!(el instanceof k.Syntax.FunctionCallExpression)) return;
    const name = el.Name?.SimpleName?.toLowerCase();
    if (name !== 'now' && name !== 'ago') return;
    const list = el.ArgumentList?.Expressions;
    const arg = list && list.Count > 0 ? list.getItem$1(0)?.Element : undefined;
    const argText = arg ? kql.slice(arg.TextStart, arg.TextStart + arg.Width) : undefined;
    const start = el.TextStart;
    const end = el.TextStart + el.Width;
    if (edits.some((e) => e.start <= start && end <= e.end)) return;
    let text = literal;
    if (name === 'ago') text = `(${literal} - (${argText ?? '0s'}))`;
    else if (argText) text = `(${literal} + (${argText}))`;
    edits.push({ start, end, text });
  });
  let out = kql;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
