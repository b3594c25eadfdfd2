// The CLI end to end, in-process: exit codes, output formats, and that render writes nothing after an error.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const startDir = process.cwd();

/** A copy of the repository's content (rules, watchlists, ...) to break without touching the real one. */
function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-cli-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  return dir;
}

const run = (cwd: string, ...args: string[]) => runCli(args, cwd);

afterEach(() => process.chdir(startDir));

describe('tripline validate', () => {
  it('passes on the bundled pack for every shipped environment', async () => {
    for (const env of ['local', 'example-prod']) {
      const r = await run(repoRoot, 'validate', '--env', env);
      expect(r.stdout + r.stderr, env).toMatch(/rules valid/);
      expect(r.code).toBe(0);
    }
  });

  it('exits 1 with located errors of every broken file, and SARIF on request', async () => {
    const dir = contentCopy();
    const file = join(dir, 'rules/break-glass-sign-in.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('severity: High', 'severity: Critical'));
    const other = join(dir, 'rules/tier0-admin-sign-in-from-non-paw.yaml');
    writeFileSync(other, readFileSync(other, 'utf8').replace(/^queryFrequency: .*$/m, 'queryFrequency: 2m'));
    const text = await run(dir, 'validate');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/rules\/break-glass-sign-in\.yaml/);
    expect(text.stdout).toMatch(/16:11 +error +severity 'Critical' is not allowed: it must be one of Informational, Low, Medium, High/);
    expect(text.stdout).toMatch(/rules\/tier0-admin-sign-in-from-non-paw\.yaml/);
    const sarif = JSON.parse((await run(dir, 'validate', '--format', 'sarif')).stdout);
    const uris = sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => r.locations[0]!.physicalLocation);
    expect(uris.map((u: { artifactLocation: { uri: string } }) => u.artifactLocation.uri).sort()).toEqual(['rules/break-glass-sign-in.yaml', 'rules/tier0-admin-sign-in-from-non-paw.yaml']);
    expect(uris.every((u: { region: { startLine: number } }) => u.region.startLine > 1)).toBe(true);
  });

  it('exits 2 for an unknown environment or a bad option', async () => {
    expect((await run(repoRoot, 'validate', '--env', 'nowhere')).code).toBe(2);
    expect((await run(repoRoot, 'validate', '--format', 'xml')).code).toBe(2);
  });
});

describe('tripline render', () => {
  it('writes the alertRules PUT bodies and watchlist bodies', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tripline-render-'));
    const r = await run(repoRoot, 'render', '--out', out);
    expect(r.code).toBe(0);
    const rules = readdirSync(join(out, 'rules')).sort();
    expect(rules).toContain('break-glass-sign-in.json');
    const body = JSON.parse(readFileSync(join(out, 'rules/break-glass-sign-in.json'), 'utf8'));
    expect(Object.keys(body).sort()).toEqual(['kind', 'properties']);
    expect(body.kind).toBe('Scheduled');
    expect(body.properties.queryFrequency).toMatch(/^P/);
    expect(body.properties.query).not.toMatch(/\{\{/);
    const nrt = JSON.parse(readFileSync(join(out, 'rules/break-glass-sign-in-nrt.json'), 'utf8'));
    expect(nrt.kind).toBe('NRT');
    expect(nrt.properties.queryFrequency).toBeUndefined();
    const wl = JSON.parse(readFileSync(join(out, 'watchlists/BreakGlassAccounts.json'), 'utf8'));
    expect(wl.properties.itemsSearchKey).toBeTruthy();
    expect(wl.properties.rawContent).toContain(wl.properties.itemsSearchKey);
  });

  it('writes nothing when any rule has an error', async () => {
    const dir = contentCopy();
    const file = join(dir, 'rules/pim-activation-outside-business-hours.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('query: |', 'query: |\n  {{nosuchparameter}}'));
    const out = join(dir, 'out');
    const r = await run(dir, 'render', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nosuchparameter/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('tripline test', () => {
  it('passes on the bundled pack and writes JUnit XML with --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tripline-junit-')), 'report.xml');
    const r = await run(repoRoot, 'test', '--reporter', 'junit', '--out', out);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed \(9 rules\)/);
    expect(r.code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<testsuite name="rules/break-glass-sign-in.yaml"');
    expect(xml).not.toContain('<failure');
  });

  it('exits 1 when an expectation is wrong, showing the diff', async () => {
    const dir = contentCopy();
    const tests = join(dir, 'rules/tier0-admin-sign-in-from-non-paw.tests.yaml');
    writeFileSync(tests, readFileSync(tests, 'utf8').replace('fires: true', 'fires: false'));
    const r = await run(dir, 'test', 'rules/tier0-admin-sign-in-from-non-paw.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ .*\n.*expected the rule not to fire, but it fired/);
    expect(r.stdout).toContain('alerts raised:');
    const json = JSON.parse((await run(dir, 'test', '--reporter', 'json', 'rules/tier0-admin-sign-in-from-non-paw.yaml')).stdout);
    expect(json.summary.failed).toBeGreaterThan(0);
  });
});

describe('tripline run', () => {
  it("serves the repository's watchlists through _GetWatchlist", async () => {
    const r = await run(repoRoot, 'run', '--format', 'json', "_GetWatchlist('BreakGlassAccounts') | project SearchKey | order by SearchKey asc");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { columns: { name: string }[]; rows: string[][] };
    const csv = readFileSync(join(repoRoot, 'watchlists/BreakGlassAccounts.csv'), 'utf8').trim().split(/\r?\n/);
    expect(out.columns.map((c) => c.name)).toEqual(['SearchKey']);
    expect(out.rows).toHaveLength(csv.length - 1);
  });
});
