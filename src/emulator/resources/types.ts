// What a resource type contributes to the generic request handling in ../server.ts: how to check and
// complete a PUT body, and how the stored resource is shown.
import type { EmulatorState, JsonObject, StoredResource } from '../state.js';

/** Who the emulator says made a change (createdBy, userId...). */
export const EMULATOR_IDENTITY = {
  objectId: '00000000-0000-0000-0000-00000000e4e1',
  name: 'tripline emulator',
  email: 'emulator@tripline.local',
  userPrincipalName: 'emulator@tripline.local',
} as const;

export interface PutContext {
  /** Canonical id (the existing resource's id when it exists). */
  id: string;
  name: string;
  apiVersion: string;
  preview: boolean;
  body: JsonObject;
  existing?: StoredResource;
  state: EmulatorState;
  /** ISO timestamp of this request. */
  now: string;
  query: URLSearchParams;
  /** Tables the workspace has beyond the standard catalog. */
  customTables: ReadonlySet<string>;
  /** Id of the parent resource (the watchlist of an item). */
  parentId?: string;
}

export interface PutOutcome {
  resource: StoredResource;
  /** Response body when it differs from the stored resource (a watchlist reports InProgress). */
  response?: (stored: StoredResource) => JsonObject;
}

export interface ResourceType {
  /** Canonical collection segment in ids: 'alertRules'. */
  segment: string;
  /** The `type` of stored resources. */
  type: string;
  /** RBAC action prefix for 403 messages: 'Microsoft.SecurityInsights/alertRules'. */
  action: string;
  /** Which api-version family the type answers to. */
  api: 'securityInsights' | 'workbooks';
  put(ctx: PutContext): Promise<PutOutcome> | PutOutcome;
  /** Response form of a stored resource; `list` with the list request's query. */
  view?(r: StoredResource, query: URLSearchParams, list: boolean): JsonObject;
  /** Narrows a list (workbooks: by category and sourceId); throws ArmError for a bad list query. */
  filter?(items: StoredResource[], query: URLSearchParams): StoredResource[];
}
