// The bundled pack converted to Defender custom detections: which properties carry over and how. The eight
// identity rules group their incidents by Account, which Defender cannot (lossy); the endpoint Tier-0 logon
// rule, the pack's one with a defender: key, converts exactly.
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/pipeline/render-all.js';
import { checkDefenderConstraints } from '../../src/defender/constraints.js';
import { convertToDefender } from '../../src/defender/convert.js';
import { projectSchemaContext } from '../../src/pipeline/validate.js';
import { repoProject } from './helpers.js';

const project = repoProject();
const rendered = renderAll(project).rendered;
const byStem = (stem: string) => convertToDefender(rendered.find((r) => r.rule.stem === stem)!, project.env);
const ENDPOINT = 'tier0-account-logon-outside-tier0-devices';

describe('converting the bundled rules to Defender', () => {
  it('converts the eight identity rules, each lossy only in its incident grouping', () => {
    expect(rendered).toHaveLength(9);
    for (const r of rendered.filter((x) => x.rule.stem !== ENDPOINT)) {
      const c = convertToDefender(r, project.env);
      const notExact = c.properties.filter((p) => p.verdict === 'lossy' || p.verdict === 'impossible');
      expect(notExact.map((p) => `${p.verdict} ${p.sentinel}`), r.rule.stem).toEqual(['lossy incidentConfiguration.groupingConfiguration']);
      expect(c.problems.map((p) => [p.severity, p.code, p.file, p.line]), r.rule.stem).toEqual([
        ['warning', 'defender-lossy', r.rule.file, r.rule.source.locate('/incidentConfiguration/groupingConfiguration').line],
      ]);
      expect(c.problems[0]!.message).toMatch(/the SOC loses this rule's incident grouping \(alerts matching on Account within (PT(8|12|24)H|P7D)\)/);
    }
  });

  it('the endpoint Tier-0 logon rule converts exactly: a preset schedule, strong assets, the Defender columns kept, nothing lost', () => {
    const r = rendered.find((x) => x.rule.stem === ENDPOINT)!;
    expect(r.rule.doc.defender).toBeDefined();
    const c = convertToDefender(r, project.env);
    expect(c.problems).toEqual([]);
    expect(c.properties.filter((p) => p.verdict !== 'direct' && p.verdict !== 'converted')).toEqual([]);
    expect(c.body.schedule).toEqual({ frequency: 'PT1H', lookback: 'PT4H' });
    expect(c.properties.find((p) => p.sentinel === 'queryFrequency')!.how).toContain('(a preset)');
    const t = c.body.detectionAction.alertTemplate;
    expect(t.entityMappings).toEqual({
      accounts: [{ sidColumn: 'AccountSid', nameColumn: 'AccountName', ntDomainColumn: 'AccountDomain' }],
      hosts: [{ nameColumn: 'HostName', dnsDomainColumn: 'HostDnsDomain' }],
      ips: [{ addressColumn: 'RemoteIP' }],
    });
    expect(t.recommendedActions).toMatch(/^Ask the administrator out of band/);
    expect(c.body.detectionAction.automatedActions).toBeUndefined();
    expect(checkDefenderConstraints(r, projectSchemaContext(project))).toEqual([]);
  });

  it('break-glass sign-in: schedule, severity, ATT&CK, entities and grouping as Defender spells them', () => {
    const c = byStem('break-glass-sign-in');
    expect(c.body.id).toBe('tripline-cc45de50-d867-4ac0-b21a-498e8f4e1d4b');
    expect(c.body.status).toBe('enabled');
    expect(c.body.schedule).toEqual({ frequency: 'PT15M', lookback: 'PT2H' });
    const t = c.body.detectionAction.alertTemplate;
    expect(t.severity).toBe('high');
    expect(t.eventGroupingKind).toBe('alertPerEvent');
    expect(t.title).toBe('Break-glass account {{UserPrincipalName}} sign-in {{SignInOutcome}} from {{IPAddress}}');
    expect(t.tactics).toEqual([
      { tactic: 'InitialAccess', techniques: [{ technique: 'T1078', subTechniques: ['T1078.004'] }] },
      { tactic: 'Persistence' },
      { tactic: 'CredentialAccess', techniques: [{ technique: 'T1110' }] },
    ]);
    expect(t.entityMappings).toEqual({
      accounts: [{ upnColumn: 'UserPrincipalName', nameColumn: 'AccountName', upnSuffixColumn: 'AccountUPNSuffix' }, { aadUserIdColumn: 'UserId' }],
      ips: [{ addressColumn: 'IPAddress' }],
      hosts: [{ nameColumn: 'DeviceName' }],
    });
    expect(t.customDetails?.['SignInOutcome']).toBe('SignInOutcome');
    expect(c.body.queryCondition.queryText).toBe(rendered.find((r) => r.rule.stem === 'break-glass-sign-in')!.query);
    const freq = c.properties.find((p) => p.sentinel === 'queryFrequency')!;
    expect(freq).toMatchObject({ defender: 'schedule.frequency', verdict: 'converted' });
    expect(freq.how).toContain('custom frequency: public preview');
  });

  it('the NRT rule gets a zero frequency and no lookback', () => {
    const c = byStem('break-glass-sign-in-nrt');
    expect(c.body.schedule).toEqual({ frequency: 'PT0S' });
    expect(c.properties.find((p) => p.sentinel === 'kind: NRT')?.verdict).toBe('converted');
    expect(c.properties.some((p) => p.sentinel.startsWith('triggerOperator'))).toBe(false);
  });

  it('the assignment rule maps its AzureResource entity and its 1h/2d schedule is a preset', () => {
    const c = byStem('new-permanent-privileged-assignment');
    expect(c.body.schedule).toEqual({ frequency: 'PT1H', lookback: 'P2D' });
    expect(c.body.detectionAction.alertTemplate.entityMappings?.['azureResources']).toEqual([{ resourceIdColumn: 'AzureResourceId' }]);
    expect(c.properties.find((p) => p.sentinel === 'queryFrequency')!.how).toContain('(a preset)');
  });

  it('an environment that disables a rule disables the custom detection', async () => {
    const { loadProject } = await import('../../src/project/load.js');
    const prod = loadProject(project.root, { env: 'example-prod' }).project!;
    const r = renderAll(prod).rendered.find((x) => x.rule.stem === 'break-glass-sign-in')!;
    expect(convertToDefender(r, prod.env).body.status).toBe('disabled');
  });
});
