// `tripline coverage`: ATT&CK coverage of the bundled rules as Markdown, a Navigator layer and JSON.
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from './helpers.js';

describe('tripline coverage', () => {
  it('JSON: tactics, techniques with their names and rules, and the tables each rule needs', async () => {
    const res = await runCli(['coverage', '--format', 'json'], ROOT);
    expect(res.code).toBe(0);
    const c = JSON.parse(res.stdout);
    expect(c.attack).toBe('18.0');
    const rule = loadProject(ROOT).project!.rules.find((r) => r.file === 'rules/break-glass-sign-in.yaml')!;
    const bg = c.rules.find((r: { file: string }) => r.file === 'rules/break-glass-sign-in.yaml');
    expect(bg).toMatchObject({ tactics: rule.doc.tactics, techniques: rule.doc.relevantTechniques, tables: ['AADNonInteractiveUserSignInLogs', 'SigninLogs'] });
    const t1078 = c.techniques.find((t: { id: string }) => t.id === 'T1078.004');
    expect(t1078).toMatchObject({ name: 'Cloud Accounts', tactics: expect.arrayContaining(['InitialAccess', 'Persistence']) });
    expect(t1078.rules).toContain('Break-glass account sign-in');
    expect(c.tactics.map((t: { tactic: string }) => t.tactic)).toContain('InitialAccess');
  });

  it('Navigator layer: enterprise-attack, one entry per technique and tactic, scored by rule count with rule names', async () => {
    const layer = JSON.parse((await runCli(['coverage', '--format', 'navigator'], ROOT)).stdout);
    expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { attack: '18', layer: '4.5' } });
    const entry = layer.techniques.find((t: { techniqueID: string; tactic: string }) => t.techniqueID === 'T1078.004' && t.tactic === 'initial-access');
    expect(entry.score).toBe(entry.comment.split('; ').length);
    expect(entry.comment).toContain('Break-glass account sign-in');
    expect(layer.gradient.maxValue).toBe(Math.max(...layer.techniques.map((t: { score: number }) => t.score)));
  });

  it('Markdown: tactic, technique and data source tables', async () => {
    const md = (await runCli(['coverage'], ROOT)).stdout;
    expect(md).toMatch(/^## ATT&CK coverage \(Enterprise v18\.0\)/);
    expect(md).toMatch(/\| T1110 \| Brute Force \| CredentialAccess \| \d+ \|/);
    expect(md).toMatch(/\| Break-glass account sign-in \| AADNonInteractiveUserSignInLogs, SigninLogs \|/);
  });
});
