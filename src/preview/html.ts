// The preview page: static HTML with inline CSS and SVG (core/html.ts: no script, no fetch).
import { escapeHtml, htmlPage } from '../core/html.js';
import type { DataTable, WireValue } from '../kql/table.js';
import type { QueryFailure } from './run-query.js';
import { jsonText } from '../kql/json.js';

export { escapeHtml };

/** The markdown a workbook text item holds, enough of it for headings, lists and emphasis. */
export function markdownHtml(markdown: string): string {
  const inline = (s: string): string =>
    escapeHtml(s)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1'); // links dropped: the page is offline
  const out: string[] = [];
  let list = false;
  for (const line of markdown.split('\n')) {
    const item = /^\s*[-*] (.*)$/.exec(line);
    if (list && !item) out.push('</ul>');
    if (item && !list) out.push('<ul>');
    list = item !== null;
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (item) out.push(`<li>${inline(item[1]!)}</li>`);
    else if (heading) out.push(`<h${heading[1]!.length + 1}>${inline(heading[2]!)}</h${heading[1]!.length + 1}>`);
    else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push('</ul>');
  return out.join('\n');
}

export function cellText(v: WireValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? jsonText(v) : String(v);
}

/** The workbook shows tables paged; the preview shows this many rows and says how many there were. */
export const MAX_TABLE_ROWS = 200;

export function tableHtml(table: DataTable): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c.name)}</th>`).join('');
  const rows = table.rows.slice(0, MAX_TABLE_ROWS).map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(cellText(v))}</td>`).join('')}</tr>`);
  const more = table.rows.length > MAX_TABLE_ROWS ? `<p class="note">first ${MAX_TABLE_ROWS} of ${table.rows.length} rows</p>` : '';
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

/** Tiles: one per row, the first text column as its title and the first number as its value. */
export function tilesHtml(table: DataTable): string {
  const title = table.columns.findIndex((c) => c.type === 'string');
  const value = table.columns.findIndex((c) => ['int', 'long', 'real', 'decimal'].includes(c.type));
  const tiles = table.rows.map((r) => `<div class="tile"><div class="tile-title">${escapeHtml(cellText(r[title]))}</div><div class="tile-value">${escapeHtml(cellText(r[value]))}</div></div>`);
  return `<div class="tiles">${tiles.join('')}</div>`;
}

export function errorHtml(error: QueryFailure, query: string): string {
  const where = error.line !== undefined ? ` at line ${error.line}, column ${error.column ?? 1} of the query` : '';
  return `<div class="error"><p>The query failed${where}: ${escapeHtml(error.message)}</p><details><summary>query as run</summary><pre>${escapeHtml(query)}</pre></details></div>`;
}

export const STYLE = `
body { font: 14px/1.4 "Segoe UI", system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px 24px; color: #201f1e; }
header { border-bottom: 1px solid #edebe9; margin-bottom: 12px; }
header p { color: #605e5c; margin: 4px 0; }
.panel { border: 1px solid #edebe9; border-radius: 4px; padding: 8px 12px; margin: 12px 0; }
.panel h3 { margin: 0 0 8px; font-size: 15px; }
.scroll { overflow-x: auto; max-height: 480px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border-bottom: 1px solid #edebe9; padding: 3px 8px; text-align: left; white-space: nowrap; }
th { background: #faf9f8; position: sticky; top: 0; }
.note, .empty { color: #605e5c; font-style: italic; }
.error { color: #a4262c; }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; }
.tile { border: 1px solid #edebe9; padding: 8px 12px; min-width: 120px; }
.tile-value { font-size: 24px; font-weight: 600; }
.passed { color: #107c10; } .failed, .error-status { color: #a4262c; }
.rule-alerts h4 { margin: 10px 0 4px; } .sev-High { color: #a4262c; font-weight: 600; } .sev-Medium { color: #ca5010; }
`;

export function page(title: string, header: string, body: string): string {
  return htmlPage(title, STYLE, header, body);
}
