// Running a self-contained query (print, datatable, range) on the engine, for the tests that check a
// function against its documentation step by step.
import { expect } from 'vitest';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { WireValue } from '../../src/kql/table.js';

/** The query's rows at the docs cases' fixed clock; it must compile. */
function rows(kql: string): WireValue[][] {
  const { query, errors } = compileQuery(kql);
  expect(errors).toEqual([]);
  return query!.run({ tables: {}, now: '2026-01-01T00:00:00Z' }).rows;
}

/** The query's only row. */
export function one(kql: string): WireValue[] {
  const r = rows(kql);
  expect(r).toHaveLength(1);
  return r[0]!;
}
