// `tripline convert RULE --to defender [--format text|json]`: the body and a verdict per property; exit 1
// with located reasons (and no body) for a rule that cannot be converted or breaks a Defender constraint;
// exit 2 for bad arguments.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { Problem } from '../../src/core/problems.js';
import { convertToDefender } from '../../src/defender/convert.js';
import { defenderRendering, renderAll } from '../../src/pipeline/render-all.js';
import { repoProject, repoRoot, RULE, ruleWith } from './helpers.js';

/** The 1-based line of the first line of a repository file that starts with `start`. */
const lineOf = (file: string) => {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  return (start: string) => lines.findIndex((l) => l.startsWith(start)) + 1;
};

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
    expect(r.stderr).toMatch(/^rules\/break-glass-sign-in\.yaml\n {2}22:17 {2}warning {2}queryFrequency 15m is not a Defender preset .* {2}defender-frequency\n/);
    expect(r.stderr).toMatch(/\n {2}87:5 {2}warning {2}incidentConfiguration\.groupingConfiguration: the SOC loses .* {2}defender-lossy\n/);
    expect(r.stderr).toMatch(/\n0 errors, 2 warnings\n$/);
  });

  it("a rule without a defender: key is held to Defender's constraints: the pack's NRT rule exits 1 with its NRT limits at their lines, and no body", async () => {
    const text = await runCli(['convert', 'break-glass-sign-in-nrt', '--to', 'defender'], repoRoot);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\n {2}converted +kind: NRT +-> schedule\.frequency: /);
    expect(text.stdout).toMatch(/\nNo body: Defender would refuse this rule; fix the 4 errors reported for it first\.\n$/);
    expect(text.stdout).not.toContain('POST /security/rules/detectionRules');
    const json = await runCli(['convert', 'break-glass-sign-in-nrt', '--to', 'defender', '--format', 'json'], repoRoot);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { body: unknown; properties: unknown[]; problems: Problem[] };
    expect(out.body).toBeNull();
    expect(out.properties.length).toBeGreaterThan(0);
    const rule = lineOf('rules/break-glass-sign-in-nrt.yaml');
    const partial = lineOf('templates/break-glass-sign-ins.hbs');
    const errors = out.problems.filter((p) => p.severity === 'error').map((p) => [p.file, p.line, p.column, p.code, p.message]);
    expect(errors).toEqual([
      ['rules/break-glass-sign-in-nrt.yaml', rule('query: |'), 8, 'defender-nrt', 'a continuous (NRT) custom detection queries one table; this query reads AADNonInteractiveUserSignInLogs, SigninLogs'],
      ['rules/break-glass-sign-in-nrt.yaml', rule('query: |'), 8, 'defender-nrt', 'AADNonInteractiveUserSignInLogs is not among the tables continuous (NRT) custom detections support'],
      ['rules/break-glass-sign-in-nrt.yaml', rule('  //'), 3, 'defender-nrt', 'continuous (NRT) custom detections allow no comments in the query: remove them (describe the logic in description)'],
      ['templates/break-glass-sign-ins.hbs', partial('union '), 1, 'defender-nrt', 'continuous (NRT) custom detections allow no joins, unions or externaldata: remove union'],
    ]);
    // The same problems, as text with code frames, on stderr in both formats.
    for (const r of [text, json]) expect(r.stderr).toMatch(new RegExp(`\\ntemplates/break-glass-sign-ins\\.hbs\\n {2}${partial('union ')}:1 {2}error {2}continuous \\(NRT\\) .*remove union {2}defender-nrt\\n[^]*\\n4 errors, 1 warning\\n$`));
  });

  it('a rule that converts cleanly exits 0 with nothing on stderr and prints the body deploy sends', async () => {
    const stem = 'tier0-account-logon-outside-tier0-devices';
    const expected = convertToDefender(defenderRendering(renderAll(repoProject()).rendered.find((r) => r.rule.stem === stem)!), repoProject().env).body;
    // Defender reads its own tables' event time as Timestamp (docs/reference/defender-xdr-time-column.md).
    expect(expected.queryCondition.queryText).toMatch(/\| project Timestamp, DeviceId, ReportId,/);
    expect(expected.queryCondition.queryText).not.toMatch(/TimeGenerated/);
    const text = await runCli(['convert', stem, '--to', 'defender'], repoRoot);
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(text.stdout).toContain('\nBody (POST /security/rules/detectionRules):\n{\n');
    expect(JSON.parse(text.stdout.slice(text.stdout.indexOf('\n{\n')))).toEqual(expected);
    const json = await runCli(['convert', stem, '--to', 'defender', '--format', 'json'], repoRoot);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ body: expected, problems: [] });
  });

  it('a query that does not compile is an error at its line, and no body', async () => {
    const rule = RULE.replace('UserId, IPAddress', 'UserId, IPAdress');
    const r = await runCli(['convert', 'example', '--to', 'defender', '--format', 'json'], repoWith(rule));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { body: unknown; problems: Problem[] };
    expect(out.body).toBeNull();
    expect(out.problems.map((p) => [p.severity, p.line])).toEqual([['error', rule.split('\n').findIndex((l) => l.includes('IPAdress')) + 1]]);
    expect(out.problems[0]!.message).toContain('IPAdress');
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
    const out = JSON.parse(r.stdout) as { body: unknown; properties: { verdict: string }[]; problems: Problem[] };
    expect(out.properties.filter((p) => p.verdict === 'impossible')).toHaveLength(2);
    expect(out.body).toBeNull();
    expect(out.problems.map((p) => p.code)).toEqual(['defender-threshold', 'defender-suppression']);
  });

  it('a rule file with errors exits 1 with its problems', async () => {
    const r = await runCli(['convert', 'example', '--to', 'defender'], repoWith(RULE.replace('severity: Medium', 'severity: Severe')));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rules\/example\.yaml\n {2}4:11 {2}error {2}severity 'Severe' is not allowed/);
    const json = await runCli(['convert', 'example', '--to', 'defender', '--format', 'json'], repoWith(RULE.replace('severity: Medium', 'severity: Severe')));
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ body: null, properties: [], problems: [{ severity: 'error', file: 'rules/example.yaml', line: 4, column: 11 }] });
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
