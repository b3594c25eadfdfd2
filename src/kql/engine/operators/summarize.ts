// summarize (and distinct, count): group rows by key vectors, run each aggregate in one pass, then
// evaluate any arithmetic around the aggregates over the grouped table.
import { type CExpr, type Cx, type Runtime, fail } from '../compile/context.js';
import { compileExpr } from '../compile/expressions.js';
import { coerce } from '../compile/expr-util.js';
import type { OperatorNode } from '../plan/nodes.js';
import { type Column, type Table, col, dictColumn, isTyped, typedColumn } from '../table.js';
import { gatherDict } from '../dict-vectors.js';
import { type KType, type Val, type Vec } from '../values.js';
import { type TypedVec, gatherTyped } from '../vectors.js';
import { aggregateNames, aggregates, argExtreme } from './aggregates.js';
import { type KeyVec, valueIds } from './ids.js';
import { argExtremeRows, typedAggregates } from './typed-aggregates.js';
import { NumberIds } from './number-ids.js';

export interface Grouping {
  groups: Int32Array;
  G: number;
  /** The first row of each group, for reading its key values. */
  first: number[];
}

export function groupRows(keys: KeyVec[], n: number): Grouping {
  const groups = new Int32Array(n);
  const first: number[] = [];
  if (keys.length === 0) {
    return { groups, G: n > 0 ? 1 : 0, first: n > 0 ? [0] : [] };
  }
  if (keys.length === 1) {
    // One key: its dense value ids are the groups (shared with the cache, so never written to).
    const v = valueIds(keys[0]!, n);
    return { groups: v.ids, G: v.first.length, first: v.first };
  }
  // Several keys: each column's values get dense ids, and a row's key is the ids folded into one number
  // (no Map per distinct prefix, no string concatenation), hashed in a typed-array table.
  const ids = keys.map((k) => denseIds(k, n));
  let radix = 1;
  for (const d of ids) radix *= Math.max(1, d.count);
  if (radix >= 2 ** 52) return groupByText(ids, n);
  if (radix <= Math.max(4 * n, 65_536) && radix <= 2 ** 26) return groupByDirect(ids, radix, n);
  const table = new NumberIds(1024);
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (const d of ids) x = x * d.count + d.ids[i]!;
    const g = table.idOf(x);
    if (g === first.length) first.push(i);
    groups[i] = g;
  }
  return { groups, G: first.length, first };
}

/** Folded keys few enough to index an array directly: one typed-array read per row, no hashing. */
function groupByDirect(ids: { ids: Int32Array; count: number }[], radix: number, n: number): Grouping {
  const groups = new Int32Array(n);
  const first: number[] = [];
  const slot = new Int32Array(radix);
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (const d of ids) x = x * d.count + d.ids[i]!;
    let g = slot[x]! - 1;
    if (g < 0) {
      g = first.length;
      slot[x] = g + 1;
      first.push(i);
    }
    groups[i] = g;
  }
  return { groups, G: first.length, first };
}

/** Key ids too many to fold into one exact number: the row's ids as text. */
function groupByText(ids: { ids: Int32Array }[], n: number): Grouping {
  const groups = new Int32Array(n);
  const first: number[] = [];
  const m = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    let x = '';
    for (const d of ids) x += d.ids[i]! + ',';
    let g = m.get(x);
    if (g === undefined) {
      g = first.length;
      m.set(x, g);
      first.push(i);
    }
    groups[i] = g;
  }
  return { groups, G: first.length, first };
}

function denseIds(k: KeyVec, n: number): { ids: Int32Array; count: number } {
  const v = valueIds(k, n);
  return { ids: v.ids, count: v.values.length };
}

interface AggSlot {
  name: string;
  args: CExpr[];
  consts: (Val | undefined)[];
  ret: KType;
}

interface OutSpec {
  /** Evaluates over the grouped table (keys + aggregate slots). */
  expr?: CExpr;
  /** arg_max/arg_min: columns taken from the extreme row. */
  arg?: { slot: number; sources: (string | null)[]; x: CExpr; dir: 1 | -1; xColumn?: string };
  width: number;
}

const SLOT = '\u0000agg';

type SummarizeOp = Extract<OperatorNode, { kind: 'summarize' }>;

