// Folding Sentinel's trigger into the KQL (`defender.threshold: in-query`): run on the embedded engine,
// the folded query returns rows exactly when Sentinel's trigger would fire, and the same rows.
import { describe, expect, it } from 'vitest';
import { foldThreshold, FOLDED_RESULT } from '../../src/defender/threshold.js';
import { lastStatementStart, scanKql } from '../../src/defender/kql-text.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { ColumnSchema, DataTable } from '../../src/kql/table.js';
import { analyzeQuery } from '../../src/kql/analyze/index.js';
import { renderAll } from '../../src/pipeline/render-all.js';
import { projectSchemaContext } from '../../src/pipeline/validate.js';
import { repoProject } from './helpers.js';

const schema: Record<string, ColumnSchema[]> = { Events: [{ name: 'User', type: 'string' }] };
const table = (n: number): Record<string, DataTable> => ({ Events: { columns: schema['Events']!, rows: Array.from({ length: n }, (_, i) => [`u${i}`]) } });

function rows(kql: string, n: number): unknown[][] {
  const { query, errors } = compileQuery(kql, { tables: schema });
  if (!query) throw new Error(errors.map((e) => e.message).join('; '));
  return query.run({ tables: table(n), now: '2026-03-02T00:00:00Z' }).rows;
}

const QUERY = 'let Min = 0; // a let statement, and a ; in a string below\nEvents\n| where User != ";"\n| project User';

describe('foldThreshold', () => {
  const triggers: [string, number, (n: number) => boolean][] = [
    ['gt', 2, (n) => n > 2],
    ['GreaterThan', 0, (n) => n > 0],
    ['lt', 3, (n) => n < 3],
    ['eq', 2, (n) => n === 2],
    ['ne', 2, (n) => n !== 2],
  ];
  for (const [op, threshold, fires] of triggers) {
    it(`${op} ${threshold}: the rows when Sentinel would fire, none otherwise`, () => {
      const folded = foldThreshold(QUERY, op, threshold);
      for (const n of [0, 1, 2, 3, 5]) {
        const expected = fires(n) ? rows(QUERY, n) : [];
        expect(rows(folded, n), `${n} rows`).toEqual(expected);
      }
    });
  }

  it('keeps the let statements and wraps only the last statement', () => {
    const folded = foldThreshold(QUERY, 'gt', 2);
    expect(folded.startsWith('let Min = 0;')).toBe(true);
    expect(folded).toContain(`let ${FOLDED_RESULT} = materialize(\n // a let statement`);
    expect(folded).toContain(`| project User\n);\n${FOLDED_RESULT}\n`);
    expect(folded.endsWith(`| where toscalar(${FOLDED_RESULT} | count) > 2`)).toBe(true);
  });
});

describe('scanKql', () => {
  it('finds statement separators and comments outside strings', () => {
    const text = "let a = ';'; // c;\nlet b = @'x''//y';\nT | where s == \"//\"";
    const scan = scanKql(text);
    expect(scan.separators).toEqual([11, 36]);
    expect(scan.comments).toEqual([text.indexOf('// c')]);
    expect(lastStatementStart(text)).toBe(text.indexOf('\nT |'));
  });

  it('a trailing ; does not start an empty last statement', () => {
    expect(lastStatementStart('let a = 1;\nT;\n')).toBe('let a = 1;'.length);
  });
});

describe('foldThreshold on the bundled rules', () => {
  it('every folded query binds with the same result columns as the rule (Kusto.Language)', () => {
    const project = repoProject();
    const ctx = projectSchemaContext(project);
    for (const r of renderAll(project).rendered) {
      const before = analyzeQuery(r.query, ctx);
      const after = analyzeQuery(foldThreshold(r.query, 'gt', 2), ctx);
      expect(after.diagnostics.filter((d) => d.severity === 'error'), r.rule.stem).toEqual([]);
      expect(after.result?.columns, r.rule.stem).toEqual(before.result?.columns);
    }
  });
});
