// Per-rule analysis time over generated rule variants (issue #4, item 5: median under 30 ms per rule
// after load on a 2-core machine). Variants differ in tables, filters, literals and output shape so the
// GlobalState cache and the analyzer see realistic variety rather than one query repeated.
import { parseYaml } from '../src/core/yaml.js';
import { analyzeRule } from '../src/kql/analyze/rule.js';
import { kusto } from '../src/kql/kusto.js';
import { createSchemaContext } from '../src/kql/schema/context.js';
import type { RenderedRule, RuleDocument } from '../src/rules/types.js';

interface Shape {
  table: string;
  user: string;
  ip: string;
  filters: string[];
  extend: string;
}

const SHAPES: Shape[] = [
  { table: 'SigninLogs', user: 'UserPrincipalName', ip: 'IPAddress', filters: ['ResultType != "0"', 'AppDisplayName has "Azure Portal"', 'ConditionalAccessStatus =~ "failure"', 'RiskLevelDuringSignIn in ("high", "medium")'], extend: 'City = tostring(LocationDetails.city), Os = tostring(DeviceDetail.operatingSystem)' },
  { table: 'AADNonInteractiveUserSignInLogs', user: 'UserPrincipalName', ip: 'IPAddress', filters: ['ResultType == "50126"', 'ClientAppUsed has "Exchange"', 'isnotempty(UserAgent)', 'AppDisplayName !has "Teams"'], extend: 'City = tostring(parse_json(LocationDetails).city), Os = tostring(parse_json(DeviceDetail).operatingSystem)' },
  { table: 'AuditLogs', user: 'Initiator', ip: 'InitiatorIp', filters: ['Category =~ "RoleManagement"', 'OperationName has "Add member to role"', 'Result =~ "success"', 'LoggedByService =~ "Core Directory"'], extend: 'Initiator = tostring(InitiatedBy.user.userPrincipalName), InitiatorIp = tostring(InitiatedBy.user.ipAddress), Target = tostring(TargetResources[0].userPrincipalName)' },
  { table: 'AzureActivity', user: 'Caller', ip: 'CallerIpAddress', filters: ['OperationNameValue =~ "microsoft.authorization/roleassignments/write"', 'ActivityStatusValue =~ "Success"', 'CategoryValue == "Administrative"', 'ResourceProviderValue has "Compute"'], extend: 'Request = tostring(parse_json(tostring(Properties_d.requestbody)).Properties.RoleDefinitionId)' },
];

function variant(i: number): string {
  const s = SHAPES[i % SHAPES.length] as Shape;
  const lookback = [1, 2, 6, 12, 24][i % 5];
  const threshold = 1 + (i % 7);
  const filters = s.filters.filter((_, j) => (i >> j) % 2 === 0 || j === 0);
  const baseline = i % 3 === 0
    ? `let Known = ${s.table}\n  | where TimeGenerated between (ago(14d) .. ago(${lookback}h))\n  | extend ${s.extend}\n  | summarize by ${s.user};\n`
    : '';
  const body = [
    `${baseline}${s.table}`,
    `| where TimeGenerated > ago(${lookback}h)`,
    ...filters.map((f) => `| where ${f}`),
    `| extend ${s.extend}`,
    ...(i % 3 === 0 ? [`| join kind=leftanti Known on ${s.user}`] : []),
    `| summarize Count = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated) by ${s.user}, ${s.ip}, Variant = ${i}`,
    `| where Count >= ${threshold}`,
    `| extend AccountName = tostring(split(${s.user}, "@")[0]), AccountUPNSuffix = tostring(split(${s.user}, "@")[1])`,
  ].join('\n');
  return [
    `id: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    `name: Generated variant ${i}`,
    'description: benchmark variant',
    'severity: Medium',
    'kind: Scheduled',
    'query: |',
    ...body.split('\n').map((l) => `  ${l}`),
    'entityMappings:',
    '  - entityType: Account',
    '    fieldMappings:',
    `      - { identifier: FullName, columnName: ${s.user} }`,
    '      - { identifier: Name, columnName: AccountName }',
    '  - entityType: IP',
    '    fieldMappings:',
    `      - { identifier: Address, columnName: ${s.ip} }`,
    'customDetails: { Count: Count, FirstSeen: FirstSeen }',
    'alertDetailsOverride:',
    `  alertDisplayNameFormat: "{{${s.user}}} from {{${s.ip}}}"`,
    '',
  ].join('\n');
}

function rendered(i: number): RenderedRule {
  const file = `bench/variant-${i}.yaml`;
  const { source } = parseYaml(file, variant(i));
  const doc = source.value as RuleDocument;
  const map = source.scalarOffsetMapper('/query');
  if (!map) throw new Error('variant has no query');
  return { rule: { file, stem: `variant-${i}`, doc, source }, environment: 'bench', target: 'sentinel', parameters: {}, query: doc.query, mapQueryOffset: (o) => ({ file, ...map(o) }) };
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

export default async function bench(): Promise<void> {
  const COUNT = 240;
  const rules = Array.from({ length: COUNT }, (_, i) => rendered(i));
  const ctx = createSchemaContext();

  const t0 = performance.now();
  kusto();
  const tRequire = performance.now() - t0;
  // The first analysis pays Kusto.Language's lazy static initialization: part of the load, not of a rule.
  const first = analyzeRule(rendered(COUNT), ctx);
  const tLoad = performance.now() - t0;

  const times: number[] = [];
  // CPU time next to wall time: on a shared machine wall time mostly measures the neighbours.
  const cpuTimes: number[] = [];
  let errors = first.filter((p) => p.severity === 'error').length;
  for (const r of rules) {
    const t = performance.now();
    const c = process.cpuUsage();
    const problems = analyzeRule(r, ctx);
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpuTimes.push((used.user + used.system) / 1000);
    errors += problems.filter((p) => p.severity === 'error').length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const f = (n: number): string => n.toFixed(1);
  // Every variant is a valid rule; an error here means the analyzer (or the generator) is wrong.
  console.log(`rule variants analyzed: ${COUNT} (errors found: ${errors})`);
  console.log(`load: ${f(tLoad)} ms (require ${f(tRequire)} ms, first analysis ${f(tLoad - tRequire)} ms)`);
  console.log(`per rule after load: median ${f(pct(sorted, 0.5))} ms, p95 ${f(pct(sorted, 0.95))} ms, min ${f(sorted[0] ?? NaN)} ms, max ${f(sorted.at(-1) ?? NaN)} ms`);
  const cpuSorted = [...cpuTimes].sort((a, b) => a - b);
  console.log(`per rule CPU time: median ${f(pct(cpuSorted, 0.5))} ms, p95 ${f(pct(cpuSorted, 0.95))} ms`);
  console.log(`total ${f(times.reduce((a, b) => a + b, 0))} ms`);
}
