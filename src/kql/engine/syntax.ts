// A narrow, typed view of the Kusto.Language syntax tree: only the members the engine reads.
// Bridge.NET's generated typings are vast and overload-suffixed; casting once here keeps every other
// engine module strictly typed without touching them.
import { kusto } from '../kusto.js';
import { CompileError, type Span } from './errors.js';
import type { KType } from './values.js';

export interface SSymbol {
  Kind: number;
  Name: string;
  Type?: SSymbol | null;
  Columns?: SList<SSymbol>;
  /** A group symbol's members (the tables a wildcarded union leg matched). */
  Members?: SList<SSymbol>;
  IsOpen?: boolean;
}

export interface SList<T> {
  Count: number;
  getItem(i: number): T;
}

/** A syntax node. Its children are read only through the accessors below (req, opt, list). */
export interface SNode {
  Kind: number;
  IsToken: boolean;
  ChildCount: number;
  GetChild(i: number): SNode | null;
  TextStart: number;
  Width: number;
  /** A token's value text (IsToken). */
  ValueText: string;
  ResultType: SSymbol | null;
  ReferencedSymbol: SSymbol | null;
  toString(): string;
}

// ---------- kinds ----------

/** Every syntax kind the engine tells apart; checked against Kusto.Language's SyntaxKind on first use. */
const KINDS = [
  'AsOperator', 'BetweenExpression', 'BooleanLiteralExpression', 'BracketedExpression', 'BracketedName',
  'CompoundNamedExpression', 'CompoundStringLiteralExpression', 'ConsumeOperator', 'ContextualDataTableExpression',
  'CountOperator', 'DataTableExpression', 'DateTimeLiteralExpression', 'DecimalLiteralExpression', 'DistinctOperator',
  'DynamicExpression', 'ElementExpression', 'EqualExpression', 'EvaluateOperator', 'ExpressionStatement', 'ExternalDataExpression',
  'ExtendOperator', 'FilterOperator', 'FunctionCallExpression', 'FunctionDeclaration', 'GetSchemaOperator',
  'GuidLiteralExpression', 'HasAllExpression', 'HasAnyExpression', 'InCsExpression', 'InExpression',
  'IntLiteralExpression', 'InvokeOperator', 'JoinOperator', 'JsonArrayExpression', 'JsonObjectExpression',
  'LetStatement', 'LongLiteralExpression', 'LookupOperator', 'MakeSeriesFromToStepClause', 'MakeSeriesInRangeClause',
  'MakeSeriesOperator', 'MaterializeExpression', 'MvApplyOperator', 'MvExpandOperator', 'NameAndTypeDeclaration',
  'NameDeclaration', 'NameReference', 'NotBetweenExpression', 'NotInCsExpression', 'NotInExpression',
  'NullLiteralExpression', 'OrderedExpression', 'ParenthesizedExpression', 'ParseKvOperator', 'ParseOperator',
  'ParseWhereOperator', 'PartitionOperator', 'PartitionSubquery', 'PathExpression', 'PipeExpression', 'PrintOperator',
  'ProjectAwayOperator', 'ProjectKeepOperator', 'ProjectOperator', 'ProjectRenameOperator', 'ProjectReorderOperator',
  'QueryParametersStatement', 'RangeOperator', 'RealLiteralExpression', 'RenderOperator', 'SampleOperator',
  'ScanOperator', 'SearchExpression', 'SearchOperator', 'SerializeOperator', 'SetOptionStatement',
  'SimpleNamedExpression', 'SortOperator', 'StarExpression', 'StringLiteralExpression', 'SummarizeOperator',
  'TakeOperator', 'TimespanLiteralExpression', 'ToScalarExpression', 'ToTableExpression', 'TopNestedOperator',
  'TopOperator', 'TypeOfLiteralExpression', 'UnaryMinusExpression', 'UnaryPlusExpression', 'UnionOperator',
  'WildcardedName',
] as const;

/** A syntax kind the engine tells apart, or 'Other' (kindText names it). */
export type Kind = (typeof KINDS)[number] | 'Other';

const SYMBOL_KINDS = ['Column', 'Function', 'Group', 'Table', 'Tuple'] as const;
export type SymbolKind = (typeof SYMBOL_KINDS)[number] | 'Other';

let kindNames: Map<number, string> | undefined;
let symbolKindNames: Map<number, string> | undefined;
let operatorKindNames: Map<number, string> | undefined;
const knownKinds = new Set<string>(KINDS);
const knownSymbolKinds = new Set<string>(SYMBOL_KINDS);

function enumNames(e: unknown, expected: readonly string[], what: string): Map<number, string> {
  const sys = (globalThis as unknown as { System: { Enum: { getName(t: unknown, v: number): string } } }).System;
  const m = new Map<number, string>();
  // Bridge enums are objects with numeric values plus metadata keys; getName is the reliable reverse map.
  for (const [k, v] of Object.entries(e as Record<string, unknown>)) {
    if (typeof v === 'number' && !k.startsWith('$')) m.set(v, sys.Enum.getName(e, v) ?? k);
  }
  // A Kusto.Language upgrade that renames a kind the engine relies on fails every query loudly.
  const names = new Set(m.values());
  const missing = expected.filter((k) => !names.has(k));
  if (missing.length) throw new Error(`the engine does not support this Kusto.Language version: it has no ${what} ${missing.join(', ')}`);
  return m;
}

