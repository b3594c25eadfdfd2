// A narrow, typed view of the Kusto.Language syntax tree: only the members the engine reads.
// Bridge.NET's generated typings are vast and overload-suffixed; casting once here keeps every other
// engine module strictly typed without touching them.
import { kusto } from '../kusto.js';

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
