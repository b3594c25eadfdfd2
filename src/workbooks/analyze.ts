// Every Log Analytics query of a rendered workbook through the same analyzer as rule queries, with each
// diagnostic located in the workbook template file (through parameter stand-ins, Handlebars and JSON escapes).
import type { Problem } from '../core/problems.js';
import { analyzeQuery } from '../kql/analyze/index.js';
import type { SchemaContext } from '../kql/schema/types.js';
import { lineStarts } from '../render/source-map.js';
import { positionAt } from '../core/json-positions.js';
import { substituteParameters, workbookParameters, workbookQueries } from './queries.js';
import type { RenderedContent } from './template.js';
import type { Workbook } from './types.js';

export function analyzeWorkbookQueries(wb: Workbook, rendered: RenderedContent, ctx: SchemaContext): Problem[] {
  const starts = lineStarts(wb.templateText);
  const params = workbookParameters(rendered.content);
  const problems: Problem[] = [];
  for (const q of workbookQueries(rendered.content)) {
    const source = rendered.strings.get(q.pointer);
    if (!source) continue;
    const substituted = substituteParameters(q.text, params);
    const toPosition = (offset: number) => positionAt(starts, source.fileOffset(substituted.queryOffset(offset)));
    const where = q.name ? `query of '${q.name}'` : `query at ${q.pointer}`;
    for (const d of analyzeQuery(substituted.text, ctx).diagnostics) {
      const start = toPosition(d.start);
      const end = d.length > 0 ? toPosition(d.start + d.length) : start;
      problems.push({
        severity: d.severity,
        code: d.code,
        message: `${where}: ${d.message}`,
        file: wb.templateFile,
        line: start.line,
        column: start.column,
        ...(end.line > start.line || (end.line === start.line && end.column > start.column) ? { endLine: end.line, endColumn: end.column } : {}),
        pointer: q.pointer,
      });
    }
  }
  return problems;
}
