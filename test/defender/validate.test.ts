// validate applies Defender's constraints to rules with a `defender:` key, and only to those.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/problems.js';
import { convertRule } from '../../src/defender/convert-rule.js';
import { validateProject } from '../../src/pipeline/validate.js';
import { loadProject } from '../../src/project/load.js';
import { repoRoot, RULE } from './helpers.js';

function repoWith(rules: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-defender-validate-'));
  for (const d of ['environments', 'watchlists', 'templates']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  cpSync(join(repoRoot, 'rules', 'README.md'), join(dir, 'rules', 'README.md'));
  for (const [name, text] of Object.entries(rules)) writeFileSync(join(dir, 'rules', name), text);
  return dir;
}

const NO_TIME = RULE.replace('| project TimeGenerated, UserPrincipalName', '| project UserPrincipalName');

/** The example rule on a Defender XDR table, with its Log Analytics time column. */
const DEVICE = RULE.replace(
  '  SigninLogs\n  | project TimeGenerated, UserPrincipalName, UserId, IPAddress',
  '  DeviceLogonEvents\n  | project TimeGenerated, DeviceId, ReportId, UserPrincipalName = InitiatingProcessAccountUpn, UserId = InitiatingProcessAccountObjectId, IPAddress = RemoteIP',
);
const errorsOf = (problems: readonly Problem[]): Problem[] => problems.filter((p) => p.severity === 'error');

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

  it('reports TimeGenerated on a Defender XDR table at its place, in validate and convert, saying to use Timestamp', () => {
    const dir = repoWith({ 'device.yaml': DEVICE });
    const at = ['rules/device.yaml', DEVICE.split('\n').findIndex((l) => l.startsWith('  | project TimeGenerated')) + 1, 13, 'defender-time-column'];
    const validated = errorsOf(validateProject(dir).problems);
    const converted = errorsOf(convertRule(loadProject(dir, {}).project!, 'device', []).problems);
    for (const errors of [validated, converted]) {
      expect(errors.map((p) => [p.file, p.line, p.column, p.code])).toEqual([at]);
      expect(errors[0]!.message).toMatch(/^Defender XDR advanced hunting has no TimeGenerated .*DeviceLogonEvents.*: use Timestamp/);
    }
  });

  it('accepts the time column named per platform, and TimeGenerated on a rule that stays on Sentinel', () => {
    const perPlatform = DEVICE.replace('| project TimeGenerated,', '| project {{#if @target.defender}}Timestamp{{else}}TimeGenerated{{/if}},');
    const sentinelOnly = DEVICE.slice(0, DEVICE.indexOf('defender:')).replace(/^id: .*/, 'id: 7c2d3e4f-5061-4728-9394-a5b6c7d8e9f0');
    expect(errorsOf(validateProject(repoWith({ 'per-platform.yaml': perPlatform, 'sentinel-only.yaml': sentinelOnly })).problems)).toEqual([]);
  });
});
