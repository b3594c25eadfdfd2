// The translation stage: Kusto.Language's bound tree -> the typed logical plan (plan/nodes.ts) for
// statements and tabular expressions. Operator parameters, names, output schemas and sub-queries are
// read here; scalar expressions are translated by translate-scalar.ts.
import { CompileError } from '../errors.js';
import { type SNode, argumentNodes, expansionOf, failAt, kindOf, kindText, list, nameOf, opt, outColumns, paramValue, req, signatureParams, shortText, simpleName, span, symbolKind, unquoteName } from '../syntax.js';
import type { Block, ExtendItem, ExtendNode, LetNode, ParamBinding, SearchNode, TabularNode } from './nodes.js';
import { translateOperator } from './translate-operators.js';
import { translateScalar } from './translate-scalar.js';
import { translateUnion } from './translate-union.js';

/** The query's statements: lets bind names, the last expression statement is the result. */
export function translateQuery(root: SNode): Block {
  const lets: LetNode[] = [];
  let result: TabularNode | null = null;
  let letsBefore = 0;
  for (const s of list.Statements(root)) {
    const k = kindOf(s);
    if (k === 'LetStatement') lets.push(translateLet(s));
    else if (k === 'ExpressionStatement') {
      result = translateTabular(req.Expression(s));
      letsBefore = lets.length;
    } else if (k === 'SetOptionStatement') {
      const option = binAutoOption(s);
      if (option) lets.push(option);
    } else if (k === 'QueryParametersStatement') continue;
    else failAt(s, `unsupported statement: ${kindText(s)}`);
  }
  if (!result) throw new Error('the query has no tabular expression statement');
  // Names resolve where the result statement stands: lets after it cannot change it.
  return { lets: lets.slice(0, letsBefore), result };
}

/** Query options bin_auto reads, bound as scalars under names no query can write (`$` + option). */
export const BIN_AUTO_OPTIONS = ['query_bin_auto_size', 'query_bin_auto_at'];

function binAutoOption(s: SNode): LetNode | null {
  const name = simpleName(req.Name(s));
  const value = opt.ValueClause(s);
  const e = value ? opt.Expression(value) : null;
  return BIN_AUTO_OPTIONS.includes(name) && e ? { kind: 'let-scalar', name: `$${name}`, value: translateScalar(e) } : null;
}

/** A function body (a call's expansion or a view's declaration): its lets, then its expression. */
export function translateBody(body: SNode): Block {
  const lets = list.Statements(body).filter((s) => kindOf(s) === 'LetStatement').map(translateLet);
  const e = opt.Expression(body);
  return { lets, result: e ? translateTabular(e) : null };
}

