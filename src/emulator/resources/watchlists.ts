// Watchlists and their items. A PUT with rawContent replaces the item set; an item whose search-key
// value is unchanged keeps its watchlistItemId, so a retried create (or an unchanged re-deploy) is
// idempotent. The real service never echoes rawContent, and reports a new watchlist as InProgress
// (the write is a long-running operation at 2025-09-01; ../server.ts adds the Azure-AsyncOperation header).
import { randomUUID } from 'node:crypto';
import { parseCsv } from '../../fixtures/csv.js';
import { ArmError, badRequest } from '../errors.js';
import { clone, durationAt, enumAt, integerAt, objectAt, stringAt } from '../check.js';
import type { EmulatorState, JsonObject, StoredResource } from '../state.js';
import { EMULATOR_IDENTITY, type PutContext, type PutOutcome, type ResourceType } from './types.js';

const ITEM_TYPE = 'Microsoft.SecurityInsights/watchlistItems';
const userInfo = { objectId: EMULATOR_IDENTITY.objectId, email: EMULATOR_IDENTITY.email, name: EMULATOR_IDENTITY.name };

interface Table {
  header: string[];
  rows: string[][];
}

function parseContent(raw: string, contentType: string, skip: number): Table {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const text = lines.slice(skip).join('\n');
  let records: string[][];
  if (contentType === 'text/tsv') {
    records = text.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('\t'));
  } else {
    const doc = parseCsv(text);
    const err = doc.errors[0];
    if (err) throw badRequest(`The raw content is not valid CSV at line ${err.line + skip}, column ${err.column}: ${err.message}`, 'properties.rawContent');
    records = doc.records.map((r) => r.map((c) => c.value));
  }
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows };
}

function itemsFromContent(p: JsonObject, key: string): Table | undefined {
  const raw = stringAt(p, 'rawContent', 'properties.rawContent', {});
  if (raw === undefined) return undefined;
  const contentType = enumAt(p, 'contentType', 'properties.contentType', ['text/csv', 'text/tsv'], true)!;
  const skip = integerAt(p, 'numberOfLinesToSkip', 'properties.numberOfLinesToSkip', 0, 1_000_000, false) ?? 0;
  const table = parseContent(raw, contentType, skip);
  if (!table.header.includes(key)) {
    throw badRequest(
      `The itemsSearchKey '${key}' is not one of the columns of the raw content's header (${table.header.join(', ') || 'none'}).`,
      'properties.itemsSearchKey',
    );
  }
  return table;
}

/** Replaces the watchlist's items, keeping the id of an item whose search-key value is unchanged. */
function replaceItems(state: EmulatorState, watchlistId: string, key: string, table: Table, now: string): void {
  const collection = `${watchlistId}/watchlistItems`;
  const byKey = new Map<string, StoredResource>();
  for (const item of state.children(collection)) {
    const kv = item.properties.itemsKeyValue as JsonObject | undefined;
    byKey.set(String(kv?.[key] ?? ''), item);
    state.delete(item.id);
  }
  for (const row of table.rows) {
    const kv: JsonObject = {};
    table.header.forEach((h, i) => (kv[h] = row[i] ?? ''));
    const old = byKey.get(String(kv[key]));
    const itemId = old?.name ?? randomUUID();
    state.put({
      id: `${collection}/${itemId}`,
      name: itemId,
      type: ITEM_TYPE,
      etag: old?.etag ?? `"${randomUUID()}"`,
      properties: {
        watchlistItemId: itemId,
        watchlistItemType: 'watchlist Item',
        itemsKeyValue: kv,
        isDeleted: false,
        created: (old?.properties.created as string | undefined) ?? now,
        updated: now,
        createdBy: userInfo,
        updatedBy: userInfo,
      },
    });
  }
}

function putWatchlist(ctx: PutContext): PutOutcome {
  const p = clone(objectAt(ctx.body, 'properties', 'properties', true)!);
  stringAt(p, 'displayName', 'properties.displayName', { required: true });
  stringAt(p, 'provider', 'properties.provider', { required: true });
  const key = stringAt(p, 'itemsSearchKey', 'properties.itemsSearchKey', { required: true })!;
  durationAt(p, 'defaultDuration', 'properties.defaultDuration', false);
  const table = itemsFromContent(p, key);
  const old = ctx.existing?.properties;
  if (!table && old && old.itemsSearchKey !== key && ctx.state.children(`${ctx.id}/watchlistItems`).length > 0) {
    throw badRequest(`The itemsSearchKey of a watchlist with items cannot be changed from '${String(old.itemsSearchKey)}' to '${key}' without new rawContent.`, 'properties.itemsSearchKey');
  }
  if (table) replaceItems(ctx.state, ctx.id, key, table, ctx.now);
  delete p.rawContent;
  for (const k of ['watchlistId', 'watchlistAlias', 'provisioningState', 'created', 'updated', 'createdBy', 'updatedBy', 'uploadStatus', 'watchlistType']) delete p[k];
  const properties: JsonObject = {
    watchlistId: (old?.watchlistId as string | undefined) ?? randomUUID(),
    ...p,
    watchlistAlias: ctx.name,
    watchlistType: 'watchlist',
    provisioningState: 'Succeeded',
    isDeleted: false,
    created: (old?.created as string | undefined) ?? ctx.now,
    updated: ctx.now,
    createdBy: (old?.createdBy as JsonObject | undefined) ?? userInfo,
    updatedBy: userInfo,
  };
  const created = !ctx.existing;
  return {
    resource: { id: ctx.id, name: ctx.name, type: 'Microsoft.SecurityInsights/Watchlists', properties },
    response: (stored) => (created ? { ...stored, properties: { ...stored.properties, provisioningState: 'InProgress' } } : { ...stored }),
  };
}

function putItem(ctx: PutContext): PutOutcome {
  const watchlist = ctx.parentId ? ctx.state.get(ctx.parentId) : undefined;
  if (!watchlist) throw new ArmError(404, 'NotFound', `The watchlist of this item does not exist.`);
  const p = clone(objectAt(ctx.body, 'properties', 'properties', true)!);
  const kv = objectAt(p, 'itemsKeyValue', 'properties.itemsKeyValue', true)!;
  const key = String(watchlist.properties.itemsSearchKey);
  if (kv[key] === undefined || kv[key] === null) {
    throw badRequest(`The item's itemsKeyValue must contain the watchlist's search key '${key}'.`, 'properties.itemsKeyValue');
  }
  objectAt(p, 'entityMapping', 'properties.entityMapping', false);
  const old = ctx.existing?.properties;
  const properties: JsonObject = {
    watchlistItemId: ctx.name,
    watchlistItemType: 'watchlist Item',
    itemsKeyValue: kv,
    ...(p.entityMapping ? { entityMapping: p.entityMapping } : {}),
    isDeleted: false,
    created: (old?.created as string | undefined) ?? ctx.now,
    updated: ctx.now,
    createdBy: (old?.createdBy as JsonObject | undefined) ?? userInfo,
    updatedBy: userInfo,
  };
  return { resource: { id: ctx.id, name: ctx.name, type: ITEM_TYPE, properties } };
}

export const watchlists: ResourceType = {
  segment: 'watchlists',
  type: 'Microsoft.SecurityInsights/Watchlists',
  action: 'Microsoft.SecurityInsights/Watchlists',
  api: 'securityInsights',
  put: putWatchlist,
};

export const watchlistItems: ResourceType = {
  segment: 'watchlistItems',
  type: ITEM_TYPE,
  action: 'Microsoft.SecurityInsights/Watchlists/WatchlistItems',
  api: 'securityInsights',
  put: putItem,
};
