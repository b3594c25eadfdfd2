// make-series: aggregates per key and per axis bin, filled with the default where a bin has no rows.
import { type CExpr, type Cx, type Runtime, fail } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { markReals } from '../../json.js';
import { convert } from '../convert.js';
import type { OperatorNode } from '../plan/nodes.js';
import { type Column, type Table } from '../table.js';
import { type Dyn, type KType, type Val, toDyn } from '../values.js';
import { approxAt, isNullAt, nullBitmap, setNullAt } from '../vectors.js';
import { aggregates } from './aggregates.js';
import { type KeyVec } from './ids.js';
import { groupRows, keyColumn } from './summarize.js';

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
    const av = axisValues(axis, t, rt);
    const isTick = axis.type === 'datetime' || axis.type === 'timespan';
    const stepV = num(stepE.ev(one, rt)[0]!);
    let lo = fromE ? num(convert(fromE.ev(one, rt)[0]!, fromE.type, axis.type)) : extremeOf(av, Math.min, Infinity);
    const hi = toE ? num(convert(toE.ev(one, rt)[0]!, toE.type, axis.type)) : extremeOf(av, Math.max, -Infinity) + stepV;
    if (!fromE) lo = Math.floor(lo / stepV) * stepV;
    const bins = Math.max(0, Math.ceil((hi - lo) / stepV));
    if (bins === 0) return { n: 0, cols: out.map((c) => ({ name: c.name, type: c.type, data: [] })) };
    let keys: KeyVec[] = by.map((b) => b.typed?.(t, rt) ?? b.ev(t, rt));
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
      if (isNullAt(av.nulls, i)) { cellGroups[i] = -1; continue; }
      const v = av.x[i]!;
      const b = Math.floor((v - lo) / stepV);
      if (b < 0 || b >= bins || v >= hi) { cellGroups[i] = -1; continue; }
      cellGroups[i] = g.groups[i]! * bins + b;
      rows.push(i);
    }
    const sel = Int32Array.from(rows, (i) => cellGroups[i]!);
    const G = g.G * bins;
    const cols: Column[] = [];
    by.forEach((_, k) => cols.push(keyColumn(out[k]!.name, by[k]!.type, keys[k]!, g.first)));
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

const num = (v: Val): number => Number(v);

/**
 * The axis as doubles and its null rows. A typed column is read from its arrays: a tick's double from
 * its words is Number() of its bigint (one rounding of the exact value).
 */
function axisValues(axis: CExpr, t: Table, rt: Runtime): { x: Float64Array; nulls: Uint8Array | null } {
  const typed = axis.typed?.(t, rt);
  if (typed?.kind === 'f64') return { x: typed.values, nulls: typed.nulls };
  const x = new Float64Array(t.n);
  if (typed) {
    for (let i = 0; i < t.n; i++) x[i] = approxAt(typed.words, i);
    return { x, nulls: typed.nulls };
  }
  const v = axis.ev(t, rt);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < t.n; i++) {
    if (v[i] === null) setNullAt((nulls ??= nullBitmap(t.n)), i);
    else x[i] = num(v[i]!);
  }
  return { x, nulls };
}

/** Math.min or Math.max over the non-null values (NaN if any is NaN), `none` when all are null. */
function extremeOf(av: { x: Float64Array; nulls: Uint8Array | null }, pick: (a: number, b: number) => number, none: number): number {
  let m = none;
  for (let i = 0; i < av.x.length; i++) if (!isNullAt(av.nulls, i)) m = pick(m, av.x[i]!);
  return m;
}