/** The body of a function declaration bound by a let, as run without arguments; translated eagerly, failing only where used. */
function translateView(decl: SNode): Block | CompileError {
  try {
    return translateBody(req.Body(decl));
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}

export function translateLet(stmt: SNode): LetNode {
  const name = simpleName(req.Name(stmt));
  const e = req.Expression(stmt);
  if (kindOf(e) === 'FunctionDeclaration') return { kind: 'let-function', name, view: translateView(e) };
  const rt = e.ResultType;
  if (rt && symbolKind(rt) === 'Table') return { kind: 'let-tabular', name, value: translateTabular(e) };
  return { kind: 'let-scalar', name, value: translateScalar(e) };
}

export function translateTabular(node: SNode): TabularNode {
  const at = span(node);
  const k = kindOf(node);
  switch (k) {
    case 'PipeExpression':
      return { at, kind: 'pipe', input: translateTabular(req.Expression(node)), op: translateOperator(req.Operator(node)) };
    case 'ParenthesizedExpression':
      return translateTabular(req.Expression(node));
    case 'DataTableExpression':
      return { at, kind: 'datatable', schema: outColumns(node), values: list.Values(node).map((v) => translateScalar(v)) };
    case 'PrintOperator':
      return { at, kind: 'print', op: translateExtend(node, 'project') };
    case 'RangeOperator':
      return translateRange(node);
    case 'NameReference': case 'BracketedName':
      return translateName(node);
    case 'FunctionCallExpression':
      return translateCall(node);
    case 'UnionOperator':
      return { at, kind: 'union-source', union: translateUnion(node, false) };
    case 'SearchOperator':
      return translateSearchSource(node);
    case 'MaterializeExpression': case 'ToTableExpression':
      return { at, kind: 'materialize', input: translateTabular(req.Expression(node)) };
    case 'ExternalDataExpression':
      return translateExternalData(node);
    case 'ContextualDataTableExpression':
      return failAt(node, 'unsupported: contextual datatable');
  }
  return failAt(node, `unsupported tabular expression: ${kindText(node)} '${shortText(node)}'`);
}

function translateExternalData(node: SNode): TabularNode {
  const props = new Map<string, string>();
  const w = opt.WithClause(node);
  for (const p of w ? list.Properties(w) : []) props.set(simpleName(req.Name(p)).toLowerCase(), req.Expression(p).toString().trim().replace(/^(['"])(.*)\1$/, '$2'));
  return {
    at: span(node),
    kind: 'externaldata',
    schema: outColumns(node),
    uris: list.URIs(node).map((u) => translateScalar(u)),
    format: (props.get('format') ?? 'csv').toLowerCase(),
    ignoreFirstRecord: (props.get('ignorefirstrecord') ?? '').toLowerCase() === 'true',
  };
}

function translateRange(node: SNode): TabularNode {
  return {
    at: span(node),
    kind: 'range',
    name: simpleName(opt.Name(node)),
    type: outColumns(node)[0]?.type ?? 'long',
    from: translateScalar(req.From(node)),
    to: translateScalar(req.To(node)),
    step: translateScalar(req.Step(node)),
  };
}

function translateName(node: SNode): TabularNode {
  const sym = node.ReferencedSymbol;
  return {
    at: span(node),
    kind: 'name',
    name: unquoteName(simpleName(node)),
    schema: outColumns(node),
    call: sym !== null && symbolKind(sym) === 'Function' ? translateCall(node) : undefined,
  };
}

/** A tabular function call (or a function named without arguments): its expansion and arguments. */
export function translateCall(node: SNode): TabularNode {
  const name = simpleName(nameOf(node) ?? node);
  if (name === 'materialize' || name === 'view') {
    return { at: span(node), kind: 'materialize', input: translateTabular(argumentNodes(node)[0]!) };
  }
  const expansion = expansionOf(node);
  return {
    at: span(node),
    kind: 'call',
    name,
    body: expansion ? translateBody(expansion) : null,
    params: expansion ? bindParams(node, 0) : [],
    args: argumentNodes(node).map((a) => translateScalar(a)),
    schema: outColumns(node),
  };
}

/** What a call passes for each of the function's parameters; `skip` leading ones are bound by the caller. */
export function bindParams(call: SNode, skip: number): ParamBinding[] {
  const out: ParamBinding[] = [];
  const args = argumentNodes(call);
  const params = signatureParams(call);
  for (let i = skip; i < params.length; i++) {
    const p = params[i]!;
    const a = args[i - skip];
    if (a) {
      const rt = a.ResultType;
      if (rt && symbolKind(rt) === 'Table') out.push({ kind: 'tabular', name: p.name, value: translateTabular(a) });
      else out.push({ kind: 'scalar', name: p.name, value: translateScalar(a), perRun: true });
    } else if (p.defaultValue) {
      out.push({ kind: 'scalar', name: p.name, value: translateScalar(p.defaultValue), perRun: false });
    }
  }
  return out;
}

export function translateSearch(op: SNode): SearchNode {
  const kind = paramValue(op, 'kind');
  return { caseSensitive: kind ? /case_sensitive/i.test(kind) : false, condition: translateScalar(req.Condition(op), true), out: outColumns(op) };
}

function translateSearchSource(op: SNode): TabularNode {
  const inClause = opt.InClause(op);
  const sources = inClause ? list.Expressions(inClause).map((e) => ({ name: simpleName(e), plan: translateTabular(e) })) : null;
  return { at: span(op), kind: 'search-source', search: translateSearch(op), sources };
}

/**
 * extend / project / print / serialize: each expression yields one column; names Kusto gave unnamed
 * expressions come from the bound result schema at execution.
 */
export function translateExtend(op: SNode, kind: 'extend' | 'project', serialize = false): ExtendNode {
  return { kind, serialize, items: list.Expressions(op).map(extendItem), out: outColumns(op) };
}

function extendItem(e: SNode): ExtendItem {
  const k = kindOf(e);
  if (k === 'SimpleNamedExpression') return { kind: 'named', name: simpleName(opt.Name(e)), expr: translateScalar(req.Expression(e)) };
  if (k === 'CompoundNamedExpression') {
    const names = list.Names(req.Names(e)).map((n) => simpleName(n));
    const x = req.Expression(e);
    return { kind: 'tuple', names, width: tupleWidth(x) ?? names.length, expr: translateScalar(x) };
  }
  if (k === 'NameReference') {
    const nm = opt.Name(e);
    if (nm && kindOf(nm) === 'WildcardedName') {
      const pat = nm.toString().trim();
      return { kind: 'wildcard', pattern: new RegExp('^' + pat.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$') };
    }
    return { kind: 'named', name: simpleName(e), expr: translateScalar(e) };
  }
  // An unnamed tuple-valued call spreads over the columns Kusto.Language named for it.
  const width = tupleWidth(e);
  if (width !== undefined) return { kind: 'tuple', names: [], width, expr: translateScalar(e) };
  return { kind: 'unnamed', expr: translateScalar(e) };
}

function tupleWidth(e: SNode): number | undefined {
  const rt = e.ResultType;
  return rt && symbolKind(rt) === 'Tuple' ? outColumns(e).length : undefined;
}

/** A sub-pipeline whose implicit input is supplied by the caller (mv-apply, partition). */
export function translateSub(node: SNode): TabularNode {
  const k = kindText(node);
  if (k === 'PipeExpression') {
    return { at: span(node), kind: 'pipe', input: translateSub(req.Expression(node)), op: translateOperator(req.Operator(node)), sub: true };
  }
  if (k.endsWith('Operator') && k !== 'PrintOperator' && k !== 'RangeOperator' && k !== 'UnionOperator') {
    return { at: span(node), kind: 'pipe', input: { at: span(node), kind: 'input' }, op: translateOperator(node), sub: true };
  }
  return translateTabular(node);
}
