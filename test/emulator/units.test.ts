import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random.js';
import { parseJsonWithPositions, positionAt } from '../../src/core/json-positions.js';
import { lineStarts } from '../../src/render/source-map.js';

const syntaxErrorAt = (text: string) => {
  const e = parseJsonWithPositions(text).error;
  return e && positionAt(lineStarts(text), e.offset);
};

describe('JSON syntax error positions', () => {
  it.each([
    ['{"a":1,}', 1, 8],
    ['{\n "a": x\n}', 2, 7],
    ['{"a":1', 1, 7],
    ['[1, 2]\n  x', 2, 3],
    ['{"a":"\\q"}', 1, 7],
  ])('%j -> %i:%i', (text, line, column) => expect(syntaxErrorAt(text)).toEqual({ line, column }));

  it('undefined for valid JSON', () => expect(syntaxErrorAt('{"a":[1,2.5e3,true,null,"x\\u00e9"]}')).toBeUndefined());
});

describe('mulberry32', () => {
  it('is reproducible per seed and in [0,1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
