// A JSON parser that remembers where every value is. Workbook templates are JSON files; problems inside
// them (a template error in a string, a KQL diagnostic in a query) must point at a line and column, and a
// query's characters must map back through JSON escapes (`\"`, `\n`) to the file.
import type { Json } from './json.js';
import { toPointer } from './yaml.js';

export interface JsonNode {
  /** Offset of the value's first character (the opening quote of a string). */
  start: number;
  end: number;
  /** Offset of the key, for members of objects. */
  keyStart?: number;
  /** Strings only: offset in the text of each decoded character, plus one past the last. */
  charOffsets?: number[];
}

export interface ParsedJson {
  value?: Json;
  /** Every value by JSON pointer ('' is the root). */
  nodes: Map<string, JsonNode>;
  error?: { offset: number; message: string };
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonWithPositions(text: string): ParsedJson {
  const nodes = new Map<string, JsonNode>();
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };
  const describeHere = (): string => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);

  const str = (): { value: string; offsets: number[] } => {
    const offsets: number[] = [];
    let value = '';
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const ch = text[i]!;
      if (ch === '"') {
        offsets.push(i);
        i++;
        return { value, offsets };
      }
      if (ch.charCodeAt(0) < 0x20) fail('control character in a string (write it as an escape such as \\n)');
      offsets.push(i);
      if (ch === '\\') {
        const next = text[i + 1] ?? '';
        if (next === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape');
          value += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (next in ESCAPES) {
          value += ESCAPES[next]!;
          i += 2;
        } else {
          fail(`invalid escape '\\${next}'`);
        }
        continue;
      }
      value += ch;
      i++;
    }
  };

  const val = (path: (string | number)[], keyStart?: number): Json => {
    ws();
    const start = i;
    const node: JsonNode = { start, end: start, ...(keyStart !== undefined ? { keyStart } : {}) };
    nodes.set(toPointer(path), node);
    let result: Json;
    const ch = text[i];
    if (ch === '{') {
      i++;
      const obj: { [key: string]: Json } = {};
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          if (text[i] !== '"') fail(`expected a key in double quotes, found ${describeHere()}`);
          const kStart = i;
          const key = str().value;
          if (Object.prototype.hasOwnProperty.call(obj, key)) {
            i = kStart;
            fail(`duplicate key '${key}'`);
          }
          ws();
          if (text[i] !== ':') fail(`expected ':' after the key, found ${describeHere()}`);
          i++;
          obj[key] = val([...path, key], kStart);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail(`expected ',' or '}', found ${describeHere()}`);
        }
      }
      result = obj;
    } else if (ch === '[') {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          arr.push(val([...path, arr.length]));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail(`expected ',' or ']', found ${describeHere()}`);
        }
      }
      result = arr;
    } else if (ch === '"') {
      const s = str();
      node.charOffsets = s.offsets;
      result = s.value;
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail(`unexpected ${describeHere()}: expected a JSON value`);
      i += m![0].length;
      result = JSON.parse(m![0]) as Json;
    }
    node.end = i;
    return result;
  };

  try {
    const value = val([]);
    ws();
    if (i < text.length) fail(`unexpected ${describeHere()} after the end of the JSON value`);
    return { value, nodes };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { nodes, error: { offset: e.offset, message: e.message } };
    throw e;
  }
}

/** 1-based line and column of an offset. */
export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
