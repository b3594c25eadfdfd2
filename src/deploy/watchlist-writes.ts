// Watchlists are long-running operations and are updated item by item: a new watchlist is created
// with its CSV (one operation), an existing one gets its properties PUT without the CSV and then only
// the rows that changed, by search key, so Sentinel keeps item ids and history instead of a recreate.
import { createHash } from 'node:crypto';
import type { ArmClient } from './arm/client.js';
import { ArmError } from './arm/errors.js';
import { SENTINEL_STABLE } from './arm/api-versions.js';
import { mapLimit } from './concurrency.js';
import { putResolvingConflict } from './put.js';
import { deployedRows } from './read.js';
import { WATCHLISTS, type DesiredItem, type WatchlistItemResource } from './types.js';
import { itemPath, type Workspace } from './workspace.js';

const CSV_PROPERTIES = ['rawContent', 'source', 'sourceType', 'contentType', 'numberOfLinesToSkip'];
const ITEM_CONCURRENCY = 4;

/** Returns nothing: a watchlist is read back once its operation and its rows are done. */
export async function writeWatchlist(client: ArmClient, ws: Workspace, d: DesiredItem, create: boolean, etag: string | undefined): Promise<undefined> {
  const path = itemPath(ws, WATCHLISTS, d.name);
  if (create) {
    const res = await client.request('PUT', path, d.apiVersion, d.body);
    await waitForOperation(client, res.headers);
    return undefined;
  }
  const properties = { ...(d.body.properties ?? {}) };
  for (const p of CSV_PROPERTIES) delete properties[p];
  await putResolvingConflict(client, path, { ...d, body: { ...d.body, properties } }, etag);
  await syncItems(client, path, d);
  return undefined;
}

async function syncItems(client: ArmClient, path: string, d: DesiredItem): Promise<void> {
  const searchKey = String(d.body.properties?.['itemsSearchKey'] ?? '');
  const listed = await client.list<WatchlistItemResource>(`${path}/watchlistItems`, SENTINEL_STABLE);
  const rows = deployedRows({ type: WATCHLISTS, name: d.name, resource: { properties: { itemsSearchKey: searchKey } }, items: listed });
  const existing = new Map(rows.map((r, i) => [r.key, { row: r, id: listed[i]!.name! }]));
  const wanted = new Map((d.rows ?? []).map((r) => [r.key, r]));
  const puts = [...wanted.values()].filter((r) => {
    const have = existing.get(r.key);
    return !have || JSON.stringify(sorted(have.row.values)) !== JSON.stringify(sorted(r.values));
  });
  const deletes = [...existing.entries()].filter(([k]) => !wanted.has(k)).map(([, v]) => v.id);
  await mapLimit(puts, ITEM_CONCURRENCY, (r) =>
    client.request('PUT', `${path}/watchlistItems/${existing.get(r.key)?.id ?? itemId(d.name, r.key)}`, SENTINEL_STABLE, { properties: { itemsKeyValue: r.values } }),
  );
  await mapLimit(deletes, ITEM_CONCURRENCY, (id) => client.request('DELETE', `${path}/watchlistItems/${id}`, SENTINEL_STABLE));
}

function sorted(values: Record<string, string>): [string, string][] {
  return Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A new row's item id, derived from alias and key so that a retried PUT never makes a second item. */
export function itemId(alias: string, searchKeyValue: string): string {
  const h = createHash('sha256').update(`tripline-watchlist-item\u0000${alias.toLowerCase()}\u0000${searchKeyValue}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Polls an Azure-AsyncOperation status URL until the operation ends; a failed operation is an error. */
export async function waitForOperation(client: ArmClient, headers: Record<string, string>): Promise<void> {
  const url = headers['azure-asyncoperation'];
  if (!url) return;
  for (let polls = 0; polls < 600; polls++) {
    const res = await client.request<{ status?: string; error?: { code?: string; message?: string } }>('GET', url, undefined);
    const status = res.body?.status ?? 'Succeeded';
    if (status === 'Succeeded') return;
    if (status === 'Failed' || status === 'Canceled') {
      throw new ArmError(`operation ${status.toLowerCase()}: ${res.body?.error?.message ?? 'no reason given'}`, undefined, res.body?.error?.code);
    }
    const after = Number(res.headers['retry-after']);
    await new Promise((r) => setTimeout(r, Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 200));
  }
  throw new ArmError('operation did not finish within 600 polls', undefined, 'OperationTimeout');
}
