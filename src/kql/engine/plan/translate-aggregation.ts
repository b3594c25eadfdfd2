// The translation stage for the aggregating operators: summarize, make-series and top-nested.
import { type SNode, argumentNodes, failAt, kindOf, list, opt, outColumns, paramValue, req, resultType, simpleName, span } from '../syntax.js';
import type { AggregateCall, MakeSeriesNode, OperatorNode, SummarizeItem, TopNestedNode } from './nodes.js';
import { translateScalar } from './translate-scalar.js';

/** The expression of `name = expr`, or the expression itself. */
function unnamed(e: SNode): SNode {
  return kindOf(e) === 'SimpleNamedExpression' ? req.Expression(e) : e;
}

function byClause(op: SNode): SNode[] {
  const by = opt.ByClause(op);
  return by ? list.Expressions(by) : [];
}

function aggregateCall(call: SNode, what: string): AggregateCall {
  if (kindOf(call) !== 'FunctionCallExpression') return failAt(call, `${what} needs an aggregate`);
  return { at: span(call), name: simpleName(opt.Name(call)), args: argumentNodes(call).map((a) => translateScalar(a)), type: resultType(call) };
}

export function translateSummarize(op: SNode): OperatorNode {
  return {
    at: span(op),
    kind: 'summarize',
    by: byClause(op).map((b) => translateScalar(b)),
    aggregates: list.Aggregates(op).map(summarizeItem),
    out: outColumns(op),
  };
}

function summarizeItem(a: SNode): SummarizeItem {
  const inner = unnamed(a);
  const fn = kindOf(inner) === 'FunctionCallExpression' ? simpleName(opt.Name(inner)) : '';
  if (fn === 'percentiles') {
    const [x, ...ps] = argumentNodes(inner).map((n) => translateScalar(n));
    return { kind: 'percentiles', x: x!, ps };
  }
  if (fn === 'percentilesw') {
    const [x, weight, ...ps] = argumentNodes(inner).map((n) => translateScalar(n));
    return { kind: 'percentiles', x: x!, weight, ps };
  }
  if (fn === 'arg_max' || fn === 'arg_min') {
    const [x, ...rest] = argumentNodes(inner);
    const star = rest.some((r) => kindOf(r) === 'StarExpression');
    const take = star ? [] : rest.map((r) => (kindOf(r) === 'NameReference' ? { column: simpleName(r) } : { expr: translateScalar(unnamed(r)) }));
    return { kind: 'arg-extreme', fn, x: translateScalar(x!), star, take };
  }
  return { kind: 'expr', expr: translateScalar(inner) };
}

export function translateMakeSeries(op: SNode): OperatorNode {
  const aggregates = list.Aggregates(op).map((a) => {
    const def = opt.DefaultExpression(a);
    return { ...aggregateCall(unnamed(req.Expression(a)), 'make-series'), defaultValue: def ? translateScalar(req.Expression(def)) : undefined };
  });
  const range = seriesRange(op);
  const node: MakeSeriesNode = {
    kind: 'make-series',
    aggregates,
    axis: translateScalar(req.Expression(req.OnClause(op))),
    from: range.from ? translateScalar(range.from) : undefined,
    to: range.to ? translateScalar(range.to) : undefined,
    step: translateScalar(range.step),
    by: byClause(op).map((b) => translateScalar(unnamed(b))),
    nonempty: paramValue(op, 'kind')?.toLowerCase() === 'nonempty',
    out: outColumns(op),
  };
  return { at: span(op), ...node };
}

function seriesRange(op: SNode): { from: SNode | null; to: SNode | null; step: SNode } {
  const range = opt.RangeClause(op);
  if (!range) return failAt(op, 'make-series without from/to/step is not supported');
  let from: SNode | null = null, to: SNode | null = null, step: SNode | null = null;
  const rk = kindOf(range);
  if (rk === 'MakeSeriesFromToStepClause') {
    const clause = (c: SNode | null): SNode | null => (c ? opt.Expression(c) : null);
    from = clause(opt.MakeSeriesFromClause(range));
    to = clause(opt.MakeSeriesToClause(range));
    step = clause(opt.MakeSeriesStepClause(range));
  } else if (rk === 'MakeSeriesInRangeClause') {
    const args = list.Expressions(req.Arguments(range));
    [from, to, step] = [args[0] ?? null, args[1] ?? null, args[2] ?? null];
  }
  if (!step) return failAt(range, 'make-series needs a step');
  return { from, to, step };
}

export function translateTopNested(op: SNode): OperatorNode {
  const levels = list.Clauses(op).map((cl): TopNestedNode['levels'][number] => {
    const limit = opt.Expression(cl);
    let by = req.ByExpression(cl);
    let desc = true;
    if (kindOf(by) === 'OrderedExpression') {
      desc = !/\basc\b/i.test(opt.Ordering(by)?.toString() ?? '');
      by = req.Expression(by);
    }
    const others = opt.WithOthersClause(cl);
    return {
      limit: limit ? translateScalar(limit) : undefined,
      of: translateScalar(unnamed(req.OfExpression(cl))),
      aggregate: aggregateCall(unnamed(by), 'top-nested'),
      desc,
      others: others ? translateScalar(req.Expression(others)) : undefined,
    };
  });
  return { at: span(op), kind: 'top-nested', levels, out: outColumns(op) };
}
