// What a workspace holds: the Sentinel collections listed (paged), watchlist items of the watchlists
// that matter, workbooks read one by one (they live in the resource group, listed only by category),
// and tripline's ownership records; Defender custom detections from Microsoft Graph when the
// environment wants some or tripline deployed some there before.
import type { ArmClient, ArmResource } from './arm/client.js';
import { SENTINEL_PREVIEW, SENTINEL_STABLE, WORKBOOKS as WORKBOOKS_API } from './arm/api-versions.js';
import { ownedEntries, type OwnedEntry } from './ownership.js';
import type { GraphClient } from './graph/client.js';
import { ALERT_RULES, AUTOMATION_RULES, DETECTION_RULES, WATCHLISTS, WORKBOOKS, type ContentType, type DeployedItem, type DesiredItem, type WatchlistItemResource, type WatchlistRow } from './types.js';
import { collectionPath, itemPath, sentinelPath, type Workspace } from './workspace.js';
import { mapLimit } from './concurrency.js';

export interface DeployedState {
  items: DeployedItem[];
  /** Every tripline metadata entry, whether or not its item still exists. */
  owned: OwnedEntry[];
}

export const key = (type: ContentType, name: string): string => `${type}|${name.toLowerCase()}`;

export async function readDeployed(client: ArmClient, ws: Workspace, desired: readonly DesiredItem[], concurrency = 8, graph?: GraphClient): Promise<DeployedState> {
  const [rules, watchlists, automation, metadata] = await Promise.all([
    // The preview version lists every rule kind (stable versions know no NRT).
    client.list(collectionPath(ws, ALERT_RULES), SENTINEL_PREVIEW),
    client.list(collectionPath(ws, WATCHLISTS), SENTINEL_STABLE),
    client.list(collectionPath(ws, AUTOMATION_RULES), SENTINEL_STABLE),
    client.list(`${sentinelPath(ws)}/metadata`, SENTINEL_STABLE),
  ]);
  const owned = ownedEntries(metadata);
  const ownership = new Map(owned.map((o) => [key(o.type, o.name), o.ownership]));
  const items: DeployedItem[] = [
    ...rules.map((r) => deployed(ALERT_RULES, r)),
    ...watchlists.map((w) => deployed(WATCHLISTS, w)),
    ...automation.map((a) => deployed(AUTOMATION_RULES, a)),
  ];
  const relevant = new Set([...desired.map((d) => key(d.type, d.name)), ...owned.map((o) => key(o.type, o.name))]);
  const workbookNames = [...new Set([...desired, ...owned].filter((x) => x.type === WORKBOOKS).map((x) => x.name.toLowerCase()))];
  const workbooks = await mapLimit(workbookNames, concurrency, (name) =>
    client.get(itemPath(ws, WORKBOOKS, name), WORKBOOKS_API).then((r) => (r ? { ...r, name: r.name ?? name } : undefined)),
  );
  for (const wb of workbooks) if (wb) items.push(deployed(WORKBOOKS, wb));
  if ([...desired, ...owned].some((x) => x.type === DETECTION_RULES)) {
    if (!graph) throw new Error('Defender custom detections are wanted or owned, but there is no Microsoft Graph client');
    for (const r of await graph.listRules()) items.push({ type: DETECTION_RULES, name: r.id, resource: r });
  }
  const wanted = items.filter((i) => i.type === WATCHLISTS && relevant.has(key(WATCHLISTS, i.name)));
  await mapLimit(wanted, concurrency, async (w) => {
    w.items = await client.list<WatchlistItemResource>(`${itemPath(ws, WATCHLISTS, w.name)}/watchlistItems`, SENTINEL_STABLE);
  });
  for (const i of items) i.ownership = ownership.get(key(i.type, i.name));
  return { items, owned };
}

function deployed(type: ContentType, resource: ArmResource): DeployedItem {
  return { type, name: resource.name ?? '', resource };
}

/** A deployed watchlist's items as rows keyed by its search key (Sentinel stores every value as text). */
export function deployedRows(item: DeployedItem): WatchlistRow[] {
  const searchKey = String(item.resource.properties?.['itemsSearchKey'] ?? '');
  return (item.items ?? []).map((i) => {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(i.properties?.itemsKeyValue ?? {})) values[k] = v === null || v === undefined ? '' : String(v);
    return { key: values[searchKey] ?? '', values };
  });
}