export function compileSummarize(op: SummarizeOp, cx: Cx): (input: Table, rt: Runtime) => Table {
  const out = op.out;
  const byExprs = op.by.map((b) => compileExpr(b, cx));
  const slots: AggSlot[] = [];
  const rowCx: Cx = { ...cx, hooks: {} };
  const aggCx: Cx = {
    ...cx,
    hooks: {
      aggregate: (call) => {
        const name = call.name;
        if (!aggregateNames.has(name) || name === 'arg_max' || name === 'arg_min') return undefined;
        if (!aggregates[name]) return fail(call.at, `unsupported aggregate: ${name}()`);
        const args = call.args.filter((a) => a.kind !== 'star').map((a) => compileExpr(a, rowCx));
        const consts = args.map((a) => (a.constant ? safeConst(a) : undefined));
        const slot = slots.length;
        slots.push({ name, args, consts, ret: call.type });
        return { type: call.type, ev: (t) => col(t, SLOT + slot)!.data, typed: (t) => typedOf(col(t, SLOT + slot)!) };
      },
    },
  };
  const specs: OutSpec[] = [];
  let fixedWidth = op.by.length;
  const starAggs: number[] = [];
  for (const a of op.aggregates) {
    if (a.kind === 'percentiles') {
      // percentiles(x, p1, p2, ...) and percentilesw(x, w, p1, ...) yield one column per percentile.
      const x = compileExpr(a.x, rowCx);
      const w = a.weight ? [compileExpr(a.weight, rowCx)] : [];
      const ret: KType = x.type === 'int' ? 'long' : x.type;
      for (const pn of a.ps) {
        const p = compileExpr(pn, rowCx);
        const slot = slots.length;
        const consts = [undefined, ...w.map(() => undefined), p.constant ? safeConst(p) : undefined];
        slots.push({ name: w.length ? 'percentilew' : 'percentile', args: [x, ...w, p], consts, ret });
        specs.push({ expr: { type: ret, ev: (t) => col(t, SLOT + slot)!.data }, width: 1 });
        fixedWidth += 1;
      }
      continue;
    }
    if (a.kind === 'arg-extreme') {
      const x = compileExpr(a.x, rowCx);
      const sources: (string | null)[] = [null];
      const extra: CExpr[] = [];
      for (const r of a.take) {
        if ('column' in r) sources.push(r.column);
        else {
          sources.push(`${SLOT}x${extra.length}`);
          extra.push(compileExpr(r.expr, rowCx));
        }
      }
      const slot = slots.length;
      slots.push({ name: a.fn, args: [x, ...extra], consts: [], ret: x.type });
      const xColumn = a.x.kind === 'column' ? a.x.name : undefined;
      const spec: OutSpec = { arg: { slot, sources, x, dir: a.fn === 'arg_max' ? 1 : -1, ...(xColumn ? { xColumn } : {}) }, width: sources.length };
      if (a.star) starAggs.push(specs.length);
      else fixedWidth += spec.width;
      specs.push(spec);
      continue;
    }
    specs.push({ expr: compileExpr(a.expr, aggCx), width: 1 });
    fixedWidth += 1;
  }
  const byNames = out.slice(0, op.by.length).map((c) => c.name);
  const hasStar = starAggs.length === 1;
  const manyStars = starAggs.length > 1;

  return (input, rt) => {
    const keyVecs: KeyVec[] = byExprs.map((e) => e.typed?.(input, rt) ?? e.dict?.(input, rt) ?? e.ev(input, rt));
    const grouping = groupRows(keyVecs, input.n);
    let G = grouping.G;
    // Without by, summarize always yields one row, even over no input.
    if (op.by.length === 0) G = 1;
    const g: Grouping = { ...grouping, G };
    const cols: Column[] = [];
    for (let k = 0; k < byExprs.length; k++) {
      const kv = keyVecs[k]!;
      const e = byExprs[k]!;
      const c = out[k]!;
      cols.push(keyColumn(c.name, e.type, kv, g.first));
    }
    const slotCols: Column[] = [];
    const argRows = new Map<number, Int32Array>();
    for (let s = 0; s < slots.length; s++) {
      const sl = slots[s]!;
      if (sl.name === 'arg_max' || sl.name === 'arg_min') {
        argRows.set(s, argRowsOf(sl.args[0]!, sl.name === 'arg_max' ? 1 : -1, input, rt, g));
        slotCols.push({ name: SLOT + s, type: sl.ret, data: [] });
        for (let x = 1; x < sl.args.length; x++) slotCols.push(exprColumn(`${SLOT}x${x - 1}`, sl.args[x]!, input, rt));
        continue;
      }
      slotCols.push(slotColumn(sl, SLOT + s, input, rt, g));
    }
    const grouped: Table = { n: G, cols: [...cols, ...slotCols] };
    let pos = byExprs.length;
    const starWidth = out.length - fixedWidth;
    for (const spec of specs) {
      if (spec.expr) {
        const c = out[pos++]!;
        const e = spec.expr.type === (c.type as KType) ? spec.expr : coerce(spec.expr, c.type as KType);
        cols.push(exprColumn(c.name, e, grouped, rt));
        continue;
      }
      const a = spec.arg!;
      const rows = argRows.get(a.slot)!;
      let sources = a.sources;
      if (sources.length === 1 && manyStars) {
        // Each arg_max/arg_min(x, *) takes x, then every input column but the keys and x's own column,
        // in input order (Kusto.Language names the repeats x1, k1, ...).
        const excluded = new Set([...byNames, '_IngestionTime', ...(a.xColumn ? [a.xColumn] : [])]);
        sources = [null, ...input.cols.map((c) => c.name).filter((n) => !excluded.has(n))];
      } else if (sources.length === 1 && hasStar) {
        const excluded = new Set(byNames);
        const candidates = input.cols.map((c) => c.name).filter((n) => !excluded.has(n) && n !== '_IngestionTime');
        const xn = out[pos]!.name;
        sources = [null, ...candidates.filter((n) => n !== xn).slice(0, starWidth - 1)];
        if (sources.length < starWidth) sources = [null, ...candidates.slice(0, starWidth - 1)];
      }
      for (let k = 0; k < sources.length; k++) {
        const c = out[pos++];
        if (!c) break;
        const src = sources[k];
        const from = src === null ? exprColumn(c.name, a.x, input, rt) : src ? (col(input, src) ?? slotCols.find((x) => x.name === src)) : undefined;
        if (!from) {
          cols.push({ name: c.name, type: c.type as KType, data: new Array(G).fill(null) });
          continue;
        }
        cols.push(pickedColumn(c.name, from, rows));
      }
    }
    return { n: G, cols };
  };
}

