// A deployed automation rule as an automation/<name>.yaml file: its properties with every analytics rule
// resource id of this workspace turned back into the rule's `id`, so the file serves every environment
// (the inverse of automation/body.ts).
import { stringify } from 'yaml';
import { mapRuleIdValues } from '../automation/conditions.js';
import { RULE_ID_PROPERTIES, type AutomationCondition } from '../automation/types.js';
import type { ArmResource } from '../deploy/arm/client.js';
import { withoutNulls } from './without-nulls.js';

export interface PulledAutomation {
  doc: Record<string, unknown>;
  /** Analytics rule ids the conditions name (resource ids of another workspace stay as they are). */
  ruleIds: string[];
}

export function automationDocument(resource: ArmResource, workspaceId: string): PulledAutomation {
  const p = (resource.properties ?? {}) as Record<string, unknown>;
  const prefix = `${workspaceId}/providers/Microsoft.SecurityInsights/alertRules/`.toLowerCase();
  const ruleIds: string[] = [];
  const toRuleId = (value: string): string => {
    if (!value.toLowerCase().startsWith(prefix)) return value;
    const id = value.slice(prefix.length);
    ruleIds.push(id);
    return id;
  };
  const logic = { ...((p['triggeringLogic'] ?? {}) as Record<string, unknown>) };
  if (Array.isArray(logic['conditions'])) logic['conditions'] = mapRuleIdValues(logic['conditions'] as AutomationCondition[], toRuleId, (n) => RULE_ID_PROPERTIES.has(n));
  const doc = withoutNulls({ id: resource.name, displayName: p['displayName'], order: p['order'], triggeringLogic: logic, actions: p['actions'] ?? [] });
  return { doc, ruleIds };
}

export function automationYaml(doc: Record<string, unknown>, origin: string): string {
  const header = ['# yaml-language-server: $schema=../schemas/automation.schema.json', `# Pulled from ${origin} by tripline pull.`].join('\n');
  return `${header}\n${stringify(doc, { lineWidth: 0 })}`;
}
