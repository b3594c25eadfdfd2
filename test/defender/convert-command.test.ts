// `tripline convert RULE --to defender [--format text|json]`: the body and a verdict per property; exit 1
// with located reasons for a rule that cannot be converted; exit 2 for bad arguments.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { repoRoot, RULE, ruleWith } from './helpers.js';

/** A repository holding the bundled environments and one rule file. */
function repoWith(rule: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-convert-'));
  for (const d of ['environments', 'watchlists', 'templates']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  cpSync(join(repoRoot, 'rules', 'README.md'), join(dir, 'rules', 'README.md'));
  writeFileSync(join(dir, 'rules', 'example.yaml'), rule);
  return dir;
}

describe('tripline convert', () => {
  it('prints the verdict per property, then the body; a lossy property is a warning (exit 0)', async () => {
    const r = await runCli(['convert', 'break-glass-sign-in', '--to', 'defender'], repoRoot);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rules\/break-glass-sign-in\.yaml as Defender custom detection tripline-cc45de50-d867-4ac0-b21a-498e8f4e1d4b \(6 direct, 16 converted, 1 lossy, 0 impossible\)\n/);
    expect(r.stdout).toMatch(/\n {2}converted +severity +-> alertTemplate\.severity: High in lower case: high\n/);
    expect(r.stdout).toMatch(/\n {2}lossy +incidentConfiguration\.groupingConfiguration +-> —: the SOC loses/);
    const body = JSON.parse(r.stdout.slice(r.stdout.indexOf('\n{\n'))) as { schedule: unknown };
    expect(body.schedule).toEqual({ frequency: 'PT15M', lookback: 'PT2H' });
    expect(r.stderr).toMatch(/^rules\/break-glass-sign-in\.yaml\n {2}87:5 {2}warning {2}incidentConfiguration\.groupingConfiguration: the SOC loses .* {2}defender-lossy\n/);
  });

  it('--format json prints {body, properties: [{sentinel, defender, verdict, how}]}', async () => {
    const r = await runCli(['convert', 'rules/pim-activation-outside-business-hours.yaml', '--to', 'defender', '--format', 'json'], repoRoot);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { body: { id: string }; properties: Record<string, string>[] };
    expect(out.body.id).toBe('tripline-b9c0347f-a9c8-4bad-8f97-816dff7aff1b');
    expect(out.properties.find((p) => p['sentinel'] === 'queryFrequency')).toEqual({
      sentinel: 'queryFrequency',
      defender: 'schedule.frequency',
      verdict: 'converted',
      how: '1h as ISO 8601 PT1H (a preset)',
    });
    expect(Object.keys(out.properties[0]!)).toEqual(['sentinel', 'defender', 'verdict', 'how']);
  });

  it('a rule that cannot be converted exits 1 with every located reason', async () => {
    const rule = ruleWith('triggerThreshold', 'triggerThreshold: 3', RULE.replace('defender:', 'suppressionEnabled: true\ndefender:'));
    const r = await runCli(['convert', 'example', '--to', 'defender', '--format', 'json'], repoWith(rule));
    expect(r.code).toBe(1);
    const lines = rule.split('\n');
    expect(r.stderr).toMatch(new RegExp(`\\n {2}${lines.findIndex((l) => l.startsWith('triggerThreshold')) + 1}:19 {2}error {2}trigger gt 3 has no Defender equivalent.* {2}defender-threshold\\n`));
    expect(r.stderr).toMatch(new RegExp(`\\n {2}${lines.findIndex((l) => l.startsWith('suppressionEnabled')) + 1}:21 {2}error {2}suppression .* {2}defender-suppression\\n`));
    expect(r.stderr).toContain('2 errors');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((JSON.parse(r.stdout) as { properties: { verdict: string }[] }).properties.filter((p) => p.verdict === 'impossible')).toHaveLength(2);
  });

  it('a rule file with errors exits 1 with its problems', async () => {
    const r = await runCli(['convert', 'example', '--to', 'defender'], repoWith(RULE.replace('severity: Medium', 'severity: Severe')));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rules\/example\.yaml\n {2}4:11 {2}error {2}severity 'Severe' is not allowed/);
  });

  it('bad arguments exit 2 without a stack trace', async () => {
    for (const args of [['convert', 'break-glass-sign-in'], ['convert', 'break-glass-sign-in', '--to', 'sentinel'], ['convert', 'brek-glass-sign-in', '--to', 'defender'], ['convert', 'break-glass-sign-in', '--to', 'defender', '--format', 'yaml'], ['convert', 'break-glass-sign-in', '--to', 'defender', '--env', 'nope']]) {
      const r = await runCli(args, repoRoot);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const r = await runCli(['convert', 'brek-glass-sign-in', '--to', 'defender'], repoRoot);
    expect(r.stderr).toContain('RULE brek-glass-sign-in: no such rule (give its file, file name, id or name); did you mean break-glass-sign-in?');
  });
});
