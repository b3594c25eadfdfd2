// The OData query options Graph's detectionRules list takes (reference §1 "Filtering and ordering"):
// $filter over the documented properties (eq, ne, gt, ge, lt, le, and, or, not, parentheses,
// startswith/endswith/contains), $orderby over its documented properties, $select, $skip and $count.
// A property Graph does not filter or order by is refused with 400, as the service does.
import { ArmError } from '../errors.js';
import type { JsonObject } from '../state.js';

const FILTERABLE = new Set([
  'id', 'displayName', 'description', 'createdBy', 'lastModifiedBy', 'status', 'createdDateTime', 'lastModifiedDateTime',
  'queryCondition/queryText', 'schedule/frequency',
  ...['title', 'description', 'category', 'recommendedActions', 'severity'].map((p) => `detectionAction/alertTemplate/${p}`),
]);
const ORDERABLE = new Set(['id', 'displayName', 'status', 'createdDateTime', 'lastModifiedDateTime', 'schedule/frequency', 'schedule/nextRunDateTime']);

type Value = string | number | boolean | null | undefined;
type Predicate = (rule: JsonObject) => boolean;

const badRequest = (message: string): ArmError => new ArmError(400, 'BadRequest', message);

/** The value at a `/`-separated property path. */
function at(rule: JsonObject, path: string): Value {
  let v: unknown = rule;
  for (const part of path.split('/')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Value);
}

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\()|(\))|(,)|(\d{4}-\d\d-\d\dT[\d:.]+Z?)|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w/]*))/y;

interface Token {
  kind: 'string' | 'open' | 'close' | 'comma' | 'literal' | 'name';
  text: string;
  value?: Value;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw badRequest(`Invalid $filter: syntax error at position ${start} in '${text}'.`);
    if (m[1]) out.push({ kind: 'string', text: m[1], value: m[1].slice(1, -1).replace(/''/g, "'") });
    else if (m[2]) out.push({ kind: 'open', text: '(' });
    else if (m[3]) out.push({ kind: 'close', text: ')' });
    else if (m[4]) out.push({ kind: 'comma', text: ',' });
    else if (m[5]) out.push({ kind: 'literal', text: m[5], value: new Date(m[5]).toISOString() });
    else if (m[6]) out.push({ kind: 'literal', text: m[6], value: Number(m[6]) });
    else out.push({ kind: 'name', text: m[7]! });
  }
  return out;
}

const COMPARE: Record<string, (a: Value, b: Value) => boolean> = {
  eq: (a, b) => norm(a) === norm(b),
  ne: (a, b) => norm(a) !== norm(b),
  gt: (a, b) => a != null && b != null && norm(a)! > norm(b)!,
  ge: (a, b) => a != null && b != null && norm(a)! >= norm(b)!,
  lt: (a, b) => a != null && b != null && norm(a)! < norm(b)!,
  le: (a, b) => a != null && b != null && norm(a)! <= norm(b)!,
};
const FUNCTIONS: Record<string, (a: string, b: string) => boolean> = {
  startswith: (a, b) => a.startsWith(b),
  endswith: (a, b) => a.endsWith(b),
  contains: (a, b) => a.includes(b),
};

/** Dates compare as instants, everything else as itself; a missing value is null. */
function norm(v: Value): Value {
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return v ?? null;
}

