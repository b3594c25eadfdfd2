// The translation stage for the operators that reshape rows: mv-expand, parse, parse-where, parse-kv
// and scan.
import { type SNode, failAt, kindOf, kindText, list, opt, outColumns, paramValue, req, resultType, simpleName, span } from '../syntax.js';
import type { KType } from '../values.js';
import { literalValue } from './literals.js';
import type { MvExpandNode, OperatorNode, ParsePart } from './nodes.js';
import { translateScalar } from './translate-scalar.js';

export function translateMvExpand(op: SNode): OperatorNode {
  const limit = opt.RowLimitClause(op);
  const targets = list.Expressions(op).map((me): MvExpandNode['targets'][number] => {
    const e = req.Expression(me);
    const named = kindOf(e) === 'SimpleNamedExpression';
    return {
      name: named ? simpleName(opt.Name(e)) : '',
      column: kindOf(e) === 'NameReference' ? simpleName(e) : undefined,
      expr: translateScalar(named ? req.Expression(e) : e),
      to: opt.ToTypeOf(me) ? resultType(me) : 'dynamic',
    };
  });
  return {
    at: span(op),
    kind: 'mv-expand',
    bagArray: (paramValue(op, 'bagexpansion') ?? paramValue(op, 'kind') ?? 'bag').toLowerCase() === 'array',
    indexName: paramValue(op, 'with_itemindex'),
    limit: limit ? translateScalar(req.RowLimit(limit)) : undefined,
    targets,
    out: outColumns(op),
  };
}

export function translateParse(op: SNode, where: boolean): OperatorNode {
  return {
    at: span(op),
    kind: where ? 'parse-where' : 'parse',
    mode: (paramValue(op, 'kind') ?? 'simple').toLowerCase(),
    flags: paramValue(op, 'flags') ?? '',
    source: translateScalar(req.Expression(op)),
    pattern: list.Patterns(op).map(parsePart),
    out: outColumns(op),
  };
}

function parsePart(p: SNode): ParsePart {
  const k = kindOf(p);
  if (k === 'StringLiteralExpression' || k === 'CompoundStringLiteralExpression') return { kind: 'text', text: literalValue(p, 'string') as string };
  if (k === 'NameAndTypeDeclaration') {
    const name = req.Name(p);
    return { kind: 'capture', name: simpleName(name), type: resultType(name) };
  }
  if (k === 'NameDeclaration') return { kind: 'capture', name: simpleName(p), type: 'string' };
  if (k === 'StarExpression') return { kind: 'star' };
  return failAt(p, `unsupported parse pattern element: ${p.toString().trim()}`);
}

export function translateParseKv(op: SNode): OperatorNode {
  const keys = list.Columns(req.Keys(op)).map((c) => ({
    name: simpleName(opt.Name(c)).replace(/^\[\s*(['"])(.*)\1\s*\]$/, '$2'),
    type: resultType(req.Name(c)),
  }));
  if (!keys.length) return failAt(op, 'parse-kv without keys');
  const wc = opt.WithClause(op);
  let properties: Record<string, string> | null = null;
  if (wc) {
    properties = {};
    for (const p of list.Properties(wc)) {
      const v = req.Expression(p);
      properties[simpleName(opt.Name(p)).toLowerCase()] = kindText(v).includes('String') ? (literalValue(v, 'string') as string) : v.toString().trim();
    }
  }
  return { at: span(op), kind: 'parse-kv', source: translateScalar(req.Expression(op)), keys, properties };
}

export function translateScan(op: SNode): OperatorNode {
  const declarations = list.Declarations(req.DeclareClause(op)).map((d) => {
    const name = req.Name(req.NameAndType(d));
    const dv = opt.DefaultValue(d);
    const value = dv ? opt.Value(dv) : null;
    const type: KType = resultType(name);
    return { name: simpleName(name), type, defaultValue: value ? translateScalar(value) : undefined };
  });
  const steps = list.Steps(op);
  if (steps.length !== 1) return failAt(op, 'unsupported: scan with more than one step');
  const step = steps[0]!;
  const comp = opt.ComputationClause(step);
  return {
    at: span(op),
    kind: 'scan',
    declarations,
    step: simpleName(opt.Name(step)),
    condition: translateScalar(req.Condition(step)),
    assignments: comp ? list.Assignments(comp).map((a) => ({ name: simpleName(opt.Name(a)), expr: translateScalar(req.Expression(a)) })) : [],
  };
}
