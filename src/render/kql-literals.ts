// Emitters of KQL literals for template values. Each returns text that Kusto parses as exactly one
// literal whose value is the input, whatever the input holds (quotes, backslashes, newlines, `|`, `//`):
// this, not escaping at the template level, is what makes rendered queries injection-safe.
import { parseDuration } from '../core/duration.js';

export class LiteralError extends Error {}

const TICKS_PER_MS = 10_000n;

function escapeChar(ch: string): string {
  switch (ch) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  const code = ch.charCodeAt(0);
  // Control characters, line/paragraph separators and lone surrogates are spelled as \uXXXX so the
  // literal stays on one line and survives any encoding of the file that carries it; so are the
  // private-use characters the renderer uses as position markers (render/source-map.ts).
  if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff) || (code >= 0xe000 && code <= 0xe002)) {
    return '\\u' + code.toString(16).padStart(4, '0');
  }
  return ch;
}

export function kqlString(value: unknown): string {
  if (typeof value !== 'string') throw new LiteralError(`kql-string expects a string, got ${describe(value)}`);
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    // A well-formed surrogate pair is one character; keep it as is.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i]! + value[i + 1]!;
        i++;
        continue;
      }
    }
    out += escapeChar(value[i]!);
  }
  return out + '"';
}

function jsonForKql(value: unknown, path: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return kqlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new LiteralError(`kql-dynamic: ${path} is not a finite number`);
    return String(value);
  }
  if (Array.isArray(value)) return '[' + value.map((v, i) => jsonForKql(v, `${path}[${i}]`)).join(', ') + ']';
  if (typeof value === 'object') {
    return (
      '{' +
      Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${kqlString(k)}: ${jsonForKql(v, `${path}.${k}`)}`)
        .join(', ') +
      '}'
    );
  }
  throw new LiteralError(`kql-dynamic: ${path} is ${describe(value)}, which has no JSON form`);
}

export function kqlDynamic(value: unknown): string {
  if (value === undefined) throw new LiteralError('kql-dynamic expects a value, got undefined');
  return `dynamic(${jsonForKql(value, 'value')})`;
}

/** A duration (`1h`, `PT1H`, `1.5h`, `14d`) as the shortest exact KQL timespan literal. */
export function kqlTimespan(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new LiteralError(`kql-timespan expects a duration like 1h or PT1H, got ${describe(value)}`);
  }
  const d = typeof value === 'number' ? undefined : parseDuration(value);
  if (!d) throw new LiteralError(`kql-timespan: '${String(value)}' is not a duration (expected e.g. 30s, 5m, 1h, 14d or PT1H)`);
  const ticks = d.ticks;
  const units: [bigint, string][] = [
    [864_000_000_000n, 'd'],
    [36_000_000_000n, 'h'],
    [600_000_000n, 'm'],
    [10_000_000n, 's'],
    [TICKS_PER_MS, 'ms'],
    [1n, 'tick'],
  ];
  if (ticks === 0n) return '0s';
  for (const [size, unit] of units) if (ticks % size === 0n) return `${ticks / size}${unit}`;
  return `${ticks}tick`;
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function kqlDatetime(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : value;
  if (typeof text !== 'string' || !ISO_DATETIME.test(text) || Number.isNaN(Date.parse(text))) {
    throw new LiteralError(`kql-datetime expects an ISO 8601 date or datetime, got ${describe(value)}`);
  }
  return `datetime(${text})`;
}

export function kqlInt(value: unknown): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new LiteralError(`kql-int expects an integer, got ${describe(value)}`);
  }
  return value > 2_147_483_647 || value < -2_147_483_648 ? `long(${value})` : String(value);
}

export function kqlBool(value: unknown): string {
  if (typeof value !== 'boolean') throw new LiteralError(`kql-bool expects true or false, got ${describe(value)}`);
  return value ? 'true' : 'false';
}

/** A bracket-quoted identifier: `['Name']`, valid for any column or table name. */
export function kqlIdent(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new LiteralError(`kql-ident expects a non-empty name, got ${describe(value)}`);
  }
  return `['${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[\u0000-\u001f\u2028\u2029\ue000-\ue002]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))}']`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
