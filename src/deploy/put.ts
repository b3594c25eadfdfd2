// One PUT of a content item, safe to retry.
import type { ArmClient, ArmResource } from './arm/client.js';
import { ArmError } from './arm/errors.js';
import { stableStringify, type Normalized } from './normalize.js';
import { normalizeDeployed, normalizeDesired } from './plan.js';
import type { DeployedItem, DesiredItem } from './types.js';

/**
 * A PUT carries the etag the plan read, so an edit made since then is refused (409). A 409 can also be
 * our own write: the connection dropped after the service committed it and the retry carried the old
 * etag. Reading the item back tells the two apart: if it holds what was sent, the write succeeded.
 */
/** Returns the item as the service stored it. */
export async function putResolvingConflict(client: ArmClient, path: string, d: DesiredItem, etag: string | undefined): Promise<ArmResource | undefined> {
  try {
    return (await client.request<ArmResource>('PUT', path, d.apiVersion, etag ? { ...d.body, etag } : d.body)).body;
  } catch (e) {
    if (!(e instanceof ArmError) || e.status !== 409) throw e;
    const now = await client.get(path, d.apiVersion);
    if (now && sameContent(d, { type: d.type, name: d.name, resource: now })) return now;
    // Without an etag the conflict is the service's own rule (e.g. a workbook name taken): its message says it.
    if (!etag) throw e;
    throw new ArmError(`${e.message}\n  the item changed in the workspace after the plan was made: run plan again`, 409, e.code);
  }
}

/** Equal as planned; watchlist rows are written after this PUT, so only the watchlist's own properties count. */
function sameContent(d: DesiredItem, item: DeployedItem): boolean {
  const own = ({ items: _items, ...rest }: Normalized): Normalized => rest;
  return stableStringify(own(normalizeDesired(d))) === stableStringify(own(normalizeDeployed(item)));
}

