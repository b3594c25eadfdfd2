// Execution of the plan's operators after a pipe: each operator node becomes a function of its input
// table and the run's state.
import { convert } from '../convert.js';
import type { ExtendNode, OperatorNode } from '../plan/nodes.js';
import { compileIpLookup } from '../operators/ip-lookup.js';
import { compileJoin } from '../operators/join.js';
import { compileMvExpand } from '../operators/mvexpand.js';
import { compileParse, compileParseKv } from '../operators/parse.js';
import { compileScan } from '../operators/scan.js';
import { compileMakeSeries } from '../operators/series.js';
import { compilePivot } from '../operators/pivot.js';
import { sortKeys, sortTable } from '../operators/sort.js';
import { compileSummarize, groupRows } from '../operators/summarize.js';
import { compileTopNested } from '../operators/topnested.js';
import { type Column, type Table, col, dictColumn, gather, renamed, slice, typedColumn } from '../table.js';
import type { KType, Val, Vec } from '../values.js';
import { type CExpr, type Cx, type Runtime, Scope, constVec } from './context.js';
import { compileExpr } from './expressions.js';
import { EXTEND_NEW, coerce } from './expr-util.js';
import { ONE_ROW, bindParams, compileBlock, compileTabular, makeCx } from './query.js';
import { compileUnion, mergeSchemas } from './union.js';

export type Op = (t: Table, rt: Runtime) => Table;

export function compileOperator(op: OperatorNode, cx: Cx): Op {
  switch (op.kind) {
    case 'where': {
      const cond = compileExpr(op.condition, cx);
      return (t, rt) => filter(t, cond.ev(t, rt));
    }
    case 'search': {
      const s = op.search;
      const cond = compileExpr(s.condition, { ...cx, hooks: { ...cx.hooks, search: { caseSensitive: s.caseSensitive } } });
      return (t, rt) => {
        const f = filter(t, cond.ev(t, rt));
        const label: Column = { name: s.out[0]?.name ?? '$table', type: 'string', data: constVec('search_arg0', f.n) };
        return { n: f.n, cols: [label, ...f.cols] };
      };
    }
    case 'extend': case 'project':
      return compileExtendLike(op, op.serialize ? { ...cx, serialized: true } : cx);
    case 'conform':
      return conformTo(op.out);
    case 'rename': {
      const renames = op.renames;
      return (t) => ({ n: t.n, cols: t.cols.map((c) => (renames.has(c.name) ? renamed(c, renames.get(c.name)!) : c)) });
    }
    case 'take': {
      const n = compileExpr(op.count, cx);
      return (t, rt) => slice(t, 0, Number(n.ev(ONE_ROW, rt)[0] ?? 0));
    }
    case 'count': {
      const name = op.name;
      return (t) => ({ n: 1, cols: [{ name, type: 'long', data: [t.n] }] });
    }
    case 'distinct':
      return compileDistinct(op, cx);
    case 'sort': {
      const keys = sortKeys(op.keys, cx);
      return (t, rt) => sortTable(t, keys, rt);
    }
    case 'top': {
      const n = compileExpr(op.count, cx);
      const keys = sortKeys([op.key], cx);
      return (t, rt) => slice(sortTable(t, keys, rt), 0, Number(n.ev(ONE_ROW, rt)[0] ?? 0));
    }
    case 'join':
      return compileJoin(op, cx, compileTabular(op.right, cx));
    case 'union':
      return compileUnion(op.union, op.at, cx, true);
    case 'mv-apply':
      return compileMvApply(op, cx);
    case 'partition':
      return compilePartition(op, cx);
    case 'as': {
      let current: Table | undefined;
      cx.scope.set(op.name, { kind: 'tabular', plan: () => current ?? { n: 0, cols: [] } });
      return (t) => {
        current = t;
        return t;
      };
    }
    case 'pass':
      return (t) => t;
    case 'getschema':
      return (t) => getschema(t);
    case 'invoke':
      return compileInvoke(op, cx);
    case 'bag-unpack':
      return compileBagUnpack(op, cx);
    case 'pivot':
      return compilePivot(op, cx);
    case 'ip-lookup':
      return compileIpLookup(op, cx, compileTabular(op.table, cx));
    case 'consume':
      return () => ({ n: 0, cols: [] });
    case 'summarize': return compileSummarize(op, cx);
    case 'mv-expand': return compileMvExpand(op, cx);
    case 'parse': case 'parse-where': return compileParse(op, cx);
    case 'parse-kv': return compileParseKv(op, cx);
    case 'make-series': return compileMakeSeries(op, cx);
    case 'scan': return compileScan(op, cx);
    case 'top-nested': return compileTopNested(op, cx);
  }
}

