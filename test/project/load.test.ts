import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';

const RULE = (id: string, extra = '') => `id: ${id}
name: Sample rule
description: Detects a sample.
severity: High
kind: Scheduled
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [InitialAccess]
relevantTechniques: [T1078]
query: |
  SigninLogs
  | where UserPrincipalName in~ ((_GetWatchlist('BreakGlass') | project SearchKey))
${extra}`;

const ENV = `subscriptionId: 00000000-0000-0000-0000-000000000000
resourceGroup: rg
workspaceName: law-test
credential: emulator
`;

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tripline-project-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const WATCHLIST = {
  'watchlists/BreakGlass.yaml': 'displayName: Break glass\ndescription: d\nitemsSearchKey: UserPrincipalName\nprovider: Custom\n',
  'watchlists/BreakGlass.csv': 'UserPrincipalName,Owner\nbg1@contoso.com,SecOps\n',
};

describe('loadProject', () => {
  it('loads rules, the default environment, watchlists and partials', () => {
    const root = repo({ 'rules/a.yaml': RULE('5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e'), 'environments/local.yaml': ENV, 'templates/x.hbs': '| take 1\n', ...WATCHLIST });
    const { project, problems, configProblems } = loadProject(root);
    expect(configProblems).toEqual([]);
    expect(problems).toEqual([]);
    expect(project!.rules.map((r) => r.stem)).toEqual(['a']);
    expect(project!.env.name).toBe('local');
    expect(project!.watchlists.map((w) => [w.alias, w.columns, w.rows.length])).toEqual([['BreakGlass', ['UserPrincipalName', 'Owner'], 1]]);
    expect(project!.partials.map((p) => p.name)).toEqual(['x']);
  });

  it('is a configuration problem when the environment is missing or malformed', () => {
    const root = repo({ 'rules/a.yaml': RULE('5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e'), 'environments/local.yaml': ENV, 'environments/bad.yaml': 'subscriptionId: [\n' });
    const missing = loadProject(root, { env: 'prod' });
    expect(missing.project).toBeUndefined();
    expect(missing.configProblems[0]!.message).toBe("environment 'prod' not found: expected environments/prod.yaml (environments: bad, local)");
    const bad = loadProject(root, { env: 'bad' });
    expect(bad.project).toBeUndefined();
    expect(bad.configProblems[0]).toMatchObject({ file: 'environments/bad.yaml', code: 'yaml-syntax', line: 2 });
  });

  it('reports every problem of every file together, duplicate ids included', () => {
    const root = repo({
      'rules/a.yaml': RULE('5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e'),
      // Same id, plus a schema error and a constraint error in the same file.
      'rules/b.yaml': RULE('5F0B7C2E-1D2A-4C1B-9A51-3F1A2B3C4D5E', 'severty: High\n').replace('queryFrequency: 1h', 'queryFrequency: 1m'),
      'rules/c.yaml': 'id: [unclosed\n',
      'environments/local.yaml': ENV,
      ...WATCHLIST,
    });
    const { project, problems } = loadProject(root);
    expect(project!.rules.map((r) => r.stem)).toEqual(['a']);
    const seen = problems.map((p) => `${p.file}:${p.line} ${p.code}`);
    expect(seen).toContain('rules/c.yaml:2 yaml-syntax');
    expect(problems.filter((p) => p.file === 'rules/b.yaml').length).toBeGreaterThanOrEqual(3);
    expect(problems.some((p) => p.file === 'rules/b.yaml' && /severty/.test(p.message))).toBe(true);
    expect(problems.some((p) => p.file === 'rules/b.yaml' && /queryFrequency 1m is out of range/.test(p.message))).toBe(true);
    expect(problems.some((p) => p.file === 'rules/b.yaml' && p.line === 1 && /rules\/a\.yaml/.test(p.message))).toBe(true);
  });

  it('checks watchlist search keys and lets an environment point an alias at other contents', () => {
    const root = repo({
      'rules/a.yaml': RULE('5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e'),
      'environments/local.yaml': ENV,
      'environments/prod.yaml': ENV + 'watchlists:\n  BreakGlass: watchlists/prod/BreakGlass.csv\n  Nope: x.csv\n',
      ...WATCHLIST,
      'watchlists/prod/BreakGlass.csv': 'UserPrincipalName,Owner\nbg9@fabrikam.com,SOC\nBG9@fabrikam.com,SOC\n,x\n',
    });
    const { project, problems } = loadProject(root, { env: 'prod' });
    expect(problems.map((p) => [p.file, p.line, p.column, p.message])).toEqual([
      ['watchlists/prod/BreakGlass.csv', 3, 1, "duplicate UserPrincipalName 'BG9@fabrikam.com' (first on line 2): search key values must be unique"],
      ['watchlists/prod/BreakGlass.csv', 4, 1, 'empty UserPrincipalName: every item needs a search key value'],
      ['environments/prod.yaml', 7, 3, "environment 'prod' sets contents for watchlist 'Nope', but watchlists/Nope.yaml does not exist"],
    ]);
    expect(project!.watchlists[0]!.csvFile).toBe('watchlists/prod/BreakGlass.csv');
    expect(readFileSync(join(root, project!.watchlists[0]!.csvFile), 'utf8')).toContain('bg9@fabrikam.com');
  });

  it('reports a search key that is not a column', () => {
    const root = repo({
      'environments/local.yaml': ENV,
      'watchlists/BreakGlass.yaml': 'displayName: Break glass\nitemsSearchKey: Upn\nprovider: Custom\n',
      'watchlists/BreakGlass.csv': 'UserPrincipalName\nbg1@contoso.com\n',
      'rules/.keep': '',
    });
    const { problems } = loadProject(root);
    expect(problems[0]!.message).toBe("itemsSearchKey 'Upn' is not a column of watchlists/BreakGlass.csv (columns: UserPrincipalName)");
  });
});

describe('partials', () => {
  it('reports a partial that does not parse once, in its own file, used or not', async () => {
    const { validateProject } = await import('../../src/pipeline/validate.js');
    const root = repo({
      'rules/a.yaml': RULE('5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e'),
      'rules/b.yaml': RULE('6f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e'),
      'environments/local.yaml': ENV,
      'templates/broken.hbs': '| take 1\n| where {{#if x}} a\n',
      ...WATCHLIST,
    });
    const syntax = validateProject(root).problems.filter((p) => p.code === 'template-syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]).toMatchObject({ file: 'templates/broken.hbs' });
  });
});

describe('unusedParameters', () => {
  it('warns about an environment parameter no rule declares, suggesting the declared one', async () => {
    const { unusedParameters } = await import('../../src/pipeline/validate.js');
    const rule = RULE('5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e', 'parameters:\n  type: object\n  properties:\n    lookback: { type: string, default: 1h }\n');
    const root = repo({ 'rules/a.yaml': rule, 'environments/local.yaml': ENV + 'parameters:\n  lookbak: 2h\n', ...WATCHLIST });
    const { project } = loadProject(root);
    expect(unusedParameters(project!)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'environments/local.yaml',
        line: 6,
        column: 3,
        message: "environment 'local' sets parameter 'lookbak', which no rule declares (did you mean lookback?)",
      }),
    ]);
  });
});
