// Where each content item lives in ARM. Sentinel content hangs under the workspace; workbooks are
// resource-group resources linked to it by sourceId. Defender custom detections live in Microsoft Graph
// (a path on the Graph endpoint).
import type { Environment } from '../environments/types.js';
import { DETECTION_RULES_PATH } from './graph/client.js';
import { ALERT_RULES, AUTOMATION_RULES, DETECTION_RULES, WATCHLISTS, WORKBOOKS, type ArmContentType, type ContentType } from './types.js';

export interface Workspace {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
}

export function workspaceOf(env: Environment): Workspace {
  return { subscriptionId: env.subscriptionId, resourceGroup: env.resourceGroup, workspaceName: env.workspaceName };
}

export function workspacePath(ws: Workspace): string {
  return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${ws.workspaceName}`;
}

export function sentinelPath(ws: Workspace): string {
  return `${workspacePath(ws)}/providers/Microsoft.SecurityInsights`;
}

const SEGMENT: Record<Exclude<ArmContentType, typeof WORKBOOKS>, string> = {
  [ALERT_RULES]: 'alertRules',
  [WATCHLISTS]: 'watchlists',
  [AUTOMATION_RULES]: 'automationRules',
};

/** The collection a type lists from. */
export function collectionPath(ws: Workspace, type: ContentType): string {
  if (type === DETECTION_RULES) return DETECTION_RULES_PATH;
  if (type === WORKBOOKS) return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.Insights/workbooks`;
  return `${sentinelPath(ws)}/${SEGMENT[type]}`;
}

export function itemPath(ws: Workspace, type: ContentType, name: string): string {
  return `${collectionPath(ws, type)}/${encodeURIComponent(name)}`;
}
