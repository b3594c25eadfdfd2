// Builds rule definitions from YAML text the way the loader does, for the schema and constraint tests.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseYaml } from '../../src/core/yaml.js';
import type { Problem } from '../../src/core/problems.js';
import { validateAgainstSchema } from '../../src/core/schema-validate.js';
import { checkSentinelConstraints } from '../../src/rules/constraints.js';
import type { RuleDefinition, RuleDocument } from '../../src/rules/types.js';

export function ruleFromText(text: string, file = 'rules/example.yaml'): RuleDefinition {
  const { source, problems } = parseYaml(file, text);
  if (problems.length > 0) throw new Error(`test YAML does not parse: ${problems.map((p) => p.message).join('; ')}`);
  return { file, stem: basename(file, extname(file)), doc: source.value as RuleDocument, source };
}

export function ruleFromFile(path: string): RuleDefinition {
  return ruleFromText(readFileSync(path, 'utf8'), path);
}

/** Schema problems plus Sentinel constraint problems, as the loader reports them. */
export function allProblems(rule: RuleDefinition): Problem[] {
  return [...validateAgainstSchema(rule.source, 'rule'), ...checkSentinelConstraints(rule)];
}

/** A valid Scheduled rule; tests replace or append lines to make one thing wrong. */
export const BASE = `id: 0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9
name: Example rule
description: An example.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - PrivilegeEscalation
relevantTechniques:
  - T1078.004
query: |
  AuditLogs
  | project TimeGenerated, UserPrincipalName = tostring(InitiatedBy.user.userPrincipalName)
`;

/** BASE with the line starting `key:` replaced by `line` (or `line` appended when there is none). */
export function withLine(key: string, line: string, base = BASE): string {
  const lines = base.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  if (i < 0) return base + line + '\n';
  lines[i] = line;
  return lines.join('\n');
}

export function summary(problems: readonly Problem[]): { message: string; line?: number; column?: number }[] {
  return problems.map((p) => ({ message: p.message, line: p.line, column: p.column }));
}
