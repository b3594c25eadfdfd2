// A rendered rule as a Microsoft Graph detectionRule body, with a verdict per property (reference §4).
// The body is produced even when some property is impossible, so every verdict can be given; the errors
// in `problems` say it must not go out.
import { ruleEnabled } from '../render/alert-rule-body.js';
import type { Environment } from '../environments/types.js';
import type { RenderedRule } from '../rules/types.js';
import { convertAlert } from './alert.js';
import { convertEntities } from './entities.js';
import { convertIncidents } from './incident.js';
import { convertSchedule } from './schedule.js';
import { convertTrigger } from './threshold.js';
import type { Conversion, DetectionRuleBody, PropertyVerdict } from './types.js';

/**
 * Graph ids are client-chosen; an unverified report says they must start with a letter (reference §6), and
 * rule GUIDs may start with a digit. The prefix also marks the rule as tripline's.
 */
export function defenderRuleId(guid: string): string {
  return `tripline-${guid.toLowerCase()}`;
}

export function isDefenderRuleId(id: string): boolean {
  return /^tripline-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

export function convertToDefender(rendered: RenderedRule, env: Environment): Conversion {
  const { rule } = rendered;
  const doc = rule.doc;
  const enabled = ruleEnabled(rendered, env);
  const trigger = convertTrigger(rule, rendered.query);
  const schedule = convertSchedule(doc);
  const alert = convertAlert(rule);
  const entities = convertEntities(rule);
  const incidents = convertIncidents(rule);
  if (entities.entityMappings) alert.template.entityMappings = entities.entityMappings;
  const properties: PropertyVerdict[] = [
    { sentinel: 'id', defender: 'id', verdict: 'converted', how: `${defenderRuleId(doc.id)}: the GUID prefixed so the id starts with a letter`, pointer: '/id' },
    { sentinel: 'name', defender: 'displayName', verdict: 'direct', how: 'unchanged', pointer: '/name' },
    { sentinel: 'description', defender: 'description', verdict: 'direct', how: 'unchanged', pointer: '/description' },
    { sentinel: 'enabled', defender: 'status', verdict: 'converted', how: `${enabled} as ${enabled ? 'enabled' : 'disabled'}`, pointer: '/enabled' },
    { sentinel: 'query', defender: 'queryCondition.queryText', verdict: 'direct', how: 'the rendered query', pointer: '/query' },
    ...schedule.verdicts,
    ...trigger.verdicts,
    ...alert.verdicts,
    ...entities.verdicts,
    ...incidents.verdicts,
  ];
  const body: DetectionRuleBody = {
    '@odata.type': '#microsoft.graph.security.detectionRule',
    id: defenderRuleId(doc.id),
    displayName: doc.name,
    description: doc.description,
    status: enabled ? 'enabled' : 'disabled',
    queryCondition: { queryText: trigger.query },
    schedule: schedule.schedule,
    detectionAction: { alertTemplate: alert.template },
  };
  properties.push(...defenderOnly(rendered, body));
  return { body, properties, problems: [...trigger.problems, ...alert.problems, ...entities.problems, ...incidents.problems] };
}

/** The `defender:` key's fields that have no Sentinel source, placed into the body. */
function defenderOnly(rendered: RenderedRule, body: DetectionRuleBody): PropertyVerdict[] {
  const settings = rendered.rule.doc.defender ?? {};
  const verdicts: PropertyVerdict[] = [];
  const action = body.detectionAction;
  const add = (key: string, defender: string): void => {
    verdicts.push({ sentinel: `defender.${key}`, defender, verdict: 'direct', how: 'Defender-only setting', pointer: `/defender/${key}` });
  };
  if (settings.recommendedActions) {
    action.alertTemplate.recommendedActions = settings.recommendedActions;
    add('recommendedActions', 'alertTemplate.recommendedActions');
  }
  if (settings.deviceGroups?.length) {
    action.organizationalScope = { deviceGroups: settings.deviceGroups };
    add('deviceGroups', 'organizationalScope.deviceGroups');
  }
  if (settings.automatedActions && Object.keys(settings.automatedActions).length) {
    action.automatedActions = settings.automatedActions;
    add('automatedActions', 'automatedActions');
  }
  if (settings.isExcludedFromIncidentCorrelation !== undefined) {
    action.incidentConfiguration = { isExcludedFromIncidentCorrelation: settings.isExcludedFromIncidentCorrelation };
    add('isExcludedFromIncidentCorrelation', 'incidentConfiguration.isExcludedFromIncidentCorrelation');
  }
  return verdicts;
}