/**
 * A key's value in each group's first row, typed (or dictionary-encoded) when the key is. A boxed key
 * stays boxed: a datetime out of range (a bin before year 1) prints differently from a typed vector.
 */
export function keyColumn(name: string, type: KType, kv: KeyVec, first: number[]): Column {
  if (Array.isArray(kv)) return { name, type, data: first.map((i) => kv[i]!) };
  return kv.kind === 'dict' ? dictColumn(name, type, gatherDict(kv, first)) : typedColumn(name, type, gatherTyped(kv, first));
}

/** An expression's values as a column: typed when the expression gives a typed vector. */
function exprColumn(name: string, e: CExpr, t: Table, rt: Runtime): Column {
  const v = e.typed?.(t, rt);
  return v ? typedColumn(name, e.type, v) : { name, type: e.type, data: e.ev(t, rt) };
}

function typedOf(c: Column): TypedVec | undefined {
  return isTyped(c) ? c.typed : undefined;
}

/** One aggregate's value per group, from the typed path when it has one and its argument is typed. */
function slotColumn(sl: AggSlot, name: string, input: Table, rt: Runtime, g: Grouping): Column {
  const typed = typedSlot(sl, input, rt, g);
  if (typed) return Array.isArray(typed) ? { name, type: sl.ret, data: typed } : typedColumn(name, sl.ret, typed);
  const args = sl.args.map((a) => a.ev(input, rt));
  const data = aggregates[sl.name]!({ args, types: sl.args.map((a) => a.type), groups: g.groups, G: g.G, ret: sl.ret, consts: sl.consts });
  return { name, type: sl.ret, data };
}

function typedSlot(sl: AggSlot, input: Table, rt: Runtime, g: Grouping): TypedVec | Vec | undefined {
  const agg = typedAggregates[sl.name];
  if (!agg) return undefined;
  const x = agg.typedX ? sl.args[0]?.typed?.(input, rt) : undefined;
  if (agg.typedX && !x) return undefined;
  const args = sl.args.slice(agg.typedX ? 1 : 0).map((a) => a.ev(input, rt));
  return agg.run({ x, type: sl.args[0]?.type ?? sl.ret, args, groups: g.groups, G: g.G, ret: sl.ret });
}

function argRowsOf(x: CExpr, dir: 1 | -1, input: Table, rt: Runtime, g: Grouping): Int32Array {
  const typed = x.typed?.(input, rt);
  return typed ? argExtremeRows(typed, g.groups, g.G, dir) : argExtreme(x.ev(input, rt), x.type, g.groups, g.G, dir);
}

/** The rows picked per group (arg_max's) of a column; -1 is null ('' for a string). */
function pickedColumn(name: string, from: Column, rows: Int32Array): Column {
  if (isTyped(from)) return typedColumn(name, from.type, gatherTyped(from.typed!, rows));
  const data = Array.from(rows, (r) => (r < 0 ? (from.type === 'string' ? '' : null) : from.data[r]!));
  return { name, type: from.type, data };
}

/** A literal argument's value (percentile's p, make_set's size), or undefined when it cannot be had without a run. */
export function safeConst(a: CExpr): Val | undefined {
  try {
    return a.constant!({ now: 0n, tables: {}, functions: {}, cache: new Map() });
  } catch {
    return undefined;
  }
}
