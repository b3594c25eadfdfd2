// Every workbook of a project for one environment: the problems of all of them (for validate) and the
// `tripline render --out DIR` files DIR/workbooks/<stem>.json (for render, written only when clean).
import type { Problem } from '../core/problems.js';
import type { Environment } from '../environments/types.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { Partial } from '../render/render.js';
import type { WorkbookBody } from './body.js';
import { renderWorkbook } from './render.js';
import type { Workbook } from './types.js';

/** A workbook's render output file and the workbook it comes from (deploy needs its id). */
export interface RenderedWorkbook {
  path: string;
  content: WorkbookBody;
  workbook: Workbook;
}

export function renderWorkbooks(
  workbooks: readonly Workbook[],
  env: Environment,
  ctx: SchemaContext,
  partials: readonly Partial[] = [],
): { outputs: RenderedWorkbook[]; problems: Problem[] } {
  const outputs: RenderedWorkbook[] = [];
  const problems: Problem[] = [];
  for (const wb of workbooks) {
    const r = renderWorkbook(wb, env, ctx, partials);
    problems.push(...r.problems);
    if (r.body) outputs.push({ path: `workbooks/${wb.stem}.json`, content: r.body, workbook: wb });
  }
  return { outputs, problems };
}
