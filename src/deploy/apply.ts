// Applying an environment's plan: writes in dependency stages with bounded concurrency, each write's
// read-back hashed into its ownership record; prunes afterwards in reverse order.
// On a failed write the writes in flight finish, no new ones start, and the result lists both: on either
// platform, since Defender custom detections (Microsoft Graph) are written in the analytics rules' stage.
import type { ArmClient, ArmResource } from './arm/client.js';
import { ArmError } from './arm/errors.js';
import { putResolvingConflict } from './put.js';
import { SENTINEL_PREVIEW, SENTINEL_STABLE, WORKBOOKS as WORKBOOKS_API } from './arm/api-versions.js';
import { createLimiter } from './concurrency.js';
import { contentHash } from './normalize.js';
import { metadataBody, metadataName } from './ownership.js';
import { normalizeDeployed } from './plan.js';
import type { GraphClient } from './graph/client.js';
import { deleteDetectionRule, writeDetectionRule } from './graph/writes.js';
import { ALERT_RULES, AUTOMATION_RULES, DETECTION_RULES, WATCHLISTS, WORKBOOKS, type ArmContentType, type ContentType, type DeployedItem, type DesiredItem, type EnvironmentPlan, type PlanItem, type WatchlistItemResource } from './types.js';
import { itemPath, sentinelPath, workspacePath, type Workspace } from './workspace.js';
import { key } from './read.js';
import { waitForOperation, writeWatchlist } from './watchlist-writes.js';

export interface ApplyOptions {
  prune: boolean;
  force: boolean;
  concurrency: number;
  repository: string;
  /** Needed when the plan has Defender custom detections. */
  graph?: GraphClient;
  onResult?: (r: ItemResult) => void;
}

export interface ItemResult {
  item: PlanItem;
  ok: boolean;
  error?: string;
}

export interface ApplyResult {
  environment: string;
  results: ItemResult[];
  /** Pending items never started because an earlier write failed. */
  notStarted: PlanItem[];
}

/** Writes in flight per workspace unless the environment or --concurrency says otherwise (ARM's write limits are per hour, far above this). */
export const DEFAULT_CONCURRENCY = 8;

const WRITE_ACTIONS = new Set(['create', 'update', 'adopt', 'drift']);

/** Drifted items a deploy would overwrite: refused before any write unless --force. */
export function driftRefusals(plan: EnvironmentPlan, force: boolean): PlanItem[] {
  return force ? [] : plan.items.filter((i) => i.action === 'drift');
}

/**
 * What must exist before what: rules read watchlists, automation rules name rules; workbooks depend on
 * nothing. Ownership records are written off this path, so they never hold up the next stage.
 */
const WRITE_STAGES: readonly (readonly ContentType[])[] = [[WATCHLISTS, WORKBOOKS], [ALERT_RULES, DETECTION_RULES], [AUTOMATION_RULES]];

export async function applyPlan(client: ArmClient, ws: Workspace, plan: EnvironmentPlan, desired: readonly DesiredItem[], options: ApplyOptions): Promise<ApplyResult> {
  const byKey = new Map(desired.map((d) => [key(d.type, d.name), d]));
  const limit = createLimiter(options.concurrency);
  const results: ItemResult[] = [];
  const notStarted: PlanItem[] = [];
  const ownership: Promise<void>[] = [];
  let failed = false;
  const record = (r: ItemResult): void => {
    if (!r.ok) failed = true;
    results.push(r);
    options.onResult?.(r);
  };
  const failure = (item: PlanItem) => (e: unknown) => record({ item, ok: false, error: (e as Error).message });
  // After a failure nothing new starts; what is in flight (ownership writes included) finishes.
  const attempt = (item: PlanItem, op: () => Promise<void>): Promise<void> =>
    limit(async () => (failed ? void notStarted.push(item) : op().catch(failure(item))));
  const write = (item: PlanItem) => async (): Promise<void> => {
    const d = byKey.get(key(item.type, item.name))!;
    const back = d.type === DETECTION_RULES ? await writeDefender(graphOf(options.graph), item, d) : await writeContent(client, ws, item, d);
    ownership.push(limit(() => writeOwnership(client, ws, d, back, options.repository)).then(() => record({ item, ok: true }), failure(item)));
  };
  const writes = plan.items.filter((i) => i.pending && WRITE_ACTIONS.has(i.action) && (i.action !== 'drift' || options.force));
  for (const stage of WRITE_STAGES) await Promise.all(writes.filter((i) => stage.includes(i.type)).map((i) => attempt(i, write(i))));
  await Promise.all(ownership);
  if (options.prune) {
    const deletes = plan.items.filter((i) => i.action === 'delete');
    for (const stage of [...WRITE_STAGES].reverse()) {
      await Promise.all(deletes.filter((i) => stage.includes(i.type)).map((i) => attempt(i, () => deleteItem(client, ws, i, options.graph).then(() => record({ item: i, ok: true })))));
    }
  }
  return { environment: plan.name, results, notStarted };
}

