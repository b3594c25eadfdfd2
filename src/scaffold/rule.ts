// `tripline new rule NAME`: a rule file that validates and a tests file with one firing and one
// non-firing case (and their fixtures) that pass as created, so an author starts from green and edits.
import { randomUUID } from 'node:crypto';
import { error, type Problem } from '../core/problems.js';
import { didYouMean } from '../core/suggest.js';
import type { TableCatalog } from '../tables/catalog.js';
import { slug, type ScaffoldFile } from './files.js';

export type RuleKind = 'Scheduled' | 'NRT';

export interface NewRuleOptions {
  table?: string;
  kind?: RuleKind;
}

/** A fixed `now` keeps the scaffolded tests reproducible. */
const NOW = '2026-03-02T03:00:00Z';

export function scaffoldRule(name: string, options: NewRuleOptions, catalog: TableCatalog): { files: ScaffoldFile[]; problems: Problem[] } {
  const table = options.table ?? 'SigninLogs';
  const kind = options.kind ?? 'Scheduled';
  const stem = slug(name);
  const problems: Problem[] = [];
  if (!stem) problems.push(error('usage', `rule name '${name}' has no letters or digits to name its file after`, { file: '<command line>' }));
  if (!catalog.table(table)) problems.push(error('usage', `unknown table '${table}'${didYouMean(table, catalog.tableNames())}`, { file: '<command line>' }));
  else if (!catalog.table(table)!.some((c) => c.name === 'TimeGenerated')) {
    problems.push(error('usage', `table '${table}' has no TimeGenerated column, which Sentinel's lookback needs`, { file: '<command line>' }));
  }
  if (problems.length) return { files: [], problems };
  const fixtures = `fixtures/${stem}`;
  return {
    files: [
      { path: `rules/${stem}.yaml`, text: ruleText(name, table, kind) },
      { path: `rules/${stem}.tests.yaml`, text: testsText(stem, table, kind, fixtures) },
      { path: `${fixtures}/fires.jsonl`, text: JSON.stringify({ TimeGenerated: '2026-03-02T02:59:30Z' }) + '\n' },
      // A near miss: the event happened before the rule's lookback window.
      { path: `${fixtures}/quiet.jsonl`, text: JSON.stringify({ TimeGenerated: '2026-03-01T23:00:00Z' }) + '\n' },
    ],
    problems,
  };
}

function ruleText(name: string, table: string, kind: RuleKind): string {
  const schedule = kind === 'Scheduled' ? 'queryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\n' : '';
  return `# yaml-language-server: $schema=../schemas/rule.schema.json
id: ${randomUUID()}
name: ${JSON.stringify(name)}
description: |
  What this rule detects, why it matters and what the SOC should do about it.
severity: Medium
kind: ${kind}
${schedule}tactics: [InitialAccess]        # the ATT&CK tactics and techniques this rule detects
relevantTechniques: [T1078]
# Values come from the test case, then the environment's parameters:, then these defaults.
parameters:
  type: object
  properties:
    minEvents:
      type: integer
      minimum: 1
      default: 1
      description: how many events in the lookback window raise an alert
query: |
  ${table}
  | summarize Events = count(), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated)
  | where Events >= {{kql-int minEvents}}
alertDetailsOverride:
  alertDisplayNameFormat: "{{Events}} ${table} events"
eventGroupingSettings:
  aggregationKind: SingleAlert
suppressionEnabled: false
suppressionDuration: PT1H
version: 1.0.0
`;
}

function testsText(stem: string, table: string, kind: RuleKind, fixtures: string): string {
  const window = kind === 'NRT' ? 'the minute before now' : 'the hour before now';
  return `# Tests for rules/${stem}.yaml: run them with \`tripline test rules/${stem}.yaml\`.
- name: fires on an event in ${window}
  now: ${NOW}
  input:
    ${table}: ${fixtures}/fires.jsonl
  expect:
    fires: true
    alerts:
      - displayName: 1 ${table} events
    rows:
      - { Events: 1 }

- name: does not fire on an event before the lookback window
  now: ${NOW}
  input:
    ${table}: ${fixtures}/quiet.jsonl
  expect:
    fires: false
    rows: []
`;
}
