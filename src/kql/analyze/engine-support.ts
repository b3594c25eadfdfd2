// What the embedded engine cannot run, told by validate at the place `run` and `test` would refuse it,
// so the three agree before a test is written. A warning, not an error: the query may still be valid for
// Sentinel (a construct the engine leaves out of scope) and deploy there.
import { warning, type Problem } from '../../core/problems.js';
import type { RenderedRule } from '../../rules/types.js';
import { compileQuery } from '../engine/index.js';
import { buildGlobals } from '../schema/globals.js';
import type { SchemaContext } from '../schema/types.js';

/** Rules whose query the analysis found no error in; each distinct query text is compiled once. */
export function engineProblems(rendered: readonly RenderedRule[], ctx: SchemaContext): Problem[] {
  const compiled = new Map<string, ReturnType<typeof compileQuery>['errors']>();
  return rendered.flatMap((r) => {
    let errors = compiled.get(r.query);
    if (!errors) compiled.set(r.query, (errors = compileQuery(r.query, { globals: buildGlobals(r.query, ctx) }).errors));
    return errors.map((e) => {
      const at = r.mapQueryOffset(e.offset);
      const where = { file: at.file, line: at.line, column: at.column, ...(at.file === r.rule.file ? { pointer: '/query' } : {}) };
      return warning('engine-cannot-run', `tripline run and test cannot run this query on the embedded engine: ${e.message}`, where);
    });
  });
}
