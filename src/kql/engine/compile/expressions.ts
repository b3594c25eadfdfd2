// Compiles the plan's scalar expressions (plan/nodes.ts ScalarNode) into vectorised closures (CExpr).
// Names resolve in scope here; kinds, operators and types were read from the bound tree by the
// translator (plan/translate-scalar.ts).
import { convert } from '../convert.js';
import { builtinFunctions, callCompilers } from '../functions/index.js';
import type { CallInfo } from '../functions/lift.js';
import { validateRegexArg } from '../functions/strings.js';
import { wrapLong } from '../long.js';
import type { ScalarNode } from '../plan/nodes.js';
import { type Table, col, isDict, isTyped } from '../table.js';
import type { KType, Val } from '../values.js';
import { type CExpr, type Cx, type Runtime, constExpr, constVec, fail, located } from './context.js';
import { compileBetween, compileBinary } from './expr-binary.js';
import { type ListItem, compileHasAny, compileIn, compileValueList } from './expr-lists.js';
import { compileSearchHas, compileStarPredicate, compileTerm } from './expr-search.js';
import { SCAN_STATE, coerce, hoist, member, unary } from './expr-util.js';
import { binary } from './operators-scalar.js';
import { bindLetNode, bindParams } from './query.js';

export function compileExpr(node: ScalarNode, cx: Cx): CExpr {
  const c = (n: ScalarNode): CExpr => compileExpr(n, cx);
  const cs = cx.hooks.search?.caseSensitive ?? false;
  switch (node.kind) {
    case 'literal': return constExpr(node.type, node.value);
    case 'term': return compileTerm(node.text, cs);
    case 'search-has': return compileSearchHas(c(node.left), node.term, cs);
    case 'column': return compileColumn(node.name, node.type);
    case 'name': return compileName(node, cx);
    case 'negate':
      return unary(c(node.expr), node.type, (v) => (v === null ? null : typeof v !== 'bigint' ? -(v as number) : node.type === 'long' ? wrapLong(-v) : -v));
    case 'binary':
      return located(node.at, compileBinary(node.at, node.op, c(node.left), c(node.right), node.right.at, node.type));
    case 'star-predicate': return compileStarPredicate(node.at, node.op, c(node.right));
    case 'member': return compileMember(node, cx);
    case 'element': return compileElement(c(node.base), c(node.index));
    case 'between': return compileBetween(c(node.value), c(node.lo), c(node.hi), node.negate);
    case 'in': return compileIn(c(node.left), compileList(node.list, cx), node.negate, node.ci);
    case 'has-any': return compileHasAny(c(node.left), compileList(node.list, cx), node.all);
    case 'to-scalar': return compileToScalar(node.query, node.type, cx);
    case 'hoist': return hoist(coerce(c(node.expr), node.type));
    case 'call': return located(node.at, compileCall(node, cx));
    case 'user-call': return located(node.at, compileUserCall(node, cx));
    case 'star': return fail(node.at, 'unsupported use of *');
    case 'unsupported': return fail(node.at, node.message);
  }
}

function compileColumn(name: string, type: KType): CExpr {
  return {
    type,
    ev: (t) => {
      const c = col(t, name);
      if (!c) return constVec(type === 'string' ? '' : null, t.n);
      return c.type === type ? c.data : c.data.map((v) => convert(v, c.type, type));
    },
    typed: (t) => {
      const c = col(t, name);
      return c && c.type === type && isTyped(c) ? c.typed : undefined;
    },
    ...(type === 'string' && {
      dict: (t: Table) => {
        const c = col(t, name);
        return c && c.type === type && isDict(c) ? c.dict : undefined;
      },
    }),
    column: name,
  };
}

function compileName(node: Extract<ScalarNode, { kind: 'name' }>, cx: Cx): CExpr {
  const b = cx.scope.get(node.name);
  if (b && b.kind === 'scalar') return b.expr;
  if (b && b.kind === 'tabular') {
    // A tabular let used as a scalar (single column, single row).
    const plan = b.plan;
    return { type: node.type, ev: (t, rt) => { const r = plan(rt); return constVec(r.n && r.cols[0] ? r.cols[0].data[0]! : null, t.n); } };
  }
  if (node.call) return compileExpr(node.call, cx);
  return fail(node.at, `unknown name '${node.name}'`);
}

function compileToScalar(query: Parameters<Cx['tabular']>[0], type: KType, cx: Cx): CExpr {
  const plan = cx.tabular(query, cx.scope);
  const key = {};
  const get = (rt: Runtime): Val => {
    if (!rt.cache.has(key)) {
      const t = plan(rt);
      const c = t.cols[0];
      rt.cache.set(key, t.n && c ? convert(c.data[0]!, c.type, type) : null);
    }
    return rt.cache.get(key) as Val;
  };
  return { type, ev: (t, rt) => constVec(get(rt), t.n), constant: get };
}

function compileList(list: Extract<ScalarNode, { kind: 'in' }>['list'], cx: Cx): ReturnType<typeof compileValueList> {
  const items: ListItem[] = list.items.map((it) => (it.kind === 'tabular'
    ? { kind: 'tabular', plan: cx.tabular(it.query, cx.scope) }
    : { kind: 'scalar', expr: compileExpr(it.expr, cx) }));
  return compileValueList(items, list.listed);
}

// ---------- dynamic access ----------

function compileMember(node: Extract<ScalarNode, { kind: 'member' }>, cx: Cx): CExpr {
  const { baseName, key, type } = node;
  if (baseName && baseName === cx.hooks.scanStep) {
    const stateCol = SCAN_STATE + key;
    return { type, ev: (t) => col(t, stateCol)?.data ?? constVec(null, t.n) };
  }
  if ((baseName === '$left' || baseName === '$right') && cx.hooks.side) return cx.hooks.side(baseName === '$left' ? 'left' : 'right', key, node.at);
  return unary(compileExpr(node.base, cx), 'dynamic', (v) => member(v, key));
}

function compileElement(base: CExpr, idx: CExpr): CExpr {
  return binary(base, idx, 'dynamic', (v, i) => {
    if (i === null) return null;
    if (typeof i === 'number') return member(v, i);
    return member(v, String(i));
  });
}

// ---------- calls ----------

function compileCall(node: Extract<ScalarNode, { kind: 'call' }>, cx: Cx): CExpr {
  const { name, type } = node;
  const agg = cx.hooks.aggregate?.(node);
  if (agg) return agg;
  const special = callCompilers[name];
  if (special) return special(node, cx, (n) => compileExpr(n, cx));
  const impl = builtinFunctions[name];
  if (!impl) return fail(node.at, `unsupported function: ${name}()`);
  const info: CallInfo = { at: node.at, name, ret: type, named: node.named, args: node.args.map((a) => compileExpr(a, cx)), argAt: node.args.map((a) => a.at) };
  validateRegexArg(info);
  return impl(info);
}

/** User functions (let f = (a) { ... }) run as their bound expansion with parameters as scalar lets. */
function compileUserCall(node: Extract<ScalarNode, { kind: 'user-call' }>, cx: Cx): CExpr {
  const agg = cx.hooks.aggregate?.(node);
  if (agg) return agg;
  const inner: Cx = { ...cx, scope: bindParams(node.params, cx) };
  for (const l of node.body.lets) bindLetNode(l, inner);
  if (!node.body.expr) return fail(node.at, 'function body has no expression');
  return coerce(compileExpr(node.body.expr, inner), node.type);
}
