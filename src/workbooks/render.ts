// One workbook for one environment: parameters -> template -> shape check -> query analysis -> body.
import type { Json } from '../core/json.js';
import { error, hasErrors, type Problem } from '../core/problems.js';
import type { Environment } from '../environments/types.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { Partial } from '../render/render.js';
import { lineStarts } from '../render/source-map.js';
import { analyzeWorkbookQueries } from './analyze.js';
import { WORKBOOK_VERSION, workbookBody, type WorkbookBody } from './body.js';
import { positionAt } from '../core/json-positions.js';
import { resolveWorkbookParameters } from './parameters.js';
import { renderWorkbookContent } from './template.js';
import type { Workbook } from './types.js';

export interface WorkbookRenderResult {
  body?: WorkbookBody;
  /** The rendered workbook (what serializedData holds, before the workspace is filled in). */
  content?: Json;
  problems: Problem[];
}

function shapeProblems(wb: Workbook, content: Json): Problem[] {
  const at = (pointer: string) => {
    const node = wb.template.nodes.get(pointer) ?? wb.template.nodes.get('')!;
    return { file: wb.templateFile, ...positionAt(lineStarts(wb.templateText), node.start), pointer };
  };
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    return [error('workbook-shape', `a workbook template is a JSON object ({"version": "${WORKBOOK_VERSION}", "items": [...]})`, at(''))];
  }
  const problems: Problem[] = [];
  if (content['version'] !== WORKBOOK_VERSION) {
    problems.push(error('workbook-shape', `version must be "${WORKBOOK_VERSION}" (found ${JSON.stringify(content['version'] ?? null)})`, at('/version')));
  }
  if (!Array.isArray(content['items'])) problems.push(error('workbook-shape', 'items must be a list of workbook items', at('/items')));
  return problems;
}

export function renderWorkbook(wb: Workbook, env: Environment, ctx: SchemaContext, partials: readonly Partial[] = []): WorkbookRenderResult {
  const { values, problems } = resolveWorkbookParameters(wb, env);
  if (hasErrors(problems)) return { problems };
  const r = renderWorkbookContent(wb, values, partials);
  problems.push(...r.problems);
  if (!r.rendered) return { problems };
  const content = r.rendered.content;
  problems.push(...shapeProblems(wb, content), ...analyzeWorkbookQueries(wb, r.rendered, ctx));
  if (!env.location) {
    problems.push(error('workbook-location-missing', `environment '${env.name}' has no location; workbooks are Azure resources and need one (e.g. location: westeurope)`, env.source?.locate('') ?? { file: env.file }));
  }
  if (hasErrors(problems) || typeof content !== 'object' || content === null || Array.isArray(content) || !env.location) return { content, problems };
  return { body: workbookBody(wb, content, { ...env, location: env.location }), content, problems };
}
