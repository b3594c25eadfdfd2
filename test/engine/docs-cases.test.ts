// The Kusto documentation's own examples (test/data/engine-docs/): every case is run on the engine and
// judged with the conformance suite's rules; the per-family matched counts are printed and the total may
// not fall below the floor reached so far.
import { describe, expect, it } from 'vitest';
import { loadDocCases, runDocCases, summary } from './docs/cases.js';

const FLOOR = 518;

describe('the Kusto documentation examples', () => {
  const cases = loadDocCases();

  it('are well formed, with unique ids and a documentation source', () => {
    const ids = new Set<string>();
    for (const c of cases) {
      expect(ids.has(c.id), c.id).toBe(false);
      ids.add(c.id);
      expect(c.status === 'ok' || c.status === 'error', c.id).toBe(true);
      expect(c.source, c.id).toMatch(/^https:\/\/learn\.microsoft\.com\/|^MicrosoftDocs\/dataexplorer-docs:/);
      if (c.status === 'ok') {
        expect(c.columns!.every((col) => /^.+:(Int|Real|String|Bool|DateTime|TimeSpan|Guid|Dynamic)$/.test(col)), c.id).toBe(true);
        expect(c.sampleRows!.length, c.id).toBeLessThanOrEqual(c.rowCount!);
      }
    }
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  it(`match at least ${FLOOR} cases`, () => {
    const run = runDocCases(cases);
    console.log(summary(run));
    expect(run.total).toBe(cases.length);
    expect(run.ok).toBeGreaterThanOrEqual(FLOOR);
  });
});
