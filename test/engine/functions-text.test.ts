// Text functions beyond the documentation's examples (test/data/engine-docs): their bad input and
// their fallbacks.
import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { WireValue } from '../../src/kql/table.js';

function value(kql: string): WireValue {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  return query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' }).rows[0]![0]!;
}

describe('parse_user_agent', () => {
  it('is Other with empty versions for an agent no rule knows', () => {
    expect(value('print parse_user_agent("x", dynamic(["browser", "device"]))')).toEqual({
      Browser: { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '' }, Device: { Family: 'Other', Brand: '', Model: '' },
    });
  });

  it('rejects an unknown look-for target, naming the accepted ones', () => {
    expect(() => value('print parse_user_agent("x", "cpu")')).toThrow(/parse_user_agent\(\): look-for must be "browser", "os" or "device"/);
  });
});

describe('parse_version and format_bytes', () => {
  it('parse_version is null for more than four parts, a part of nine digits, or text', () => {
    expect([value('print parse_version("1.2.3.4.5")'), value('print parse_version("123456789")'), value('print parse_version("1.a")')]).toEqual([null, null, null]);
  });

  it('format_bytes picks the largest unit the size reaches', () => {
    expect([value('print format_bytes(1023)'), value('print format_bytes(1024)'), value('print format_bytes(1099511627776)')]).toEqual(['1023 Bytes', '1 KB', '1 TB']);
  });
});
