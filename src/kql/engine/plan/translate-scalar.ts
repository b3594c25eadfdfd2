// The translation stage for scalar expressions: Kusto.Language's bound expression tree -> ScalarNode.
// Kinds, operators, names and types are read here (from the bound symbols, never re-parsed text), so
// compile/expressions.ts dispatches on the plan's own kinds.
import { CompileError } from '../errors.js';
import { builtinFunctions } from '../functions/index.js';
import { type Kind, type SNode, argumentNodes, binaryOperands, expansionOf, kindOf, kindText, leftOperand, list, literalText, nameOf, operatorKind, opt, parentKind, req, resultType, shortText, simpleName, span, symbolKind } from '../syntax.js';
import type { KType } from '../values.js';
import { jsonValue, literalValue } from './literals.js';
import type { ScalarBody, ScalarNode, ValueList } from './nodes.js';
import { bindParams, translateLet, translateTabular } from './translate.js';

/** `search`: inside a search predicate, where bare strings are terms matched against every column. */
export function translateScalar(node: SNode, search = false): ScalarNode {
  const k = kindOf(node);
  const type = resultType(node);
  const tr = (n: SNode): ScalarNode => translateScalar(n, search);
  if (search || k === 'SearchExpression') {
    const s = searchPart(node, k, type, search);
    if (s) return s;
  }
  const left = leftOperand(node);
  if (k !== 'StarExpression' && left && kindOf(left) === 'StarExpression') {
    return { at: span(node), kind: 'star-predicate', op: opName(node), right: tr(req.Right(node)) };
  }
  switch (k) {
    case 'ParenthesizedExpression': case 'UnaryPlusExpression': case 'SimpleNamedExpression':
      return tr(req.Expression(node));
    case 'LongLiteralExpression': case 'IntLiteralExpression': case 'RealLiteralExpression':
    case 'DecimalLiteralExpression': case 'StringLiteralExpression': case 'BooleanLiteralExpression':
    case 'DateTimeLiteralExpression': case 'TimespanLiteralExpression': case 'GuidLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return literal(node, type);
    case 'NullLiteralExpression':
      return { at: span(node), kind: 'literal', type: 'dynamic', value: null, isNull: true };
    case 'DynamicExpression':
      return { at: span(node), kind: 'literal', type: 'dynamic', value: jsonValue(node), isNull: false };
    case 'TypeOfLiteralExpression':
      // typeof(int) as an argument (extract's result type): the call's bound result type carries it.
      return { at: span(node), kind: 'literal', type: 'string', value: node.toString().trim(), isNull: false };
    case 'NameReference': case 'BracketedName':
      return translateName(node, type);
    case 'UnaryMinusExpression':
      return { at: span(node), kind: 'negate', expr: tr(req.Expression(node)), type };
    case 'PathExpression':
      return translatePath(node, type, search);
    case 'ElementExpression':
      return translateElement(node, search);
    case 'FunctionCallExpression':
      return translateCall(node, type, search);
    case 'BetweenExpression': case 'NotBetweenExpression': {
      const couple = req.Right(node);
      return {
        at: span(node), kind: 'between', negate: k === 'NotBetweenExpression',
        value: tr(req.Left(node)), lo: tr(req.First(couple)), hi: tr(req.Second(couple)),
      };
    }
    case 'InExpression': case 'InCsExpression': case 'NotInExpression': case 'NotInCsExpression':
      // Kusto.Language names `in~` InCs (sic); the case-insensitive form is the *Cs kind.
      return {
        at: span(node), kind: 'in', negate: k.startsWith('Not'), ci: k.endsWith('InCsExpression'),
        left: tr(req.Left(node)), list: valueList(req.Right(node), search),
      };
    case 'HasAnyExpression': case 'HasAllExpression':
      return { at: span(node), kind: 'has-any', all: k === 'HasAllExpression', left: tr(req.Left(node)), list: valueList(req.Right(node), search) };
    case 'ToScalarExpression':
      return toScalar(node, req.Expression(node), type, search);
    case 'StarExpression':
      return { at: span(node), kind: 'star' };
  }
  const operands = binaryOperands(node);
  if (node.ResultType && operands) {
    return { at: span(node), kind: 'binary', op: opName(node), left: tr(operands.left), right: tr(operands.right), type };
  }
  return unsupported(node, `unsupported expression: ${kindText(node)} '${shortText(node)}'`);
}

function unsupported(node: SNode, message: string): ScalarNode {
  return { at: span(node), kind: 'unsupported', message };
}

function literal(node: SNode, type: KType): ScalarNode {
  try {
    const value = literalValue(node, type);
    return { at: span(node), kind: 'literal', type, value, isNull: value === null };
  } catch (e) {
    // An invalid literal (a long out of range) is an error where it is compiled, not where it is read.
    if (e instanceof CompileError) return unsupported(node, e.message);
    throw e;
  }
}

