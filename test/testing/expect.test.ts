import { describe, expect, it } from 'vitest';
import type { DataTable } from '../../src/kql/table.js';
import { checkAlertList, checkRows, match, valueMatches } from '../../src/testing/expect.js';
import type { Alert } from '../../src/testing/types.js';

const at = { file: 'rules/r.tests.yaml', line: 3, column: 5 };

describe('valueMatches', () => {
  it('compares by the column type', () => {
    expect(valueMatches('2026-03-02T03:00:00Z', '2026-03-02T03:00:00.0000000Z', 'datetime')).toBe(true);
    expect(valueMatches('2026-03-02T03:00:01Z', '2026-03-02T03:00:00Z', 'datetime')).toBe(false);
    expect(valueMatches(3, 3, 'long')).toBe(true);
    expect(valueMatches('3', 3, 'long')).toBe(true);
    expect(valueMatches(0.1 + 0.2, 0.3, 'real')).toBe(true);
    expect(valueMatches({ a: [1, 2] }, { a: [1, 2] }, 'dynamic')).toBe(true);
    expect(valueMatches('{"a":[1,2]}', { a: [1, 2] }, 'dynamic')).toBe(true);
    expect(valueMatches({ a: [2, 1] }, { a: [1, 2] }, 'dynamic')).toBe(false);
    expect(valueMatches(null, '', 'string')).toBe(true);
    expect(valueMatches('A', 'a', 'string')).toBe(false);
  });
});

describe('match', () => {
  it('finds a complete assignment where a greedy one would fail', () => {
    // Expected 0 fits both actuals; expected 1 fits only actual 0.
    expect(match([0, 1], ['x', 'y'], (e, a) => (e === 0 ? true : a === 'x'))).toEqual([1, 0]);
  });
});

describe('checkRows', () => {
  const result: DataTable = {
    columns: [
      { name: 'User', type: 'string' },
      { name: 'Count', type: 'long' },
    ],
    rows: [
      ['alice', 2],
      ['bob', 1],
    ],
  };

  it('passes on the same rows in any order, comparing only named columns', () => {
    expect(checkRows([{ User: 'bob' }, { User: 'alice', Count: 2 }], result, at)).toEqual([]);
  });

  it('shows a table diff of missing and unexpected rows', () => {
    const [f] = checkRows([{ User: 'alice', Count: 3 }], result, at);
    expect(f!.message).toBe('rows differ: 1 expected row not returned, 2 unexpected rows returned (expected 1, got 2)');
    expect(f!.detail).toContain('- | alice | 3');
    expect(f!.detail).toContain('+ | alice | 2');
    expect(f!.detail).toContain('+ | bob   | 1');
    expect(f!.at).toEqual(at);
  });

  it('names columns the query does not return', () => {
    const [f] = checkRows([{ Usr: 'alice' }], result, at);
    expect(f!.message).toMatch(/name column Usr that the query does not return \(columns: User, Count\)/);
  });
});

describe('checkAlertList', () => {
  const alert = (name: string, upn: string): Alert => ({
    displayName: name,
    description: 'd',
    severity: 'High',
    tactics: ['InitialAccess'],
    entities: [{ type: 'Account', identifiers: { FullName: upn, Name: upn.split('@')[0]! } }],
    customDetails: { Role: ['Global Administrator'] },
    rows: [0],
  });

  it('matches order-free on the named fields, entities as a subset', () => {
    const actual = [alert('B', 'b@x.com'), alert('A', 'a@x.com')];
    expect(
      checkAlertList(
        [
          { displayName: 'A', entities: [{ type: 'account', FullName: 'a@x.com' }], customDetails: { Role: 'Global Administrator' } },
          { severity: 'high', tactics: ['InitialAccess'] },
        ],
        actual,
        at,
      ),
    ).toEqual([]);
  });

  it('explains a mismatch against the closest alert and reports the count', () => {
    const failures = checkAlertList([{ displayName: 'A', severity: 'Low' }], [alert('A', 'a@x.com'), alert('C', 'c@x.com')], at);
    expect(failures.map((f) => f.message)).toEqual([
      'expected alert #1 not raised: the closest alert differs in severity',
      'expected 1 alert, got 2',
    ]);
    expect(failures[0]!.detail).toContain('┌ A');
  });
});
