// The runner on small repositories of its own: Sentinel's window, ingestion delay, trigger, grouping and
// replay, and that wrong expectations fail with a readable explanation.
import { describe, expect, it } from 'vitest';
import { writeRepo } from './repo.js';
import { loadProject } from '../../src/project/load.js';
import { formatText } from '../../src/testing/report/text.js';
import { formatHtml } from '../../src/testing/report/html.js';
import { formatJunit } from '../../src/testing/report/junit.js';
import { runProjectTests, type RuleTestReport } from '../../src/testing/runner.js';

function rule(extra: string, query = 'SigninLogs\n  | where ResultType == "0"\n  | project TimeGenerated, UserPrincipalName, IPAddress'): string {
  return `id: 5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e
name: Successful sign-in
description: Test rule.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 2h
triggerOperator: gt
triggerThreshold: 0
tactics: [InitialAccess]
relevantTechniques: [T1078]
query: |
  ${query}
entityMappings:
  - entityType: Account
    fieldMappings: [{ identifier: FullName, columnName: UserPrincipalName }]
alertDetailsOverride:
  alertDisplayNameFormat: Sign-in by {{UserPrincipalName}}
${extra}`;
}

const row = (t: string, upn: string, extra = '') =>
  `{ TimeGenerated: ${t}, UserPrincipalName: ${upn}, IPAddress: 203.0.113.9, ResultType: "0"${extra} }`;

function testRepo(ruleText: string, tests: string): RuleTestReport {
  const root = writeRepo('runner', { 'rules/r.yaml': ruleText, 'rules/r.tests.yaml': tests });
  const { project, problems, configProblems } = loadProject(root);
  expect([...problems, ...configProblems]).toEqual([]);
  return runProjectTests(project!)[0]!;
}

describe('scheduled runs', () => {
  it('sees only rows in (now - queryPeriod, now] that were ingested by now', () => {
    const report = testRepo(
      rule(''),
      `- name: window and ingestion
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs:
      - ${row('2026-03-02T01:00:00Z', 'edge@x.com')}
      - ${row('2026-03-02T01:00:01Z', 'inside@x.com')}
      - ${row('2026-03-02T03:00:00Z', 'now@x.com')}
      - ${row('2026-03-02T03:00:01Z', 'future@x.com')}
      - ${row('2026-03-02T02:50:00Z', 'late@x.com', ', _IngestionTime: 2026-03-02T03:05:00Z')}
  expect:
    fires: true
    rows: [ { UserPrincipalName: inside@x.com }, { UserPrincipalName: now@x.com } ]
- name: quiet
  now: 2026-03-02T03:00:00Z
  input: { SigninLogs: [] }
  expect: { fires: false }
`,
    );
    expect(report.problems).toEqual([]);
    expect(report.results.map((r) => [r.case.name, r.status])).toEqual([
      ['window and ingestion', 'passed'],
      ['quiet', 'passed'],
    ]);
  });

  it('catches a grouping mistake and explains a wrong expectation with a diff', () => {
    const report = testRepo(
      rule('eventGroupingSettings: { aggregationKind: AlertPerResult }\n'),
      `- name: two sign-ins
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs:
      - ${row('2026-03-02T02:00:00Z', 'a@x.com')}
      - ${row('2026-03-02T02:10:00Z', 'b@x.com')}
  expect:
    alerts: 1
    rows: [ { UserPrincipalName: a@x.com }, { UserPrincipalName: c@x.com } ]
- name: alert details
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs: [ ${row('2026-03-02T02:00:00Z', 'a@x.com')} ]
  expect:
    alerts:
      - displayName: Sign-in by A@x.com
        entities: [ { type: Account, FullName: a@x.com } ]
- name: quiet
  now: 2026-03-02T03:00:00Z
  input: { SigninLogs: [] }
  expect: { fires: false }
`,
    );
    const [grouping, details] = report.results;
    expect(grouping!.status).toBe('failed');
    expect(grouping!.failures.map((f) => f.message)).toEqual([
      'expected 1 alert after AlertPerResult grouping, got 2',
      'rows differ: 1 expected row not returned, 1 unexpected row returned (expected 2, got 2)',
    ]);
    expect(grouping!.failures[0]!.at).toMatchObject({ file: 'rules/r.tests.yaml', line: 8 });
    expect(grouping!.failures[1]!.detail).toContain('- | c@x.com');
    expect(grouping!.failures[1]!.detail).toContain('+ | b@x.com');
    expect(details!.failures[0]!.message).toBe('expected alert #1 not raised: the closest alert differs in displayName');
    expect(details!.failures[0]!.detail).toContain('┌ Sign-in by a@x.com');
    const text = formatText([report]);
    expect(text).toContain('✗ two sign-ins');
    expect(text).toContain('1 passed, 2 failed (1 rule)');
    const junit = formatJunit([report]);
    expect(junit).toContain('<testsuite name="rules/r.yaml" tests="3" failures="2" errors="0"');
    expect(junit).toContain('<failure message="expected 1 alert after AlertPerResult grouping, got 2">');
    // The html reporter: per case its status, the failures with their diffs, and the alerts raised.
    const html = formatHtml([report]);
    const cases = html.split('<article class="case" ').slice(1);
    expect(cases.map((c) => /^data-case="([^"]*)" data-status="(\w+)"/.exec(c)!.slice(1))).toEqual([
      ['two sign-ins', 'failed'], ['alert details', 'failed'], ['quiet', 'passed'],
    ]);
    expect(cases.map((c) => c.split('<div class="alert" ').length - 1)).toEqual([2, 1, 0]);
    expect(cases[0]).toContain('<pre class="diff">');
    expect(cases[0]).toContain('- | c@x.com');
    expect(cases[1]).toContain('data-alert="Sign-in by a@x.com"');
    expect(html).toContain('<p id="summary" data-passed="1" data-failed="2" data-errors="0">1 passed, 2 failed (1 rule)</p>');
    expect(html).not.toMatch(/<script|https?:/);
  });

  it('applies the trigger threshold to the result count', () => {
    const report = testRepo(
      rule('').replace('triggerThreshold: 0', 'triggerThreshold: 2'),
      `- name: two rows do not exceed 2
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs: [ ${row('2026-03-02T02:00:00Z', 'a@x.com')}, ${row('2026-03-02T02:01:00Z', 'b@x.com')} ]
  expect: { fires: true }
- name: three rows do
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs: [ ${row('2026-03-02T02:00:00Z', 'a@x.com')}, ${row('2026-03-02T02:01:00Z', 'b@x.com')}, ${row('2026-03-02T02:02:00Z', 'c@x.com')} ]
  expect: { fires: false }
`,
    );
    expect(report.results.map((r) => r.failures[0]?.message)).toEqual([
      'expected the rule to fire, but it did not (2 result rows; trigger: result count gt 2; window 2026-03-02T01:00:00.000Z .. 2026-03-02T03:00:00.000Z)',
      expect.stringMatching(/^expected the rule not to fire, but it fired \(3 result rows/),
    ]);
  });

  it('requires a firing and a non-firing case per rule, and locates bad inline rows', () => {
    const report = testRepo(
      rule(''),
      `- name: only firing
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs: [ { TimeGenerated: 2026-03-02T02:00:00Z, UserPrincipalNme: a@x.com } ]
  expect: { fires: true }
`,
    );
    expect(report.problems.map((p) => p.message)).toEqual([
      "rule 'Successful sign-in' needs test cases: one near miss that must not fire (in its tests: or r.tests.yaml)",
    ]);
    const [only] = report.results;
    expect(only!.status).toBe('error');
    expect(only!.problems[0]).toMatchObject({ file: 'rules/r.tests.yaml', line: 4 });
    expect(only!.problems[0]!.message).toMatch(/UserPrincipalNme.*not a column of SigninLogs.*UserPrincipalName/);
  });
});

