// externaldata in tests and tripline run: URLs map to local files (a test case's `externaldata:` first,
// then tripline.config.yaml's); an unmapped URL fails the case with the URL and how to map it.
import { describe, expect, it } from 'vitest';
import { writeRepo } from './repo.js';
import { validateProject } from '../../src/pipeline/validate.js';
import { loadProject } from '../../src/project/load.js';
import { executeQuery, runWorkspace } from '../../src/run/query.js';
import { runProjectTests } from '../../src/testing/runner.js';

const URL = 'https://raw.githubusercontent.com/Azure/Azure-Sentinel/master/Sample%20Data/Feeds/Microsoft.OAuth.KnownApplications.csv';
const RULE = `id: 6a1e3c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e
name: Sign-in to an unknown application
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
  | where AppId !in ((externaldata(knownAppClientId:string, knownAppDisplayName:string)[@"${URL}"] with (format="csv")))
  | project TimeGenerated, UserPrincipalName, AppId
entityMappings:
  - entityType: Account
    fieldMappings: [{ identifier: FullName, columnName: UserPrincipalName }]
`;
const row = (upn: string, app: string) => `{ TimeGenerated: 2026-03-02T02:30:00Z, UserPrincipalName: ${upn}, AppId: ${app} }`;

function repo(files: Record<string, string>): string {
  return writeRepo('externaldata', { 'rules/r.yaml': RULE, ...files });
}

const CASES = (mapping: string) => `- name: unknown app
  now: 2026-03-02T03:00:00Z
${mapping}  input:
    SigninLogs:
      - ${row('alice@x.com', 'known-app')}
      - ${row('bob@x.com', 'rogue-app')}
  expect:
    fires: true
    rows: [ { UserPrincipalName: bob@x.com } ]
`;

describe('externaldata mapped to local files', () => {
  it("a test case's mapping, by URL pattern", () => {
    const root = repo({
      'rules/r.tests.yaml': CASES('  externaldata:\n    "https://raw.githubusercontent.com/*/Microsoft.OAuth.KnownApplications.csv": fixtures/known.csv\n'),
      'fixtures/known.csv': 'known-app,Known App\n',
    });
    const { project } = loadProject(root);
    const report = runProjectTests(project!)[0]!;
    expect(report.results.map((r) => [r.status, r.problems.map((p) => p.message)])).toEqual([['passed', []]]);
  });

  it("tripline.config.yaml's mapping, for tests and tripline run", () => {
    const root = repo({
      'tripline.config.yaml': `externaldata:\n  "${URL}": data/known.csv\n`,
      'data/known.csv': 'known-app,Known App\n',
      'rules/r.tests.yaml': CASES(''),
    });
    const { project, configProblems } = loadProject(root);
    expect(configProblems).toEqual([]);
    expect(runProjectTests(project!)[0]!.results.map((r) => r.status)).toEqual(['passed']);
    const out = executeQuery(`externaldata(id:string, name:string) ["${URL}"]`, '2026-03-02T03:00:00Z', {}, runWorkspace(root, {}));
    expect(out.result?.rows).toEqual([['known-app', 'Known App']]);
  });

  it('an unmapped URL fails the case naming the URL and how to map it', () => {
    const root = repo({ 'rules/r.tests.yaml': CASES('') });
    const result = runProjectTests(loadProject(root).project!)[0]!.results[0]!;
    expect(result.status).not.toBe('passed');
    expect(result.problems.map((p) => p.message).join('\n')).toContain(`no local file for ${URL}`);
  });

  it('a mapping to a missing file is a located configuration problem', () => {
    const root = repo({ 'tripline.config.yaml': `externaldata:\n  "${URL}": data/missing.csv\n` });
    const { configProblems } = loadProject(root);
    expect(configProblems.map((p) => [p.file, p.line, p.message])).toEqual([['tripline.config.yaml', 2, `externaldata ${URL}: file not found: data/missing.csv`]]);
  });

  it('validate warns, at the URL in the rule, when no configuration or test case maps it', () => {
    const unmapped = (root: string): string[] => validateProject(root).problems.filter((p) => p.code === 'externaldata-unmapped').map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(unmapped(repo({ 'rules/r.tests.yaml': CASES('') }))).toEqual([
      `rules/r.yaml:14: externaldata ${URL} is mapped to no local file (tripline makes no network calls): its tests and tripline run fail until it is mapped under externaldata: in tripline.config.yaml or in a test case`,
    ]);
    const mapped = repo({ 'rules/r.tests.yaml': CASES(`  externaldata:\n    "${URL}": fixtures/known.csv\n`), 'fixtures/known.csv': 'known-app,Known App\n' });
    expect(unmapped(mapped)).toEqual([]);
  });
});
