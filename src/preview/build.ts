// The preview of every workbook of the project over one set of rows: the rules replayed over the rows (their
// alerts fed to SecurityAlert and SecurityIncident and listed), each workbook rendered for the environment,
// its parameters pinned to the data's span, every panel run and drawn, and the rules' tests.
import { workspaceResourceId } from '../automation/body.js';
import { positionAt } from '../core/json-positions.js';
import { error, type Problem, type SourceLocation } from '../core/problems.js';
import { projectSchemaContext } from '../pipeline/validate.js';
import type { Project } from '../project/load.js';
import { lineStarts } from '../render/source-map.js';
import { runProjectTests, type RuleTestReport } from '../testing/runner.js';
import { watchlistTables } from '../watchlists/table.js';
import type { Workbook } from '../workbooks/index.js';
import { renderWorkbook, workbookParameters } from '../workbooks/index.js';
import type { PreviewData, TimeSpan } from './data.js';
import { ruleAlertsHtml } from './alerts-html.js';
import { escapeHtml, markdownHtml, page } from './html.js';
import { drawPanel, type PanelResult } from './panel.js';
import { previewParts } from './panels.js';
import { replayRules, type RuleReplay } from './replay.js';
import { countResults, ruleTestsHtml, type RuleTestCounts } from './rule-tests.js';
import { runPanelQuery, type QueryInputs } from './run-query.js';
import { securityTables, withSecurityTables } from './security-tables.js';
import { grainFor, pinParameters, previewSpan } from './time-range.js';

export interface Preview {
  html: string;
  panels: PanelResult[];
  span: TimeSpan;
  /** Each enabled rule replayed over the data, with the alerts it raised (fed to SecurityAlert/SecurityIncident). */
  alerts: RuleReplay[];
  /** The rules' own test results, shown at the end of the page. */
  reports: RuleTestReport[];
  tests: RuleTestCounts;
  /** Render errors (nothing to show) and failing panels (shown on the page in their place). */
  problems: Problem[];
}

/** Where a panel's query starts in the workbook template (a run-time failure has no finer position there). */
function queryAt(wb: Workbook, pointer: string): SourceLocation {
  const node = wb.template.nodes.get(pointer) ?? wb.template.nodes.get('')!;
  return { file: wb.templateFile, ...positionAt(lineStarts(wb.templateText), node.start) };
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
    if (panel.error) problems.push(error('preview-panel', `panel '${part.name}' (${part.title}): ${panel.error.message}`, queryAt(wb, part.pointer)));
    panels.push(panel);
    parts.push(panel.html);
  }
  return { html: `<article class="workbook" data-workbook="${escapeHtml(wb.stem)}"><h1>${escapeHtml(wb.meta.displayName)}</h1>${parts.join('\n')}</article>`, panels, problems };
}

export async function buildPreview(project: Project, data: PreviewData): Promise<Preview> {
  const span = previewSpan(data.span);
  const ctx = projectSchemaContext(project);
  const watchlists = watchlistTables(project.watchlists);
  const alerts = replayRules(project.rules, { env: project.env, partials: project.partials, ctx, tables: data.tables, watchlists }, span);
  const raised = securityTables(alerts.flatMap((a) => a.alerts), ctx.catalog, workspaceResourceId(project.env));
  const inputs: QueryInputs = { ctx, tables: withSecurityTables(data.tables, raised), watchlists, now: span.end };
  const sections: string[] = [];
  const panels: PanelResult[] = [];
  const problems: Problem[] = alerts.flatMap((a) => a.problems);
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
  return { html: page(title, header, sections.join('\n') + ruleAlertsHtml(alerts) + ruleTestsHtml(reports)), panels, span, alerts, reports, tests: countResults(reports), problems };
}
