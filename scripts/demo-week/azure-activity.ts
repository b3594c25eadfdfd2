// AzureActivity of the week: Azure RBAC role assignment writes, each a Start row (request body) and a Success
// row (response body) as the Activity log records them. Sofia grants Owner directly on Wednesday (standing
// access outside PIM); the write PIM makes for her Monday activation carries PIM's application id.
import { type Person, SOFIA, TENANT_ID } from './cast.js';
import { iso, local } from './clock.js';
import type { Rng } from './random.js';
import type { Row } from './signins.js';
import { SUBSCRIPTION } from './audit.js';

const OWNER_ROLE = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const PIM_APP_ID = '01fc33a7-78ba-4d2f-a4b7-768e336e890e';
const PORTAL_APP_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';

interface Grant {
  at: number;
  caller: Person;
  appId: string;
  principalId: string;
}

function writeRows(rng: Rng, g: Grant): Row[] {
  const scope = `/subscriptions/${SUBSCRIPTION.id}`;
  const assignment = rng.uuid();
  const resourceId = `${scope}/providers/Microsoft.Authorization/roleAssignments/${assignment}`;
  const body = { PrincipalId: g.principalId, PrincipalType: 'User', RoleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE}`, Scope: scope };
  const claims = { aud: 'https://management.core.windows.net/', appid: g.appId, name: g.caller.upn, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': g.caller.upn };
  const correlation = rng.uuid();
  const row = (at: number, status: 'Start' | 'Success', props: Record<string, unknown>): Row => ({
    TimeGenerated: iso(at), TenantId: TENANT_ID, SourceSystem: 'Azure', CallerIpAddress: '192.0.2.30', CategoryValue: 'Administrative',
    CorrelationId: correlation, Caller: g.caller.upn, Level: 'Informational', Claims: JSON.stringify(claims), Claims_d: claims,
    OperationNameValue: status === 'Start' ? 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE' : 'Microsoft.Authorization/roleAssignments/write',
    Properties: JSON.stringify(props), Properties_d: props, EventDataId: rng.uuid(), ResourceProviderValue: 'MICROSOFT.AUTHORIZATION',
    ActivityStatusValue: status, ActivitySubstatusValue: status === 'Success' ? 'Created' : '', SubscriptionId: SUBSCRIPTION.id,
    ResourceId: resourceId.toUpperCase(), _ResourceId: resourceId.toLowerCase(), Type: 'AzureActivity',
  });
  const common = { eventCategory: 'Administrative', entity: resourceId, message: 'Microsoft.Authorization/roleAssignments/write', caller: g.caller.upn, subscriptionId: SUBSCRIPTION.id };
  return [
    row(g.at, 'Start', { ...common, activityStatusValue: 'Start', requestbody: JSON.stringify({ Id: assignment, Properties: body }) }),
    row(g.at + 1700, 'Success', { ...common, activityStatusValue: 'Success', statusCode: 'Created', responseBody: JSON.stringify({ properties: { roleDefinitionId: body.RoleDefinitionId, principalId: g.principalId, principalType: 'User', scope } }) }),
  ];
}

export function azureActivity(rng: Rng, staff: readonly Person[]): Row[] {
  return [
    ...writeRows(rng, { at: local(0, 15, 0, 30), caller: SOFIA, appId: PIM_APP_ID, principalId: SOFIA.oid }),
    ...writeRows(rng, { at: local(2, 13, 0, 12), caller: SOFIA, appId: PORTAL_APP_ID, principalId: staff[10]!.oid }),
  ];
}
