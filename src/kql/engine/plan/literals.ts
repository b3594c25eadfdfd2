// Literal values read from their bound syntax: scalar literals and dynamic (JSON) literals, which KQL
// lets contain datetime(...), 'quotes' and the like.
import { toStr } from '../convert.js';
import { type SNode, failAt, kindOf, list, literalText, opt, req, resultType } from '../syntax.js';
import { type Long, longFromDigits, wrapLong } from '../long.js';
import { type Dyn, type KType, type Val, parseDatetime, parseGuid, parseJsonLoose, parseTimespan } from '../values.js';

export function literalValue(node: SNode, type: KType): Val {
  const text = literalText(node) ?? node.toString().trim();
  if (text === 'null' && type !== 'string') return null;
  switch (type) {
    case 'string': return text;
    case 'bool': return text.toLowerCase() === 'true';
    case 'int': case 'long': case 'real': case 'decimal': return numberLiteral(node, text, type);
    case 'datetime': return parseDatetime(text);
    case 'timespan': return parseTimespan(text);
    case 'guid': return parseGuid(text);
    case 'dynamic': return parseJsonLoose(text) as Val;
  }
}

function numberLiteral(node: SNode, text: string, type: KType): Long {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === '+inf' || t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (/^0x/i.test(t)) return type === 'long' ? wrapLong(BigInt(t)) : Number(BigInt(t));
  if (type !== 'long' || !/^[+-]?\d+$/.test(t)) return Number(t);
  // A long literal past 2^63-1 is an error in the real engine, even negated (-9223372036854775808).
  const v = longFromDigits(t);
  if (v === null) return failAt(node, `long literal out of range: ${t}`);
  return v;
}

/** Evaluates a dynamic literal from its JSON syntax. */
export function jsonValue(node: SNode): Dyn {
  const k = kindOf(node);
  if (k === 'DynamicExpression') {
    const e = opt.Expression(node);
    return e ? jsonValue(e) : null;
  }
  if (k === 'JsonArrayExpression') return list.Values(node).map(jsonValue);
  if (k === 'JsonObjectExpression') {
    const o: { [key: string]: Dyn } = {};
    for (const p of list.Pairs(node)) {
      const name = opt.Name(p);
      const key = name ? (name.IsToken ? name.ValueText : (literalValue(name, 'string') as string)) : '';
      o[key] = jsonValue(req.Value(p));
    }
    return o;
  }
  if (k === 'NullLiteralExpression') return null;
  const t = resultType(node);
  const v = literalValue(node, t);
  if (typeof v === 'bigint' && t !== 'long') return toStr(v, t);
  return v as Dyn;
}
