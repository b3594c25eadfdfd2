// A panel's chart as static SVG: the workbook's visualization and chartSettings turned into a Vega-Lite
// spec, compiled to Vega and rendered on the Node side, so the page carries drawn marks and no script.
import type { TopLevelSpec } from 'vega-lite';
import type { DataTable, KqlScalarType, WireValue } from '../kql/table.js';
import type { ChartSettings } from './panels.js';

/** The visualizations drawn as charts; tables, grids and tiles are HTML (see html.ts). */
export const CHART_KINDS = new Set(['timechart', 'linechart', 'areachart', 'barchart', 'piechart']);

const NUMERIC = new Set<KqlScalarType>(['int', 'long', 'real', 'decimal']);

/** Workbook colour names (seriesLabelSettings) in the workbook palette's hues. */
const COLORS: Record<string, string> = {
  blue: '#0078d4', redBright: '#e81123', red: '#a4262c', green: '#107c10', greenBright: '#57a300', orange: '#ff8c00',
  yellow: '#fce100', purple: '#8764b8', turquoise: '#00b7c3', gray: '#7a7574', grayBlue: '#69797e', magenta: '#e3008c',
};

interface Point {
  x: WireValue;
  series: string;
  value: number;
}

function columnsOf(table: DataTable, chart: ChartSettings): { x?: string; y: string[]; group?: string } {
  const numeric = table.columns.filter((c) => NUMERIC.has(c.type)).map((c) => c.name);
  const others = table.columns.filter((c) => !NUMERIC.has(c.type)).map((c) => c.name);
  const x = chart.xAxis ?? others[0];
  const y = chart.yAxis?.length ? chart.yAxis : numeric.filter((n) => n !== x);
  // With one value column, a further text column splits it into series (bin(TimeGenerated), Series).
  const group = y.length === 1 ? others.find((o) => o !== x) : undefined;
  return { ...(x ? { x } : {}), y, ...(group ? { group } : {}) };
}

/** Rows in long form, one point per row and value column, with the series' display label. */
function points(table: DataTable, chart: ChartSettings): { points: Point[]; temporal: boolean } {
  const { x, y, group } = columnsOf(table, chart);
  const at = (name: string | undefined): number => table.columns.findIndex((c) => c.name === name);
  const label = (name: string): string => chart.series.find((s) => s.name === name)?.label ?? name;
  const xi = at(x);
  const gi = at(group);
  const out: Point[] = [];
  for (const row of table.rows) {
    for (const name of y) {
      const v = row[at(name)];
      if (typeof v !== 'number') continue;
      out.push({ x: xi >= 0 ? row[xi]! : '', series: label(gi >= 0 ? String(row[gi] ?? '') : name), value: v });
    }
  }
  return { points: out, temporal: table.columns[xi]?.type === 'datetime' };
}

function colorScale(chart: ChartSettings): { domain: string[]; range: string[] } | undefined {
  const set = chart.series.filter((s) => s.color && COLORS[s.color]);
  if (!set.length) return undefined;
  return { domain: set.map((s) => s.label ?? s.name), range: set.map((s) => COLORS[s.color!]!) };
}

export function chartSpec(visualization: string, table: DataTable, chart: ChartSettings): TopLevelSpec {
  const { points: values, temporal } = points(table, chart);
  const scale = colorScale(chart);
  const color = { field: 'series', type: 'nominal' as const, title: null, ...(scale ? { scale } : {}) };
  const base = { width: 640, height: 220, data: { values }, config: { legend: { orient: 'bottom' as const, labelLimit: 400 } } };
  if (visualization === 'piechart') {
    return { ...base, width: 260, height: 220, mark: { type: 'arc', innerRadius: 50 }, encoding: { theta: { field: 'value', type: 'quantitative', stack: true }, color: { ...color, field: 'x' } } };
  }
  if (visualization === 'barchart') {
    return { ...base, mark: 'bar', encoding: { x: { field: 'x', type: 'nominal', sort: null, title: null }, y: { field: 'value', type: 'quantitative', title: null }, color } };
  }
  const x = temporal ? { field: 'x', type: 'temporal' as const, scale: { type: 'utc' as const }, title: null } : { field: 'x', type: 'ordinal' as const, title: null };
  const mark = visualization === 'areachart' ? { type: 'area' as const } : { type: 'line' as const, point: true };
  return { ...base, mark, encoding: { x, y: { field: 'value', type: 'quantitative', title: null }, color } };
}

/** The chart as an SVG document fragment and the number of values it marks; Vega renders headless ('none' renderer). */
export async function renderChart(visualization: string, table: DataTable, chart: ChartSettings): Promise<{ svg: string; marks: number }> {
  // Loaded with the first chart: Vega is the slowest library to load, and only `preview` draws.
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = chartSpec(visualization, table, chart);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return { svg: await view.toSVG(), marks: (spec.data as { values: unknown[] }).values.length };
  } finally {
    view.finalize();
  }
}
