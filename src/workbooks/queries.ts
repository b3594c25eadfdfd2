// The KQL inside a rendered workbook: which strings are Log Analytics queries, and what they look like to
// the analyzer once the workbook's own parameters (`{TimeRange}`, `{TimeRange:grain}`, `{User}`) are
// replaced by values of their kind, as the workbook engine does before it runs them.
import type { Json } from '../core/json.js';
import { toPointer } from '../core/yaml.js';

export interface WorkbookQuery {
  /** JSON pointer of the `query` string. */
  pointer: string;
  /** JSON pointer of the item or parameter that holds it (for messages). */
  owner: string;
  /** The item's `name`, when it has one. */
  name?: string;
  text: string;
}

/** A parameter declared by a parameters item (type 9) of the workbook. */
export interface WorkbookParameter {
  name: string;
  /** Workbook parameter type: 1 text, 2 drop-down, 4 time range, 5 resource, ... */
  type?: number;
  value?: unknown;
  multiSelect: boolean;
}

type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const LOG_ANALYTICS = /^microsoft\.operationalinsights\/workspaces$/i;

/**
 * Strings at a `query` key whose owner runs it against Log Analytics: queryType 0 (Logs), the default, and
 * no other resourceType. Azure Resource Graph, ARM and merge queries are not analyzed.
 */
export function workbookQueries(content: Json): WorkbookQuery[] {
  const out: WorkbookQuery[] = [];
  const walk = (v: Json, path: (string | number)[], item?: { pointer: string; name?: string }): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...path, i], item));
    if (!isObject(v)) return;
    const here = typeof v['name'] === 'string' ? { pointer: toPointer(path), name: v['name'] } : item;
    const queryType = v['queryType'];
    const resourceType = v['resourceType'];
    if (typeof v['query'] === 'string' && (queryType === undefined || queryType === 0) && (resourceType === undefined || (typeof resourceType === 'string' && LOG_ANALYTICS.test(resourceType)))) {
      out.push({ pointer: toPointer([...path, 'query']), owner: here?.pointer ?? toPointer(path), ...(here?.name ? { name: here.name } : {}), text: v['query'] });
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'query') walk(x, [...path, k], here);
  };
  walk(content, []);
  return out;
}

/** Parameters declared anywhere in the workbook (parameters items may sit inside groups). */
export function workbookParameters(content: Json): Map<string, WorkbookParameter> {
  const out = new Map<string, WorkbookParameter>();
  const walk = (v: Json): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObject(v)) return;
    const body = v['content'];
    if (v['type'] === 9 && isObject(body) && Array.isArray(body['parameters'])) {
      for (const p of body['parameters']) {
        if (!isObject(p) || typeof p['name'] !== 'string') continue;
        const settings = p['typeSettings'];
        out.set(p['name'], {
          name: p['name'],
          ...(typeof p['type'] === 'number' ? { type: p['type'] } : {}),
          ...(p['value'] !== undefined ? { value: p['value'] } : {}),
          multiSelect: p['multiSelect'] === true || (isObject(settings) && settings['multiSelect'] === true),
        });
      }
    }
    Object.values(v).forEach(walk);
  };
  walk(content);
  return out;
}

/** What the workbook engine puts in place of a parameter reference, close enough for analysis. */
function standIn(p: WorkbookParameter, format: string | undefined): string {
  if (p.type === 4) {
    switch ((format ?? '').toLowerCase()) {
      case '':
        return '> ago(1d)';
      case 'start':
      case 'end':
        return 'datetime(2026-01-01T00:00:00Z)';
      case 'grain':
      case 'value':
        return '1h';
      default:
        return 'Last 24 hours';
    }
  }
  if (p.multiSelect) return "'value'";
  return typeof p.value === 'string' && /^[\w .@:/-]*$/.test(p.value) && p.value !== '' ? p.value : 'value';
}

export interface SubstitutedQuery {
  text: string;
  /** Offset in the original query of an offset in `text`. */
  queryOffset(offset: number): number;
}

/** `{Name}` and `{Name:format}` of declared parameters replaced by stand-ins; other braces are left alone. */
export function substituteParameters(query: string, params: ReadonlyMap<string, WorkbookParameter>): SubstitutedQuery {
  const pieces: { out: number; src: number; exact: boolean }[] = [];
  let text = '';
  let last = 0;
  for (const m of query.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z$]+))?\}/g)) {
    const p = params.get(m[1]!);
    if (!p) continue;
    pieces.push({ out: text.length, src: last, exact: true });
    text += query.slice(last, m.index);
    pieces.push({ out: text.length, src: m.index, exact: false });
    text += standIn(p, m[2]);
    last = m.index + m[0].length;
  }
  pieces.push({ out: text.length, src: last, exact: true });
  text += query.slice(last);
  return {
    text,
    queryOffset: (offset) => {
      let piece = pieces[0]!;
      for (const p of pieces) if (p.out <= offset) piece = p;
      return piece.exact ? piece.src + (offset - piece.out) : piece.src;
    },
  };
}
