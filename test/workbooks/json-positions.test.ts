import { describe, expect, it } from 'vitest';
import { parseJsonWithPositions } from '../../src/core/json-positions.js';

describe('parseJsonWithPositions', () => {
  it('parses like JSON.parse and maps every decoded character of a string to the text', () => {
    const text = '{\n  "a": [1, true, null, -2.5e3],\n  "q": "x\\"y\\u00e9\\n z"\n}';
    const parsed = parseJsonWithPositions(text);
    expect(parsed.value).toEqual(JSON.parse(text));
    const q = parsed.nodes.get('/q')!;
    expect(q.keyStart).toBe(text.indexOf('"q"'));
    // x, ", y, é, newline, space, z, then the closing quote.
    expect(q.charOffsets!.map((o) => text[o])).toEqual(['x', '\\', 'y', '\\', '\\', ' ', 'z', '"']);
    expect(parsed.nodes.get('/a/3')).toMatchObject({ start: text.indexOf('-2.5e3'), end: text.indexOf('-2.5e3') + 6 });
  });

  it('reports syntax errors with their offset: trailing commas, duplicate keys, raw newlines in strings', () => {
    expect(parseJsonWithPositions('[1, 2,]').error).toEqual({ offset: 6, message: "unexpected ']': expected a JSON value" });
    expect(parseJsonWithPositions('{"a": 1, "a": 2}').error).toEqual({ offset: 9, message: "duplicate key 'a'" });
    expect(parseJsonWithPositions('"a\nb"').error?.offset).toBe(2);
    expect(parseJsonWithPositions('{} x').error?.message).toBe("unexpected 'x' after the end of the JSON value");
  });
});
