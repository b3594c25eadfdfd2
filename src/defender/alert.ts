// The alert template's text, severity, ATT&CK, custom details and event grouping (reference §2.2
// alertTemplate, mitreTactic/mitreTechnique; §4 rows severity, tactics, techniques, customDetails,
// alertDetailsOverride, eventGroupingSettings).
import { error, type Problem } from '../core/problems.js';
import { lookupTechnique } from '../rules/attack.js';
import type { RuleDefinition } from '../rules/types.js';
import type { AlertTemplate, MitreTactic, PropertyVerdict } from './types.js';

export interface AlertConversion {
  template: AlertTemplate;
  verdicts: PropertyVerdict[];
  problems: Problem[];
}

export function convertAlert(rule: RuleDefinition): AlertConversion {
  const doc = rule.doc;
  const override = doc.alertDetailsOverride ?? {};
  const verdicts: PropertyVerdict[] = [];
  const problems: Problem[] = [];
  const template: AlertTemplate = {
    title: override.alertDisplayNameFormat ?? doc.name,
    description: override.alertDescriptionFormat ?? doc.description,
    severity: doc.severity.toLowerCase() as AlertTemplate['severity'],
  };
  verdicts.push({ sentinel: 'severity', defender: 'alertTemplate.severity', verdict: 'converted', how: `${doc.severity} in lower case: ${template.severity}`, pointer: '/severity' });
  verdicts.push(
    override.alertDisplayNameFormat
      ? { sentinel: 'alertDetailsOverride.alertDisplayNameFormat', defender: 'alertTemplate.title', verdict: 'direct', how: '{{Column}} placeholders kept (at most 3 columns)', pointer: '/alertDetailsOverride/alertDisplayNameFormat' }
      : { sentinel: 'name', defender: 'alertTemplate.title', verdict: 'direct', how: 'the rule name is the alert title', pointer: '/name' },
  );
  verdicts.push(
    override.alertDescriptionFormat
      ? { sentinel: 'alertDetailsOverride.alertDescriptionFormat', defender: 'alertTemplate.description', verdict: 'direct', how: '{{Column}} placeholders kept (plaintext: HTML and Markdown are sanitized)', pointer: '/alertDetailsOverride/alertDescriptionFormat' }
      : { sentinel: 'description', defender: 'alertTemplate.description', verdict: 'direct', how: 'the rule description is the alert description (plaintext)', pointer: '/description' },
  );
  const tactics = convertTactics(rule);
  if (tactics.tactics.length) template.tactics = tactics.tactics;
  verdicts.push(...tactics.verdicts);
  if (doc.customDetails && Object.keys(doc.customDetails).length) {
    template.customDetails = { ...doc.customDetails };
    verdicts.push({ sentinel: 'customDetails', defender: 'alertTemplate.customDetails', verdict: 'direct', how: 'key: column pairs unchanged (at most 20 pairs and 4 KB per alert)', pointer: '/customDetails' });
  }
  const kind = doc.eventGroupingSettings?.aggregationKind ?? 'SingleAlert';
  template.eventGroupingKind = kind === 'AlertPerResult' ? 'alertPerEvent' : 'singleAlert';
  verdicts.push({ sentinel: 'eventGroupingSettings.aggregationKind', defender: 'alertTemplate.eventGroupingKind', verdict: 'converted', how: `${kind}${doc.eventGroupingSettings ? '' : ' (Sentinel default)'} as ${template.eventGroupingKind} (beta)`, pointer: '/eventGroupingSettings' });
  for (const key of ['alertSeverityColumnName', 'alertTacticsColumnName', 'alertDynamicProperties'] as const) {
    if (override[key] === undefined) continue;
    const pointer = `/alertDetailsOverride/${key}`;
    const how = `${key} has no Defender equivalent: severity, tactics and alert properties cannot come from result columns (planned, not supported)`;
    verdicts.push({ sentinel: `alertDetailsOverride.${key}`, defender: '—', verdict: 'impossible', how, pointer });
    problems.push(error('defender-alert-override', `${how}; remove it to deploy the rule as a Defender custom detection`, rule.source.locate(pointer)));
  }
  return { template, verdicts, problems };
}

/** Each technique goes under the first tactic in the rule's list that the technique belongs to; sub-techniques under their parent. */
function convertTactics(rule: RuleDefinition): { tactics: MitreTactic[]; verdicts: PropertyVerdict[] } {
  const listed = rule.doc.tactics ?? [];
  const byTactic = new Map<string, Map<string, string[]>>(listed.map((t) => [t, new Map()]));
  for (const id of rule.doc.relevantTechniques ?? []) {
    const own = lookupTechnique(id)?.tactics ?? [];
    const tactic = listed.find((t) => own.includes(t)) ?? listed[0];
    if (!tactic) continue;
    const [parent, sub] = id.split('.');
    const subs = byTactic.get(tactic)!.get(parent!) ?? [];
    if (sub) subs.push(id);
    byTactic.get(tactic)!.set(parent!, subs);
  }
  const tactics: MitreTactic[] = [...byTactic].map(([tactic, techniques]) => ({
    tactic,
    ...(techniques.size ? { techniques: [...techniques].map(([technique, subs]) => ({ technique, ...(subs.length ? { subTechniques: subs } : {}) })) } : {}),
  }));
  const verdicts: PropertyVerdict[] = [];
  if (listed.length) verdicts.push({ sentinel: 'tactics', defender: 'alertTemplate.tactics[].tactic', verdict: 'converted', how: `one mitreTactic per tactic (several tactics per rule: planned in the portal)`, pointer: '/tactics' });
  if (rule.doc.relevantTechniques?.length) {
    verdicts.push({ sentinel: 'relevantTechniques', defender: 'alertTemplate.tactics[].techniques[]', verdict: 'converted', how: 'each technique under the first listed tactic it belongs to; T####.### as subTechniques of T####', pointer: '/relevantTechniques' });
  }
  return { tactics, verdicts };
}
