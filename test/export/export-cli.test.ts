// `tripline export` end to end on copies of the repository: escaping of bracketed literals, the stable
// api-version for a Scheduled rule without preview-only properties, --legacy-form, exit codes, and the
// output folder written completely or not at all.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeLiteral, toTemplateJson, expr, unescapeLiteral } from '../../src/export/arm.js';
import { runCli } from '../helpers/cli.js';
import { evaluateValue } from './arm-eval.js';
import { schemaSet, SI_STABLE } from './arm-schemas.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const TIER0 = 'rules/tier0-admin-sign-in-from-non-paw.yaml';

function copyRepo(edit: (root: string) => void = () => {}): string {
  const root = mkdtempSync(join(tmpdir(), 'tripline-export-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures', 'automation', 'workbooks']) cpSync(join(repoRoot, d), join(root, d), { recursive: true });
  edit(root);
  return root;
}

function editFile(root: string, file: string, from: RegExp, to: string): void {
  const text = readFileSync(join(root, file), 'utf8');
  if (!from.test(text)) throw new Error(`${from} not in ${file}`);
  writeFileSync(join(root, file), text.replace(from, to));
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { resources: Record<string, unknown>[] };
const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('ARM escaping', () => {
  it('doubles the bracket of a literal the engine would read as an expression, and only then', () => {
    expect(escapeLiteral('[Tier-0]')).toBe('[[Tier-0]');
    expect(escapeLiteral('[]')).toBe('[[]');
    expect(escapeLiteral('[[x]')).toBe('[[[x]');
    // Not an expression to ARM (last character is not `]`): already literal, must stay as is.
    expect(escapeLiteral('[Tier-0] admin')).toBe('[Tier-0] admin');
    expect(escapeLiteral('x [y]')).toBe('x [y]');
    expect(escapeLiteral('[y]\n')).toBe('[y]\n');
    for (const s of ['[Tier-0]', '[]', '[[x]', '[a] b', 'plain', '']) expect(unescapeLiteral(escapeLiteral(s))).toBe(s);
  });

  it('escapes literals everywhere in a value, keys included, and leaves expressions alone', () => {
    const value = { '[k]': ['[a]', { q: '[b]', e: expr("parameters('workspace')") }], n: 1, t: true, z: null };
    expect(toTemplateJson(value)).toEqual({ '[[k]': ['[[a]', { q: '[[b]', e: "[parameters('workspace')]" }], n: 1, t: true, z: null });
  });
});

describe('tripline export', () => {
  it('escapes bracketed literals of real content so that ARM deploys them unchanged', async () => {
    const root = copyRepo((r) => editFile(r, TIER0, /^description: \|\n(?: {2}.*\n)+/m, 'description: "[Tier-0 admin]"\n'));
    const out = join(root, 'out');
    const r = await runCli(['export', '--out', out], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const resource = readJson(join(out, 'rules/tier0-admin-sign-in-from-non-paw.json')).resources[0] as { properties: Record<string, unknown> };
    expect(resource.properties['description']).toBe('[[Tier-0 admin]');
    const ctx = { subscriptionId: 's', resourceGroup: 'g', location: 'l', parameters: { workspace: 'w' }, variables: {} };
    expect((evaluateValue(resource, ctx) as typeof resource).properties['description']).toBe('[Tier-0 admin]');
  });

  it('exports a Scheduled rule without preview-only properties at the stable api-version, valid against it', async () => {
    const root = copyRepo((r) => editFile(r, TIER0, /relevantTechniques:\n {2}- T1078\.004\n {2}- T1550\.001\n/, 'relevantTechniques:\n  - T1078\n  - T1550\n'));
    const out = join(root, 'out');
    expect((await runCli(['export', '--out', out], root)).code).toBe(0);
    const resource = readJson(join(out, 'rules/tier0-admin-sign-in-from-non-paw.json')).resources[0] as { apiVersion: string; kind: string; properties: Record<string, unknown> };
    expect(resource.apiVersion).toBe('2025-09-01');
    expect(resource.properties).not.toHaveProperty('subTechniques');
    const v = schemaSet().validator(`${SI_STABLE}#/definitions/ScheduledAlertRule`);
    expect(v({ kind: resource.kind, properties: resource.properties }), JSON.stringify(v.errors)).toBe(true);
    // Rules with sub-techniques stay at the preview, which has subTechniques.
    expect(readJson(join(out, 'rules/break-glass-sign-in.json')).resources[0]!['apiVersion']).toBe('2025-07-01-preview');
  });

  it('--legacy-form changes the resource type and name, nothing else', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tripline-export-out-'));
    expect((await runCli(['export', '--out', join(base, 'scope')], repoRoot)).code).toBe(0);
    expect((await runCli(['export', '--out', join(base, 'legacy'), '--legacy-form'], repoRoot)).code).toBe(0);
    expect(listing(join(base, 'legacy'))).toEqual(listing(join(base, 'scope')));
    const [scope, legacy] = ['scope', 'legacy'].map((d) => readJson(join(base, d, 'rules/break-glass-sign-in-nrt.json')).resources[0]!);
    expect(scope!['type']).toBe('Microsoft.SecurityInsights/alertRules');
    expect(scope!['name']).toBe('14970593-f29d-4a09-b0b9-04dda1cc65c4');
    expect(legacy!['type']).toBe('Microsoft.OperationalInsights/workspaces/providers/alertRules');
    expect(legacy!['name']).toBe("[concat(parameters('workspace'), '/Microsoft.SecurityInsights/', '14970593-f29d-4a09-b0b9-04dda1cc65c4')]");
    const { type: _t1, name: _n1, scope: _s, ...restScope } = scope!;
    const { type: _t2, name: _n2, ...restLegacy } = legacy!;
    expect(restLegacy).toEqual(restScope);
    const wb = ['scope', 'legacy'].map((d) => readFileSync(join(base, d, 'workbooks/privileged-access.json'), 'utf8'));
    expect(wb[1]).toBe(wb[0]);
  });

  it('writes nothing when a rule is broken (exit 1), and leaves an earlier export untouched', async () => {
    const root = copyRepo();
    const out = join(root, 'out');
    expect((await runCli(['export', '--out', out], root)).code).toBe(0);
    const before = listing(out);
    editFile(root, TIER0, /^severity: High$/m, 'severity: Critical');
    const r = await runCli(['export', '--out', out], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing written');
    expect(listing(out)).toEqual(before);
    const fresh = join(root, 'fresh');
    expect((await runCli(['export', '--out', fresh], root)).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });

  it('writes nothing for a query that does not render (exit 1)', async () => {
    const root = copyRepo((r) => editFile(r, TIER0, /^query: \|\n/m, 'query: |\n  {{kql-string noSuchParameter}}\n'));
    const out = join(root, 'out');
    const r = await runCli(['export', '--out', out], root);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 for an unknown environment, writing nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tripline-export-out-')), 'x');
    expect((await runCli(['export', '--env', 'nowhere', '--out', out], repoRoot)).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('replaces an earlier export as a whole (no stale templates), but refuses a folder with other files', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tripline-export-out-'));
    const out = join(base, 'arm');
    mkdirSync(join(out, 'rules'), { recursive: true });
    writeFileSync(join(out, 'rules/deleted-rule.json'), '{}');
    expect((await runCli(['export', '--out', out], repoRoot)).code).toBe(0);
    expect(existsSync(join(out, 'rules/deleted-rule.json'))).toBe(false);
    expect(existsSync(join(out, 'README.md'))).toBe(true);
    expect(readdirSync(base)).toEqual(['arm']);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = await runCli(['export', '--out', out], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.txt');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('README.md lists the templates in deploy order with the az command', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tripline-export-out-')), 'arm');
    expect((await runCli(['export', '--env', 'example-prod', '--out', out], repoRoot)).code).toBe(0);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    const order = ['watchlists/BreakGlassAccounts.json', 'rules/break-glass-sign-in.json', 'automation/escalate-break-glass-incidents.json', 'workbooks/privileged-access.json'].map((f) => readme.indexOf(f));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(readme).toContain('az deployment group create -g rg-secops-prod-aue --template-file rules/break-glass-sign-in.json --parameters workspace=law-sentinel-prod-aue');
  });
});

/** The errors of a text problem report, each as [file, 'line:column', code, message]. */
function reportedErrors(stderr: string): string[][] {
  const errors: string[][] = [];
  let file = '';
  for (const line of stderr.split('\n')) {
    if (/^[^\s]/.test(line)) file = line;
    const m = /^ {2}(\d+:\d+) {2}error {2}(.*) {2}(\S+)$/.exec(line);
    if (m) errors.push([file, m[1]!, m[3]!, m[2]!]);
  }
  return errors;
}

describe('render and export for an environment targeting Defender', () => {
  const PIM = 'rules/pim-activation-outside-business-hours.yaml';
  const NRT = 'rules/break-glass-sign-in-nrt.yaml';
  // A few rules and no workbooks: each command here loads and renders little.
  const keepRules = (root: string, stems: RegExp) => {
    for (const f of readdirSync(join(root, 'rules'))) if (!stems.test(f)) rmSync(join(root, 'rules', f));
    rmSync(join(root, 'automation/escalate-break-glass-incidents.yaml'));
    rmSync(join(root, 'workbooks'), { recursive: true });
  };
  const withKey = (root: string) => {
    keepRules(root, /^(pim-activation-outside-business-hours|break-glass-sign-in)[.]/);
    editFile(root, PIM, /\n*$/, '\ndefender:\n  recommendedActions: Confirm the activation with the user.\n');
  };

  it('write the Graph body of each rule routed to Defender under defender/, and no analytics rule for it', async () => {
    const root = copyRepo(withKey);
    const out = mkdtempSync(join(tmpdir(), 'tripline-export-out-'));
    const converted = await runCli(['convert', PIM, '--to', 'defender', '--env', 'unified', '--format', 'json'], root);
    const body = (JSON.parse(converted.stdout) as { body: Record<string, unknown> }).body;
    expect(body['id']).toBe('tripline-b9c0347f-a9c8-4bad-8f97-816dff7aff1b');

    const render = await runCli(['render', '--env', 'unified', '--out', join(out, 'render')], root);
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout).toMatch(/rendered 2 rules \(1 as Defender custom detections, in defender\/\)/);
    expect(JSON.parse(readFileSync(join(out, 'render/defender/pim-activation-outside-business-hours.json'), 'utf8'))).toEqual(body);
    expect(existsSync(join(out, 'render/rules/pim-activation-outside-business-hours.json'))).toBe(false);
    expect(existsSync(join(out, 'render/rules/break-glass-sign-in.json'))).toBe(true);

    const exported = await runCli(['export', '--env', 'unified', '--out', join(out, 'arm')], root);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'arm/defender/pim-activation-outside-business-hours.json'), 'utf8'))).toEqual(body);
    expect(existsSync(join(out, 'arm/rules/pim-activation-outside-business-hours.json'))).toBe(false);
    const readme = readFileSync(join(out, 'arm/README.md'), 'utf8');
    expect(readme).toContain('az rest --method post --url https://graph.microsoft.com/beta/security/rules/detectionRules --body @defender/pim-activation-outside-business-hours.json');
    expect(readme.indexOf('rules/break-glass-sign-in.json')).toBeLessThan(readme.indexOf('defender/pim-activation-outside-business-hours.json'));
  });

  it('write nothing when a rule routed to Defender cannot be converted, naming the property at its line', async () => {
    const root = copyRepo((r) => {
      withKey(r);
      editFile(r, PIM, /^suppressionEnabled: false$/m, 'suppressionEnabled: true');
    });
    const line = readFileSync(join(root, PIM), 'utf8').split('\n').findIndex((l) => l.startsWith('suppressionEnabled')) + 1;
    const out = mkdtempSync(join(tmpdir(), 'tripline-export-out-'));
    for (const command of ['render', 'export']) {
      const r = await runCli([command, '--env', 'unified', '--out', join(out, command)], root);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout + r.stderr).toMatch(new RegExp(`${PIM.replace(/[./]/g, '\\$&')}\\n(.*\\n)*?\\s+${line}:\\d+\\s+error\\s+suppression for PT1H has no Defender equivalent`));
      expect(existsSync(join(out, command))).toBe(false);
    }
  });

  it("write nothing when Defender would refuse a routed rule: the NRT rule's limits, each at its line", async () => {
    const root = copyRepo((r) => {
      keepRules(r, /^(pim-activation-outside-business-hours|break-glass-sign-in-nrt)[.]/);
      editFile(r, NRT, /^kind: NRT$/m, 'defender:\n  recommendedActions: Confirm the emergency with the custodian.\nkind: NRT');
    });
    const lineOf = (file: string, start: string) => readFileSync(join(root, file), 'utf8').split('\n').findIndex((l) => l.startsWith(start)) + 1;
    const query = lineOf(NRT, 'query: |');
    const out = mkdtempSync(join(tmpdir(), 'tripline-export-out-'));
    for (const command of ['render', 'export']) {
      const r = await runCli([command, '--env', 'unified', '--out', join(out, command)], root);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(reportedErrors(r.stderr)).toEqual([
        [NRT, `${query}:8`, 'defender-nrt', 'a continuous (NRT) custom detection queries one table; this query reads AADNonInteractiveUserSignInLogs, SigninLogs'],
        [NRT, `${query}:8`, 'defender-nrt', 'AADNonInteractiveUserSignInLogs is not among the tables continuous (NRT) custom detections support'],
        [NRT, `${query + 1}:3`, 'defender-nrt', 'continuous (NRT) custom detections allow no comments in the query: remove them (describe the logic in description)'],
        ['templates/break-glass-sign-ins.hbs', `${lineOf('templates/break-glass-sign-ins.hbs', 'union ')}:1`, 'defender-nrt', 'continuous (NRT) custom detections allow no joins, unions or externaldata: remove union'],
      ]);
      expect(r.stderr).toContain(`nothing written to ${join(out, command)}`);
      expect(existsSync(join(out, command))).toBe(false);
    }
  });
});
