// Compiles statements and tabular expressions into plans: functions from a run's state to a table.
// Operator output schemas come from Kusto.Language's bound result types, so column naming is Kusto's.
import { convert } from '../convert.js';
import { compileJoin } from '../operators/join.js';
import { compileMvExpand } from '../operators/mvexpand.js';
import { compileParse, compileParseKv } from '../operators/parse.js';
import { compileMakeSeries } from '../operators/series.js';
import { sortKeys, sortTable } from '../operators/sort.js';
import { compileSummarize, groupRows } from '../operators/summarize.js';
import { compileTopNested } from '../operators/topnested.js';
import { compileScan } from '../operators/scan.js';
import { type SList, type SNode, type SSymbol, child, columnsOf, kindName, listItems, simpleName, symbolKind } from '../syntax.js';
import { type Column, type Table, col, gather, slice } from '../table.js';
import type { KType, Val, Vec } from '../values.js';
import { type CExpr, type Cx, type Plan, type Runtime, Scope, constVec, fail } from './context.js';
import { EXTEND_NEW, bindLet, bindParameters, coerce, compileExpr, short, typeOf } from './expressions.js';
import { fromDataTable, toDataTable } from './wire.js';

export type Op = (t: Table, rt: Runtime) => Table;

export function makeCx(scope: Scope): Cx {
  const cx: Cx = { scope, hooks: {}, tabular: (node, s) => compileTabular(node, makeCx(s)) };
  cx.isSerialized = (node) => isSerialized(node, cx);
  return cx;
}

/** The whole query: let statements bind names; the last expression statement is the result. */
export function compileQueryBlock(root: SNode, scope: Scope): Plan {
  const cx = makeCx(scope);
  let result: Plan | undefined;
  for (const s of listItems(root, 'Statements')) {
    const k = kindName(s);
    if (k === 'LetStatement') bindLet(s, cx);
    else if (k === 'ExpressionStatement') result = compileTabular(child(s, 'Expression')!, cx);
    else if (k === 'QueryParametersStatement' || k === 'DeclareStatement' || k === 'SetOptionStatement') continue;
    else fail(s, `unsupported statement: ${k}`);
  }
  if (!result) throw new Error('the query has no tabular expression statement');
  return result;
}

function outCols(node: SNode): { name: string; type: KType }[] {
  return columnsOf(node.ResultType).map((c) => ({ name: c.name, type: normType(c.type) }));
}

function normType(t: string): KType {
  switch (t) {
    case 'bool': case 'int': case 'long': case 'real': case 'decimal': case 'string':
    case 'datetime': case 'timespan': case 'guid': case 'dynamic':
      return t;
    default: return 'dynamic';
  }
}

const ONE_ROW: Table = { n: 1, cols: [] };

export function compileTabular(node: SNode, cx: Cx): Plan {
  const k = kindName(node);
  switch (k) {
    case 'PipeExpression': {
      const input = compileTabular(child(node, 'Expression')!, cx);
      const op = compileOperator(child(node, 'Operator')!, { ...cx, serialized: isSerialized(child(node, 'Expression')!, cx) });
      return (rt) => op(input(rt), rt);
    }
    case 'ParenthesizedExpression':
      return compileTabular(child(node, 'Expression')!, cx);
    case 'DataTableExpression':
      return compileDataTable(node, cx);
    case 'PrintOperator': {
      const op = compileExtendLike(node, cx, 'project');
      return (rt) => op(ONE_ROW, rt);
    }
    case 'RangeOperator':
      return compileRange(node, cx);
    case 'NameReference': case 'BracketedName':
      return compileTableRef(node, cx);
    case 'FunctionCallExpression':
      return compileTabularCall(node, cx);
    case 'UnionOperator': {
      const op = compileUnion(node, cx, false);
      return (rt) => op({ n: 0, cols: [] }, rt);
    }
    case 'SearchOperator':
      return compileSearchSource(node, cx);
    case 'MaterializeExpression': case 'ToTableExpression':
      return materialize(compileTabular(child(node, 'Expression')!, cx));
    case 'ContextualDataTableExpression':
      return fail(node, 'unsupported: contextual datatable');
  }
  return fail(node, `unsupported tabular expression: ${k} '${short(node)}'`);
}

