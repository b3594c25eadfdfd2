// Literal values read from their bound syntax: scalar literals and dynamic (JSON) literals, which KQL
// lets contain datetime(...), 'quotes' and the like.
import { toStr } from '../convert.js';
import { type SNode, child, failAt, kindName, listItems, resultType } from '../syntax.js';
import { type Dyn, type KType, type Val, parseDatetime, parseGuid, parseJsonLoose, parseTimespan } from '../values.js';

export function literalValue(node: SNode, type: KType): Val {
  const info = node['LiteralValueInfo'] as { ValueText: string } | null;
  const text = info ? info.ValueText : node.toString().trim();
  if (text === 'null' && type !== 'string') return null;
  switch (type) {
    case 'string': return text;
    case 'bool': return text.toLowerCase() === 'true';
    case 'int': case 'long': case 'real': case 'decimal': return numberLiteral(node, text);
    case 'datetime': return parseDatetime(text);
    case 'timespan': return parseTimespan(text);
    case 'guid': return parseGuid(text);
    case 'dynamic': return parseJsonLoose(text) as Val;
  }
}

function numberLiteral(node: SNode, text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === '+inf' || t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (/^0x/i.test(t)) return Number(BigInt(t));
  // A long literal past 2^63-1 is an error in the real engine, even negated (-9223372036854775808).
  if (kindName(node) === 'LongLiteralExpression' && /^\+?\d+$/.test(t) && BigInt(t) > 9223372036854775807n) {
    return failAt(node, `long literal out of range: ${t}`);
  }
  return Number(t);
}

/** Evaluates a dynamic literal from its JSON syntax. */
export function jsonValue(node: SNode): Dyn {
  const k = kindName(node);
  if (k === 'DynamicExpression') {
    const e = child(node, 'Expression');
    return e ? jsonValue(e) : null;
  }
  if (k === 'JsonArrayExpression') return listItems(node, 'Values').map(jsonValue);
  if (k === 'JsonObjectExpression') {
    const o: { [key: string]: Dyn } = {};
    for (const p of listItems(node, 'Pairs')) {
      const name = child(p, 'Name');
      const key = name ? (name.IsToken ? name.ValueText : (literalValue(name, 'string') as string)) : '';
      o[key] = jsonValue(child(p, 'Value')!);
    }
    return o;
  }
  if (k === 'NullLiteralExpression') return null;
  const t = resultType(node);
  const v = literalValue(node, t);
  if (typeof v === 'bigint') return toStr(v, t);
  return v as Dyn;
}