describe('replay', () => {
  it('runs every queryFrequency, reporting duplicates from overlapping windows and rows missed through ingestion delay', () => {
    const report = testRepo(
      rule(''),
      `- name: a day of runs
  replay: { from: 2026-03-02T01:00:00Z, to: 2026-03-02T04:00:00Z }
  input:
    SigninLogs:
      - ${row('2026-03-02T01:30:00Z', 'a@x.com')}
      - ${row('2026-03-02T03:59:00Z', 'late@x.com', ', _IngestionTime: 2026-03-02T06:00:00Z')}
  expect:
    alerts: 2
    duplicates: 1
    missed: 1
- name: quiet
  now: 2026-03-02T03:00:00Z
  input: { SigninLogs: [] }
  expect: { fires: false }
`,
    );
    const [replay] = report.results;
    expect(replay!.failures).toEqual([]);
    expect(replay!.runs.map((r) => `${r.at} ${r.result.rows.length}`)).toEqual([
      '2026-03-02T01:00:00.000Z 0',
      '2026-03-02T02:00:00.000Z 1',
      '2026-03-02T03:00:00.000Z 1',
      '2026-03-02T04:00:00.000Z 0',
    ]);
    expect(replay!.missed).toEqual([{ table: 'SigninLogs', row: 1, timeGenerated: '2026-03-02T03:59:00.000Z', ingestionTime: '2026-03-02T06:00:00.000Z' }]);
    expect(replay!.duplicates![0]!.runs).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-02T03:00:00.000Z']);
  });

  it('does not run while suppressed after an alert', () => {
    const report = testRepo(
      rule('suppressionEnabled: true\nsuppressionDuration: 2h\n'),
      `- name: suppressed
  replay: { from: 2026-03-02T02:00:00Z, to: 2026-03-02T05:00:00Z }
  input:
    SigninLogs: [ ${row('2026-03-02T01:30:00Z', 'a@x.com')}, ${row('2026-03-02T03:30:00Z', 'b@x.com')} ]
  expect: { alerts: 2 }
- name: quiet
  now: 2026-03-02T03:00:00Z
  input: { SigninLogs: [] }
  expect: { fires: false }
`,
    );
    const [replay] = report.results;
    expect(replay!.runs.map((r) => (r.suppressed ? 'suppressed' : r.alerts.length))).toEqual([1, 'suppressed', 1, 'suppressed']);
    expect(replay!.status).toBe('passed');
  });
});

describe('NRT', () => {
  it("sees the case's window", () => {
    const nrt = rule('')
      .replace('kind: Scheduled', 'kind: NRT')
      .replace(/queryFrequency: 1h\nqueryPeriod: 2h\ntriggerOperator: gt\ntriggerThreshold: 0\n/, '');
    const report = testRepo(
      nrt,
      `- name: in the window
  now: 2026-03-02T03:00:00Z
  window: { from: 2026-03-02T02:58:00Z }
  input:
    SigninLogs: [ ${row('2026-03-02T02:57:00Z', 'old@x.com')}, ${row('2026-03-02T02:59:00Z', 'new@x.com')} ]
  expect:
    rows: [ { UserPrincipalName: new@x.com } ]
    fires: true
- name: default window is the minute before now
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs: [ ${row('2026-03-02T02:58:30Z', 'old@x.com')} ]
  expect: { fires: false }
`,
    );
    expect(report.results.map((r) => r.status)).toEqual(['passed', 'passed']);
  });
});
