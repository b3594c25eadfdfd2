// A case's outcome does not depend on the environment it is run for: it sees the repository's base
// watchlists (not an environment's contents) and the report says what it ran with.
import { describe, expect, it } from 'vitest';
import { LOCAL_ENV, writeRepo } from './repo.js';
import { loadProject } from '../../src/project/load.js';
import { formatJson } from '../../src/testing/report/json.js';
import { formatText } from '../../src/testing/report/text.js';
import { runProjectTests } from '../../src/testing/runner.js';

const RULE = `id: 5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e
name: VIP sign-in
description: Test rule.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [InitialAccess]
relevantTechniques: [T1078]
query: |
  SigninLogs
  | where UserPrincipalName in~ ((_GetWatchlist('VIPs') | project SearchKey))
  | project TimeGenerated, UserPrincipalName
entityMappings:
  - entityType: Account
    fieldMappings: [{ identifier: FullName, columnName: UserPrincipalName }]
`;

const TESTS = `- name: fires for a VIP of the base watchlist
  now: 2026-03-02T03:00:00Z
  input:
    SigninLogs: [ { TimeGenerated: 2026-03-02T02:30:00Z, UserPrincipalName: base@x.com } ]
  expect: { fires: true }
- name: does not fire for someone else
  now: 2026-03-02T03:00:00Z
  watchlists:
    VIPs: [ { UserPrincipalName: other@x.com } ]
  input:
    SigninLogs: [ { TimeGenerated: 2026-03-02T02:30:00Z, UserPrincipalName: base@x.com } ]
  expect: { fires: false }
`;

function repo(): string {
  return writeRepo('envind', {
    // prod's VIPs are other people: a test run for prod must still see the base list.
    'environments/prod.yaml': LOCAL_ENV + 'watchlists:\n  VIPs: watchlists/prod/VIPs.csv\n',
    'watchlists/VIPs.yaml': 'displayName: VIPs\nitemsSearchKey: UserPrincipalName\nprovider: test\n',
    'watchlists/VIPs.csv': 'UserPrincipalName\nbase@x.com\n',
    'watchlists/prod/VIPs.csv': 'UserPrincipalName\nprod-only@x.com\n',
    'rules/r.yaml': RULE,
    'rules/r.tests.yaml': TESTS,
  });
}

describe('tests independent of the environment', () => {
  it.each(['local', 'prod'])('pass the same way for environment %s, on the base watchlist', (env) => {
    const { project, problems, configProblems } = loadProject(repo(), { env });
    expect([...problems, ...configProblems]).toEqual([]);
    const reports = runProjectTests(project!);
    expect(reports[0]!.results.map((r) => r.status)).toEqual(['passed', 'passed']);
    const [first, second] = reports[0]!.results;
    expect(first!.environment).toBe(env);
    expect(first!.watchlists).toEqual([{ alias: 'VIPs', source: 'watchlists/VIPs.csv' }]);
    expect(second!.watchlists).toEqual([{ alias: 'VIPs', source: '1 inline item, set by the case' }]);
  });

  it('names the environment and the watchlists in the rule header, and a differing case on its own line', () => {
    const { project } = loadProject(repo(), { env: 'prod' });
    const reports = runProjectTests(project!);
    const text = formatText(reports);
    expect(text).toContain('  (environment prod; watchlists VIPs (watchlists/VIPs.csv))\n');
    expect(text).toMatch(/✓ does not fire for someone else \(\d+ ms\) \[environment prod; watchlists VIPs \(1 inline item, set by the case\)\]/);
    const json = JSON.parse(formatJson(reports));
    expect(json.rules[0].cases[0]).toMatchObject({ environment: 'prod', watchlists: [{ alias: 'VIPs', source: 'watchlists/VIPs.csv' }] });
  });
});
