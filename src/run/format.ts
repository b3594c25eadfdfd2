// A query result as `tripline run` prints it: an aligned text table, CSV, or the Log Analytics JSON
// shape ({"columns":[{"name","type"}],"rows":[[...]]}).
import type { DataTable, WireValue } from '../kql/table.js';
import { jsonText } from '../kql/json.js';

export type ResultFormat = 'table' | 'json' | 'csv';

function csvCell(v: WireValue): string {
  if (v === null) return '';
  const s = typeof v === 'object' ? jsonText(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function textCell(v: WireValue): string {
  if (v === null) return '';
  return typeof v === 'object' ? jsonText(v) : String(v);
}

export function formatResult(t: DataTable, format: ResultFormat | string): string {
  if (format === 'json') return jsonText({ columns: t.columns, rows: t.rows }) + '\n';
  if (format === 'csv') {
    return [t.columns.map((c) => csvCell(c.name)).join(','), ...t.rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
  }
  const cells = [t.columns.map((c) => c.name), ...t.rows.map((r) => r.map(textCell))];
  const widths = t.columns.map((_, j) => Math.min(60, Math.max(...cells.map((r) => r[j]!.length))));
  const line = (r: string[]): string => r.map((c, j) => (c.length > 60 ? c.slice(0, 57) + '...' : c).padEnd(widths[j]!)).join('  ').trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0]!), sep, ...cells.slice(1).map(line), `(${t.rows.length} row${t.rows.length === 1 ? '' : 's'})`].join('\n') + '\n';
}
