// The translation stage for the operators after a pipe: each becomes a typed plan node.
import { type SNode, expansionOf, failAt, kindOf, kindText, list, nameOf, opt, outColumns, paramValue, req, resultType, signatureParams, simpleName, span } from '../syntax.js';
import type { KType } from '../values.js';
import type { OperatorNode, SortKey } from './nodes.js';
import { bindParams, translateBody, translateExtend, translateSearch, translateSub } from './translate.js';
import { translateMakeSeries, translateSummarize, translateTopNested } from './translate-aggregation.js';
import { translateJoin } from './translate-join.js';
import { translateEvaluate } from './translate-plugins.js';
import { translateMvExpand, translateParse, translateParseKv, translateScan } from './translate-rows.js';
import { translateScalar } from './translate-scalar.js';
import { translateUnion } from './translate-union.js';

export function translateOperator(op: SNode): OperatorNode {
  const at = span(op);
  const k = kindOf(op);
  switch (k) {
    case 'SummarizeOperator':
      return translateSummarize(op);
    case 'MvExpandOperator':
      return translateMvExpand(op);
    case 'ParseOperator': case 'ParseWhereOperator':
      return translateParse(op, k === 'ParseWhereOperator');
    case 'ParseKvOperator':
      return translateParseKv(op);
    case 'MakeSeriesOperator':
      return translateMakeSeries(op);
    case 'ScanOperator':
      return translateScan(op);
    case 'TopNestedOperator':
      return translateTopNested(op);
    case 'FilterOperator':
      return { at, kind: 'where', condition: translateScalar(req.Condition(op)) };
    case 'SearchOperator':
      if (opt.InClause(op)) return failAt(op, 'unsupported: search in (...) after a pipe');
      return { at, kind: 'search', search: translateSearch(op) };
    case 'ExtendOperator':
      return { at, ...translateExtend(op, 'extend') };
    case 'ProjectOperator':
      return { at, ...translateExtend(op, 'project') };
    case 'SerializeOperator':
      return { at, ...translateExtend(op, 'extend', true) };
    case 'ProjectAwayOperator': case 'ProjectKeepOperator': case 'ProjectReorderOperator':
      return { at, kind: 'conform', out: outColumns(op) };
    case 'ProjectRenameOperator':
      return { at, kind: 'rename', renames: renames(op) };
    case 'TakeOperator': case 'SampleOperator':
      return { at, kind: 'take', count: translateScalar(req.Expression(op)) };
    case 'CountOperator':
      return { at, kind: 'count', name: outColumns(op)[0]?.name ?? 'Count' };
    case 'DistinctOperator':
      return translateDistinct(op);
    case 'SortOperator':
      return { at, kind: 'sort', keys: list.Expressions(op).map(sortKey) };
    case 'TopOperator':
      return { at, kind: 'top', count: translateScalar(req.Expression(op)), key: sortKey(req.ByExpression(op)) };
    case 'JoinOperator': case 'LookupOperator':
      return translateJoin(op, k === 'LookupOperator');
    case 'UnionOperator':
      return { at, kind: 'union', union: translateUnion(op, true) };
    case 'MvApplyOperator':
      return translateMvApply(op);
    case 'AsOperator':
      return { at, kind: 'as', name: simpleName(opt.Name(op)) };
    case 'RenderOperator':
      return { at, kind: 'pass' };
    case 'GetSchemaOperator':
      return { at, kind: 'getschema' };
    case 'InvokeOperator':
      return translateInvoke(op);
    case 'EvaluateOperator':
      return translateEvaluate(op);
    case 'PartitionOperator':
      return translatePartition(op);
    case 'ConsumeOperator':
      return { at, kind: 'consume' };
  }
  return failAt(op, `unsupported operator: ${operatorText(op)}`);
}

function operatorText(op: SNode): string {
  const m = /^[a-z-]+/.exec(op.toString().trim());
  return m ? m[0] : kindText(op);
}

/** `e [asc|desc] [nulls first|last]`: Kusto's default is desc, nulls last; asc puts nulls first unless told. */
function sortKey(n: SNode): SortKey {
  let e = n;
  let desc = true;
  let nullsFirst: boolean | undefined;
  if (kindOf(n) === 'OrderedExpression') {
    e = req.Expression(n);
    const text = opt.Ordering(n)?.toString().toLowerCase() ?? '';
    if (/\basc\b/.test(text)) desc = false;
    if (/nulls\s+first/.test(text)) nullsFirst = true;
    if (/nulls\s+last/.test(text)) nullsFirst = false;
  }
  return { expr: translateScalar(e), desc, nullsFirst: nullsFirst ?? !desc };
}

function renames(op: SNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of list.Expressions(op)) {
    const from = req.Expression(e);
    out.set(simpleName(nameOf(from) ?? from), simpleName(opt.Name(e)));
  }
  return out;
}

function translateDistinct(op: SNode): OperatorNode {
  const exprs = list.Expressions(op);
  const star = exprs.length === 1 && kindOf(exprs[0]!) === 'StarExpression';
  return {
    at: span(op),
    kind: 'distinct',
    star,
    exprs: star ? [] : exprs.map((e) => translateScalar(kindOf(e) === 'SimpleNamedExpression' ? req.Expression(e) : e)),
    out: outColumns(op),
  };
}

function translateMvApply(op: SNode): OperatorNode {
  const targets = list.Expressions(op).map((me) => {
    const e = req.Expression(me);
    const named = kindOf(e) === 'SimpleNamedExpression';
    const to: KType = opt.ToTypeOf(me) ? resultType(me) : 'dynamic';
    return { name: simpleName(named ? opt.Name(e) : e), to, expr: translateScalar(named ? req.Expression(e) : e) };
  });
  const body = translateSub(req.Expression(req.Subquery(op)));
  return { at: span(op), kind: 'mv-apply', targets, indexName: paramValue(op, 'with_itemindex'), body, out: outColumns(op) };
}

/** partition by k (subquery): the subquery runs once per distinct k over that partition's rows. */
function translatePartition(op: SNode): OperatorNode {
  const operand = req.Operand(op);
  // The `{ ... }` form (PartitionQuery) is not run.
  if (kindOf(operand) !== 'PartitionSubquery') return failAt(op, 'unsupported partition operand');
  const sub = req.Subquery(operand);
  return { at: span(op), kind: 'partition', by: translateScalar(req.ByExpression(op)), body: translateSub(sub), out: outColumns(op) };
}

/** `T | invoke f(args)`: the piped table is the function's first (tabular) parameter. */
function translateInvoke(op: SNode): OperatorNode {
  const call = req.Function(op);
  const body = expansionOf(call);
  if (!body) return failAt(op, 'unsupported invoke target');
  return { at: span(op), kind: 'invoke', params: bindParams(call, 1), inputParam: signatureParams(call)[0]?.name, body: translateBody(body) };
}
