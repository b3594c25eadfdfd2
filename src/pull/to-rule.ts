// A deployed analytics rule (alertRules resource) as a rule file in tripline's format: the Azure-Sentinel
// detection schema, the query kept verbatim, techniques and sub-techniques merged back into
// relevantTechniques, and an empty `tests` list marking that cases are still to be written.
import { stringify } from 'yaml';
import type { ArmResource } from '../deploy/arm/client.js';

const OPERATORS: Record<string, string> = { GreaterThan: 'gt', LessThan: 'lt', Equal: 'eq', NotEqual: 'ne' };

/** Keys copied as they are, in the order rule files write them. */
const COPIED = ['entityMappings', 'customDetails', 'alertDetailsOverride', 'sentinelEntitiesMappings', 'eventGroupingSettings', 'incidentConfiguration'];

export function ruleDocument(resource: ArmResource): Record<string, unknown> {
  const p = (resource.properties ?? {}) as Record<string, unknown>;
  const techniques = (p['techniques'] as string[] | undefined) ?? [];
  const subs = (p['subTechniques'] as string[] | undefined) ?? [];
  const relevant = [...subs, ...techniques.filter((t) => !subs.some((s) => s.startsWith(`${t}.`)))];
  const doc: Record<string, unknown> = {
    id: resource.name,
    name: p['displayName'],
    description: p['description'] ?? '',
    severity: p['severity'],
    kind: resource.kind ?? 'Scheduled',
  };
  if (doc['kind'] === 'Scheduled') {
    doc['queryFrequency'] = p['queryFrequency'];
    doc['queryPeriod'] = p['queryPeriod'];
    doc['triggerOperator'] = OPERATORS[String(p['triggerOperator'])] ?? p['triggerOperator'];
    doc['triggerThreshold'] = p['triggerThreshold'];
  }
  if (Array.isArray(p['tactics']) && p['tactics'].length) doc['tactics'] = p['tactics'];
  if (relevant.length) doc['relevantTechniques'] = relevant;
  doc['query'] = p['query'];
  for (const k of COPIED) if (p[k] !== undefined && p[k] !== null) doc[k] = p[k];
  doc['suppressionDuration'] = p['suppressionDuration'];
  doc['suppressionEnabled'] = p['suppressionEnabled'] ?? false;
  if (p['enabled'] === false) doc['enabled'] = false;
  doc['tests'] = [];
  return doc;
}

export function ruleYaml(resource: ArmResource, origin: string): string {
  const header = [
    '# yaml-language-server: $schema=../schemas/rule.schema.json',
    `# Pulled from ${origin} by tripline pull: the query is the workspace's, verbatim.`,
    '# TODO: write test cases (at least one that fires and one that does not).',
  ].join('\n');
  return `${header}\n${stringify(ruleDocument(resource), { lineWidth: 0, blockQuote: 'literal' })}`;
}