function searchPart(node: SNode, k: Kind, type: KType, search: boolean): ScalarNode | undefined {
  if (search && type === 'bool' && node.ResultType && /LiteralExpression$/.test(kindText(node)) && k !== 'BooleanLiteralExpression') {
    return { at: span(node), kind: 'term', text: literalText(node) ?? node.toString().trim() };
  }
  if (k === 'SearchExpression') {
    return { at: span(node), kind: 'search-has', left: translateScalar(req.Left(node), search), term: literalValue(req.Right(node), 'string') as string };
  }
  if (search && k === 'FunctionCallExpression' && simpleName(opt.Name(node)) === 'not') {
    const a = argumentNodes(node)[0];
    if (a && kindOf(a) === 'StringLiteralExpression') {
      const term: ScalarNode = { at: span(a), kind: 'term', text: literalValue(a, 'string') as string };
      return { at: span(node), kind: 'call', name: 'not', type: 'bool', args: [term], nullArgs: [false], named: false };
    }
  }
  return undefined;
}

/** A name: a column of the row, or a let/parameter (or function) resolved in scope at compile time. */
function translateName(node: SNode, type: KType): ScalarNode {
  const sym = node.ReferencedSymbol;
  const name = sym?.Name ?? simpleName(node);
  const sk = sym ? symbolKind(sym) : 'Column';
  if (sk === 'Column') return { at: span(node), kind: 'column', name, type };
  const call = sk === 'Function' ? translateCall(node, type, false) : undefined;
  return call ? { at: span(node), kind: 'name', name, type, call } : { at: span(node), kind: 'name', name, type };
}

function translatePath(node: SNode, type: KType, search: boolean): ScalarNode {
  const base = req.Expression(node);
  const sel = req.Selector(node);
  // x.[expr] selects by a computed key, as x[expr] does.
  if (kindOf(sel) === 'BracketedExpression') return translateElement(node, search);
  const bs = base.ReferencedSymbol;
  if (bs && (symbolKind(bs) === 'Table' || symbolKind(bs) === 'Tuple')) return translateName(sel, type);
  const key = simpleName(sel).replace(/^\[['"]?|['"]?\]$/g, '');
  const baseName = kindOf(base) === 'NameReference' ? simpleName(base) : '';
  return { at: span(node), kind: 'member', base: translateScalar(base, search), key, baseName, type };
}

function translateElement(node: SNode, search: boolean): ScalarNode {
  const sel = req.Selector(node);
  return { at: span(node), kind: 'element', base: translateScalar(req.Expression(node), search), index: translateScalar(req.Expression(sel), search) };
}

function isTable(n: SNode): boolean {
  const t = n.ResultType;
  return t !== null && symbolKind(t) === 'Table';
}

function toScalar(node: SNode, e: SNode, type: KType, search: boolean): ScalarNode {
  const at = span(node);
  if (isTable(e)) return { at, kind: 'to-scalar', type, query: translateTabular(e) };
  return { at, kind: 'hoist', type, expr: translateScalar(e, search) };
}

/** The right side of in / has_any: literals, dynamic arrays, or a sub-query's first column. */
function valueList(listNode: SNode, search: boolean): ValueList {
  const exprs = list.Expressions(listNode);
  const nodes = exprs.length ? exprs : [listNode];
  return {
    listed: exprs.length > 0,
    items: nodes.map((e) => (isTable(e) ? { kind: 'tabular', query: translateTabular(e) } : { kind: 'scalar', expr: translateScalar(e, search) })),
  };
}

function translateCall(node: SNode, type: KType, search: boolean): ScalarNode {
  // A function named without arguments may be a bracketed name, which has no Name child.
  const name = simpleName(nameOf(node) ?? node);
  const args = argumentNodes(node);
  const expansion = expansionOf(node);
  // A call Kusto.Language bound to a user function has an expansion; a let never shadows a built-in.
  if (expansion && !builtinFunctions[name]) {
    return { at: span(node), kind: 'user-call', name, type, args: args.map((a) => translateScalar(a, search)), params: bindParams(node, 0), body: scalarBody(expansion, search) };
  }
  if (name === 'toscalar' && args[0]) return toScalar(node, args[0], type, search);
  const iff = name === 'iff' || name === 'iif';
  return {
    at: span(node), kind: 'call', name, type,
    args: args.map((a) => translateScalar(a, search)),
    nullArgs: args.map((a) => iff && (kindOf(a) === 'NullLiteralExpression' || a.toString().trim().endsWith('(null)'))),
    named: parentKind(node) === 'SimpleNamedExpression',
  };
}

function scalarBody(body: SNode, search: boolean): ScalarBody {
  const lets = list.Statements(body).filter((s) => kindOf(s) === 'LetStatement').map(translateLet);
  const e = opt.Expression(body);
  return { lets, expr: e ? translateScalar(e, search) : null };
}

function opName(node: SNode): string {
  return operatorKind(node) ?? kindText(node).replace(/Expression$/, '');
}