function graphOf(graph: GraphClient | undefined): GraphClient {
  if (!graph) throw new Error('the plan has Defender custom detections, but no Microsoft Graph client was given');
  return graph;
}

async function writeDefender(graph: GraphClient, item: PlanItem, d: DesiredItem): Promise<DeployedItem> {
  const stored = await writeDetectionRule(graph, d, item.action === 'create');
  const resource = stored ?? (await graph.getRule(d.name));
  if (!resource) throw new ArmError(`Defender custom detection '${d.name}' was written but cannot be read back`, 404, 'NotFound');
  return { type: d.type, name: d.name, resource };
}

/** Writes the item; returns it as the service stored it. */
async function writeContent(client: ArmClient, ws: Workspace, item: PlanItem, d: DesiredItem): Promise<DeployedItem> {
  const path = itemPath(ws, d.type, d.name);
  const etag = item.action === 'create' ? undefined : item.etag;
  // The service's answer to the PUT is the item as stored (server-filled values included), so it serves
  // as the read-back; watchlists finish asynchronously and keep their rows apart, so they are read again.
  const stored = d.type === WATCHLISTS ? await writeWatchlist(client, ws, d, item.action === 'create', etag) : await putResolvingConflict(client, path, d, etag);
  const back = stored?.properties ? { type: d.type, name: d.name, resource: stored } : await readBack(client, ws, d);
  if (!back) throw new ArmError(`${d.type} '${d.name}' was written but cannot be read back`, 404, 'NotFound');
  return back;
}

async function writeOwnership(client: ArmClient, ws: Workspace, d: DesiredItem, back: DeployedItem, repository: string): Promise<void> {
  const hash = contentHash(normalizeDeployed(back));
  // A Graph rule has no ARM id: its record hangs under the workspace.
  const parentId = d.type === DETECTION_RULES ? workspacePath(ws) : back.resource.id ?? itemPath(ws, d.type, d.name);
  await client.request('PUT', `${sentinelPath(ws)}/metadata/${metadataName(d.type, d.name)}`, SENTINEL_STABLE, metadataBody(d.type, d.name, parentId, repository, hash));
}

async function readBack(client: ArmClient, ws: Workspace, d: DesiredItem): Promise<DeployedItem | undefined> {
  const path = itemPath(ws, d.type, d.name);
  const resource = await client.get<ArmResource>(path, d.apiVersion);
  if (!resource) return undefined;
  const item: DeployedItem = { type: d.type, name: d.name, resource };
  if (d.type === WATCHLISTS) item.items = await client.list<WatchlistItemResource>(`${path}/watchlistItems`, SENTINEL_STABLE);
  return item;
}

async function deleteItem(client: ArmClient, ws: Workspace, item: PlanItem, graph: GraphClient | undefined): Promise<void> {
  if (item.type === DETECTION_RULES) {
    await deleteDetectionRule(graphOf(graph), item.name);
  } else {
    const res = await client.request('DELETE', itemPath(ws, item.type, item.name), DELETE_API_VERSION[item.type]);
    if (res.status === 202) await waitForOperation(client, res.headers);
  }
  await client.request('DELETE', `${sentinelPath(ws)}/metadata/${metadataName(item.type, item.name)}`, SENTINEL_STABLE);
}

const DELETE_API_VERSION: Record<ArmContentType, string> = {
  [ALERT_RULES]: SENTINEL_PREVIEW,
  [WATCHLISTS]: SENTINEL_STABLE,
  [AUTOMATION_RULES]: SENTINEL_STABLE,
  [WORKBOOKS]: WORKBOOKS_API,
};
