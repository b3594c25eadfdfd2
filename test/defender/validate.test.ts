// validate applies Defender's constraints to rules with a `defender:` key, and only to those.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../src/pipeline/validate.js';
import { repoRoot, RULE } from './helpers.js';

function repoWith(rules: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-defender-validate-'));
  for (const d of ['environments', 'watchlists', 'templates']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  cpSync(join(repoRoot, 'rules', 'README.md'), join(dir, 'rules', 'README.md'));
  for (const [name, text] of Object.entries(rules)) writeFileSync(join(dir, 'rules', name), text);
  return dir;
}

const NO_TIME = RULE.replace('| project TimeGenerated, UserPrincipalName', '| project UserPrincipalName');

describe('validate with Defender constraints', () => {
  it('reports them, located, for a rule with a defender key', () => {
    const result = validateProject(repoWith({ 'with-key.yaml': NO_TIME }));
    const defender = result.problems.filter((p) => p.code.startsWith('defender-'));
    expect(defender.map((p) => [p.file, p.line, p.code])).toEqual([['rules/with-key.yaml', NO_TIME.split('\n').findIndex((l) => l.startsWith('query:')) + 1, 'defender-columns']]);
  });

  it('leaves a rule without one alone', () => {
    const without = NO_TIME.slice(0, NO_TIME.indexOf('defender:'));
    const result = validateProject(repoWith({ 'without-key.yaml': without }));
    expect(result.problems.filter((p) => p.code.startsWith('defender-'))).toEqual([]);
  });
});
