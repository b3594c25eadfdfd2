// Incident creation, incident grouping and suppression: Sentinel settings custom detections do not have
// (reference §4 rows suppressionEnabled, incidentConfiguration.createIncident / groupingConfiguration;
// S-cmp "Not supported"). Grouping and incident creation are lossy (a warning saying what the SOC loses);
// enabled suppression is impossible unless `defender.suppression: drop`.
import { error, warning, type Problem } from '../core/problems.js';
import type { RuleDefinition } from '../rules/types.js';
import type { PropertyVerdict } from './types.js';

export function convertIncidents(rule: RuleDefinition): { verdicts: PropertyVerdict[]; problems: Problem[] } {
  const doc = rule.doc;
  const verdicts: PropertyVerdict[] = [];
  const problems: Problem[] = [];
  const lossy = (sentinel: string, pointer: string, how: string): void => {
    verdicts.push({ sentinel, defender: '—', verdict: 'lossy', how, pointer });
    problems.push(warning('defender-lossy', `${sentinel}: ${how}`, rule.source.locate(pointer)));
  };
  const grouping = doc.incidentConfiguration?.groupingConfiguration;
  if (grouping?.enabled) {
    const by = grouping.matchingMethod === 'Selected' ? [...(grouping.groupByEntities ?? []), ...(grouping.groupByAlertDetails ?? []), ...(grouping.groupByCustomDetails ?? [])].join(', ') : grouping.matchingMethod ?? 'AllEntities';
    lossy(
      'incidentConfiguration.groupingConfiguration',
      '/incidentConfiguration/groupingConfiguration',
      `the SOC loses this rule's incident grouping (alerts matching on ${by} within ${grouping.lookbackDuration ?? '5h'}${grouping.reopenClosedIncident ? ', reopening closed incidents' : ''}): Defender's own correlation decides which incident an alert joins`,
    );
  }
  if (doc.incidentConfiguration && doc.incidentConfiguration.createIncident === false) {
    lossy('incidentConfiguration.createIncident', '/incidentConfiguration/createIncident', 'false has no Defender equivalent: every custom detection alert goes into an incident, so the SOC gets incidents for alerts Sentinel kept incident-free');
  }
  if (doc.suppressionEnabled) {
    const how = `suppression for ${doc.suppressionDuration ?? '5h'} has no Defender equivalent (only identical alerts are merged)`;
    if (doc.defender?.suppression === 'drop') {
      verdicts.push({ sentinel: 'suppressionEnabled/suppressionDuration', defender: '—', verdict: 'lossy', how: `${how}: dropped (defender.suppression: drop)`, pointer: '/suppressionEnabled' });
    } else {
      verdicts.push({ sentinel: 'suppressionEnabled/suppressionDuration', defender: '—', verdict: 'impossible', how, pointer: '/suppressionEnabled' });
      problems.push(error('defender-suppression', `${how}; set defender.suppression: drop to deploy without it`, rule.source.locate('/suppressionEnabled')));
    }
  } else {
    verdicts.push({ sentinel: 'suppressionEnabled', defender: '—', verdict: 'converted', how: 'suppression is off, and Defender has none: nothing to carry over', pointer: '/suppressionEnabled' });
  }
  return { verdicts, problems };
}
