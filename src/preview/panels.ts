// The parts of a rendered workbook a preview draws, in page order: text items (type 1) and query items
// (type 3) of Log Analytics, groups (type 12) flattened. Parameter items are the preview's to pin.
import type { Json } from '../core/json.js';

export interface TextPart {
  kind: 'text';
  markdown: string;
}

export interface QueryPart {
  kind: 'query';
  /** The item's `name` (stable id for tests and anchors). */
  name: string;
  /** JSON pointer of the item's query in the workbook template. */
  pointer: string;
  title: string;
  query: string;
  visualization: string;
  /** The workbook's chartSettings: which columns are the axes, series labels and colours. */
  chart: ChartSettings;
}

export interface ChartSettings {
  xAxis?: string;
  yAxis?: string[];
  series: { name: string; label?: string; color?: string }[];
}

export type PreviewPart = TextPart | QueryPart;

type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

function chartSettings(v: Json | undefined): ChartSettings {
  if (!isObject(v)) return { series: [] };
  const y = v['yAxis'];
  const series = Array.isArray(v['seriesLabelSettings']) ? v['seriesLabelSettings'].filter(isObject) : [];
  return {
    ...(str(v['xAxis']) ? { xAxis: str(v['xAxis'])! } : {}),
    ...(Array.isArray(y) ? { yAxis: y.filter((x): x is string => typeof x === 'string') } : {}),
    series: series.flatMap((s) => {
      const name = str(s['seriesName']);
      if (!name) return [];
      const label = str(s['label']);
      const color = str(s['color']);
      return [{ name, ...(label ? { label } : {}), ...(color ? { color } : {}) }];
    }),
  };
}

function isLogAnalytics(c: JsonObject): boolean {
  const q = c['queryType'];
  const r = c['resourceType'];
  return (q === undefined || q === 0) && (r === undefined || (typeof r === 'string' && /^microsoft\.operationalinsights\/workspaces$/i.test(r)));
}

export function previewParts(content: Json): PreviewPart[] {
  const out: PreviewPart[] = [];
  const walk = (items: Json | undefined, at: string): void => {
    if (!Array.isArray(items)) return;
    items.forEach((item, i) => {
      if (!isObject(item) || !isObject(item['content'])) return;
      const c = item['content'];
      const pointer = `${at}/${i}/content`;
      if (item['type'] === 1 && typeof c['json'] === 'string') out.push({ kind: 'text', markdown: c['json'] });
      else if (item['type'] === 12) walk(c['items'], `${pointer}/items`);
      else if (item['type'] === 3 && typeof c['query'] === 'string' && isLogAnalytics(c)) {
        const name = str(item['name']) ?? `item-${out.length + 1}`;
        out.push({
          kind: 'query', name, pointer: `${pointer}/query`, title: str(c['title']) ?? name, query: c['query'],
          visualization: str(c['visualization']) ?? 'table', chart: chartSettings(c['chartSettings']),
        });
      }
    });
  };
  walk(isObject(content) ? content['items'] : undefined, '/items');
  return out;
}
