// The translation stage for join and lookup: the kind, the equality keys of the on clause (each side's
// expression, `$left.a == $right.b` put in left/right order) and the result schema.
import { type SNode, kindOf, list, opt, outColumns, paramValue, req, simpleName, span } from '../syntax.js';
import type { JoinNode, OperatorNode, ScalarNode } from './nodes.js';
import { translateTabular } from './translate.js';
import { translateScalar } from './translate-scalar.js';

export function translateJoin(op: SNode, lookup: boolean): OperatorNode {
  const clause = lookup ? opt.LookupClause(op) : opt.ConditionClause(op);
  const conditions = clause ? list.Expressions(clause) : [];
  const node: JoinNode = {
    kind: 'join',
    right: translateTabular(req.Expression(op)),
    lookup,
    joinKind: paramValue(op, 'kind'),
    keys: clause ? conditions.map(joinKey) : null,
    onNames: conditions.filter((e) => kindOf(e) === 'NameReference').map((e) => simpleName(e)),
    out: outColumns(op),
  };
  return { at: span(op), ...node };
}

function joinKey(e: SNode): { left: ScalarNode; right: ScalarNode } {
  const k = kindOf(e);
  if (k === 'NameReference') {
    const key = translateScalar(e);
    return { left: key, right: key };
  }
  if (k === 'EqualExpression') {
    const l = req.Left(e);
    const r = req.Right(e);
    const left = translateScalar(sideSelector(l));
    const right = translateScalar(sideSelector(r));
    return sideName(l) === '$right' && sideName(r) === '$left' ? { left: right, right: left } : { left, right };
  }
  const unsupported: ScalarNode = { at: span(e), kind: 'unsupported', message: `unsupported join condition: ${e.toString().trim()}` };
  return { left: unsupported, right: unsupported };
}

/** `$left` / `$right` of `$left.x`; '' for a bare column. */
function sideName(n: SNode): string {
  return kindOf(n) === 'PathExpression' ? simpleName(opt.Expression(n)) : '';
}

function sideSelector(n: SNode): SNode {
  return kindOf(n) === 'PathExpression' ? req.Selector(n) : n;
}
