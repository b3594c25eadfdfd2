// What the embedded engine cannot run, told by validate at the place `run` and `test` would refuse it,
// so the three agree before a test is written. A warning, not an error: the query may still be valid for
// Sentinel (a construct the engine leaves out of scope) and deploy there.
import { warning, type Problem } from '../../core/problems.js';
import type { RenderedRule } from '../../rules/types.js';
import { compileQuery } from '../engine/index.js';
import type { QueryAnalysis } from './types.js';

/** For a query Kusto.Language accepted (its analysis has no error): the engine reuses that analysis. */
export function engineProblems(rendered: RenderedRule, analysis: QueryAnalysis): Problem[] {
  if (analysis.diagnostics.some((d) => d.severity === 'error')) return [];
  return compileQuery(rendered.query, { code: analysis.code }).errors.map((e) => {
    const at = rendered.mapQueryOffset(e.offset);
    const where = { file: at.file, line: at.line, column: at.column, ...(at.file === rendered.rule.file ? { pointer: '/query' } : {}) };
    return warning('engine-cannot-run', `tripline run and test cannot run this query on the embedded engine: ${e.message}`, where);
  });
}