/** The node's kind name, as Kusto.Language spells it (for messages). */
export function kindText(n: SNode): string {
  kindNames ??= enumNames(kusto().Syntax.SyntaxKind, KINDS, 'syntax kind');
  return kindNames.get(n.Kind) ?? String(n.Kind);
}

export function kindOf(n: SNode): Kind {
  const k = kindText(n);
  return knownKinds.has(k) ? (k as Kind) : 'Other';
}

export function symbolKind(s: SSymbol): SymbolKind {
  symbolKindNames ??= enumNames(kusto().Symbols.SymbolKind, SYMBOL_KINDS, 'symbol kind');
  const k = symbolKindNames.get(s.Kind) ?? '';
  return knownSymbolKinds.has(k) ? (k as SymbolKind) : 'Other';
}

/** The name of Kusto.Language's OperatorKind a bound operator symbol has (Add, Equal, HasCs, ...). */
export function operatorKind(n: SNode): string | undefined {
  const sym = n.ReferencedSymbol as { OperatorKind?: number } | null;
  if (!sym || typeof sym.OperatorKind !== 'number') return undefined;
  operatorKindNames ??= enumNames(kusto().Symbols.OperatorKind, [], 'operator kind');
  return operatorKindNames.get(sym.OperatorKind) ?? String(sym.OperatorKind);
}

// ---------- children ----------

/** Every child the engine reads, by Kusto.Language's member name. */
const NODE_MEMBERS = [
  'ArgumentList', 'Arguments', 'Body', 'ByClause', 'ByExpression', 'ComputationClause', 'Condition', 'ConditionClause',
  'DeclareClause', 'DefaultExpression', 'DefaultValue', 'Element', 'Expression', 'First', 'From', 'Function',
  'FunctionCall', 'InClause', 'Keys', 'Left', 'LookupClause', 'MakeSeriesFromClause', 'MakeSeriesStepClause',
  'MakeSeriesToClause', 'Name', 'NameAndType', 'Names', 'OfExpression', 'OnClause', 'Operand', 'Operator', 'Ordering',
  'RangeClause', 'Right', 'RowLimit', 'RowLimitClause', 'Schema', 'Second', 'Selector', 'Step', 'Subquery', 'To', 'ToTypeOf',
  'Value', 'ValueClause', 'WithClause', 'WithOthersClause',
] as const;

const LIST_MEMBERS = [
  'Aggregates', 'Assignments', 'Clauses', 'Columns', 'Declarations', 'Expressions', 'Names', 'Pairs', 'Parameters',
  'Patterns', 'Properties', 'Statements', 'Steps', 'URIs', 'Values',
] as const;

function member(n: SNode, m: string): unknown {
  if (!(m in n)) return failAt(n, `the engine does not support this Kusto.Language version: a ${kindText(n)} has no ${m}`);
  return (n as unknown as Record<string, unknown>)[m];
}

function accessors<M extends string, R>(names: readonly M[], read: (n: SNode, m: M) => R): Record<M, (n: SNode) => R> {
  const out = {} as Record<M, (n: SNode) => R>;
  for (const m of names) out[m] = (n) => read(n, m);
  return out;
}

/** A child the construct always has: a missing one is a located compile error, never undefined. */
export const req = accessors(NODE_MEMBERS, (n, m): SNode => (member(n, m) as SNode | null) ?? failAt(n, `the engine does not support a ${kindText(n)} without ${m}`));

/** A child the query may leave out (a clause, an optional part): null when absent. */
export const opt = accessors(NODE_MEMBERS, (n, m): SNode | null => (member(n, m) as SNode | null | undefined) ?? null);

/** The items of a list child (separated items unwrapped). */
export const list = accessors(LIST_MEMBERS, (n, m): SNode[] => items(member(n, m)));

/** Items of a SyntaxList or SeparatedSyntaxList (separated items are unwrapped). */
function items(l: unknown): SNode[] {
  if (!l) return [];
  const sl = l as SList<SNode & { Element?: SNode }>;
  const out: SNode[] = [];
  for (let i = 0; i < sl.Count; i++) {
    const it = sl.getItem(i);
    const el = it && it.Element !== undefined ? it.Element : it;
    if (el) out.push(el);
  }
  return out;
}

/** Left and right operands of a node that has both and an operator token (a binary expression); else null. */
export function binaryOperands(n: SNode): { left: SNode; right: SNode } | null {
  const r = n as unknown as { Left?: SNode | null; Right?: SNode | null; Operator?: SNode | null };
  return r.Left && r.Right && r.Operator ? { left: r.Left, right: r.Right } : null;
}

/** The Name child of a node that has one (a call, a name reference), else null. */
export function nameOf(n: SNode): SNode | null {
  return (n as unknown as { Name?: SNode | null }).Name ?? null;
}

