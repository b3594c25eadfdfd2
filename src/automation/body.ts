// The automationRules PUT body (`{ properties }`, sentinel-arm-api.md §2.2/§8.4): the file's properties
// with every analytics rule id turned into the alert rule's full resource id in the target workspace.
import type { Environment } from '../environments/types.js';
import { mapRuleIdValues } from './conditions.js';
import { RULE_ID_PROPERTIES, type AutomationRule } from './types.js';

export interface AutomationRuleBody {
  properties: Record<string, unknown>;
}

export function workspaceResourceId(env: Environment): string {
  return `/subscriptions/${env.subscriptionId}/resourceGroups/${env.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${env.workspaceName}`;
}

export function alertRuleResourceId(env: Environment, ruleId: string): string {
  return `${workspaceResourceId(env)}/providers/Microsoft.SecurityInsights/alertRules/${ruleId}`;
}

export function automationRuleBody(automation: AutomationRule, env: Environment): AutomationRuleBody {
  const { id: _id, triggeringLogic, ...rest } = structuredClone(automation.doc);
  const logic = { ...triggeringLogic };
  if (logic.conditions) {
    logic.conditions = mapRuleIdValues(logic.conditions, (id) => alertRuleResourceId(env, id), (name) => RULE_ID_PROPERTIES.has(name));
  }
  return { properties: { displayName: rest.displayName, order: rest.order, triggeringLogic: logic, actions: rest.actions } };
}
