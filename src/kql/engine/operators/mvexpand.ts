// mv-expand: one output row per element of dynamic arrays (or per property of bags), arrays expanded
// in parallel; with_itemindex, bagexpansion, to typeof(), limit.
import type { Cx, Runtime } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { convert } from '../convert.js';
import type { OperatorNode } from '../plan/nodes.js';
import { type Column, type Table } from '../table.js';
import { type Dyn, type Val, parseJsonLoose } from '../values.js';

type MvExpandOp = Extract<OperatorNode, { kind: 'mv-expand' }>;

export function compileMvExpand(op: MvExpandOp, cx: Cx): (t: Table, rt: Runtime) => Table {
  const { out, bagArray, indexName } = op;
  const limitExpr = op.limit ? compileExpr(op.limit, cx) : undefined;
  const targets = op.targets.map((x) => ({ ...x, expr: compileExpr(x.expr, cx) }));
  return (t, rt) => {
    const limit = limitExpr ? Number(limitExpr.ev({ n: 1, cols: [] }, rt)[0]) : Infinity;
    const vecs = targets.map((x) => x.expr.ev(t, rt));
    const names = targets.map((x, k) => x.name || nameFor(x.column, k, out, t));
    const rows: number[] = [];
    const values: Val[][] = targets.map(() => []);
    const idx: number[] = [];
    for (let i = 0; i < t.n; i++) {
      const lists = vecs.map((v) => elements(v[i]!, bagArray));
      const len = Math.min(limit, Math.max(0, ...lists.map((l) => l.length)));
      for (let j = 0; j < len; j++) {
        rows.push(i);
        idx.push(j);
        for (let k = 0; k < targets.length; k++) {
          const e = lists[k]![j];
          const tg = targets[k]!;
          values[k]!.push(e === undefined ? null : tg.to === 'dynamic' ? (e as Val) : convert(e as Val, 'dynamic', tg.to));
        }
      }
    }
    const cols: Column[] = [];
    const replaced = new Set(names);
    for (const c of t.cols) {
      if (replaced.has(c.name)) {
        const k = names.indexOf(c.name);
        cols.push({ name: c.name, type: targets[k]!.to, data: values[k]! });
      } else {
        cols.push({ name: c.name, type: c.type, data: rows.map((r) => c.data[r]!) });
      }
    }
    for (let k = 0; k < targets.length; k++) {
      if (!t.cols.some((c) => c.name === names[k])) cols.push({ name: names[k]!, type: targets[k]!.to, data: values[k]! });
    }
    if (indexName) cols.push({ name: indexName, type: 'long', data: idx });
    return { n: rows.length, cols };
  };
}

/** An unnamed target: a column keeps its name, any other expression takes the next name Kusto gave. */
function nameFor(column: string | undefined, k: number, out: { name: string }[], t: Table): string {
  if (column !== undefined) return column;
  const inputNames = new Set(t.cols.map((c) => c.name));
  const fresh = out.filter((c) => !inputNames.has(c.name));
  return fresh[k]?.name ?? `Column${k + 1}`;
}

function elements(v: Val, bagArray: boolean): Dyn[] {
  let d = v as Dyn;
  if (typeof d === 'string' && (d.startsWith('[') || d.startsWith('{'))) d = parseJsonLoose(d);
  if (Array.isArray(d)) return d;
  if (d !== null && typeof d === 'object') {
    return Object.entries(d).map(([k, x]) => (bagArray ? [k, x] : { [k]: x }));
  }
  // A null expands to one row holding null; only an empty array yields no rows.
  return [d];
}
