// The translation stage for join and lookup: the kind, the equality keys of the on clause (each side's
// expression, `$left.a == $right.b` put in left/right order) and the result schema.
import { type SNode, child, kindName, listItems, outColumns, paramValue, simpleName, span } from '../syntax.js';
import type { JoinNode, OperatorNode, ScalarNode } from './nodes.js';
import { translateTabular } from './translate.js';
import { translateScalar } from './translate-scalar.js';

export function translateJoin(op: SNode, lookup: boolean): OperatorNode {
  const clause = child(op, lookup ? 'LookupClause' : 'ConditionClause');
  const conditions = clause ? listItems(clause, 'Expressions') : [];
  const node: JoinNode = {
    kind: 'join',
    right: translateTabular(child(op, 'Expression')!),
    lookup,
    joinKind: paramValue(op, 'kind'),
    keys: clause ? conditions.map(joinKey) : null,
    onNames: conditions.filter((e) => kindName(e) === 'NameReference').map((e) => simpleName(e)),
    out: outColumns(op),
  };
  return { at: span(op), ...node };
}

function joinKey(e: SNode): { left: ScalarNode; right: ScalarNode } {
  const k = kindName(e);
  if (k === 'NameReference') {
    const key = translateScalar(e);
    return { left: key, right: key };
  }
  if (k === 'EqualExpression') {
    const l = child(e, 'Left')!;
    const r = child(e, 'Right')!;
    const left = translateScalar(sideSelector(l));
    const right = translateScalar(sideSelector(r));
    return sideName(l) === '$right' && sideName(r) === '$left' ? { left: right, right: left } : { left, right };
  }
  const unsupported: ScalarNode = { at: span(e), kind: 'unsupported', message: `unsupported join condition: ${e.toString().trim()}` };
  return { left: unsupported, right: unsupported };
}

/** `$left` / `$right` of `$left.x`; '' for a bare column. */
function sideName(n: SNode): string {
  return kindName(n) === 'PathExpression' ? simpleName(child(n, 'Expression')) : '';
}

function sideSelector(n: SNode): SNode {
  return kindName(n) === 'PathExpression' ? child(n, 'Selector')! : n;
}
