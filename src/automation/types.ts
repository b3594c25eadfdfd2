// An automation rule as written in automation/<name>.yaml: Sentinel's AutomationRuleProperties plus a
// stable `id`, with analytics rules named by their rule `id` rather than by a workspace-specific
// resource id, so one file serves every environment.
import type { YamlSource } from '../core/yaml.js';

export type ConditionOperator =
  | 'Equals'
  | 'NotEquals'
  | 'Contains'
  | 'NotContains'
  | 'StartsWith'
  | 'NotStartsWith'
  | 'EndsWith'
  | 'NotEndsWith';

export interface AutomationCondition {
  conditionType: 'Property' | 'PropertyArray' | 'PropertyChanged' | 'PropertyArrayChanged' | 'Boolean';
  conditionProperties: {
    propertyName?: string;
    operator?: string;
    propertyValues?: string[];
    innerConditions?: AutomationCondition[];
    itemConditions?: AutomationCondition[];
    [key: string]: unknown;
  };
}

export interface AutomationAction {
  order: number;
  actionType: 'ModifyProperties' | 'RunPlaybook' | 'AddIncidentTask';
  actionConfiguration: Record<string, unknown>;
}

export interface AutomationRuleDocument {
  id: string;
  displayName: string;
  order: number;
  triggeringLogic: {
    isEnabled: boolean;
    triggersOn: 'Incidents' | 'Alerts';
    triggersWhen: 'Created' | 'Updated';
    expirationTimeUtc?: string;
    conditions?: AutomationCondition[];
  };
  actions: AutomationAction[];
}

export interface AutomationRule {
  /** Repository-relative path, e.g. automation/escalate-break-glass.yaml. */
  file: string;
  /** File name without folder and extension: the name of the render output. */
  stem: string;
  doc: AutomationRuleDocument;
  source: YamlSource;
}

/** Condition properties whose values are analytics rule ids. */
export const RULE_ID_PROPERTIES: ReadonlySet<string> = new Set(['IncidentRelatedAnalyticRuleIds', 'AlertAnalyticRuleIds']);
