// top-nested: hierarchical top-N, each level's aggregate computed within its parent's group.
import { type Cx, type Runtime, fail } from '../compile/context.js';
import { compileSyntax } from '../compile/expressions.js';
import { convert } from '../convert.js';
import { type SNode, child, columnsOf, kindName, listItems, simpleName } from '../syntax.js';
import { type Column, type Table, gather } from '../table.js';
import type { KType, Val } from '../values.js';
import { aggregates } from './aggregates.js';
import { groupRows } from './summarize.js';

export function compileTopNested(op: SNode, cx: Cx): (t: Table, rt: Runtime) => Table {
  const clauses = listItems(op, 'Clauses');
  const out = columnsOf(op.ResultType);
  const levels = clauses.map((cl) => {
    const limit = child(cl, 'Expression') ? compileSyntax(child(cl, 'Expression')!, cx) : undefined;
    const ofNode = child(cl, 'OfExpression')!;
    const of = compileSyntax(kindName(ofNode) === 'SimpleNamedExpression' ? child(ofNode, 'Expression')! : ofNode, cx);
    let byNode = child(cl, 'ByExpression')!;
    let desc = true;
    if (kindName(byNode) === 'OrderedExpression') {
      desc = !/\basc\b/i.test(child(byNode, 'Ordering')?.toString() ?? '');
      byNode = child(byNode, 'Expression')!;
    }
    const aggNode = kindName(byNode) === 'SimpleNamedExpression' ? child(byNode, 'Expression')! : byNode;
    if (kindName(aggNode) !== 'FunctionCallExpression') return fail(aggNode, 'top-nested needs an aggregate');
    const name = simpleName(child(aggNode, 'Name'));
    const impl = aggregates[name];
    if (!impl) return fail(aggNode, `unsupported aggregate in top-nested: ${name}`);
    const args = listItems(child(aggNode, 'ArgumentList')!, 'Expressions').map((a) => compileSyntax(a, cx));
    const othersNode = child(cl, 'WithOthersClause');
    const others = othersNode ? compileSyntax(child(othersNode, 'Expression')!, cx) : undefined;
    return { limit, of, impl, args, desc, aggType: (aggNode.ResultType?.Name ?? 'long') as KType, others };
  });
  return (t, rt) => {
    // A frame is one output row in the making; an "others" frame stops descending (deeper levels null).
    let frames: { rows: number[]; vals: Val[]; done?: boolean }[] = [{ rows: Array.from({ length: t.n }, (_, i) => i), vals: [] }];
    for (const lv of levels) {
      const next: { rows: number[]; vals: Val[]; done?: boolean }[] = [];
      const limit = lv.limit ? Number(lv.limit.ev({ n: 1, cols: [] }, rt)[0]) : Infinity;
      for (const f of frames) {
        if (f.done) {
          next.push({ ...f, vals: [...f.vals, null, null] });
          continue;
        }
        const sub = gather(t, f.rows);
        const key = lv.of.ev(sub, rt);
        const g = groupRows([key], sub.n);
        const argv = lv.args.map((a) => a.ev(sub, rt));
        const agg = lv.impl({ args: argv, types: lv.args.map((a) => a.type), groups: g.groups, G: g.G, ret: lv.aggType, consts: [] });
        const order = Array.from({ length: g.G }, (_, i) => i).sort((a, b) => {
          const x = agg[a]!;
          const y = agg[b]!;
          // Ties: the group seen last comes first, as the real engine orders them.
          if (x === y) return b - a;
          if (x === null) return 1;
          if (y === null) return -1;
          return (x < y ? -1 : 1) * (lv.desc ? -1 : 1);
        });
        for (const gi of order.slice(0, limit)) {
          const rows = f.rows.filter((_, i) => g.groups[i] === gi);
          next.push({ rows, vals: [...f.vals, key[g.first[gi]!]!, agg[gi]!] });
        }
        if (lv.others && order.length > limit) {
          const rest = new Set(order.slice(limit));
          const idx = f.rows.map((_, i) => i).filter((i) => rest.has(g.groups[i]!));
          const restArgs = argv.map((v) => idx.map((i) => v[i]!));
          const restAgg = lv.impl({ args: restArgs, types: lv.args.map((a) => a.type), groups: new Int32Array(idx.length), G: 1, ret: lv.aggType, consts: [] });
          const label = convert(lv.others.ev({ n: 1, cols: [] }, rt)[0]!, lv.others.type, lv.of.type);
          next.push({ rows: idx.map((i) => f.rows[i]!), vals: [...f.vals, label, restAgg[0]!], done: true });
        }
      }
      frames = next;
    }
    const cols: Column[] = out.map((o, j) => ({
      name: o.name,
      type: o.type as KType,
      data: frames.map((f) => convert(f.vals[j] ?? null, typeOfVal(f.vals[j] ?? null, o.type as KType), o.type as KType)),
    }));
    return { n: frames.length, cols };
  };
}

function typeOfVal(v: Val, fallback: KType): KType {
  if (typeof v === 'bigint') return fallback === 'timespan' ? 'timespan' : 'datetime';
  return fallback;
}
