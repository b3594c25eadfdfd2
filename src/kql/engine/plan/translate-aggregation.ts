// The translation stage for the aggregating operators: summarize, make-series and top-nested.
import { type SNode, argumentNodes, child, failAt, kindName, listItems, outColumns, paramValue, resultType, simpleName, span } from '../syntax.js';
import type { AggregateCall, MakeSeriesNode, OperatorNode, SummarizeItem, TopNestedNode } from './nodes.js';
import { translateScalar } from './translate-scalar.js';

/** The expression of `name = expr`, or the expression itself. */
function unnamed(e: SNode): SNode {
  return kindName(e) === 'SimpleNamedExpression' ? child(e, 'Expression')! : e;
}

function byClause(op: SNode): SNode[] {
  const by = child(op, 'ByClause');
  return by ? listItems(by, 'Expressions') : [];
}

function aggregateCall(call: SNode, what: string): AggregateCall {
  if (kindName(call) !== 'FunctionCallExpression') return failAt(call, `${what} needs an aggregate`);
  return { at: span(call), name: simpleName(child(call, 'Name')), args: argumentNodes(call).map((a) => translateScalar(a)), type: resultType(call) };
}

export function translateSummarize(op: SNode): OperatorNode {
  return {
    at: span(op),
    kind: 'summarize',
    by: byClause(op).map((b) => translateScalar(b)),
    aggregates: listItems(op, 'Aggregates').map(summarizeItem),
    out: outColumns(op),
  };
}

function summarizeItem(a: SNode): SummarizeItem {
  const inner = unnamed(a);
  const fn = kindName(inner) === 'FunctionCallExpression' ? simpleName(child(inner, 'Name')) : '';
  if (fn === 'percentiles') {
    const [x, ...ps] = argumentNodes(inner).map((n) => translateScalar(n));
    return { kind: 'percentiles', x: x!, ps };
  }
  if (fn === 'arg_max' || fn === 'arg_min') {
    const [x, ...rest] = argumentNodes(inner);
    const star = rest.some((r) => kindName(r) === 'StarExpression');
    const take = star ? [] : rest.map((r) => (kindName(r) === 'NameReference' ? { column: simpleName(r) } : { expr: translateScalar(unnamed(r)) }));
    return { kind: 'arg-extreme', fn, x: translateScalar(x!), star, take };
  }
  return { kind: 'expr', expr: translateScalar(inner) };
}

export function translateMakeSeries(op: SNode): OperatorNode {
  const aggregates = listItems(op, 'Aggregates').map((a) => {
    const def = child(a, 'DefaultExpression');
    return { ...aggregateCall(unnamed(child(a, 'Expression')!), 'make-series'), defaultValue: def ? translateScalar(child(def, 'Expression')!) : undefined };
  });
  const range = seriesRange(op);
  const node: MakeSeriesNode = {
    kind: 'make-series',
    aggregates,
    axis: translateScalar(child(child(op, 'OnClause')!, 'Expression')!),
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
  const range = child(op, 'RangeClause');
  if (!range) return failAt(op, 'make-series without from/to/step is not supported');
  let from: SNode | null = null, to: SNode | null = null, step: SNode | null = null;
  const rk = kindName(range);
  if (rk === 'MakeSeriesFromToStepClause') {
    from = child(child(range, 'MakeSeriesFromClause') ?? range, 'Expression');
    to = child(child(range, 'MakeSeriesToClause') ?? range, 'Expression');
    step = child(child(range, 'MakeSeriesStepClause') ?? range, 'Expression');
  } else if (rk === 'MakeSeriesInRangeClause') {
    const args = listItems(child(range, 'Arguments') ?? range, 'Expressions');
    [from, to, step] = [args[0] ?? null, args[1] ?? null, args[2] ?? null];
  }
  if (!step) return failAt(range, 'make-series needs a step');
  return { from, to, step };
}

export function translateTopNested(op: SNode): OperatorNode {
  const levels = listItems(op, 'Clauses').map((cl): TopNestedNode['levels'][number] => {
    const limit = child(cl, 'Expression');
    let by = child(cl, 'ByExpression')!;
    let desc = true;
    if (kindName(by) === 'OrderedExpression') {
      desc = !/\basc\b/i.test(child(by, 'Ordering')?.toString() ?? '');
      by = child(by, 'Expression')!;
    }
    const others = child(cl, 'WithOthersClause');
    return {
      limit: limit ? translateScalar(limit) : undefined,
      of: translateScalar(unnamed(child(cl, 'OfExpression')!)),
      aggregate: aggregateCall(unnamed(by), 'top-nested'),
      desc,
      others: others ? translateScalar(child(others, 'Expression')!) : undefined,
    };
  });
  return { at: span(op), kind: 'top-nested', levels, out: outColumns(op) };
}
