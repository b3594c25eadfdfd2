// Execution of the logical plan's statements and tabular sources: each plan node becomes a function
// from a run's state to a table. Operators after a pipe are in compile/operators.ts.
import { convert } from '../convert.js';
import type { Block, LetNode, OutColumn, ParamBinding, TabularNode } from '../plan/nodes.js';
import { CompileError, LocatedError, MissingTableError, type Span } from '../errors.js';
import { type Column, type Table, columnOf } from '../table.js';
import type { Val } from '../values.js';
import type { WireValue } from '../../table.js';
import { type CExpr, type Cx, type Plan, Scope, fail, locate } from './context.js';
import { compileExpr } from './expressions.js';
import { compileExternalData } from './externaldata.js';
import { hoist } from './expr-util.js';
import { compileExtendLike, compileOperator } from './operators.js';
import { compileSearchSource, compileUnion } from './union.js';
import { fromDataTable, toDataTable } from './wire.js';

export function makeCx(scope: Scope): Cx {
  const cx: Cx = { scope, hooks: {}, tabular: (node, s) => compileTabular(node, makeCx(s)) };
  cx.isSerialized = (node) => isSerialized(node, cx);
  return cx;
}

/** A block (the query, a function body): its lets bind names in `cx`'s scope, then its result. */
export function compileBlock(block: Block, cx: Cx): Plan {
  for (const l of block.lets) bindLetNode(l, cx);
  if (!block.result) throw new Error('the query has no tabular expression statement');
  return compileTabular(block.result, cx);
}

export function bindLetNode(l: LetNode, cx: Cx): void {
  switch (l.kind) {
    case 'let-function':
      cx.scope.set(l.name, { kind: 'function', view: l.view });
      return;
    case 'let-tabular':
      cx.scope.set(l.name, { kind: 'tabular', plan: compileTabular(l.value, cx), serialized: isSerialized(l.value, cx) });
      return;
    case 'let-scalar':
      cx.scope.set(l.name, { kind: 'scalar', expr: hoist(compileExpr(l.value, cx)) });
  }
}

/** A scope binding a called function's parameters to what the call passes. */
export function bindParams(params: ParamBinding[], cx: Cx): Scope {
  const scope = new Scope(cx.scope);
  for (const p of params) {
    if (p.kind === 'tabular') scope.set(p.name, { kind: 'tabular', plan: compileTabular(p.value, cx) });
    else {
      const e = compileExpr(p.value, cx);
      scope.set(p.name, { kind: 'scalar', expr: p.perRun ? hoist(e) : e });
    }
  }
  return scope;
}

export const ONE_ROW: Table = { n: 1, cols: [] };

export function compileTabular(node: TabularNode, cx: Cx): Plan {
  switch (node.kind) {
    case 'pipe': {
      const input = compileTabular(node.input, cx);
      const op = compileOperator(node.op, node.sub ? cx : { ...cx, serialized: isSerialized(node.input, cx) });
      return (rt) => {
        const rows = input(rt);
        return locate(node.op.at, () => op(rows, rt));
      };
    }
    case 'input':
      if (!cx.input) return fail(node.at, 'a sub-query operator outside of a sub-query');
      return cx.input;
    case 'datatable':
      return compileDataTable(node, cx);
    case 'externaldata':
      return materialize(compileExternalData(node, cx));
    case 'print': {
      const op = compileExtendLike(node.op, cx);
      return (rt) => op(ONE_ROW, rt);
    }
    case 'range':
      return compileRange(node, cx);
    case 'name':
      return compileTableRef(node, cx);
    case 'call':
      return compileTabularCall(node, cx);
    case 'union-source': {
      const op = compileUnion(node.union, node.at, cx, false);
      return (rt) => op({ n: 0, cols: [] }, rt);
    }
    case 'search-source':
      return compileSearchSource(node.search, node.sources, cx);
    case 'materialize':
      return materialize(compileTabular(node.input, cx));
  }
}

const PRESERVES_ORDER = new Set([
  'where', 'extend', 'project', 'conform', 'rename', 'take', 'mv-expand', 'parse', 'parse-where', 'parse-kv', 'as', 'pass',
]);

/** Whether a tabular expression's output is serialized (ordered), as window functions require. */
export function isSerialized(node: TabularNode, cx: Cx): boolean {
  if (node.kind === 'range') return true;
  if (node.kind === 'name') {
    const b = cx.scope.get(node.name);
    return b?.kind === 'tabular' && b.serialized === true;
  }
  if (node.kind !== 'pipe' || node.sub) return false;
  const op = node.op;
  if (op.kind === 'sort' || op.kind === 'top' || (op.kind === 'extend' && op.serialize)) return true;
  if (PRESERVES_ORDER.has(op.kind)) return isSerialized(node.input, cx);
  return false;
}

