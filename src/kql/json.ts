// JSON text for values that may hold exact 64-bit longs (bigint), which JSON.stringify refuses and
// JSON.parse rounds: Kusto's long is exact, and so must be its JSON (run --format json, parse_json).

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
const BIG_MARK = '\u0000long:';
const BIG_TEXT = /"\\u0000long:(-?\d+)"/g;

/**
 * JSON text of a value that may hold exact longs (bigint), written with all their digits, which
 * JSON.stringify cannot do: each bigint goes out as a marked string, and the marks are unquoted after.
 */
export function jsonText(v: unknown, replace?: (x: unknown) => unknown, space?: number | string): string {
  if (!replace) {
    // Most values hold no bigint: the plain (several times faster) stringify, which throws on one.
    try {
      return JSON.stringify(v, undefined, space);
    } catch {
      // a bigint: the marking pass below
    }
  }
  let big = false;
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') {
      big = true;
      return BIG_MARK + x;
    }
    return replace ? replace(x) : x;
  }, space);
  return big ? text.replace(BIG_TEXT, '$1') : text;
}

/** A number token of JSON text, or a string token (skipped whole so digits inside it are left alone). */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![.eE\d])/g;

/**
 * JSON.parse, keeping integers outside the safe range exact (a bigint long; beyond 64 bits a real, as
 * the real engine reads them). Only text with a run of 16 digits takes the slow path.
 */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  const marked = text.replace(JSON_TOKEN, (tok) => (tok.startsWith('"') ? tok : `"\\u0000long:${tok}"`));
  return JSON.parse(marked, (_k, x: unknown) => {
    if (typeof x !== 'string' || !x.startsWith(BIG_MARK)) return x;
    const b = BigInt(x.slice(BIG_MARK.length));
    return b > LONG_MAX || b < LONG_MIN || Number.isSafeInteger(Number(b)) ? Number(b) : b;
  });
}
