// mv-expand: one output row per element of dynamic arrays (or per property of bags), arrays expanded
// in parallel; with_itemindex, bagexpansion, to typeof(), limit.
import { type CExpr, type Cx, type Runtime } from '../compile/context.js';
import { compileSyntax } from '../compile/expressions.js';
import { resultType as typeOf } from '../syntax.js';
import { convert } from '../convert.js';
import { type SNode, child, columnsOf, kindName, listItems, simpleName } from '../syntax.js';
import { type Column, type Table } from '../table.js';
import { type Dyn, type KType, type Val, parseJsonLoose } from '../values.js';

interface Target {
  name: string;
  expr: CExpr;
  to: KType;
}

function param(op: SNode, name: string): string | undefined {
  for (const p of listItems(op, 'Parameters')) {
    if (simpleName(child(p, 'Name')).toLowerCase() === name) return child(p, 'Expression')!.toString().trim();
  }
  return undefined;
}

export function compileMvExpand(op: SNode, cx: Cx): (t: Table, rt: Runtime) => Table {
  const out = columnsOf(op.ResultType);
  const bagArray = (param(op, 'bagexpansion') ?? param(op, 'kind') ?? 'bag').toLowerCase() === 'array';
  const indexName = param(op, 'with_itemindex');
  const limitNode = child(op, 'RowLimitClause');
  const limitExpr = limitNode ? compileSyntax(child(limitNode, 'RowLimit')!, cx) : undefined;
  const targets: Target[] = listItems(op, 'Expressions').map((me) => {
    const e = child(me, 'Expression') ?? me;
    let name: string;
    let valueNode = e;
    if (kindName(e) === 'SimpleNamedExpression') {
      name = simpleName(child(e, 'Name'));
      valueNode = child(e, 'Expression')!;
    } else {
      name = '';
    }
    const toNode = child(me, 'ToTypeOf');
    const to: KType = toNode ? typeOf(me) : 'dynamic';
    return { name, expr: compileSyntax(valueNode, cx), to };
  });
  // Unnamed targets take their names from the result schema (a column keeps its name; a path gets one).
  const unnamed = targets.filter((t) => !t.name);
  if (unnamed.length) {
    const inputNames = new Set(columnsOf((child(op, 'Expression') ?? op).ResultType).map((c) => c.name));
    void inputNames;
  }
  return (t, rt) => {
    const limit = limitExpr ? Number(limitExpr.ev({ n: 1, cols: [] }, rt)[0]) : Infinity;
    const vecs = targets.map((x) => x.expr.ev(t, rt));
    const names = targets.map((x, k) => x.name || nameFor(x, k, op, out, t));
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

function nameFor(_x: Target, k: number, op: SNode, out: { name: string }[], t: Table): string {
  const me = listItems(op, 'Expressions')[k]!;
  const e = child(me, 'Expression') ?? me;
  if (kindName(e) === 'NameReference') return simpleName(e);
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
