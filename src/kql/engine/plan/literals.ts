// Literal values read from their bound syntax: scalar literals and dynamic (JSON) literals, which KQL
// lets contain datetime(...), 'quotes' and the like.
import { markReals } from '../../json.js';
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

/** A real literal such as 42.0 stays a real inside the dynamic value (it prints as 42.0). */
function withReals<T extends object>(container: T, keys: string[]): T {
  return keys.length ? markReals(container, keys) : container;
}

/** Evaluates a dynamic literal from its JSON syntax. */
export function jsonValue(node: SNode): Dyn {
  const k = kindOf(node);
  if (k === 'DynamicExpression') {
    const e = opt.Expression(node);
    return e ? jsonValue(e) : null;
  }
  if (k === 'JsonArrayExpression') {
    const values = list.Values(node);
    return withReals(values.map(jsonValue), values.flatMap((v, i) => (resultType(v) === 'real' ? [String(i)] : [])));
  }
  if (k === 'JsonObjectExpression') {
    const o: { [key: string]: Dyn } = {};
    const reals: string[] = [];
    for (const p of list.Pairs(node)) {
      const name = opt.Name(p);
      const key = name ? (name.IsToken ? name.ValueText : (literalValue(name, 'string') as string)) : '';
      const value = req.Value(p);
      o[key] = jsonValue(value);
      if (resultType(value) === 'real') reals.push(key);
    }
    return withReals(o, reals);
  }
  if (k === 'NullLiteralExpression') return null;
  const t = resultType(node);
  const v = literalValue(node, t);
  if (typeof v === 'bigint' && t !== 'long') return toStr(v, t);
  return v as Dyn;
}
