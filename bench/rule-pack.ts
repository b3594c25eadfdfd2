// A generated content pack for the CI gate benchmark: `rules` analytics rules over SigninLogs, AuditLogs
// and AzureActivity with varied filters and thresholds, each with two test cases (one that fires, one
// near miss) on its own JSON Lines fixtures, and a minimal local environment; addLargeFixtures makes
// the SigninLogs cases heavy.
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSigninLogs } from './signin-data.js';

const NOW = Date.parse('2026-03-02T03:00:00Z');
const APPS = ['Azure Portal', 'Azure CLI', 'Microsoft Teams', 'Graph Explorer', 'Office 365 Exchange Online'];
const OPS = ['MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', 'MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE', 'MICROSOFT.KEYVAULT/VAULTS/WRITE'];

interface Shape {
  query: string;
  /** The rows of a case: `fires` selects the firing variant. */
  rows(fires: boolean): Record<string, unknown>[];
}

const at = (minutesAgo: number): string => new Date(NOW - minutesAgo * 60_000).toISOString();

function shape(i: number): Shape {
  const t = 1 + (i % 4);
  const times = (n: number): number[] => Array.from({ length: n }, (_, k) => 5 + k * 7);
  switch (i % 3) {
    case 0: {
      const app = APPS[i % APPS.length]!;
      return {
        query: `SigninLogs\n| where ResultType != "0" and AppDisplayName == "${app}"\n| summarize Failures = count() by UserPrincipalName\n| where Failures >= ${t}`,
        rows: (fires) => [
          ...times(fires ? t : t - 1).map((m) => ({ TimeGenerated: at(m), UserPrincipalName: `user${i}@contoso.com`, AppDisplayName: app, ResultType: '50126' })),
          { TimeGenerated: at(3), UserPrincipalName: `user${i}@contoso.com`, AppDisplayName: app, ResultType: '0' },
        ],
      };
    }
    case 1:
      return {
        query: `AuditLogs\n| where OperationName == "Add member to role" and Result =~ "success"\n| extend Target = tostring(TargetResources[0].userPrincipalName)\n| summarize Adds = count() by Target\n| where Adds >= ${t}`,
        rows: (fires) =>
          times(t).map((m, k) => ({
            TimeGenerated: at(m), OperationName: 'Add member to role', Result: fires || k > 0 ? 'success' : 'failure',
            TargetResources: [{ userPrincipalName: `admin${i}@contoso.com` }],
          })),
      };
    default: {
      const op = OPS[i % OPS.length]!;
      return {
        query: `AzureActivity\n| where OperationNameValue =~ "${op}" and ActivityStatusValue == "Success"\n| summarize Ops = count() by Caller\n| where Ops >= ${t}`,
        rows: (fires) => times(t).map((m) => ({ TimeGenerated: fires ? at(m) : at(m + 60), OperationNameValue: op.toLowerCase(), ActivityStatusValue: 'Success', Caller: `ops${i}@contoso.com` })),
      };
    }
  }
}

function ruleYaml(i: number, query: string): string {
  return [
    `id: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    `name: "Generated rule ${i}"`,
    'description: A generated rule for the CI gate benchmark.',
    'severity: Medium',
    'kind: Scheduled',
    'queryFrequency: 1h',
    'queryPeriod: 1h',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    'tactics: [InitialAccess]',
    'relevantTechniques: [T1078]',
    'query: |',
    ...query.split('\n').map((l) => `  ${l}`),
    'eventGroupingSettings:',
    '  aggregationKind: SingleAlert',
    'suppressionEnabled: false',
    'suppressionDuration: PT1H',
    'version: 1.0.0',
    '',
  ].join('\n');
}

function testsYaml(stem: string, table: string): string {
  const kase = (name: string, file: string, fires: boolean): string =>
    [`- name: ${name}`, '  now: 2026-03-02T03:00:00Z', '  input:', `    ${table}: fixtures/${stem}/${file}.jsonl`, '  expect:', `    fires: ${fires}`].join('\n');
  return [kase('fires', 'fires', true), kase('near miss', 'quiet', false), ''].join('\n\n');
}

/** Writes the pack into `dir` (which must exist). */
export function writeRulePack(dir: string, rules: number): void {
  mkdirSync(join(dir, 'environments'));
  writeFileSync(
    join(dir, 'environments/local.yaml'),
    'subscriptionId: 00000000-0000-0000-0000-000000000000\nresourceGroup: rg-bench\nworkspaceName: law-bench\nlocation: westeurope\nemulator: {}\ncredential: emulator\n',
  );
  mkdirSync(join(dir, 'rules'));
  for (let i = 0; i < rules; i++) {
    const stem = `generated-${String(i).padStart(3, '0')}`;
    const s = shape(i);
    const table = s.query.split('\n')[0]!;
    writeFileSync(join(dir, 'rules', `${stem}.yaml`), ruleYaml(i, s.query));
    writeFileSync(join(dir, 'rules', `${stem}.tests.yaml`), testsYaml(stem, table));
    mkdirSync(join(dir, 'fixtures', stem), { recursive: true });
    for (const fires of [true, false]) {
      writeFileSync(join(dir, 'fixtures', stem, `${fires ? 'fires' : 'quiet'}.jsonl`), s.rows(fires).map((r) => JSON.stringify(r)).join('\n') + '\n');
    }
  }
}

/**
 * Gives every SigninLogs rule of a pack written by writeRulePack heavy cases: `rows` generated sign-ins
 * (bench/signin-data.ts) ahead of each of its fixtures' own rows, all older than the cases' lookback so
 * the outcomes stay those of the light pack. At most 390,000 rows (the generator's 240 ms a row from
 * 2026-03-01 reach the lookback after that). Returns the bytes added.
 */
export function addLargeFixtures(dir: string, rules: number, rows: number): number {
  if (rows > 390_000) throw new Error(`at most 390000 rows before the lookback, not ${rows}`);
  const large = join(dir, 'large.jsonl');
  const size = writeSigninLogs(large, rows);
  let bytes = 0;
  for (let i = 0; i < rules; i += 3) {
    for (const name of ['fires', 'quiet']) {
      const file = join(dir, 'fixtures', `generated-${String(i).padStart(3, '0')}`, `${name}.jsonl`);
      const own = readFileSync(file);
      copyFileSync(large, file);
      appendFileSync(file, own);
      bytes += size;
    }
  }
  rmSync(large);
  return bytes;
}