/** `T | invoke f(args)`: the function's body runs with its first parameter bound to the piped table. */
function compileInvoke(op: Extract<OperatorNode, { kind: 'invoke' }>, cx: Cx): Op {
  let current: Table | undefined;
  const scope = bindParams(op.params, cx);
  if (op.inputParam !== undefined) scope.set(op.inputParam, { kind: 'tabular', plan: () => current! });
  const plan = compileBlock(op.body, makeCx(scope));
  return (t, rt) => {
    current = t;
    return plan(rt);
  };
}

function compileDistinct(op: Extract<OperatorNode, { kind: 'distinct' }>, cx: Cx): Op {
  const star = op.star;
  const out = op.out;
  const items = op.exprs.map((e) => compileExpr(e, cx));
  return (t, rt) => {
    const vecs: Vec[] = star ? t.cols.filter((c) => c.name !== '_IngestionTime').map((c) => c.data) : items.map((e) => e.ev(t, rt));
    const types = star ? t.cols.filter((c) => c.name !== '_IngestionTime').map((c) => c.type) : items.map((e) => e.type);
    const g = groupRows(vecs, t.n);
    const names = star ? t.cols.filter((c) => c.name !== '_IngestionTime').map((c) => c.name) : out.map((c) => c.name);
    return { n: g.G, cols: vecs.map((v, i) => ({ name: names[i]!, type: types[i]!, data: g.first.map((r) => v[r]!) })) };
  };
}


export function filter(t: Table, cond: Vec): Table {
  const sel: number[] = [];
  for (let i = 0; i < t.n; i++) if (cond[i] === true) sel.push(i);
  if (sel.length === t.n) return t;
  return gather(t, sel);
}

function conformTo(out: { name: string; type: KType }[]): Op {
  return (t) => {
    const cols: Column[] = [];
    for (const o of out) {
      const c = col(t, o.name);
      if (c) cols.push(c);
    }
    return { n: t.n, cols };
  };
}

function getschema(t: Table): Table {
  const typeName: Record<KType, string> = {
    bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
    string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
  };
  const cols = t.cols.filter((c) => c.name !== '_IngestionTime');
  return {
    n: cols.length,
    cols: [
      { name: 'ColumnName', type: 'string', data: cols.map((c) => c.name) },
      { name: 'ColumnOrdinal', type: 'int', data: cols.map((_, i) => i) },
      { name: 'DataType', type: 'string', data: cols.map((c) => typeName[c.type]) },
      { name: 'ColumnType', type: 'string', data: cols.map((c) => c.type) },
    ],
  };
}

/**
 * extend / project / print / serialize: each expression yields one column; the names come from the bound
 * result schema (Kusto's Column1, print_0, a_b naming), matched by position among the new columns.
 */
export function compileExtendLike(node: ExtendNode, cx: Cx): Op {
  const mode = node.kind;
  const out = node.out;
  interface Item { name?: string; names?: string[]; expr?: CExpr; wildcard?: RegExp; compound?: CExpr; tuple?: number }
  const items: Item[] = node.items.map((it): Item => {
    switch (it.kind) {
      case 'named': return { name: it.name, expr: compileExpr(it.expr, cx) };
      case 'tuple': return { names: it.names.length ? it.names : undefined, compound: compileExpr(it.expr, cx), tuple: it.width };
      case 'wildcard': return { wildcard: it.pattern };
      default: return { expr: compileExpr(it.expr, cx) };
    }
  });
  return (t, rt) => {
    const inputNames = new Set(t.cols.map((c) => c.name));
    const produced: Column[] = [];
    // Names Kusto gave to unnamed expressions: result columns that are neither inputs nor named here.
    const named = new Set(items.flatMap((i) => (i.name ? [i.name] : i.names ?? [])));
    const fresh = out.filter((c) => !named.has(c.name) && (mode === 'project' || !inputNames.has(c.name)));
    let freshAt = 0;
    const snapshot = t;
    for (const it of items) {
      if (it.wildcard) {
        for (const c of t.cols) if (it.wildcard.test(c.name) && !produced.some((p) => p.name === c.name)) produced.push(c);
        continue;
      }
      if (it.compound) {
        const v = it.compound.ev(snapshot, rt);
        // Tuple fields beyond the names given take the names Kusto.Language gave them.
        const given = it.names ?? [];
        const extra = Math.max(0, (it.tuple ?? given.length) - given.length);
        const rest = mode === 'project' ? out.slice(produced.length + given.length, produced.length + given.length + extra) : fresh.slice(freshAt, freshAt + extra);
        if (mode === 'extend') freshAt += extra;
        const names = [...given, ...rest.map((c) => c.name)];
        names.forEach((n, j) => {
          const type = j < given.length ? 'dynamic' : out.find((c) => c.name === n)?.type ?? 'dynamic';
          const data = v.map((x) => (Array.isArray(x) ? ((x[j] ?? null) as Val) : null));
          produced.push({ name: n, type, data: type === 'dynamic' ? data : data.map((x) => convert(x, 'dynamic', type)) });
        });
        continue;
      }
      let name = it.name;
      if (!name) {
        // For project, position in the result schema is exact; for extend, take the next fresh name.
        if (mode === 'project') name = out[produced.length]?.name;
        else name = fresh[freshAt++]?.name;
        name ??= `Column${produced.length + 1}`;
      }
      const e = it.expr!;
      const target = out.find((c) => c.name === name)?.type;
      const ce = target && target !== e.type && target !== 'dynamic' ? coerce(e, target) : e;
      const view = mode === 'extend' ? extendView(snapshot, produced.filter((p) => !inputNames.has(p.name))) : snapshot;
      produced.push(resultColumn(name, ce, view, rt));
    }
    if (mode === 'project') {
      if (t.n !== snapshot.n) return { n: t.n, cols: produced };
      return { n: t.n, cols: dedupe(produced) };
    }
    return withColumns(t, produced);
  };
}

