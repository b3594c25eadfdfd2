// The automationRules PUT body (`{ properties }`, sentinel-arm-api.md §2.2/§8.4): the file's properties
// with every analytics rule id turned into the alert rule's full resource id in the target workspace.
import type { Environment } from '../environments/types.js';
import { mapRuleIdValues } from './conditions.js';
import { RULE_ID_PROPERTIES, type AutomationRule } from './types.js';

export interface AutomationRuleBody {
  properties: Record<string, unknown>;
}

/** Also the workbooks' sourceId: both link content to the workspace by this id. */
export function workspaceResourceId(env: Environment): string {
  return `/subscriptions/${env.subscriptionId}/resourceGroups/${env.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${env.workspaceName}`;
}

export function alertRuleResourceId(env: Environment, ruleId: string): string {
  return `${workspaceResourceId(env)}/providers/Microsoft.SecurityInsights/alertRules/${ruleId}`;
}

export function automationRuleBody(automation: AutomationRule, env: Environment): AutomationRuleBody {
  const doc = structuredClone(automation.doc);
  const triggeringLogic = { ...doc.triggeringLogic };
  if (triggeringLogic.conditions) {
    triggeringLogic.conditions = mapRuleIdValues(triggeringLogic.conditions, (id) => alertRuleResourceId(env, id), (name) => RULE_ID_PROPERTIES.has(name));
  }
  // `id` is the resource name (in the URL), not a property.
  return { properties: { displayName: doc.displayName, order: doc.order, triggeringLogic, actions: doc.actions } };
}