const PRESERVES_ORDER = new Set([
  'FilterOperator', 'ExtendOperator', 'ProjectOperator', 'ProjectAwayOperator', 'ProjectKeepOperator',
  'ProjectRenameOperator', 'ProjectReorderOperator', 'TakeOperator', 'MvExpandOperator', 'ParseOperator',
  'ParseWhereOperator', 'ParseKvOperator', 'SampleOperator', 'AsOperator', 'RenderOperator',
]);

/** Whether a tabular expression's output is serialized (ordered), as window functions require. */
export function isSerialized(node: SNode, cx: Cx): boolean {
  const k = kindName(node);
  if (k === 'ParenthesizedExpression') return isSerialized(child(node, 'Expression')!, cx);
  if (k === 'RangeOperator') return true;
  if (k === 'NameReference') {
    const b = cx.scope.get(simpleName(node));
    return b?.kind === 'tabular' && b.serialized === true;
  }
  if (k !== 'PipeExpression') return false;
  const op = kindName(child(node, 'Operator')!);
  if (op === 'SortOperator' || op === 'TopOperator' || op === 'SerializeOperator') return true;
  if (PRESERVES_ORDER.has(op)) return isSerialized(child(node, 'Expression')!, cx);
  return false;
}

function materialize(p: Plan): Plan {
  const key = {};
  return (rt) => {
    let t = rt.cache.get(key) as Table | undefined;
    if (!t) {
      t = p(rt);
      rt.cache.set(key, t);
    }
    return t;
  };
}

