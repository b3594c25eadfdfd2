// evaluate pivot: the pivot column's distinct values become columns (in order of first appearance),
// one row per distinct combination of the other columns, each cell the aggregate over that row's
// rows holding that value. A combination with no rows holds the aggregate over no rows: 0 for
// count() and sum(), as the documentation's outputs show.
import { type Cx, type Runtime } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { toStr } from '../convert.js';
import type { PivotNode } from '../plan/nodes.js';
import { type Column, type Table } from '../table.js';
import type { KType, Val } from '../values.js';
import { aggregates } from './aggregates.js';
import { groupRows, safeConst } from './summarize.js';

export function compilePivot(op: PivotNode, cx: Cx): (t: Table, rt: Runtime) => Table {
  const pivot = compileExpr(op.column, cx);
  const args = op.aggregate.args.map((a) => compileExpr(a, cx));
  const consts = args.map((a) => (a.constant ? safeConst(a) : undefined));
  const impl = aggregates[op.aggregate.name]!;
  const by = op.by?.map((b) => ({ name: b.name, expr: compileExpr(b.expr, cx) }));
  return (t, rt) => {
    const keys: Column[] = by ? by.map((b) => ({ name: b.name, type: b.expr.type, data: b.expr.ev(t, rt) })) : t.cols.filter((c) => isGroupColumn(c.name, op));
    const rows = groupRows(keys.map((k) => k.data), t.n);
    const pv = pivot.ev(t, rt);
    const values = groupRows([pv], t.n);
    const V = values.G;
    const cellOf = new Int32Array(t.n);
    for (let i = 0; i < t.n; i++) cellOf[i] = rows.groups[i]! * V + values.groups[i]!;
    // One cell more than the output has: no row falls in it, so it holds the aggregate over no rows.
    const G = rows.G * V;
    const cells = impl({ args: args.map((a) => a.ev(t, rt)), types: args.map((a) => a.type), groups: cellOf, G: G + 1, ret: op.aggregate.type, consts });
    const out: Column[] = keys.map((k) => ({ name: k.name, type: k.type, data: rows.first.map((i) => k.data[i]!) }));
    values.first.forEach((first, j) => {
      const name = columnName(pv[first]!, pivot.type, op, out);
      out.push({ name, type: op.aggregate.type, data: rows.first.map((_, r) => cells[r * V + j]!) });
    });
    if (!op.schema) return { n: rows.G, cols: out };
    const absent = (name: string): Column => ({ name, type: op.aggregate.type, data: rows.first.map(() => cells[G]!) });
    return { n: rows.G, cols: op.schema.map((s) => declared(out.find((c) => c.name === s.name) ?? absent(s.name), s.type)) };
  };
}

function isGroupColumn(name: string, op: PivotNode): boolean {
  return !op.exclude.includes(name) && name !== '_IngestionTime' && !name.startsWith('\u0000');
}

/** A pivot value as a column name: its text, which must be new and not empty. */
function columnName(v: Val, type: KType, op: PivotNode, taken: Column[]): string {
  const name = toStr(v, type);
  const pivotName = op.exclude[0]!;
  if (name === '') throw new Error(`pivot: an empty or null value of '${pivotName}' cannot name a column`);
  if (taken.some((c) => c.name === name)) throw new Error(`pivot: the value '${name}' of '${pivotName}' names a column the output already has`);
  return name;
}

/** A column of the declared output schema: the run must produce it with the declared type. */
function declared(c: Column, type: KType): Column {
  if (c.type !== type) throw new Error(`pivot: column '${c.name}' is ${c.type}, but the output schema declares ${type}`);
  return c;
}
