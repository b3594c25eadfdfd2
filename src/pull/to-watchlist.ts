// A deployed watchlist as watchlists/<Alias>.yaml (the metadata keys of schemas/watchlist.schema.json)
// and its items as the CSV beside it.
import { stringify } from 'yaml';
import type { DeployedItem } from '../deploy/types.js';
import { deployedRows } from '../deploy/read.js';
import { formatCsv } from '../fixtures/csv.js';

const META_KEYS = ['displayName', 'description', 'itemsSearchKey', 'provider', 'labels', 'defaultDuration'];

export function watchlistMeta(item: DeployedItem): Record<string, unknown> {
  const p = (item.resource.properties ?? {}) as Record<string, unknown>;
  const meta: Record<string, unknown> = {};
  for (const k of META_KEYS) {
    const v = p[k];
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    meta[k] = v;
  }
  return meta;
}

export function watchlistYaml(meta: Record<string, unknown>, origin: string): string {
  const header = ['# yaml-language-server: $schema=../schemas/watchlist.schema.json', `# Pulled from ${origin} by tripline pull; the items are in the .csv beside it.`].join('\n');
  return `${header}\n${stringify(meta, { lineWidth: 0 })}`;
}

/**
 * The items as CSV. Written back over a file, rows and columns keep the file's order (new ones after), so
 * the pull request shows only what the portal changed; the service lists items in no useful order.
 */
export function watchlistCsv(item: DeployedItem, previous?: { columns: string[]; rows: Record<string, string>[] }): string {
  const key = String(item.resource.properties?.['itemsSearchKey'] ?? '');
  const rank = new Map((previous?.rows ?? []).map((r, i) => [(r[key] ?? '').toLowerCase(), i]));
  const position = (r: { key: string }): number => rank.get(r.key.toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
  const rows = deployedRows(item)
    .sort((a, b) => position(a) - position(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.values);
  const columns = [...(previous?.columns ?? [])].filter((c) => rows.some((r) => c in r));
  if (key && !columns.includes(key)) columns.unshift(key);
  for (const row of rows) for (const c of Object.keys(row)) if (!columns.includes(c)) columns.push(c);
  return formatCsv(columns, rows);
}