export function materialize(p: Plan): Plan {
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

function compileTableRef(node: Extract<TabularNode, { kind: 'name' }>, cx: Cx): Plan {
  const b = cx.scope.get(node.name);
  if (b && b.kind === 'tabular') return b.plan;
  if (node.call) return compileTabular(node.call, cx);
  if (b && b.kind === 'function') return fail(node.at, `cannot expand ${node.name}()`);
  const name = node.name;
  const schema = node.schema;
  return (rt) => {
    const t = rt.tables[name];
    if (!t) {
      // A declared table with no rows supplied behaves as an empty table of its schema.
      return { n: 0, cols: schema.map((c) => ({ ...c, data: [] })) };
    }
    return t;
  };
}

function compileTabularCall(node: Extract<TabularNode, { kind: 'call' }>, cx: Cx): Plan {
  const name = node.name;
  const b = cx.scope.get(name);
  if (node.body && (b?.kind === 'function' || !isHostFunction(name))) {
    const inner = makeCx(bindParams(node.params, cx));
    if (!node.body.result) return fail(node.at, `cannot expand ${name}()`);
    return compileBlock(node.body, inner);
  }
  const args = node.args.map((a) => compileExpr(a, cx));
  const schema = node.schema;
  const at = node.at;
  if (name === 'table' && !node.body) return compileTableFunction(args[0]!, schema, at, cx);
  return (rt) => {
    const f = rt.functions[name];
    if (!f) {
      throw new LocatedError(`no implementation supplied for function ${name}()`, at);
    }
    const vals = args.map((a) => wireOf(a.ev(ONE_ROW, rt)[0]!, a.type));
    const dt = f(vals);
    return fromDataTable(dt, schema.length ? schema : undefined);
  };
}

/**
 * table(name): the name is known when the query runs (a constant, or a parameter of the function the
 * call is in, as in the aadFunc idiom). A tabular let in scope wins over an input table; an input table
 * not supplied is empty with the schema Kusto.Language bound for the call.
 */
function compileTableFunction(arg: CExpr, schema: OutColumn[], at: Span, cx: Cx): Plan {
  return (rt) => {
    const name = arg.ev(ONE_ROW, rt)[0];
    if (typeof name !== 'string' || !name) throw new LocatedError('table(): the table name must be a non-empty string', at);
    const b = cx.scope.get(name);
    if (b && b.kind === 'tabular') return b.plan(rt);
    const t = rt.tables[name];
    if (t) return t;
    if (!schema.length) throw new MissingTableError(`table('${name}'): no such table`, at);
    return { n: 0, cols: schema.map((c) => ({ ...c, data: [] })) };
  };
}

/** A view or function bound by a let, called without arguments (a wildcard union leg). */
export function compileView(view: Block | CompileError, cx: Cx): Plan {
  if (view instanceof CompileError) throw view;
  return compileBlock(view, makeCx(new Scope(cx.scope)));
}

function isHostFunction(name: string): boolean {
  return name.startsWith('_');
}

function wireOf(v: Val, t: import('../values.js').KType): WireValue {
  return toDataTable({ n: 1, cols: [{ name: 'x', type: t, data: [v] }] }).rows[0]![0]!;
}

function compileDataTable(node: Extract<TabularNode, { kind: 'datatable' }>, cx: Cx): Plan {
  const schema = node.schema;
  const values = node.values.map((v) => compileExpr(v, cx));
  const w = schema.length;
  if (w === 0) return () => ({ n: 0, cols: [] });
  if (values.length % w !== 0) return fail(node.at, 'datatable values do not fill whole rows');
  return materialize((rt) => {
    const n = values.length / w;
    const cols: Column[] = schema.map((c) => ({ name: c.name, type: c.type, data: new Array(n) }));
    for (let i = 0; i < values.length; i++) {
      const e = values[i]!;
      const c = cols[i % w]!;
      const v = e.constant ? e.constant(rt) : e.ev(ONE_ROW, rt)[0]!;
      c.data[Math.floor(i / w)] = convert(v, e.type, c.type);
    }
    return { n, cols: cols.map((c) => columnOf(c.name, c.type, c.data as Val[])) };
  });
}

/** The rows a range operator may produce: beyond it the query fails rather than run on a cut range. */
const RANGE_LIMIT = 10_000_000;

function rangeTooLong(at: Span): never {
  throw new LocatedError(`range: more than ${RANGE_LIMIT.toLocaleString('en-US')} rows, the embedded engine's limit`, at);
}

function compileRange(node: Extract<TabularNode, { kind: 'range' }>, cx: Cx): Plan {
  const { name, type } = node;
  const from = compileExpr(node.from, cx);
  const to = compileExpr(node.to, cx);
  const step = compileExpr(node.step, cx);
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
        if (data.length > RANGE_LIMIT) rangeTooLong(node.at);
      }
    } else {
      const st = Number(s);
      if (st === 0) return { n: 0, cols: [{ name, type, data }] };
      for (let x = f as number; st > 0 ? x <= (t as number) : x >= (t as number); x += st) {
        data.push(x);
        if (data.length > RANGE_LIMIT) rangeTooLong(node.at);
      }
    }
    return { n: data.length, cols: [columnOf(name, type, data)] };
  };
}
