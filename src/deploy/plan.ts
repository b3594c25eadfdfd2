// desired + deployed -> what deploy would do, item by item:
//   create     not in the workspace
//   adopt      in the workspace with the repository's name but no tripline ownership (made in the
//              portal, or a deploy whose ownership write failed): an update that takes ownership
//   drift      owned, but changed outside tripline since its last deploy (its hash no longer matches)
//   update     owned, unchanged since the last deploy, and the repository changed it
//   unchanged  owned and equal to the repository
//   delete     owned by this repository and no longer in it (pending only with --prune)
import { createHash } from 'node:crypto';
import { diff } from './diff.js';
import { contentHash, normalize, stableStringify, type Normalized } from './normalize.js';
import { deployedRows, key, type DeployedState } from './read.js';
import type { Target } from '../environments/types.js';
import { DEPLOY_ORDER, WATCHLISTS, type DeployedItem, type DesiredItem, type EnvironmentPlan, type PlanItem, type RuleRoute } from './types.js';

export interface PlanOptions {
  name: string;
  workspace: string;
  prune: boolean;
  repository: string;
  /** Default [sentinel], no routes shown. */
  targets?: Target[];
  routes?: RuleRoute[];
}

export function normalizeDeployed(item: DeployedItem): Normalized {
  return normalize(item.type, item.resource, item.type === WATCHLISTS ? deployedRows(item) : undefined);
}

export function normalizeDesired(item: DesiredItem): Normalized {
  return normalize(item.type, item.body, item.rows);
}

export function planEnvironment(desired: readonly DesiredItem[], state: DeployedState, options: PlanOptions): EnvironmentPlan {
  const deployed = new Map(state.items.map((i) => [key(i.type, i.name), i]));
  const items: PlanItem[] = desired.map((d) => planItem(d, deployed.get(key(d.type, d.name)), options.repository));
  const wanted = new Set(desired.map((d) => key(d.type, d.name)));
  for (const o of state.owned) {
    if (wanted.has(key(o.type, o.name)) || o.ownership.repository !== options.repository) continue;
    const item = deployed.get(key(o.type, o.name));
    const label = String(item?.resource.properties?.['displayName'] ?? item?.resource['displayName'] ?? o.name);
    items.push({ type: o.type, name: o.name, label, action: 'delete', pending: options.prune, changes: [], ...(item?.resource.etag ? { etag: item.resource.etag } : {}) });
  }
  items.sort((a, b) => DEPLOY_ORDER.indexOf(a.type) - DEPLOY_ORDER.indexOf(b.type) || a.name.localeCompare(b.name));
  return {
    name: options.name,
    workspace: options.workspace,
    targets: options.targets ?? ['sentinel'],
    routes: options.routes ?? [],
    items,
    desiredHash: hashOf(desired.map((d) => [d.type, d.name, stableStringify(normalizeDesired(d))])),
    deployedHash: deployedHash(state, desired),
  };
}

function planItem(d: DesiredItem, item: DeployedItem | undefined, repository: string): PlanItem {
  const base = { type: d.type, name: d.name, file: d.file, label: d.label };
  const want = normalizeDesired(d);
  if (!item) return { ...base, action: 'create', pending: true, changes: diff(undefined, want) };
  const have = normalizeDeployed(item);
  const changes = diff(have, want);
  const etag = item.resource.etag ? { etag: item.resource.etag } : {};
  if (!item.ownership || item.ownership.repository !== repository) return { ...base, action: 'adopt', pending: true, changes, ...etag };
  if (item.ownership.hash !== contentHash(have)) return { ...base, action: 'drift', pending: true, changes, ...etag };
  if (!changes.length) return { ...base, action: 'unchanged', pending: false, changes };
  return { ...base, action: 'update', pending: true, changes, ...etag };
}

/** What the workspace held when planned: a saved plan is refused when this no longer matches. */
export function deployedHash(state: DeployedState, desired: readonly DesiredItem[]): string {
  const relevant = new Set([...desired.map((d) => key(d.type, d.name)), ...state.owned.map((o) => key(o.type, o.name))]);
  const rows = state.items.filter((i) => relevant.has(key(i.type, i.name))).map((i) => [i.type, i.name.toLowerCase(), stableStringify(normalizeDeployed(i)), i.ownership?.hash ?? '']);
  return hashOf(rows);
}

function hashOf(rows: string[][]): string {
  const sorted = rows.map((r) => r.join('\u0000')).sort();
  return createHash('sha256').update(sorted.join('\u0001')).digest('hex');
}

export function pendingCount(plan: EnvironmentPlan): number {
  return plan.items.filter((i) => i.pending).length;
}
