// The translation stage for union (as a source and after a pipe): parameters, legs, wildcard matches.
import { type SNode, type SSymbol, type SList, columnsOf, kindOf, list, opt, outColumns, req, simpleName, symbolKind, unquoteName } from '../syntax.js';
import type { KType } from '../values.js';
import type { UnionLeg, UnionNode } from './nodes.js';
import { translateTabular } from './translate.js';

export function translateUnion(op: SNode, piped: boolean): UnionNode {
  let withSource: string | undefined;
  let kind = 'outer';
  let fuzzy = false;
  for (const p of list.Parameters(op)) {
    const n = simpleName(opt.Name(p)).toLowerCase();
    const v = req.Expression(p).toString().trim();
    if (n === 'withsource') withSource = v;
    if (n === 'kind') kind = v.toLowerCase();
    if (n === 'isfuzzy') fuzzy = v.toLowerCase() === 'true';
  }
  // withsource labels rows by argument position, as the real engine does for let-bound tables too.
  const legs = list.Expressions(op).map((e, i) => translateLeg(e, asName(e) ?? `union_arg${i + (piped ? 1 : 0)}`));
  return { withSource, kind, fuzzy, legs, out: outColumns(op) };
}

function translateLeg(e: SNode, label: string): UnionLeg {
  const wild = isWildcard(e);
  return {
    plan: wild ? null : translateTabular(e),
    wildcard: wild ? wildcardMembers(e).map((s) => ({ name: s.Name, schema: columnsOf(s).map((c) => ({ name: c.name, type: c.type as KType })) })) : null,
    resolvable: resolvable(e),
    label,
  };
}

/** The table or view a union leg reads from, past parentheses and pipes. */
function legSource(e: SNode): SNode {
  let n: SNode = e;
  for (;;) {
    const k = kindOf(n);
    if (k === 'ParenthesizedExpression' || k === 'PipeExpression') n = req.Expression(n);
    else return n;
  }
}

function isWildcard(n: SNode): boolean {
  return kindOf(n) === 'NameReference' && kindOf(req.Name(n)) === 'WildcardedName';
}

/** The names a wildcarded table reference matched (Kusto.Language resolves them to a group). */
function wildcardMembers(n: SNode): SSymbol[] {
  const sym = n.ReferencedSymbol as (SSymbol & { Members?: SList<SSymbol> }) | null;
  if (!sym) return [];
  if (symbolKind(sym) !== 'Group' || !sym.Members) return [sym];
  const out: SSymbol[] = [];
  for (let i = 0; i < sym.Members.Count; i++) out.push(sym.Members.getItem(i));
  return out.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** Whether the leg names something: decided here, or by whether a let binds the name. */
function resolvable(e: SNode): UnionLeg['resolvable'] {
  const src = legSource(e);
  if (isWildcard(src)) return wildcardMembers(src).length > 0;
  if (kindOf(src) !== 'NameReference' && kindOf(src) !== 'BracketedName') return true;
  return src.ReferencedSymbol !== null ? true : { ifBound: unquoteName(simpleName(src)) };
}

/** The name an `as` operator at the end of a union argument gives it. */
function asName(e: SNode): string | undefined {
  let n: SNode | null = e;
  while (n && kindOf(n) === 'ParenthesizedExpression') n = opt.Expression(n);
  if (!n || kindOf(n) !== 'PipeExpression') return undefined;
  const op = req.Operator(n);
  return kindOf(op) === 'AsOperator' ? simpleName(opt.Name(op)) : undefined;
}
