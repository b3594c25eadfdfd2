// The Log Analytics workspace GUID queries go to. A real environment names it (`workspaceId`); an
// emulated one may leave it out and gets a stable GUID derived from its ARM coordinates.
import { createHash } from 'node:crypto';
import type { Environment } from '../environments/types.js';
import { workspaceOf, workspacePath } from '../deploy/workspace.js';

export function queryWorkspaceId(env: Environment): string | undefined {
  if (env.workspaceId) return env.workspaceId.toLowerCase();
  if (!env.emulator) return undefined;
  const h = createHash('sha256').update(`${env.subscriptionId}/${env.resourceGroup}/${env.workspaceName}`.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `/subscriptions/…/workspaces/{name}`: the ARM id of the environment's workspace (without the Sentinel provider). */
export function armWorkspaceId(env: Environment): string {
  return workspacePath(workspaceOf(env));
}
