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
  IsOpen?: boolean;
}

export interface SList<T> {
  Count: number;
  getItem(i: number): T;
}

export interface SNode {
  Kind: number;
  IsToken: boolean;
  ChildCount: number;
  GetChild(i: number): SNode | null;
  NameInParent: string | null;
  TextStart: number;
  Width: number;
  Text: string;
  ValueText: string;
  ResultType: SSymbol | null;
  ReferencedSymbol: SSymbol | null;
  toString(): string;
  [member: string]: unknown;
}

let kindNames: Map<number, string> | undefined;
let symbolKindNames: Map<number, string> | undefined;

function enumNames(e: unknown): Map<number, string> {
  const sys = (globalThis as unknown as { System: { Enum: { getName(t: unknown, v: number): string } } }).System;
  const m = new Map<number, string>();
  // Bridge enums are objects with numeric values plus metadata keys; getName is the reliable reverse map.
  for (const [k, v] of Object.entries(e as Record<string, unknown>)) {
    if (typeof v === 'number' && !k.startsWith('$')) m.set(v, sys.Enum.getName(e, v) ?? k);
  }
  return m;
}

export function kindName(n: SNode): string {
  if (!kindNames) kindNames = enumNames(kusto().Syntax.SyntaxKind);
  return kindNames.get(n.Kind) ?? String(n.Kind);
}

export function symbolKind(s: SSymbol): string {
  if (!symbolKindNames) symbolKindNames = enumNames(kusto().Symbols.SymbolKind);
  return symbolKindNames.get(s.Kind) ?? String(s.Kind);
}

export function child(n: SNode, name: string): SNode | null {
  const v = n[name];
  return (v ?? null) as SNode | null;
}

/** Items of a SyntaxList or SeparatedSyntaxList (separated items are unwrapped). */
export function items(list: unknown): SNode[] {
  if (!list) return [];
  const l = list as SList<SNode>;
  const out: SNode[] = [];
  for (let i = 0; i < l.Count; i++) {
    const it = l.getItem(i) as SNode & { Element?: SNode };
    const el = it && it.Element !== undefined ? it.Element : it;
    if (el) out.push(el);
  }
  return out;
}

export function listItems(n: SNode, name: string): SNode[] {
  return items(n[name]);
}

/** The kind of a node's parent ('' at the root). */
export function parentKind(n: SNode): string {
  const p = n['Parent'] as SNode | null | undefined;
  return p ? kindName(p) : '';
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
  const s = n['SimpleName'];
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

/** A call's argument expressions. */
export function argumentNodes(call: SNode): SNode[] {
  const al = child(call, 'ArgumentList');
  return al ? listItems(al, 'Expressions') : [];
}

/** The bound body of a call to a user function, view or stored function (null for built-ins). */
export function expansionOf(call: SNode): SNode | null {
  const f = call['GetExpansion'];
  return typeof f === 'function' ? ((f as () => SNode | null).call(call) ?? null) : null;
}

/** The parameters of the signature a call bound to. */
export function signatureParams(call: SNode): { name: string; defaultValue: SNode | null }[] {
  const sig = call['ReferencedSignature'] as { Parameters: SList<{ Name: string; DefaultValue?: SNode | null }> } | null;
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
  for (const p of listItems(op, 'Parameters')) {
    if (simpleName(child(p, 'Name')).toLowerCase() === name) return child(p, 'Expression')!.toString().trim();
  }
  return undefined;
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
