// One query panel of the page: its query run over the data and drawn as the workbook item says; a
// visualization the preview cannot draw is named and shown as a table, a failing query as its error.
import type { DataTable } from '../kql/table.js';
import { CHART_KINDS, renderChart } from './charts.js';
import { errorHtml, escapeHtml, tableHtml, tilesHtml } from './html.js';
import type { QueryPart } from './panels.js';
import type { QueryFailure } from './run-query.js';

export interface PanelResult {
  name: string;
  title: string;
  visualization: string;
  /** The rows, or why there are none. */
  table?: DataTable;
  error?: QueryFailure;
  /** A chart's number of marked values (points, bars, slices). */
  marks?: number;
  html: string;
}

const TABLE_KINDS = new Set(['table', 'grid']);

async function body(part: QueryPart, table: DataTable): Promise<{ html: string; marks?: number }> {
  if (table.rows.length === 0) return { html: '<p class="empty">The query returned no results.</p>' };
  if (CHART_KINDS.has(part.visualization)) {
    const chart = await renderChart(part.visualization, table, part.chart);
    return { html: `<div class="chart">${chart.svg}</div>`, marks: chart.marks };
  }
  if (part.visualization === 'tiles') return { html: tilesHtml(table) };
  const note = TABLE_KINDS.has(part.visualization) ? '' : `<p class="note">visualization '${escapeHtml(part.visualization)}' is not drawn by the preview: shown as a table</p>`;
  return { html: note + tableHtml(table) };
}

export async function drawPanel(part: QueryPart, outcome: { table?: DataTable; error?: QueryFailure; query: string }): Promise<PanelResult> {
  const drawn = outcome.table ? await body(part, outcome.table) : { html: errorHtml(outcome.error ?? { message: 'no result' }, outcome.query) };
  const content = drawn.html;
  const status = outcome.error ? 'error' : outcome.table!.rows.length ? 'ok' : 'empty';
  const rows = outcome.table?.rows.length ?? 0;
  const html =
    `<section class="panel" id="panel-${escapeHtml(part.name)}" data-panel="${escapeHtml(part.name)}" data-visualization="${escapeHtml(part.visualization)}" data-status="${status}" data-rows="${rows}">` +
    `<h3>${escapeHtml(part.title)}</h3>${content}</section>`;
  return {
    name: part.name,
    title: part.title,
    visualization: part.visualization,
    ...(outcome.table ? { table: outcome.table } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(drawn.marks !== undefined ? { marks: drawn.marks } : {}),
    html,
  };
}