/**
 * An expression's values as a column. A column passed through is the input column itself (renamed):
 * nothing is copied and what it knows is kept (its typed vector, its output text, values not yet read).
 */
function resultColumn(name: string, e: CExpr, t: Table, rt: Runtime): Column {
  const src = e.column === undefined ? undefined : col(t, e.column);
  if (src && src.type === e.type) return src.name === name ? src : renamed(src, name);
  const typed = e.typed?.(t, rt);
  if (typed) return typedColumn(name, e.type, typed);
  const dict = e.dict?.(t, rt);
  return dict ? dictColumn(name, e.type, dict) : { name, type: e.type, data: e.ev(t, rt) };
}

/**
 * What an extend's later expressions see: the input plus the columns added so far, with a marker
 * naming those new columns so that pack_all() can pack the input row only.
 */
function extendView(t: Table, produced: Column[]): Table {
  if (produced.length === 0) return t;
  const v = withColumns(t, produced);
  return { n: v.n, cols: [...v.cols, { name: EXTEND_NEW + produced.map((p) => p.name).join(EXTEND_NEW), type: 'string', data: [] }] };
}

function dedupe(cols: Column[]): Column[] {
  const m = new Map<string, Column>();
  for (const c of cols) m.set(c.name, c);
  const seen = new Set<string>();
  const out: Column[] = [];
  for (const c of cols) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    out.push(m.get(c.name)!);
  }
  return out;
}

/** Input columns with `extra` added (replacing same-named ones in place), as extend does. */
function withColumns(t: Table, extra: Column[]): Table {
  if (extra.length === 0) return t;
  const cols = t.cols.slice();
  for (const e of extra) {
    const i = cols.findIndex((c) => c.name === e.name);
    if (i >= 0) cols[i] = e;
    else cols.push(e);
  }
  return { n: t.n, cols };
}

function compileMvApply(node: Extract<OperatorNode, { kind: 'mv-apply' }>, cx: Cx): Op {
  const out = node.out;
  const indexName = node.indexName;
  const targets = node.targets.map((x) => ({ name: x.name, to: x.to, expr: compileExpr(x.expr, cx) }));
  let current: Table = { n: 0, cols: [] };
  const inner = makeCx(new Scope(cx.scope));
  inner.input = () => current;
  const body = compileTabular(node.body, inner);
  return (t, rt) => {
    const vecs = targets.map((x) => x.expr.ev(t, rt));
    const results: Table[] = [];
    const rowsOf: number[] = [];
    for (let i = 0; i < t.n; i++) {
      const lists = vecs.map((v) => {
        const d = v[i]!;
        return Array.isArray(d) ? d : d === null ? [] : [d];
      });
      const len = Math.max(0, ...lists.map((l) => l.length));
      const cols: Column[] = t.cols.filter((c) => !targets.some((x) => x.name === c.name)).map((c) => ({ ...c, data: constVec(c.data[i]!, len) }));
      targets.forEach((x, k) => cols.push({ name: x.name, type: x.to, data: Array.from({ length: len }, (_, j) => { const e = lists[k]![j]; return e === undefined ? null : convert(e as Val, 'dynamic', x.to); }) }));
      if (indexName) cols.push({ name: indexName, type: 'long', data: Array.from({ length: len }, (_, j) => j) });
      current = { n: len, cols };
      const r = body(rt);
      // Each subquery row carries the outer row's other columns.
      const outer = t.cols.filter((c) => !col(r, c.name) && !targets.some((x) => x.name === c.name));
      results.push({ n: r.n, cols: [...r.cols, ...outer.map((c) => ({ ...c, data: constVec(c.data[i]!, r.n) }))] });
      for (let j = 0; j < r.n; j++) rowsOf.push(i);
    }
    const n = rowsOf.length;
    const cols: Column[] = out.map((o) => {
      const data: Val[] = [];
      for (const r of results) {
        const c = col(r, o.name);
        for (let j = 0; j < r.n; j++) data.push(c ? convert(c.data[j]!, c.type, o.type) : o.type === 'string' ? '' : null);
      }
      return { name: o.name, type: o.type, data };
    });
    return { n, cols };
  };
}

