// make-series: aggregates per key and per axis bin, filled with the default where a bin has no rows.
import { type Cx, type Runtime, fail } from '../compile/context.js';
import { compileSyntax } from '../compile/expressions.js';
import { resultType as typeOf } from '../syntax.js';
import { convert } from '../convert.js';
import { type SNode, child, columnsOf, kindName, listItems, simpleName } from '../syntax.js';
import { type Column, type Table } from '../table.js';
import { type Dyn, type KType, type Val, toDyn } from '../values.js';
import { aggregates } from './aggregates.js';
import { groupRows } from './summarize.js';

export function compileMakeSeries(op: SNode, cx: Cx): (t: Table, rt: Runtime) => Table {
  const out = columnsOf(op.ResultType);
  const aggs = listItems(op, 'Aggregates').map((a) => {
    const e = child(a, 'Expression')!;
    const inner = kindName(e) === 'SimpleNamedExpression' ? child(e, 'Expression')! : e;
    if (kindName(inner) !== 'FunctionCallExpression') return fail(inner, 'make-series needs an aggregate');
    const name = simpleName(child(inner, 'Name'));
    const impl = aggregates[name];
    if (!impl) return fail(inner, `unsupported aggregate in make-series: ${name}`);
    const args = listItems(child(inner, 'ArgumentList')!, 'Expressions').map((x) => compileSyntax(x, cx));
    const defNode = child(a, 'DefaultExpression');
    const def = defNode ? compileSyntax(child(defNode, 'Expression')!, cx) : undefined;
    return { impl, args, def, type: typeOf(inner), name };
  });
  const onClause = child(op, 'OnClause')!;
  const axis = compileSyntax(child(onClause, 'Expression')!, cx);
  const range = child(op, 'RangeClause');
  if (!range) return fail(op, 'make-series without from/to/step is not supported');
  const rk = kindName(range);
  let from: SNode | null = null, to: SNode | null = null, step: SNode | null = null;
  if (rk === 'MakeSeriesFromToStepClause') {
    from = child(child(range, 'MakeSeriesFromClause') ?? range, 'Expression');
    to = child(child(range, 'MakeSeriesToClause') ?? range, 'Expression');
    step = child(child(range, 'MakeSeriesStepClause') ?? range, 'Expression');
  } else if (rk === 'MakeSeriesInRangeClause') {
    const args = listItems(child(range, 'Arguments') ?? range, 'Expressions');
    [from, to, step] = [args[0] ?? null, args[1] ?? null, args[2] ?? null];
  }
  if (!step) return fail(range, 'make-series needs a step');
  const fromE = from ? compileSyntax(from, cx) : undefined;
  const toE = to ? compileSyntax(to, cx) : undefined;
  const stepE = compileSyntax(step, cx);
  const byNodes = child(op, 'ByClause') ? listItems(child(op, 'ByClause')!, 'Expressions') : [];
  const by = byNodes.map((b) => compileSyntax(kindName(b) === 'SimpleNamedExpression' ? child(b, 'Expression')! : b, cx));
  const one: Table = { n: 1, cols: [] };
  const nonempty = listItems(op, 'Parameters').some((p) => simpleName(child(p, 'Name')).toLowerCase() === 'kind' && child(p, 'Expression')!.toString().trim().toLowerCase() === 'nonempty');
  return (t, rt) => {
    const av = axis.ev(t, rt);
    const isTick = axis.type === 'datetime' || axis.type === 'timespan';
    const num = (v: Val): number => (typeof v === 'bigint' ? Number(v) : Number(v));
    const stepV = num(stepE.ev(one, rt)[0]!);
    let lo = fromE ? num(convert(fromE.ev(one, rt)[0]!, fromE.type, axis.type)) : Math.min(...av.filter((x) => x !== null).map(num));
    const hi = toE ? num(convert(toE.ev(one, rt)[0]!, toE.type, axis.type)) : Math.max(...av.filter((x) => x !== null).map(num)) + stepV;
    if (!fromE) lo = Math.floor(lo / stepV) * stepV;
    const bins = Math.max(0, Math.ceil((hi - lo) / stepV));
    if (bins === 0) return { n: 0, cols: columnsOf(op.ResultType).map((c) => ({ name: c.name, type: c.type as KType, data: [] })) };
    let keys = by.map((b) => b.ev(t, rt));
    let g = groupRows(keys, t.n);
    // kind=nonempty: an empty input still yields one row of default-filled series (by keys empty).
    if (nonempty && g.G === 0) {
      keys = by.map((b) => [b.type === 'string' ? '' : null]);
      g = { ...g, G: 1, first: [0] };
    }
    // Group id per (key, bin): key * bins + bin; rows outside the axis range are dropped.
    const cellGroups = new Int32Array(t.n);
    const rows: number[] = [];
    for (let i = 0; i < t.n; i++) {
      const v = av[i]!;
      if (v === null) { cellGroups[i] = -1; continue; }
      const b = Math.floor((num(v) - lo) / stepV);
      if (b < 0 || b >= bins || num(v) >= hi) { cellGroups[i] = -1; continue; }
      cellGroups[i] = g.groups[i]! * bins + b;
      rows.push(i);
    }
    const sel = Int32Array.from(rows, (i) => cellGroups[i]!);
    const G = g.G * bins;
    const cols: Column[] = [];
    byNodes.forEach((_, k) => cols.push({ name: out[k]!.name, type: by[k]!.type, data: g.first.map((r) => keys[k]![r]!) }));
    aggs.forEach((a, k) => {
      const args = a.args.map((x) => { const v = x.ev(t, rt); return rows.map((i) => v[i]!); });
      const cells = a.impl({ args, types: a.args.map((x) => x.type), groups: sel, G, ret: a.type, consts: [] });
      const counts = new Int32Array(G);
      for (const c of sel) counts[c]!++;
      const defV = a.def ? convert(a.def.ev(one, rt)[0]!, a.def.type, a.type) : (a.type === 'string' ? '' : 0);
      const data: Val[] = [];
      for (let gi = 0; gi < g.G; gi++) {
        const series: Dyn[] = [];
        for (let b = 0; b < bins; b++) {
          const c = gi * bins + b;
          series.push(toDyn(counts[c] ? cells[c]! : defV, a.type));
        }
        data.push(series);
      }
      cols.push({ name: out[byNodes.length + k]!.name, type: 'dynamic', data });
    });
    const axisVals: Dyn[] = [];
    for (let b = 0; b < bins; b++) {
      const x = lo + b * stepV;
      axisVals.push(isTick ? toDyn(BigInt(Math.round(x)), axis.type as KType) : x);
    }
    const axisName = out[byNodes.length + aggs.length]?.name ?? simpleName(child(onClause, 'Expression'));
    cols.push({ name: axisName, type: 'dynamic', data: Array.from({ length: g.G }, () => axisVals) });
    return { n: g.G, cols };
  };
}
