// The preview of every workbook of the project over one set of rows: each workbook rendered for the
// environment, its parameters pinned to the data's span, every panel run and drawn, and the rules' tests.
import { error, type Problem } from '../core/problems.js';
import { projectSchemaContext } from '../pipeline/validate.js';
import type { Project } from '../project/load.js';
import { runProjectTests } from '../testing/runner.js';
import { watchlistTables } from '../watchlists/table.js';
import type { Workbook } from '../workbooks/index.js';
import { renderWorkbook, workbookParameters } from '../workbooks/index.js';
import type { PreviewData, TimeSpan } from './data.js';
import { escapeHtml, markdownHtml, page } from './html.js';
import { drawPanel, type PanelResult } from './panel.js';
import { previewParts } from './panels.js';
import { countResults, ruleTestsHtml, type RuleTestCounts } from './rule-tests.js';
import { runPanelQuery, type QueryInputs } from './run-query.js';
import { grainFor, pinParameters, previewSpan } from './time-range.js';

export interface Preview {
  html: string;
  panels: PanelResult[];
  span: TimeSpan;
  tests: RuleTestCounts;
  /** Render errors (nothing to show) and failing panels (shown on the page in their place). */
  problems: Problem[];
}

async function workbookSection(wb: Workbook, project: Project, inputs: QueryInputs, span: TimeSpan): Promise<{ html: string; panels: PanelResult[]; problems: Problem[] }> {
  const { content, problems } = renderWorkbook(wb, project.env, inputs.ctx, project.partials);
  if (!content) return { html: '', panels: [], problems };
  const params = workbookParameters(content);
  const parts: string[] = [];
  const panels: PanelResult[] = [];
  for (const part of previewParts(content)) {
    if (part.kind === 'text') {
      parts.push(`<section class="text">${markdownHtml(part.markdown)}</section>`);
      continue;
    }
    const query = pinParameters(part.query, params, span);
    const outcome = runPanelQuery(query, inputs);
    const panel = await drawPanel(part, outcome.ok ? { table: outcome.table, query } : { error: outcome.error, query });
    if (panel.error) problems.push(error('preview-panel', `panel '${part.name}' (${part.title}): ${panel.error.message}`, { file: wb.templateFile }));
    panels.push(panel);
    parts.push(panel.html);
  }
  return { html: `<article class="workbook" data-workbook="${escapeHtml(wb.stem)}"><h1>${escapeHtml(wb.meta.displayName)}</h1>${parts.join('\n')}</article>`, panels, problems };
}

export async function buildPreview(project: Project, data: PreviewData): Promise<Preview> {
  const span = previewSpan(data.span);
  const inputs: QueryInputs = { ctx: projectSchemaContext(project), tables: data.tables, watchlists: watchlistTables(project.watchlists), now: span.end };
  const sections: string[] = [];
  const panels: PanelResult[] = [];
  const problems: Problem[] = [];
  for (const wb of project.workbooks) {
    const s = await workbookSection(wb, project, inputs, span);
    sections.push(s.html);
    panels.push(...s.panels);
    problems.push(...s.problems);
  }
  const reports = runProjectTests(project);
  const header =
    `<p>tripline preview · environment <strong>${escapeHtml(project.env.name)}</strong> · data ${escapeHtml(data.source)}</p>` +
    `<p>TimeRange ${span.start.toISOString()} to ${span.end.toISOString()} (grain ${grainFor(span)}); now() is ${span.end.toISOString()}</p>`;
  const title = `${project.workbooks.map((w) => w.meta.displayName).join(', ') || 'Workbooks'}: tripline preview`;
  return { html: page(title, header, sections.join('\n') + ruleTestsHtml(reports)), panels, span, tests: countResults(reports), problems };
}
