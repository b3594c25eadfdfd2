// One verdict per Sentinel property: what converts, what is lossy (a warning), what is impossible (an
// error at the property's line) unless the rule's `defender:` key says how to resolve it.
import { describe, expect, it } from 'vitest';
import { convertToDefender } from '../../src/defender/convert.js';
import { renderText, repoProject, RULE, ruleWith } from './helpers.js';

function convert(text: string) {
  const { rendered, schema } = renderText(text);
  expect(schema).toEqual([]);
  return convertToDefender(rendered, repoProject().env);
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('convertToDefender verdicts', () => {
  it('a rule without Sentinel-only settings converts exactly, with its Defender-only fields', () => {
    const c = convert(RULE);
    expect(c.problems).toEqual([]);
    expect(c.properties.filter((p) => p.verdict === 'lossy' || p.verdict === 'impossible')).toEqual([]);
    expect(c.body.detectionAction.alertTemplate.recommendedActions).toBe("Reset the account's credentials.");
    expect(c.properties.find((p) => p.sentinel === 'defender.recommendedActions')).toMatchObject({ defender: 'alertTemplate.recommendedActions', verdict: 'direct' });
    expect(c.body.detectionAction.alertTemplate.title).toBe('Example rule');
    expect(c.body.detectionAction.alertTemplate.severity).toBe('medium');
    expect(c.body.schedule).toEqual({ frequency: 'PT1H', lookback: 'PT3H' });
  });

  it('device groups, automated actions and incident correlation from the defender key', () => {
    const text = RULE + '  deviceGroups: [Tier0]\n  isExcludedFromIncidentCorrelation: true\n  automatedActions:\n    disableUsers: [{ accountSidColumn: AccountSid }]\n';
    const action = convert(text).body.detectionAction;
    expect(action.organizationalScope).toEqual({ deviceGroups: ['Tier0'] });
    expect(action.incidentConfiguration).toEqual({ isExcludedFromIncidentCorrelation: true });
    expect(action.automatedActions).toEqual({ disableUsers: [{ accountSidColumn: 'AccountSid' }] });
  });

  it('a threshold other than > 0 is impossible at its line, and folded into the query with threshold: in-query', () => {
    const text = ruleWith('triggerThreshold', 'triggerThreshold: 4');
    const c = convert(text);
    expect(c.problems.map((p) => [p.severity, p.code, p.line])).toEqual([['error', 'defender-threshold', lineOf(text, 'triggerThreshold')]]);
    expect(c.problems[0]!.message).toContain('trigger gt 4 has no Defender equivalent');
    expect(c.properties.find((p) => p.sentinel === 'triggerOperator/triggerThreshold')?.verdict).toBe('impossible');

    const resolved = convert(text + '  threshold: in-query\n');
    expect(resolved.problems).toEqual([]);
    expect(resolved.properties.find((p) => p.sentinel === 'triggerOperator/triggerThreshold')).toMatchObject({ verdict: 'converted', defender: 'queryCondition.queryText' });
    expect(resolved.body.queryCondition.queryText).toMatch(/\| where toscalar\(TriplineRuleResult \| count\) > 4$/);
  });

  it('enabled suppression is impossible unless defender.suppression: drop', () => {
    const text = RULE.replace('defender:', 'suppressionEnabled: true\nsuppressionDuration: PT2H\ndefender:');
    const c = convert(text);
    expect(c.problems.map((p) => [p.code, p.line])).toEqual([['defender-suppression', lineOf(text, 'suppressionEnabled')]]);
    expect(c.problems[0]!.message).toContain('suppression for PT2H has no Defender equivalent');
    const dropped = convert(text + '  suppression: drop\n');
    expect(dropped.problems).toEqual([]);
    expect(dropped.properties.find((p) => p.sentinel.startsWith('suppression'))?.verdict).toBe('lossy');
  });

  it('severity or tactics from columns and dynamic properties are impossible', () => {
    const text = RULE.replace(
      'defender:',
      'alertDetailsOverride:\n  alertSeverityColumnName: Sev\n  alertTacticsColumnName: Tac\n  alertDynamicProperties:\n    - { alertProperty: ProductName, value: P }\ndefender:',
    );
    const c = convert(text);
    expect(c.problems.map((p) => [p.code, p.line])).toEqual([
      ['defender-alert-override', lineOf(text, 'alertSeverityColumnName')],
      ['defender-alert-override', lineOf(text, 'alertTacticsColumnName')],
      ['defender-alert-override', lineOf(text, '- { alertProperty')],
    ]);
  });

  it('an entity identifier without a Defender column is impossible unless unmappedIdentifiers: drop', () => {
    const block = RULE.slice(RULE.indexOf('entityMappings:'), RULE.indexOf('eventGroupingSettings:'));
    const text = RULE.replace(block, 'entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: AzureID\n        columnName: UserId\n      - identifier: HostName\n        columnName: IPAddress\n');
    const c = convert(text);
    expect(c.problems.map((p) => [p.code, p.line])).toEqual([['defender-entity-identifier', lineOf(text, 'identifier: AzureID')]]);
    expect(c.problems[0]!.message).toContain('Host identifier AzureID has no Defender column');
    const dropped = convert(text + '  unmappedIdentifiers: drop\n');
    expect(dropped.problems).toEqual([]);
    expect(dropped.body.detectionAction.alertTemplate.entityMappings).toEqual({ hosts: [{ nameColumn: 'IPAddress' }] });
  });

  it('incident grouping is lossy: a warning naming what the SOC loses; createIncident false too', () => {
    const text = RULE.replace(
      'defender:',
      'incidentConfiguration:\n  createIncident: false\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: true\n    lookbackDuration: PT6H\n    matchingMethod: AllEntities\ndefender:',
    );
    const c = convert(text);
    expect(c.problems.map((p) => [p.severity, p.code, p.line])).toEqual([
      ['warning', 'defender-lossy', lineOf(text, 'enabled: true')],
      ['warning', 'defender-lossy', lineOf(text, 'createIncident')],
    ]);
    expect(c.problems[0]!.message).toContain('alerts matching on AllEntities within PT6H, reopening closed incidents');
  });

  it('SingleAlert (also the Sentinel default) becomes singleAlert', () => {
    const text = RULE.replace('eventGroupingSettings:\n  aggregationKind: AlertPerResult\n', '');
    const c = convert(text);
    expect(c.body.detectionAction.alertTemplate.eventGroupingKind).toBe('singleAlert');
    expect(c.properties.find((p) => p.sentinel === 'eventGroupingSettings.aggregationKind')?.how).toBe('SingleAlert (Sentinel default) as singleAlert (beta)');
  });
});

describe('the defender key in the rule schema', () => {
  it('rejects unknown keys and unknown resolutions', () => {
    const { schema } = renderText(RULE + '  threshold: ignore\n  recomendedActions: x\n');
    expect(schema.map((p) => p.message)).toEqual([
      "unknown key 'recomendedActions' in defender (did you mean 'recommendedActions'?)",
      "defender.threshold 'ignore' is not allowed: it must be one of in-query",
    ]);
  });
});