/** $filter as a predicate over a rule as Graph returns it. */
export function parseFilter(text: string): Predicate {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const word = (w: string): boolean => peek()?.kind === 'name' && peek()!.text.toLowerCase() === w;
  const expect = (kind: Token['kind']): Token => {
    const t = tokens[i++];
    if (t?.kind !== kind) throw badRequest(`Invalid $filter: expected ${kind === 'close' ? "')'" : kind === 'open' ? "'('" : kind} ${t ? `at '${t.text}'` : 'at the end'} in '${text}'.`);
    return t;
  };
  const property = (): string => {
    const name = expect('name').text;
    if (!FILTERABLE.has(name)) throw badRequest(`Invalid $filter: the property '${name}' cannot be filtered on (filterable: ${[...FILTERABLE].join(', ')}).`);
    return name;
  };
  const operand = (): ((r: JsonObject) => Value) => {
    const t = peek();
    const constant = t?.kind === 'string' || t?.kind === 'literal' ? t.value : t?.kind === 'name' && ['true', 'false', 'null'].includes(t.text) ? (JSON.parse(t.text) as Value) : undefined;
    if (t && (constant !== undefined || t.text === 'null')) {
      i++;
      return () => constant;
    }
    const path = property();
    return (r) => at(r, path);
  };
  const primary = (): Predicate => {
    if (peek()?.kind === 'open') {
      i++;
      const inner = or();
      expect('close');
      return inner;
    }
    if (word('not')) {
      i++;
      const inner = primary();
      return (r) => !inner(r);
    }
    const fn = peek()?.kind === 'name' ? FUNCTIONS[peek()!.text.toLowerCase()] : undefined;
    if (fn && tokens[i + 1]?.kind === 'open') {
      i += 2;
      const a = operand();
      expect('comma');
      const b = operand();
      expect('close');
      return (r) => {
        const [x, y] = [a(r), b(r)];
        return typeof x === 'string' && typeof y === 'string' && fn(x, y);
      };
    }
    const left = operand();
    const op = peek()?.kind === 'name' ? COMPARE[peek()!.text.toLowerCase()] : undefined;
    if (!op) throw badRequest(`Invalid $filter: expected a comparison (eq, ne, gt, ge, lt, le) ${peek() ? `at '${peek()!.text}'` : 'at the end'} in '${text}'.`);
    i++;
    const right = operand();
    return (r) => op(left(r), right(r));
  };
  const and = (): Predicate => {
    let p = primary();
    while (word('and')) {
      i++;
      const [l, r] = [p, primary()];
      p = (x) => l(x) && r(x);
    }
    return p;
  };
  const or = (): Predicate => {
    let p = and();
    while (word('or')) {
      i++;
      const [l, r] = [p, and()];
      p = (x) => l(x) || r(x);
    }
    return p;
  };
  const predicate = or();
  if (i < tokens.length) throw badRequest(`Invalid $filter: unexpected '${tokens[i]!.text}' in '${text}'.`);
  return predicate;
}

/** $orderby as a comparator: `path [asc|desc]`, comma-separated; missing values sort first. */
export function parseOrderBy(text: string): (a: JsonObject, b: JsonObject) => number {
  const keys = text.split(',').map((part) => {
    const [path, dir = 'asc', extra] = part.trim().split(/\s+/);
    if (!path || extra !== undefined || !['asc', 'desc'].includes(dir.toLowerCase())) throw badRequest(`Invalid $orderby '${text}': expected property [asc|desc], comma-separated.`);
    if (!ORDERABLE.has(path)) throw badRequest(`Invalid $orderby: the property '${path}' cannot be ordered by (orderable: ${[...ORDERABLE].join(', ')}).`);
    return { path, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { path, sign } of keys) {
      const [x, y] = [norm(at(a, path)), norm(at(b, path))];
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return (x! < y! ? -1 : 1) * sign;
    }
    return 0;
  };
}

/** $select: the named top-level properties (and always id). */
export function parseSelect(text: string): (rule: JsonObject) => JsonObject {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw badRequest(`Invalid $select '${text}'.`);
  return (rule) => Object.fromEntries(Object.entries(rule).filter(([k]) => k === 'id' || k === '@odata.type' || names.includes(k)));
}

export function nonNegativeInteger(name: string, text: string | null): number | undefined {
  if (text === null) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0) throw badRequest(`Invalid value '${text}' for ${name}: expected a non-negative integer.`);
  return n;
}
