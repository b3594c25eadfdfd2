// ARM paths, matched case-insensitively (clients and portals vary the casing of provider and type
// segments); ids are rebuilt with the canonical casing of the fixed segments and the caller's names.
import { alertRules } from './resources/alert-rules.js';
import { automationRules } from './resources/automation-rules.js';
import { metadata } from './resources/metadata.js';
import type { ResourceType } from './resources/types.js';
import { watchlistItems, watchlists } from './resources/watchlists.js';
import { workbooks } from './resources/workbooks.js';

const WORKSPACE_TYPES: ResourceType[] = [alertRules, watchlists, automationRules, metadata];

export interface ResourceRoute {
  kind: 'collection' | 'resource';
  rt: ResourceType;
  subscription: string;
  resourceGroup: string;
  /** Canonical id of the collection (…/alertRules). */
  collectionId: string;
  /** Canonical id of the resource (resource routes only). */
  id?: string;
  name?: string;
  /** The watchlist of a watchlist item. */
  parentId?: string;
}

export interface OperationRoute {
  kind: 'operation';
  subscription: string;
  opId: string;
  /** `operationResults` (Location header) rather than `operations` (Azure-AsyncOperation). */
  result: boolean;
}

export type Route = ResourceRoute | OperationRoute;

function segments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

const eq = (a: string | undefined, b: string): boolean => a?.toLowerCase() === b.toLowerCase();

function resourceRoute(base: Omit<ResourceRoute, 'kind' | 'collectionId' | 'rt'>, rt: ResourceType, collectionId: string, name: string | undefined): ResourceRoute {
  if (name === undefined) return { kind: 'collection', rt, collectionId, ...base };
  return { kind: 'resource', rt, collectionId, id: `${collectionId}/${name}`, name, ...base };
}

function workspaceRoute(s: string[], sub: string, rg: string): ResourceRoute | undefined {
  // s = [.., 'workspaces', ws, 'providers', 'Microsoft.SecurityInsights', type, name?, 'watchlistItems'?, itemId?]
  if (!eq(s[4], 'providers') || !eq(s[5], 'Microsoft.OperationalInsights') || !eq(s[6], 'workspaces') || !s[7]) return undefined;
  if (!eq(s[8], 'providers') || !eq(s[9], 'Microsoft.SecurityInsights')) return undefined;
  const rt = WORKSPACE_TYPES.find((t) => eq(s[10], t.segment));
  if (!rt || s.length > 14) return undefined;
  const ws = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/${s[7]}/providers/Microsoft.SecurityInsights`;
  const collectionId = `${ws}/${rt.segment}`;
  if (s.length <= 12) return resourceRoute({ subscription: sub, resourceGroup: rg }, rt, collectionId, s[11]);
  if (rt !== watchlists || !eq(s[12], watchlistItems.segment)) return undefined;
  const parentId = `${collectionId}/${s[11]}`;
  return resourceRoute({ subscription: sub, resourceGroup: rg, parentId }, watchlistItems, `${parentId}/${watchlistItems.segment}`, s[13]);
}

export function parseRoute(pathname: string): Route | undefined {
  const s = segments(pathname);
  if (!s || !eq(s[0], 'subscriptions') || !s[1]) return undefined;
  const sub = s[1];
  if (eq(s[2], 'providers') && eq(s[3], 'Microsoft.SecurityInsights') && s.length === 6) {
    if (eq(s[4], 'operations')) return { kind: 'operation', subscription: sub, opId: s[5]!, result: false };
    if (eq(s[4], 'operationResults')) return { kind: 'operation', subscription: sub, opId: s[5]!, result: true };
    return undefined;
  }
  if (!eq(s[2], 'resourceGroups') || !s[3]) return undefined;
  const rg = s[3];
  if (eq(s[4], 'providers') && eq(s[5], 'Microsoft.Insights') && eq(s[6], 'workbooks') && s.length <= 8) {
    const collectionId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Insights/workbooks`;
    return resourceRoute({ subscription: sub, resourceGroup: rg }, workbooks, collectionId, s[7]);
  }
  return workspaceRoute(s, sub, rg);
}

export function operationUrl(origin: string, subscription: string, opId: string, apiVersion: string, result = false): string {
  const kind = result ? 'operationResults' : 'operations';
  return `${origin}/subscriptions/${subscription}/providers/Microsoft.SecurityInsights/${kind}/${opId}?api-version=${encodeURIComponent(apiVersion)}`;
}
