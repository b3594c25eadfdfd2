// The translation stage for the operators that reshape rows: mv-expand, parse, parse-where, parse-kv
// and scan.
import { type SNode, child, failAt, kindName, listItems, outColumns, paramValue, resultType, simpleName, span } from '../syntax.js';
import type { KType } from '../values.js';
import { literalValue } from './literals.js';
import type { MvExpandNode, OperatorNode, ParsePart } from './nodes.js';
import { translateScalar } from './translate-scalar.js';

export function translateMvExpand(op: SNode): OperatorNode {
  const limit = child(op, 'RowLimitClause');
  const targets = listItems(op, 'Expressions').map((me): MvExpandNode['targets'][number] => {
    const e = child(me, 'Expression') ?? me;
    const named = kindName(e) === 'SimpleNamedExpression';
    return {
      name: named ? simpleName(child(e, 'Name')) : '',
      column: kindName(e) === 'NameReference' ? simpleName(e) : undefined,
      expr: translateScalar(named ? child(e, 'Expression')! : e),
      to: child(me, 'ToTypeOf') ? resultType(me) : 'dynamic',
    };
  });
  return {
    at: span(op),
    kind: 'mv-expand',
    bagArray: (paramValue(op, 'bagexpansion') ?? paramValue(op, 'kind') ?? 'bag').toLowerCase() === 'array',
    indexName: paramValue(op, 'with_itemindex'),
    limit: limit ? translateScalar(child(limit, 'RowLimit')!) : undefined,
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
    source: translateScalar(child(op, 'Expression')!),
    pattern: listItems(op, 'Patterns').map(parsePart),
    out: outColumns(op),
  };
}

function parsePart(p: SNode): ParsePart {
  const k = kindName(p);
  if (k === 'StringLiteralExpression' || k === 'CompoundStringLiteralExpression') return { kind: 'text', text: literalValue(p, 'string') as string };
  if (k === 'NameAndTypeDeclaration') {
    const name = child(p, 'Name')!;
    return { kind: 'capture', name: simpleName(name), type: resultType(name) };
  }
  if (k === 'NameDeclaration') return { kind: 'capture', name: simpleName(p), type: 'string' };
  if (k === 'StarExpression') return { kind: 'star' };
  return failAt(p, `unsupported parse pattern element: ${p.toString().trim()}`);
}

export function translateParseKv(op: SNode): OperatorNode {
  const keys = listItems(child(op, 'Keys') ?? op, 'Columns').map((c) => ({
    name: simpleName(child(c, 'Name')).replace(/^\[\s*(['"])(.*)\1\s*\]$/, '$2'),
    type: resultType(child(c, 'Name')!),
  }));
  if (!keys.length) return failAt(op, 'parse-kv without keys');
  const wc = child(op, 'WithClause');
  let properties: Record<string, string> | null = null;
  if (wc) {
    properties = {};
    for (const p of listItems(wc, 'Properties')) {
      const v = child(p, 'Expression')!;
      properties[simpleName(child(p, 'Name')).toLowerCase()] = kindName(v).includes('String') ? (literalValue(v, 'string') as string) : v.toString().trim();
    }
  }
  return { at: span(op), kind: 'parse-kv', source: translateScalar(child(op, 'Expression')!), keys, properties };
}

export function translateScan(op: SNode): OperatorNode {
  const declarations = listItems(child(op, 'DeclareClause')!, 'Declarations').map((d) => {
    const name = child(child(d, 'NameAndType')!, 'Name')!;
    const dv = child(d, 'DefaultValue');
    const value = dv ? child(dv, 'Value') : null;
    const type: KType = resultType(name);
    return { name: simpleName(name), type, defaultValue: value ? translateScalar(value) : undefined };
  });
  const steps = listItems(op, 'Steps');
  if (steps.length !== 1) return failAt(op, 'unsupported: scan with more than one step');
  const step = steps[0]!;
  const comp = child(step, 'ComputationClause');
  return {
    at: span(op),
    kind: 'scan',
    declarations,
    step: simpleName(child(step, 'Name')),
    condition: translateScalar(child(step, 'Condition')!),
    assignments: comp ? listItems(comp, 'Assignments').map((a) => ({ name: simpleName(child(a, 'Name')), expr: translateScalar(child(a, 'Expression')!) })) : [],
  };
}
