// The same test cases on both platforms of a rule with a defender: key: Defender's ingestion-time window,
// no threshold (one folded into the query gives the same alerts), no suppression, its alert model, and
// expectations per platform under expect.defender, reported per platform.
import { describe, expect, it } from 'vitest';
import { writeRepo } from './repo.js';
import { loadProject } from '../../src/project/load.js';
import { loadTestCases } from '../../src/testing/cases.js';
import { defender } from '../../src/testing/platforms/defender.js';
import { formatText } from '../../src/testing/report/text.js';
import { runProjectTests, type RuleTestReport } from '../../src/testing/runner.js';
import type { RuleDocument } from '../../src/rules/types.js';

function rule(extra: string): string {
  return `id: 5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e
name: Successful sign-in
description: Test rule.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 1h
tactics: [InitialAccess]
relevantTechniques: [T1078]
query: |
  SigninLogs
  | where ResultType == "0"
  | project TimeGenerated, UserPrincipalName, IPAddress
entityMappings:
  - entityType: Account
    fieldMappings: [{ identifier: FullName, columnName: UserPrincipalName }]
  - entityType: Host
    fieldMappings: [{ identifier: FullName, columnName: IPAddress }]
eventGroupingSettings: { aggregationKind: AlertPerResult }
${extra}`;
}

const row = (t: string, upn: string, ingested?: string) =>
  `{ TimeGenerated: ${t}, UserPrincipalName: ${upn}, IPAddress: 203.0.113.9, ResultType: "0"${ingested ? `, _IngestionTime: ${ingested}` : ''} }`;

function run(ruleText: string, tests: string): RuleTestReport {
  const root = writeRepo('platforms', { 'rules/r.yaml': ruleText, 'rules/r.tests.yaml': tests });
  const { project, problems, configProblems } = loadProject(root);
  expect([...problems, ...configProblems]).toEqual([]);
  return runProjectTests(project!, project!.rules, { requireFiringAndQuiet: false })[0]!;
}

const outcome = (r: RuleTestReport): string[] => (expect(r.problems).toEqual([]), r.results).map((x) => `${x.platform} ${x.case.name}: ${x.status}, ${x.runs.reduce((n, run) => n + run.alerts.length, 0)} alerts`);

const BASE = 'triggerOperator: gt\ntriggerThreshold: 0\ndefender: { unmappedIdentifiers: drop }\n';

