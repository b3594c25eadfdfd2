// Rules for the Defender tests: the bundled pack as loaded, or a rule written in the test, rendered for
// the repository's `local` environment (its partials and watchlists).
import { resolve } from 'node:path';
import { loadProject, type Project } from '../../src/project/load.js';
import { renderRule } from '../../src/render/render.js';
import { validateAgainstSchema } from '../../src/core/schema-validate.js';
import type { Problem } from '../../src/core/problems.js';
import type { RenderedRule } from '../../src/rules/types.js';
import { ruleFromText, withLine } from '../rules/helpers.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

let cached: Project | undefined;
export function repoProject(): Project {
  cached ??= loadProject(repoRoot, {}).project!;
  return cached;
}

export function renderText(text: string, file = 'rules/example.yaml'): { rendered: RenderedRule; schema: Problem[] } {
  const rule = ruleFromText(text, file);
  const project = repoProject();
  const r = renderRule(rule, { env: project.env, partials: project.partials });
  if (!r.rendered) throw new Error(`test rule does not render: ${r.problems.map((p) => p.message).join('; ')}`);
  return { rendered: r.rendered, schema: validateAgainstSchema(rule.source, 'rule') };
}

/** A valid Scheduled rule on SigninLogs that converts exactly; tests append or replace lines. */
export const RULE = `id: 0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9
name: Example rule
description: An example.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 3h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - InitialAccess
relevantTechniques:
  - T1078.004
query: |
  SigninLogs
  | project TimeGenerated, UserPrincipalName, UserId, IPAddress
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: UserId
      - identifier: FullName
        columnName: UserPrincipalName
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
eventGroupingSettings:
  aggregationKind: AlertPerResult
defender:
  recommendedActions: Reset the account's credentials.
`;

/** RULE with the top-level line `key: ...` replaced by `line`, or `line` appended. */
export function ruleWith(key: string, line: string, base = RULE): string {
  return withLine(key, line, base);
}
