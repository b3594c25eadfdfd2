// make-series: aggregates per key and per axis bin, filled with the default where a bin has no rows.
import { type Cx, type Runtime, fail } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { markReals } from '../../json.js';
import { convert } from '../convert.js';
import type { OperatorNode } from '../plan/nodes.js';
import { type Column, type Table } from '../table.js';
import { type Dyn, type KType, type Val, toDyn } from '../values.js';
import { aggregates } from './aggregates.js';
import { groupRows } from './summarize.js';

export function compileMakeSeries(op: Extract<OperatorNode, { kind: 'make-series' }>, cx: Cx): (t: Table, rt: Runtime) => Table {
  const { out, nonempty } = op;
  const aggs = op.aggregates.map((a) => {
    const impl = aggregates[a.name];
    if (!impl) return fail(a.at, `unsupported aggregate in make-series: ${a.name}`);
    const args = a.args.map((x) => compileExpr(x, cx));
    const def = a.defaultValue ? compileExpr(a.defaultValue, cx) : undefined;
    return { impl, args, def, type: a.type, name: a.name };
  });
  const axis = compileExpr(op.axis, cx);
  const fromE = op.from ? compileExpr(op.from, cx) : undefined;
  const toE = op.to ? compileExpr(op.to, cx) : undefined;
  const stepE = compileExpr(op.step, cx);
  const by = op.by.map((b) => compileExpr(b, cx));
  const one: Table = { n: 1, cols: [] };
  return (t, rt) => {
    const av = axis.ev(t, rt);
    const isTick = axis.type === 'datetime' || axis.type === 'timespan';
    const num = (v: Val): number => (typeof v === 'bigint' ? Number(v) : Number(v));
    const stepV = num(stepE.ev(one, rt)[0]!);
    let lo = fromE ? num(convert(fromE.ev(one, rt)[0]!, fromE.type, axis.type)) : Math.min(...av.filter((x) => x !== null).map(num));
    const hi = toE ? num(convert(toE.ev(one, rt)[0]!, toE.type, axis.type)) : Math.max(...av.filter((x) => x !== null).map(num)) + stepV;
    if (!fromE) lo = Math.floor(lo / stepV) * stepV;
    const bins = Math.max(0, Math.ceil((hi - lo) / stepV));
    if (bins === 0) return { n: 0, cols: out.map((c) => ({ name: c.name, type: c.type, data: [] })) };
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
    by.forEach((_, k) => cols.push({ name: out[k]!.name, type: by[k]!.type, data: g.first.map((r) => keys[k]![r]!) }));
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
        data.push(a.type === 'real' ? markReals(series) : series);
      }
      cols.push({ name: out[by.length + k]!.name, type: 'dynamic', data });
    });
    const axisVals: Dyn[] = [];
    for (let b = 0; b < bins; b++) {
      const x = lo + b * stepV;
      axisVals.push(isTick ? toDyn(BigInt(Math.round(x)), axis.type as KType) : x);
    }
    const axisName = out[by.length + aggs.length]!.name;
    cols.push({ name: axisName, type: 'dynamic', data: Array.from({ length: g.G }, () => axisVals) });
    return { n: g.G, cols };
  };
}