describe('test cases on Sentinel and Defender', () => {
  it('a late-ingested row: outside Sentinel\'s TimeGenerated window, inside Defender\'s ingestion-time window', () => {
    const report = run(rule(BASE), `- name: an event ingested 90 minutes late
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs: [ ${row('2026-03-02T01:20:00Z', 'late@contoso.com', '2026-03-02T02:50:00Z')} ]
  expect:
    fires: false
    defender: { fires: true, alerts: [{ displayName: Successful sign-in, severity: Medium, entities: [{ type: Account, FullName: late@contoso.com }] }] }
`);
    expect(outcome(report)).toEqual(['sentinel an event ingested 90 minutes late: passed, 0 alerts', 'defender an event ingested 90 minutes late: passed, 1 alerts']);
    const alert = report.results[1]!.runs[0]!.alerts[0]!;
    // Host FullName has no Defender column: dropped (defender.unmappedIdentifiers: drop); Sentinel keeps it.
    expect(alert.entities).toEqual([{ type: 'Account', identifiers: { FullName: 'late@contoso.com' } }]);
    expect(alert.severity).toBe('medium');
    const text = formatText([report]);
    expect(text).toMatch(/\(each case as a Sentinel analytics rule and as a Defender custom detection\)/);
    expect(text).toMatch(/✓ an event ingested 90 minutes late \[Defender\]/);
  });

  it('a threshold folded into the query (defender.threshold: in-query) gives the same alerts as Sentinel\'s trigger', () => {
    const three = [1, 2, 3].map((i) => row(`2026-03-02T02:1${i}:00Z`, `u${i}@contoso.com`)).join(', ');
    const report = run(rule('triggerOperator: gt\ntriggerThreshold: 2\ndefender: { threshold: in-query, unmappedIdentifiers: drop }\n'), `- name: two sign-ins stay under the threshold
  now: 2026-03-02T03:00:00Z
  input: { SigninLogs: [ ${row('2026-03-02T02:10:00Z', 'a@contoso.com')}, ${row('2026-03-02T02:20:00Z', 'b@contoso.com')} ] }
  expect: { fires: false }
- name: three pass it
  now: 2026-03-02T03:00:00Z
  input: { SigninLogs: [ ${three} ] }
  expect: { fires: true, alerts: 3 }
`);
    expect(outcome(report)).toEqual([
      'sentinel two sign-ins stay under the threshold: passed, 0 alerts',
      'defender two sign-ins stay under the threshold: passed, 0 alerts',
      'sentinel three pass it: passed, 3 alerts',
      'defender three pass it: passed, 3 alerts',
    ]);
  });

  it('suppression holds back Sentinel runs; Defender (suppression: drop) alerts in every run', () => {
    const rows = ['01:30', '02:30', '03:30'].map((t, i) => row(`2026-03-02T${t}:00Z`, `u${i}@contoso.com`)).join(', ');
    const report = run(rule(`${BASE.replace('{ unmappedIdentifiers: drop }', '{ unmappedIdentifiers: drop, suppression: drop }')}suppressionEnabled: true\nsuppressionDuration: 90m\n`), `- name: three hourly sign-ins
  replay: { from: 2026-03-02T02:00:00Z, to: 2026-03-02T04:00:00Z }
  input: { SigninLogs: [ ${rows} ] }
  expect: { alerts: 2, defender: { alerts: 3 } }
`);
    expect(outcome(report)).toEqual(['sentinel three hourly sign-ins: passed, 2 alerts', 'defender three hourly sign-ins: passed, 3 alerts']);
    expect(report.results[0]!.runs.map((r) => r.suppressed)).toEqual([false, true, false]);
  });

  it('a wrong Defender expectation fails at expect.defender, explaining Defender\'s trigger', () => {
    const report = run(rule(BASE), `- name: one sign-in
  now: 2026-03-02T03:00:00Z
  input: { SigninLogs: [ ${row('2026-03-02T02:30:00Z', 'a@contoso.com')} ] }
  expect: { fires: true, defender: { fires: false } }
`);
    expect(report.results.map((r) => r.status)).toEqual(['passed', 'failed']);
    const failure = report.results[1]!.failures[0]!;
    expect(failure.message).toMatch(/expected the rule not to fire, but it fired \(1 result row; Defender: alerts on any result row; window/);
    expect(failure.at).toMatchObject({ file: 'rules/r.tests.yaml', line: 4 });
  });

  it('a Defender XDR table is read with its advanced hunting time column: the row\'s TimeGenerated is Timestamp there', () => {
    const time = '{{#if @target.defender}}Timestamp{{else}}TimeGenerated{{/if}}';
    const onDevices = rule(BASE)
      .replace('  SigninLogs\n  | where ResultType == "0"\n  | project TimeGenerated, UserPrincipalName, IPAddress', `  DeviceLogonEvents\n  | where ingestion_time() > ago(1h)\n  | project ${time}, DeviceId, ReportId, UserPrincipalName = AccountName, IPAddress = RemoteIP`);
    const report = run(onDevices, `- name: one logon
  now: 2026-03-02T03:00:00Z
  input: { DeviceLogonEvents: [ { TimeGenerated: 2026-03-02T02:30:00Z, DeviceId: d1, ReportId: 7, AccountName: adm, RemoteIP: 203.0.113.9 } ] }
  expect:
    rows: [ { TimeGenerated: 2026-03-02T02:30:00Z, ReportId: 7 } ]
    defender: { rows: [ { Timestamp: 2026-03-02T02:30:00Z, ReportId: 7 } ] }
`);
    expect(outcome(report)).toEqual(['sentinel one logon: passed, 1 alerts', 'defender one logon: passed, 1 alerts']);
  });

  it('expect.defender on a rule without a defender: key is a located error', () => {
    const root = writeRepo('platforms', {
      'rules/r.yaml': rule('triggerOperator: gt\ntriggerThreshold: 0\n'),
      'rules/r.tests.yaml': '- name: x\n  now: 2026-03-02T03:00:00Z\n  input: { SigninLogs: [] }\n  expect: { fires: false, defender: { fires: true } }\n',
    });
    const { project } = loadProject(root);
    const { problems } = loadTestCases(root, project!.rules[0]!);
    expect(problems).toMatchObject([{ severity: 'error', file: 'rules/r.tests.yaml', line: 4, message: expect.stringMatching(/expect.defender applies to rules with a defender: key/) }]);
  });

  it('Defender\'s alert model: identical alerts merge, at most 150 per run, custom details over 20 pairs dropped', () => {
    const doc = { name: 'r', description: 'd', severity: 'High', kind: 'Scheduled', eventGroupingSettings: { aggregationKind: 'AlertPerResult' }, customDetails: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'U'])) } as unknown as RuleDocument;
    const result = { columns: [{ name: 'U', type: 'string' as const }], rows: [...Array.from({ length: 200 }, (_, i) => [`u${i}`]), ['u0'], ['u0']] };
    const alerts = defender.alerts(doc, result);
    expect(alerts).toHaveLength(150);
    expect(alerts[0]!.rows).toEqual([0, 200, 201]);
    expect(alerts[0]!.customDetails).toEqual({});
    expect(alerts[0]!.severity).toBe('high');
  });
});
