// The one duration grammar (src/core/duration.ts): what it reads, what it refuses, the canonical ISO
// form the service writes back, and the schemas repeating it for editors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, ISO_DURATION_PATTERN, parseDuration } from '../../src/core/duration.js';

const ROOT = join(__dirname, '../..');

describe('parseDuration', () => {
  it.each([
    ['5m', 300_000, 'PT5M'],
    ['90m', 5_400_000, 'PT1H30M'],
    ['14d', 14 * 86_400_000, 'P14D'],
    ['1.5h', 5_400_000, 'PT1H30M'],
    ['30s', 30_000, 'PT30S'],
    ['100ms', 100, 'PT0.1S'],
    ['PT60M', 3_600_000, 'PT1H'],
    ['PT24H', 86_400_000, 'P1D'],
    ['P1DT12H', 36 * 3_600_000, 'P1DT12H'],
    ['PT1.5S', 1500, 'PT1.5S'],
    ['P0.5D', 43_200_000, 'PT12H'],
    ['PT0S', 0, 'PT0S'],
  ])('%s is %d ms, %s', (text, ms, iso) => {
    expect(parseDuration(text)).toMatchObject({ ms, iso });
  });

  it.each(['', '5', '1 hour', '1H', 'pt5m', '-5m', '00:05:00', 'P', 'PT', 'P1DT', 'P1M', 'P1Y', 'PT1H2', '1.00000001ms', '5 m'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('reads only the ISO 8601 form where the ARM API takes only that', () => {
    expect(parseDuration('PT5M', 'iso')?.ms).toBe(300_000);
    expect(parseDuration('5m', 'iso')).toBeUndefined();
  });

  it('is the grammar the JSON Schemas give editors', () => {
    const rule = readFileSync(join(ROOT, 'schemas/rule.schema.json'), 'utf8');
    const patterns = [...rule.matchAll(/"pattern": ("\^\(\?:\[0-9\]\+[^\n]*"),/g)].map((m) => JSON.parse(m[1]!));
    expect(patterns).toEqual([DURATION_PATTERN, DURATION_PATTERN, DURATION_PATTERN, DURATION_PATTERN]);
    const watchlist = JSON.parse(readFileSync(join(ROOT, 'schemas/watchlist.schema.json'), 'utf8'));
    expect(watchlist.properties.defaultDuration.pattern).toBe(ISO_DURATION_PATTERN);
    const all = new RegExp(DURATION_PATTERN);
    for (const text of ['5m', '1.5h', 'PT1.5S', 'P1DT12H', '-5m', '1H', 'P', 'PT1H2']) expect(all.test(text), text).toBe(parseDuration(text) !== undefined);
  });
});
