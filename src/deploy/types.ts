// The domain of plan and deploy: what the repository wants in a workspace (DesiredItem), what the
// workspace holds (DeployedItem), and what would change (Plan).
import type { Target } from '../environments/types.js';
import type { ArmResource } from './arm/client.js';

export const ALERT_RULES = 'Microsoft.SecurityInsights/alertRules';
export const WATCHLISTS = 'Microsoft.SecurityInsights/watchlists';
export const AUTOMATION_RULES = 'Microsoft.SecurityInsights/automationRules';
export const WORKBOOKS = 'Microsoft.Insights/workbooks';
/** Defender XDR custom detections, in Microsoft Graph rather than ARM. */
export const DETECTION_RULES = 'microsoft.graph.security.detectionRule';

export type ContentType = typeof ALERT_RULES | typeof WATCHLISTS | typeof AUTOMATION_RULES | typeof WORKBOOKS | typeof DETECTION_RULES;
export type ArmContentType = Exclude<ContentType, typeof DETECTION_RULES>;

/** The order plans list items in: what others depend on first (apply.ts writes them in dependency stages). */
export const DEPLOY_ORDER: readonly ContentType[] = [WATCHLISTS, ALERT_RULES, DETECTION_RULES, AUTOMATION_RULES, WORKBOOKS];

/** A watchlist row, keyed by its itemsSearchKey value. */
export interface WatchlistRow {
  key: string;
  values: Record<string, string>;
}

export interface DesiredItem {
  type: ContentType;
  /** The resource name (rule id, watchlist alias, automation rule id, workbook GUID). */
  name: string;
  /** The repository file it comes from. */
  file: string;
  /** A human name (display name). */
  label: string;
  apiVersion: string;
  /** The PUT body, without etag. */
  body: ArmResource;
  /** Watchlists only: the rows, deployed item by item. */
  rows?: WatchlistRow[];
}

/** Where a rule goes in an environment, and why (plans show it). */
export interface RuleRoute {
  rule: string;
  name: string;
  file: string;
  targets: Target[];
  reason: string;
}

export interface WatchlistItemResource extends ArmResource {
  properties?: { itemsKeyValue?: Record<string, unknown>; watchlistItemId?: string } & Record<string, unknown>;
}

export interface Ownership {
  /** The metadata resource's name. */
  metadataName: string;
  /** Hash of the normalized item as read back after tripline's last write. */
  hash: string;
  /** The repository that deployed it (source.sourceId). */
  repository: string;
}

export interface DeployedItem {
  type: ContentType;
  name: string;
  resource: ArmResource;
  /** Watchlists only: their items as listed. */
  items?: WatchlistItemResource[];
  ownership?: Ownership;
}

export interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}

export type Action = 'create' | 'update' | 'adopt' | 'unchanged' | 'drift' | 'delete';

export interface PlanItem {
  type: ContentType;
  name: string;
  /** Repository file; absent for a delete of an item no longer in the repository. */
  file?: string;
  label: string;
  action: Action;
  /** Whether deploy would write it (a delete only with --prune). */
  pending: boolean;
  changes: Change[];
  /** The deployed etag the plan was made against (updates send it so a concurrent edit is refused). */
  etag?: string;
}

export interface EnvironmentPlan {
  name: string;
  /** The workspace's resource id. */
  workspace: string;
  targets: Target[];
  /** Each analytics rule's platform(s), with the reason. */
  routes: RuleRoute[];
  items: PlanItem[];
  /** Hash of the rendered content the plan was made from, and of the workspace state it read. */
  desiredHash: string;
  deployedHash: string;
}

export interface Plan {
  version: 1;
  prune: boolean;
  environments: EnvironmentPlan[];
}
