// top-nested: hierarchical top-N, each level's aggregate computed within its parent's group.
import { type Cx, type Runtime, fail } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { convert } from '../convert.js';
import type { OperatorNode } from '../plan/nodes.js';
import { type Column, type Table, gather } from '../table.js';
import type { KType, Val } from '../values.js';
import { aggregates } from './aggregates.js';
import { groupRows } from './summarize.js';

export function compileTopNested(op: Extract<OperatorNode, { kind: 'top-nested' }>, cx: Cx): (t: Table, rt: Runtime) => Table {
  const out = op.out;
  const levels = op.levels.map((lv) => {
    const { name, at, type } = lv.aggregate;
    const impl = aggregates[name];
    if (!impl) return fail(at, `unsupported aggregate in top-nested: ${name}`);
    return {
      limit: lv.limit ? compileExpr(lv.limit, cx) : undefined,
      of: compileExpr(lv.of, cx),
      impl,
      args: lv.aggregate.args.map((a) => compileExpr(a, cx)),
      desc: lv.desc,
      aggType: type,
      others: lv.others ? compileExpr(lv.others, cx) : undefined,
    };
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
      type: o.type,
      data: frames.map((f) => convert(f.vals[j] ?? null, typeOfVal(f.vals[j] ?? null, o.type), o.type)),
    }));
    return { n: frames.length, cols };
  };
}

function typeOfVal(v: Val, fallback: KType): KType {
  if (typeof v === 'bigint') return fallback === 'timespan' ? 'timespan' : 'datetime';
  return fallback;
}