/** partition by k (subquery): the subquery runs once per distinct k over that partition's rows. */
function compilePartition(node: Extract<OperatorNode, { kind: 'partition' }>, cx: Cx): Op {
  const by = compileExpr(node.by, cx);
  let current: Table = { n: 0, cols: [] };
  const inner = makeCx(new Scope(cx.scope));
  inner.input = () => current;
  const body = compileTabular(node.body, inner);
  const out = node.out;
  return (t, rt) => {
    const g = groupRows([by.ev(t, rt)], t.n);
    const rows: number[][] = Array.from({ length: g.G }, () => []);
    for (let i = 0; i < t.n; i++) rows[g.groups[i]!]!.push(i);
    const parts = rows.map((r) => {
      current = gather(t, r);
      return body(rt);
    });
    const n = parts.reduce((s, p) => s + p.n, 0);
    const schema = out.length ? out : mergeSchemas(parts, false);
    return {
      n,
      cols: schema.map((c) => {
        const data: Val[] = [];
        for (const p of parts) {
          const src = col(p, c.name);
          for (let i = 0; i < p.n; i++) data.push(src ? src.data[i]! : c.type === 'string' ? '' : null);
        }
        return { name: c.name, type: src0(parts, c.name) ?? c.type, data };
      }),
    };
  };
}

function src0(parts: Table[], name: string): KType | undefined {
  for (const p of parts) {
    const c = col(p, name);
    if (c) return c.type;
  }
  return undefined;
}

/** evaluate bag_unpack(column [, prefix]): the column's bag keys become columns. */
function compileBagUnpack(node: Extract<OperatorNode, { kind: 'bag-unpack' }>, cx: Cx): Op {
  const e = compileExpr(node.column, cx);
  const prefix = node.prefix ? compileExpr(node.prefix, cx) : undefined;
  const colName = node.columnName;
  return (t, rt) => {
    const vals = e.ev(t, rt);
    const pre = prefix ? String(prefix.ev(ONE_ROW, rt)[0] ?? '') : '';
    const keys: string[] = [];
    for (const v of vals) if (v && typeof v === 'object' && !Array.isArray(v)) for (const key of Object.keys(v)) if (!keys.includes(key)) keys.push(key);
    keys.sort();
    // A key named like an existing column (the unpacked one included) takes that column's place.
    const cols: Column[] = t.cols.slice();
    for (const key of keys) {
      const nm = pre + key;
      const data = vals.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? ((v as Record<string, Val>)[key] ?? null) : null));
      const c: Column = { name: nm, ...unpackedType(data) };
      const at = cols.findIndex((x) => x.name === nm);
      if (at >= 0) cols[at] = c;
      else cols.push(c);
    }
    const src = cols.findIndex((x) => x.name === colName && x.type === e.type && !keys.some((k) => pre + k === colName));
    if (src >= 0) cols.splice(src, 1);
    return { n: t.n, cols };
  };
}

/** bag_unpack's column types: long, real, bool or string when every value has that JSON type, else dynamic. */
function unpackedType(data: Val[]): { type: KType; data: Val[] } {
  const present = data.filter((v) => v !== null);
  if (present.length === 0) return { type: 'dynamic', data };
  if (present.every((v) => typeof v === 'number' && Number.isInteger(v))) return { type: 'long', data };
  if (present.every((v) => typeof v === 'number')) return { type: 'real', data };
  if (present.every((v) => typeof v === 'boolean')) return { type: 'bool', data };
  if (present.every((v) => typeof v === 'string')) return { type: 'string', data: data.map((v) => v ?? '') };
  return { type: 'dynamic', data };
}