/** The left operand of any node that has one (binary, in, between, has_any), else null. */
export function leftOperand(n: SNode): SNode | null {
  return (n as unknown as { Left?: SNode | null }).Left ?? null;
}

/** A literal's value text as Kusto.Language decoded it (escapes resolved), if it has one. */
export function literalText(n: SNode): string | null {
  const info = (n as unknown as { LiteralValueInfo?: { ValueText: string } | null }).LiteralValueInfo;
  return info ? info.ValueText : null;
}

/** The innermost node at a text position, then its ancestors up to the root. */
export function* nodesAt(root: SNode, pos: number): Generator<SNode> {
  const r = root as unknown as { GetNodeAt(p: number, l: number): SNode | null };
  let n = r.GetNodeAt(pos, 0);
  while (n) {
    yield n;
    n = parentOf(n);
  }
}

export function parentOf(n: SNode): SNode | null {
  return (n as unknown as { Parent?: SNode | null }).Parent ?? null;
}

/** The columns of the table a pipe operator reads: its pipe's left side, as bound. */
export function pipeInput(op: SNode): { name: string; type: string }[] {
  const p = parentOf(op);
  return p && kindOf(p) === 'PipeExpression' ? columnsOf(req.Expression(p).ResultType) : [];
}

/** The kind of a node's parent ('Other' at the root). */
export function parentKind(n: SNode): Kind {
  const p = parentOf(n);
  return p ? kindOf(p) : 'Other';
}

export function columnsOf(sym: SSymbol | null): { name: string; type: string }[] {
  if (!sym || !sym.Columns) return [];
  const out: { name: string; type: string }[] = [];
  for (let i = 0; i < sym.Columns.Count; i++) {
    const c = sym.Columns.getItem(i);
    out.push({ name: c.Name, type: c.Type?.Name ?? 'dynamic' });
  }
  return out;
}

export function simpleName(n: SNode | null): string {
  if (!n) return '';
  const s = (n as unknown as { SimpleName?: unknown }).SimpleName;
  return typeof s === 'string' ? s : n.toString().trim();
}

/** Where a node is in the query text. */
export function span(n: SNode): Span {
  return { start: n.TextStart, width: n.Width };
}

/** A compile error located at a node. */
export function failAt(n: SNode, message: string): never {
  throw new CompileError(message, n.TextStart, n.Width);
}

// ---------- typed accessors over bound nodes (used by the translation stage) ----------

const KTYPES = new Set(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic']);

/** The columns of a node's bound (tabular or tuple) result type, in the engine's types. */
export function outColumns(node: SNode): { name: string; type: KType }[] {
  return columnsOf(node.ResultType).map((c) => ({ name: c.name, type: KTYPES.has(c.type) ? (c.type as KType) : 'dynamic' }));
}

/** A call's argument expressions (none for a function named without arguments). */
export function argumentNodes(call: SNode): SNode[] {
  // A function named without arguments is a NameReference.
  return kindOf(call) === 'FunctionCallExpression' ? list.Expressions(req.ArgumentList(call)) : [];
}

/** The bound body of a call to a user function, view or stored function (null for built-ins). */
export function expansionOf(call: SNode): SNode | null {
  const f = (call as unknown as { GetExpansion?: () => SNode | null }).GetExpansion;
  return typeof f === 'function' ? (f.call(call) ?? null) : null;
}

/** The parameters of the signature a call bound to. */
export function signatureParams(call: SNode): { name: string; defaultValue: SNode | null }[] {
  const sig = (call as unknown as { ReferencedSignature?: { Parameters: SList<{ Name: string; DefaultValue?: SNode | null }> } | null }).ReferencedSignature;
  if (!sig) return [];
  const out: { name: string; defaultValue: SNode | null }[] = [];
  for (let i = 0; i < sig.Parameters.Count; i++) {
    const p = sig.Parameters.getItem(i);
    out.push({ name: p.Name, defaultValue: p.DefaultValue ?? null });
  }
  return out;
}

/** The text of an operator's `name=value` parameter (kind=inner, isfuzzy=true, ...), if given. */
export function paramValue(op: SNode, name: string): string | undefined {
  for (const p of list.Parameters(op)) {
    if (simpleName(req.Name(p)).toLowerCase() === name) return req.Expression(p).toString().trim();
  }
  return undefined;
}

/** A node's text on one line, cut to 60 characters (for messages). */
export function shortText(node: SNode): string {
  const s = node.toString().trim().replace(/\s+/g, ' ');
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** `['name']` / `["name"]` -> name. */
export function unquoteName(s: string): string {
  return s.replace(/^\[['"]|['"]\]$/g, '');
}

/** A node's bound scalar result type in the engine's types (Kusto.Language's aliases folded). */
export function resultType(node: SNode): KType {
  const n = node.ResultType?.Name;
  switch (n) {
    case 'bool': case 'int': case 'long': case 'real': case 'decimal': case 'string':
    case 'datetime': case 'timespan': case 'guid': case 'dynamic':
      return n;
    case 'boolean': return 'bool';
    case 'double': return 'real';
    case 'date': return 'datetime';
    case 'time': return 'timespan';
    case 'uniqueid': return 'guid';
    default: return 'dynamic';
  }
}