function compileTableRef(node: SNode, cx: Cx): Plan {
  const name = simpleName(node).replace(/^\[['"]|['"]\]$/g, '');
  const b = cx.scope.get(name);
  if (b && b.kind === 'tabular') return b.plan;
  if (b && b.kind === 'function') return compileTabularCall(node, cx);
  const sym = node.ReferencedSymbol;
  if (sym && symbolKind(sym) === 'Function') return compileTabularCall(node, cx);
  const schema = outCols(node);
  return (rt) => {
    const t = rt.tables[name];
    if (!t) {
      // A declared table with no rows supplied behaves as an empty table of its schema.
      return { n: 0, cols: schema.map((c) => ({ ...c, data: [] })) };
    }
    return t;
  };
}

function compileTabularCall(node: SNode, cx: Cx): Plan {
  const name = simpleName(child(node, 'Name') ?? node);
  if (name === 'materialize' || name === 'view') {
    const arg = listItems(child(node, 'ArgumentList')!, 'Expressions')[0]!;
    return materialize(compileTabular(arg, cx));
  }
  const expansion = typeof node['GetExpansion'] === 'function' ? (node['GetExpansion'] as () => SNode | null).call(node) : null;
  const b = cx.scope.get(name);
  if (expansion && (b?.kind === 'function' || !isHostFunction(name))) {
    const scope = bindParameters(node, cx);
    const inner = makeCx(scope);
    for (const s of listItems(expansion, 'Statements')) if (kindName(s) === 'LetStatement') bindLet(s, inner);
    const e = child(expansion, 'Expression');
    if (!e) return fail(node, `cannot expand ${name}()`);
    return compileTabular(e, inner);
  }
  const args = child(node, 'ArgumentList') ? listItems(child(node, 'ArgumentList')!, 'Expressions').map((a) => compileExpr(a, cx)) : [];
  const schema = outCols(node);
  return (rt) => {
    const f = rt.functions[name];
    if (!f) {
      throw Object.assign(new Error(`no implementation supplied for function ${name}()`), { node });
    }
    const vals = args.map((a) => wireOf(a.ev(ONE_ROW, rt)[0]!, a.type));
    const dt = f(vals);
    return fromDataTable(dt, schema.length ? schema : undefined);
  };
}

function isHostFunction(name: string): boolean {
  return name.startsWith('_');
}

function wireOf(v: Val, t: KType): import('../../table.js').WireValue {
  return toDataTable({ n: 1, cols: [{ name: 'x', type: t, data: [v] }] }).rows[0]![0]!;
}

function compileDataTable(node: SNode, cx: Cx): Plan {
  const schema = outCols(node);
  const values = listItems(node, 'Values').map((v) => compileExpr(v, cx));
  const w = schema.length;
  if (w === 0) return () => ({ n: 0, cols: [] });
  if (values.length % w !== 0) return fail(node, 'datatable values do not fill whole rows');
  return materialize((rt) => {
    const n = values.length / w;
    const cols: Column[] = schema.map((c) => ({ name: c.name, type: c.type, data: new Array(n) }));
    for (let i = 0; i < values.length; i++) {
      const e = values[i]!;
      const c = cols[i % w]!;
      const v = e.constant ? e.constant(rt) : e.ev(ONE_ROW, rt)[0]!;
      c.data[Math.floor(i / w)] = convert(v, e.type, c.type);
    }
    return { n, cols };
  });
}

function compileRange(node: SNode, cx: Cx): Plan {
  const name = simpleName(child(node, 'Name'));
  const type = outCols(node)[0]?.type ?? 'long';
  const from = compileExpr(child(node, 'From')!, cx);
  const to = compileExpr(child(node, 'To')!, cx);
  const step = compileExpr(child(node, 'Step')!, cx);
  return (rt) => {
    const f = convert(from.ev(ONE_ROW, rt)[0]!, from.type, type);
    const t = convert(to.ev(ONE_ROW, rt)[0]!, to.type, type);
    const s = step.ev(ONE_ROW, rt)[0]!;
    const data: Val[] = [];
    if (f === null || t === null || s === null) return { n: 0, cols: [{ name, type, data }] };
    if (typeof f === 'bigint') {
      const st = s as bigint;
      if (st === 0n) return { n: 0, cols: [{ name, type, data }] };
      for (let x = f; st > 0n ? x <= (t as bigint) : x >= (t as bigint); x += st) {
        data.push(x);
        if (data.length > 10_000_000) break;
      }
    } else {
      const st = Number(s);
      if (st === 0) return { n: 0, cols: [{ name, type, data }] };
      for (let x = f as number; st > 0 ? x <= (t as number) : x >= (t as number); x += st) {
        data.push(x);
        if (data.length > 10_000_000) break;
      }
    }
    return { n: data.length, cols: [{ name, type, data }] };
  };
}

// ---------- operators ----------

export function compileOperator(op: SNode, cx: Cx): Op {
  const k = kindName(op);
  switch (k) {
    case 'FilterOperator': {
      const cond = compileExpr(child(op, 'Condition')!, cx);
      return (t, rt) => filter(t, cond.ev(t, rt));
    }
    case 'SearchOperator': {
      if (child(op, 'InClause')) return fail(op, 'unsupported: search in (...) after a pipe');
      const kindParam = listItems(op, 'Parameters').find((p) => simpleName(child(p, 'Name')).toLowerCase() === 'kind');
      const cs = kindParam ? /case_sensitive/i.test(child(kindParam, 'Expression')!.toString()) : false;
      const cond = compileExpr(child(op, 'Condition')!, { ...cx, hooks: { ...cx.hooks, search: { caseSensitive: cs } } });
      const out = outCols(op);
      return (t, rt) => {
        const f = filter(t, cond.ev(t, rt));
        const label: Column = { name: out[0]?.name ?? '$table', type: 'string', data: constVec('search_arg0', f.n) };
        return { n: f.n, cols: [label, ...f.cols] };
      };
    }
    case 'ExtendOperator':
      return compileExtendLike(op, cx, 'extend');
    case 'ProjectOperator':
      return compileExtendLike(op, cx, 'project');
    case 'SerializeOperator':
      return compileExtendLike(op, { ...cx, serialized: true }, 'extend');
    case 'ProjectAwayOperator': case 'ProjectKeepOperator': case 'ProjectReorderOperator':
      return conformTo(outCols(op));
    case 'ProjectRenameOperator': {
      const renames = new Map<string, string>();
      for (const e of listItems(op, 'Expressions')) {
        renames.set(simpleName(child(child(e, 'Expression')!, 'Name') ?? child(e, 'Expression')!), simpleName(child(e, 'Name')));
      }
      return (t) => ({ n: t.n, cols: t.cols.map((c) => (renames.has(c.name) ? { ...c, name: renames.get(c.name)! } : c)) });
    }
    case 'TakeOperator': case 'SampleOperator': {
      const n = compileExpr(child(op, 'Expression')!, cx);
      return (t, rt) => slice(t, 0, Number(n.ev(ONE_ROW, rt)[0] ?? 0));
    }
    case 'CountOperator': {
      const name = outCols(op)[0]?.name ?? 'Count';
      return (t) => ({ n: 1, cols: [{ name, type: 'long', data: [t.n] }] });
    }
    case 'DistinctOperator':
      return compileDistinct(op, cx);
    case 'SortOperator': {
      const keys = sortKeys(listItems(op, 'Expressions'), cx);
      return (t, rt) => sortTable(t, keys, rt);
    }
    case 'TopOperator': {
      const n = compileExpr(child(op, 'Expression')!, cx);
      const keys = sortKeys([child(op, 'ByExpression')!], cx);
      return (t, rt) => slice(sortTable(t, keys, rt), 0, Number(n.ev(ONE_ROW, rt)[0] ?? 0));
    }
    case 'SummarizeOperator':
      return compileSummarize(op, cx);
    case 'JoinOperator': case 'LookupOperator': {
      const right = compileTabular(child(op, 'Expression')!, cx);
      return compileJoin(op, cx, right, k === 'LookupOperator');
    }
    case 'UnionOperator':
      return compileUnion(op, cx, true);
    case 'MvExpandOperator':
      return compileMvExpand(op, cx);
    case 'MvApplyOperator':
      return compileMvApply(op, cx);
    case 'ParseOperator':
      return compileParse(op, cx, false);
    case 'ParseWhereOperator':
      return compileParse(op, cx, true);
    case 'ParseKvOperator':
      return compileParseKv(op, cx);
    case 'AsOperator': {
      const name = simpleName(child(op, 'Name'));
      let current: Table | undefined;
      cx.scope.set(name, { kind: 'tabular', plan: () => current ?? { n: 0, cols: [] } });
      return (t) => {
        current = t;
        return t;
      };
    }
    case 'RenderOperator':
      return (t) => t;
    case 'GetSchemaOperator':
      return (t) => getschema(t);
    case 'InvokeOperator': {
      const call = child(op, 'Function')!;
      const body = typeof call['GetExpansion'] === 'function' ? (call['GetExpansion'] as () => SNode | null).call(call) : null;
      if (!body) return fail(op, 'unsupported invoke target');
      let current: Table | undefined;
      const scope = bindParameters(call, cx, 1);
      // The piped table is the function's first (tabular) parameter.
      const sig = call['ReferencedSignature'] as { Parameters: { Count: number; getItem(i: number): { Name: string } } } | null;
      if (sig && sig.Parameters.Count > 0) scope.set(sig.Parameters.getItem(0).Name, { kind: 'tabular', plan: () => current! });
      const inner = makeCx(scope);
      for (const s of listItems(body, 'Statements')) if (kindName(s) === 'LetStatement') bindLet(s, inner);
      const plan = compileTabular(child(body, 'Expression')!, inner);
      return (t, rt) => {
        current = t;
        return plan(rt);
      };
    }
    case 'EvaluateOperator':
      return compileEvaluate(op, cx);
    case 'MakeSeriesOperator':
      return compileMakeSeries(op, cx);
    case 'ScanOperator':
      return compileScan(op, cx);
    case 'PartitionOperator':
      return compilePartition(op, cx);
    case 'TopNestedOperator':
      return compileTopNested(op, cx);
    case 'ConsumeOperator':
      return () => ({ n: 0, cols: [] });
  }
  return fail(op, `unsupported operator: ${operatorText(op)}`);
}

function operatorText(op: SNode): string {
  const s = op.toString().trim();
  const m = /^[a-z-]+/.exec(s);
  return m ? m[0] : kindName(op);
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
function compileExtendLike(op: SNode, cx: Cx, mode: 'extend' | 'project'): Op {
  const exprs = listItems(op, 'Expressions');
  const out = outCols(op);
  interface Item { name?: string; names?: string[]; expr?: CExpr; wildcard?: RegExp; compound?: CExpr; tuple?: number }
  const items: Item[] = exprs.map((e) => {
    const k = kindName(e);
    if (k === 'SimpleNamedExpression') {
      return { name: simpleName(child(e, 'Name')), expr: compileExpr(child(e, 'Expression')!, cx) };
    }
    if (k === 'CompoundNamedExpression') {
      const names = listItems(child(e, 'Names')!, 'Names').map((n) => simpleName(n));
      const x = child(e, 'Expression')!;
      const tuple = x.ResultType && symbolKind(x.ResultType) === 'Tuple' ? columnsOf(x.ResultType).length : names.length;
      return { names, compound: compileExpr(x, cx), tuple };
    }
    if (k === 'NameReference') {
      const nm = child(e, 'Name');
      if (nm && kindName(nm) === 'WildcardedName') {
        const pat = nm.toString().trim();
        return { wildcard: new RegExp('^' + pat.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$') };
      }
      return { name: simpleName(e), expr: compileExpr(e, cx) };
    }
    // An unnamed tuple-valued call spreads over the columns Kusto.Language named for it.
    if (e.ResultType && symbolKind(e.ResultType) === 'Tuple') return { tuple: columnsOf(e.ResultType).length, compound: compileExpr(e, cx) };
    return { expr: compileExpr(e, cx) };
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
      const data = ce.ev(mode === 'extend' ? extendView(snapshot, produced.filter((p) => !inputNames.has(p.name))) : snapshot, rt);
      const column: Column = { name, type: ce.type, data };
      // A column passed through keeps its known output text.
      if (it.name !== undefined && ce.type === 'datetime') {
        const src = t.cols.find((c) => c.name === it.name);
        if (src && Object.getOwnPropertyDescriptor(src, 'text') && src.data === data) {
          Object.defineProperty(column, 'text', { enumerable: false, get: () => src.text });
        }
      }
      produced.push(column);
    }
    if (mode === 'project') {
      if (t.n !== snapshot.n) return { n: t.n, cols: produced };
      return { n: t.n, cols: dedupe(produced) };
    }
    return withColumns(t, produced);
  };
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

function compileDistinct(op: SNode, cx: Cx): Op {
  const exprs = listItems(op, 'Expressions');
  const star = exprs.length === 1 && kindName(exprs[0]!) === 'StarExpression';
  const out = outCols(op);
  const items = star ? [] : exprs.map((e) => compileExpr(kindName(e) === 'SimpleNamedExpression' ? child(e, 'Expression')! : e, cx));
  return (t, rt) => {
    const vecs: Vec[] = star ? t.cols.filter((c) => c.name !== '_IngestionTime').map((c) => c.data) : items.map((e) => e.ev(t, rt));
    const types = star ? t.cols.filter((c) => c.name !== '_IngestionTime').map((c) => c.type) : items.map((e) => e.type);
    const g = groupRows(vecs, t.n);
    const names = star ? t.cols.filter((c) => c.name !== '_IngestionTime').map((c) => c.name) : out.map((c) => c.name);
    return { n: g.G, cols: vecs.map((v, i) => ({ name: names[i]!, type: types[i]!, data: g.first.map((r) => v[r]!) })) };
  };
}

function compileUnion(op: SNode, cx: Cx, piped: boolean): Op {
  const out = outCols(op);
  let withSource: string | undefined;
  let kind = 'outer';
  let fuzzy = false;
  for (const p of listItems(op, 'Parameters')) {
    const n = simpleName(child(p, 'Name')).toLowerCase();
    const v = child(p, 'Expression')!.toString().trim();
    if (n === 'withsource') withSource = v;
    if (n === 'kind') kind = v.toLowerCase();
    if (n === 'isfuzzy') fuzzy = v.toLowerCase() === 'true';
  }
  // isfuzzy: legs naming nothing (no table, view or wildcard match) are left out; the union fails
  // only when no leg resolves.
  const legs = listItems(op, 'Expressions').map((e, i) => ({ e, i })).filter(({ e }) => !fuzzy || resolves(e, cx));
  if (fuzzy && !piped && legs.length === 0) return fail(op, 'union isfuzzy=true: none of the union legs could be resolved');
  const exprs = legs.map(({ e }) => compileUnionLeg(e, cx));
  // withsource labels rows by argument position, as the real engine does for let-bound tables too.
  const sourceNames = legs.map(({ e, i }) => asName(e) ?? `union_arg${i + (piped ? 1 : 0)}`);
  return (t, rt) => {
    const parts = (piped ? [t] : []).concat(exprs.map((p) => p(rt)));
    const labels = (piped ? ['union_arg0'] : []).concat(sourceNames);
    const n = parts.reduce((s, p) => s + p.n, 0);
    const cols: Column[] = [];
    let schema = out.length ? out : mergeSchemas(parts, kind === 'inner');
    if (kind === 'inner') schema = schema.filter((c) => parts.every((p) => col(p, c.name) || findSuffixed(p, c.name, c.type)));
    for (const c of schema) {
      if (withSource && c.name === withSource) {
        const data: Val[] = [];
        parts.forEach((p, i) => { for (let r = 0; r < p.n; r++) data.push(labels[i]!); });
        cols.push({ name: c.name, type: 'string', data });
        continue;
      }
      const data: Val[] = [];
      for (const p of parts) {
        const src = col(p, c.name) ?? findSuffixed(p, c.name, c.type);
        if (src) {
          if (src.type === c.type) for (let r = 0; r < p.n; r++) data.push(src.data[r]!);
          else for (let r = 0; r < p.n; r++) data.push(convert(src.data[r]!, src.type, c.type));
        } else {
          for (let r = 0; r < p.n; r++) data.push(c.type === 'string' ? '' : null);
        }
      }
      cols.push({ name: c.name, type: c.type, data });
    }
    return { n, cols };
  };
}

/** The table or view a union leg reads from, past parentheses and pipes. */
function legSource(e: SNode): SNode {
  let n: SNode = e;
  for (;;) {
    const k = kindName(n);
    if (k === 'ParenthesizedExpression' || k === 'PipeExpression') n = child(n, 'Expression')!;
    else return n;
  }
}

function isWildcard(n: SNode): boolean {
  return kindName(n) === 'NameReference' && kindName(child(n, 'Name')!) === 'WildcardedName';
}

/** The names a wildcarded table reference matched (Kusto.Language resolves them to a group). */
function wildcardMembers(n: SNode): SSymbol[] {
  const sym = n.ReferencedSymbol as (SSymbol & { Members?: SList<SSymbol> }) | null;
  if (!sym) return [];
  if (symbolKind(sym) !== 'Group' || !sym.Members) return [sym];
  const out: SSymbol[] = [];
  for (let i = 0; i < sym.Members.Count; i++) out.push(sym.Members.getItem(i));
  return out.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

function resolves(e: SNode, cx: Cx): boolean {
  const src = legSource(e);
  if (isWildcard(src)) return wildcardMembers(src).length > 0;
  if (kindName(src) !== 'NameReference' && kindName(src) !== 'BracketedName') return true;
  return src.ReferencedSymbol !== null || cx.scope.get(simpleName(src).replace(/^\[['"]|['"]\]$/g, '')) !== undefined;
}

function compileUnionLeg(e: SNode, cx: Cx): Plan {
  if (!isWildcard(e)) return compileTabular(e, cx);
  const plans = wildcardMembers(e).map((sym): Plan => {
    const b = cx.scope.get(sym.Name);
    if (b?.kind === 'tabular') return b.plan;
    if (b?.kind === 'function') {
      // A matched view is invoked without arguments: its body runs in a scope of its own lets.
      const body = child(b.node, 'Body')!;
      const inner = makeCx(new Scope(cx.scope));
      for (const st of listItems(body, 'Statements')) if (kindName(st) === 'LetStatement') bindLet(st, inner);
      return compileTabular(child(body, 'Expression')!, inner);
    }
    const schema = columnsOf(sym).map((c) => ({ name: c.name, type: c.type as KType }));
    return (rt) => rt.tables[sym.Name] ?? { n: 0, cols: schema.map((c) => ({ ...c, data: [] })) };
  });
  return (rt) => {
    const parts = plans.map((p) => p(rt));
    const schema = mergeSchemas(parts, false);
    const n = parts.reduce((a, p) => a + p.n, 0);
    const cols: Column[] = schema.map((c) => {
      const data: Val[] = [];
      for (const p of parts) {
        const src = col(p, c.name);
        for (let r = 0; r < p.n; r++) data.push(src ? (src.type === c.type ? src.data[r]! : convert(src.data[r]!, src.type, c.type)) : c.type === 'string' ? '' : null);
      }
      return { name: c.name, type: c.type, data };
    });
    return { n, cols };
  };
}

/** The name an `as` operator at the end of a union argument gives it. */
function asName(e: SNode): string | undefined {
  let n: SNode | null = e;
  while (n && kindName(n) === 'ParenthesizedExpression') n = child(n, 'Expression');
  if (!n || kindName(n) !== 'PipeExpression') return undefined;
  const op = child(n, 'Operator')!;
  return kindName(op) === 'AsOperator' ? simpleName(child(op, 'Name')) : undefined;
}

function findSuffixed(p: Table, name: string, type: KType): Column | undefined {
  // union of same-named columns with different types yields name_type columns.
  const m = /^(.*)_([a-z]+)$/.exec(name);
  if (!m) return undefined;
  const c = col(p, m[1]!);
  return c && c.type === type ? c : undefined;
}

function mergeSchemas(parts: Table[], inner: boolean): { name: string; type: KType }[] {
  const out: { name: string; type: KType }[] = [];
  for (const p of parts) for (const c of p.cols) if (!out.some((o) => o.name === c.name)) out.push({ name: c.name, type: c.type });
  if (!inner) return out;
  return out.filter((o) => parts.every((p) => col(p, o.name)));
}

function compileMvApply(op: SNode, cx: Cx): Op {
  const sub = child(op, 'Subquery')!;
  const items = listItems(op, 'Expressions');
  const out = outCols(op);
  const targets = items.map((me) => {
    const e = child(me, 'Expression')!;
    const named = kindName(e) === 'SimpleNamedExpression';
    const name = named ? simpleName(child(e, 'Name')) : simpleName(e);
    const to: KType = child(me, 'ToTypeOf') ? typeOf(me) : 'dynamic';
    return { name, to, expr: compileExpr(named ? child(e, 'Expression')! : e, cx) };
  });
  const indexParam = listItems(op, 'Parameters').find((p) => simpleName(child(p, 'Name')).toLowerCase() === 'with_itemindex');
  const indexName = indexParam ? child(indexParam, 'Expression')!.toString().trim() : undefined;
  let current: Table = { n: 0, cols: [] };
  const scope = new Scope(cx.scope);
  const inner = makeCx(scope);
  const subExpr = child(sub, 'Expression')!;
  const body = compileSubPipeline(subExpr, inner, () => current);
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

/** A sub-pipeline whose implicit input is supplied by the caller (mv-apply, partition). */
function compileSubPipeline(node: SNode, cx: Cx, input: () => Table): Plan {
  const k = kindName(node);
  if (k === 'PipeExpression') {
    const left = compileSubPipeline(child(node, 'Expression')!, cx, input);
    const op = compileOperator(child(node, 'Operator')!, cx);
    return (rt) => op(left(rt), rt);
  }
  if (k.endsWith('Operator') && k !== 'PrintOperator' && k !== 'RangeOperator' && k !== 'UnionOperator') {
    const op = compileOperator(node, cx);
    return (rt) => op(input(), rt);
  }
  return compileTabular(node, cx);
}

/** partition by k (subquery): the subquery runs once per distinct k over that partition's rows. */
function compilePartition(op: SNode, cx: Cx): Op {
  const by = compileExpr(child(op, 'ByExpression')!, cx);
  const operand = child(op, 'Operand')!;
  const sub = child(operand, 'Subquery') ?? child(operand, 'Expression');
  if (!sub) return fail(op, 'unsupported partition operand');
  let current: Table = { n: 0, cols: [] };
  const body = compileSubPipeline(sub, makeCx(new Scope(cx.scope)), () => current);
  const out = outCols(op);
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

/**
 * `search [in (T1, T2)] predicate` as a query source: the named tables (or every supplied table) are
 * unioned with their names in $table, then filtered by the search predicate.
 */
function compileSearchSource(op: SNode, cx: Cx): Plan {
  const kindParam = listItems(op, 'Parameters').find((p) => simpleName(child(p, 'Name')).toLowerCase() === 'kind');
  const cs = kindParam ? /case_sensitive/i.test(child(kindParam, 'Expression')!.toString()) : false;
  const cond = compileExpr(child(op, 'Condition')!, { ...cx, hooks: { ...cx.hooks, search: { caseSensitive: cs } } });
  const inClause = child(op, 'InClause');
  const sources = inClause ? listItems(inClause, 'Expressions').map((e) => ({ name: simpleName(e), plan: compileTabular(e, cx) })) : undefined;
  const out = outCols(op);
  return (rt) => {
    const parts = sources
      ? sources.map((s) => ({ name: s.name, t: s.plan(rt) }))
      : Object.keys(rt.tables).sort().map((name) => ({ name, t: rt.tables[name]! }));
    const filtered = parts.map((p) => ({ name: p.name, t: filter(p.t, cond.ev(p.t, rt)) }));
    const n = filtered.reduce((s, p) => s + p.t.n, 0);
    const schema = out.length ? out : [{ name: '$table', type: 'string' as KType }, ...mergeSchemas(filtered.map((p) => p.t), false)];
    const cols: Column[] = schema.map((c, k) => {
      const data: Val[] = [];
      for (const p of filtered) {
        if (k === 0) { for (let i = 0; i < p.t.n; i++) data.push(p.name); continue; }
        const src = col(p.t, c.name);
        for (let i = 0; i < p.t.n; i++) data.push(src ? (src.type === c.type ? src.data[i]! : convert(src.data[i]!, src.type, c.type)) : c.type === 'string' ? '' : null);
      }
      return { name: c.name, type: c.type, data };
    });
    return { n, cols };
  };
}

function compileEvaluate(op: SNode, cx: Cx): Op {
  const call = child(op, 'FunctionCall')!;
  const name = simpleName(child(call, 'Name'));
  const args = listItems(child(call, 'ArgumentList')!, 'Expressions');
  if (name === 'bag_unpack') {
    const e = compileExpr(args[0]!, cx);
    const prefix = args[1] ? compileExpr(args[1], cx) : undefined;
    const colName = simpleName(args[0]!);
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
  return fail(op, `unsupported evaluate plugin: ${name}`);
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

export { compileExtendLike };
