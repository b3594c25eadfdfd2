// The alertRules PUT body (`{ kind, properties }`) for a rendered rule, in the shape of the
// SecurityInsights REST API (reference: sentinel-arm-api.md §1.3-1.4, arm-examples/rule-*.put.json).
import { parseDuration } from '../core/duration.js';
import type { Environment } from '../environments/types.js';
import type { RenderedRule } from '../rules/types.js';

export interface AlertRuleBody {
  kind: 'Scheduled' | 'NRT';
  properties: Record<string, unknown>;
}

const TRIGGER_OPERATORS: Record<string, string> = {
  gt: 'GreaterThan',
  lt: 'LessThan',
  eq: 'Equal',
  ne: 'NotEqual',
  greaterthan: 'GreaterThan',
  lessthan: 'LessThan',
  equal: 'Equal',
  notequal: 'NotEqual',
};

export function armTriggerOperator(op: string | undefined): string {
  return TRIGGER_OPERATORS[(op ?? 'gt').toLowerCase()] ?? 'GreaterThan';
}

function iso(text: string | undefined, fallback: string): string {
  const d = parseDuration(text ?? fallback);
  return d ? d.iso : (text ?? fallback);
}

/** Whether the environment enables the rule: its `rules:` overrides by id or file stem win. */
export function ruleEnabled(rendered: RenderedRule, env: Environment): boolean {
  const { doc, stem } = rendered.rule;
  const override = env.rules[doc.id] ?? env.rules[stem];
  if (override?.enabled !== undefined) return override.enabled;
  return doc.enabled ?? true;
}

export function alertRuleBody(rendered: RenderedRule, env: Environment): AlertRuleBody {
  const doc = rendered.rule.doc;
  const techniques = new Set<string>();
  const subTechniques = new Set<string>();
  for (const t of doc.relevantTechniques ?? []) {
    const [parent, sub] = t.split('.');
    techniques.add(parent!);
    if (sub) subTechniques.add(t);
  }
  const properties: Record<string, unknown> = {
    displayName: doc.name,
    description: doc.description,
    enabled: ruleEnabled(rendered, env),
    severity: doc.severity,
    query: rendered.query,
  };
  if (doc.kind === 'Scheduled') {
    properties.queryFrequency = iso(doc.queryFrequency, '1h');
    properties.queryPeriod = iso(doc.queryPeriod, '1h');
    properties.triggerOperator = armTriggerOperator(doc.triggerOperator);
    properties.triggerThreshold = doc.triggerThreshold ?? 0;
  }
  properties.suppressionEnabled = doc.suppressionEnabled ?? false;
  properties.suppressionDuration = iso(doc.suppressionDuration, '5h');
  if (doc.tactics?.length) properties.tactics = doc.tactics;
  if (techniques.size) properties.techniques = [...techniques];
  if (subTechniques.size) properties.subTechniques = [...subTechniques];
  if (doc.entityMappings?.length) properties.entityMappings = doc.entityMappings;
  if (doc.customDetails && Object.keys(doc.customDetails).length) properties.customDetails = doc.customDetails;
  if (doc.alertDetailsOverride) properties.alertDetailsOverride = doc.alertDetailsOverride;
  if (Array.isArray(doc.sentinelEntitiesMappings) && doc.sentinelEntitiesMappings.length) {
    properties.sentinelEntitiesMappings = doc.sentinelEntitiesMappings;
  }
  properties.eventGroupingSettings = doc.eventGroupingSettings ?? { aggregationKind: 'SingleAlert' };
  if (doc.incidentConfiguration) {
    const ic = structuredClone(doc.incidentConfiguration);
    if (ic.groupingConfiguration) {
      ic.groupingConfiguration = {
        reopenClosedIncident: false,
        matchingMethod: 'AllEntities',
        ...ic.groupingConfiguration,
        lookbackDuration: iso(ic.groupingConfiguration.lookbackDuration, '5h'),
      };
    }
    properties.incidentConfiguration = ic;
  } else {
    properties.incidentConfiguration = { createIncident: true };
  }
  return { kind: doc.kind, properties };
}
