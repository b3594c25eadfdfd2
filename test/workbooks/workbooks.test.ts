// Workbooks as code: loading (metadata schema, template JSON), rendering per environment through
// Handlebars inside JSON strings, analysis of every Log Analytics query with problems located in the
// template file, and the workbook resource body; the bundled privileged-access workbook for both
// shipped environments.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/problems.js';
import { loadEnvironment } from '../../src/environments/load.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import { projectSchemaContext } from '../../src/pipeline/validate.js';
import { loadProject } from '../../src/project/load.js';
import type { Partial } from '../../src/render/render.js';
import { loadWorkbooks, renderWorkbook, renderWorkbooks, workbookQueries, type Workbook } from '../../src/workbooks/index.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const ENV = `subscriptionId: 00000000-0000-0000-0000-000000000001
resourceGroup: rg-sentinel
workspaceName: ws-sentinel
location: westeurope
credential: emulator
parameters:
  timeZone: Europe/Amsterdam
  label: 'say "hi"'
`;

const META = `id: 2d4c6e8a-1b3f-4a5c-9e7d-0f1a2b3c4d5e
displayName: Test workbook
description: For tests.
parameters:
  type: object
  properties:
    timeZone: { type: string, default: UTC }
    label: { type: string, default: x }
`;

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tripline-workbooks-'));
  for (const [path, text] of Object.entries({ 'environments/local.yaml': ENV, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A workbook template with the given items, one per line so positions are easy to state. */
function template(...items: unknown[]): string {
  return `{\n  "version": "Notebook/1.0",\n  "items": [\n${items.map((i) => '    ' + JSON.stringify(i)).join(',\n')}\n  ]\n}\n`;
}

const queryItem = (name: string, query: string, extra: Record<string, unknown> = {}) => ({
  type: 3,
  content: { version: 'KqlItem/1.0', query, queryType: 0, resourceType: 'microsoft.operationalinsights/workspaces', visualization: 'table', ...extra },
  name,
});

const timeRange = {
  type: 9,
  content: { version: 'KqlParameterItem/1.0', parameters: [{ name: 'TimeRange', type: 4, value: { durationMs: 86400000 } }] },
  name: 'parameters',
};

function render(root: string, partials: Partial[] = []): { wb?: Workbook; problems: Problem[]; result?: ReturnType<typeof renderWorkbook> } {
  const loaded = loadWorkbooks(root);
  if (!loaded.workbooks[0]) return { problems: loaded.problems };
  const env = loadEnvironment(root, 'local').env!;
  const result = renderWorkbook(loaded.workbooks[0], env, createSchemaContext(), partials);
  return { wb: loaded.workbooks[0], problems: [...loaded.problems, ...result.problems], result };
}

/** 1-based line and column of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

describe('loadWorkbooks', () => {
  it('reports metadata schema errors at the YAML node', () => {
    const root = repo({ 'workbooks/x.yaml': META.replace('description:', 'descripton:'), 'workbooks/x.json': template() });
    const { workbooks, problems } = loadWorkbooks(root);
    expect(workbooks).toEqual([]);
    expect(problems).toMatchObject([{ file: 'workbooks/x.yaml', line: 3, column: 1, code: 'schema', message: "unknown key 'descripton' (did you mean 'description'?)" }]);
  });

  it('reports a template that is not JSON at its line and column', () => {
    const root = repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': '{\n  "version": "Notebook/1.0",\n  "items": [ {{kql-string timeZone}} ]\n}\n' });
    const { problems } = loadWorkbooks(root);
    expect(problems).toMatchObject([{ file: 'workbooks/x.json', line: 3, column: 15, code: 'workbook-json' }]);
    expect(problems[0]!.message).toMatch(/Handlebars expressions belong inside JSON strings/);
  });

  it('reports a template without metadata, metadata without template, and duplicate ids', () => {
    const root = repo({
      'workbooks/a.yaml': META,
      'workbooks/a.json': template(),
      'workbooks/b.yaml': META.replace('2d4c6e8a', '2D4C6E8A'),
      'workbooks/b.json': template(),
      'workbooks/c.yaml': META,
      'workbooks/orphan.json': template(),
    });
    const { workbooks, problems } = loadWorkbooks(root);
    expect(workbooks.map((w) => w.stem)).toEqual(['a']);
    expect(problems.map((p) => [p.file, p.code])).toEqual([
      ['workbooks/orphan.json', 'workbook-metadata-missing'],
      ['workbooks/c.yaml', 'workbook-template-missing'],
      ['workbooks/b.yaml', 'workbook-duplicate-id'],
    ]);
  });
});

describe('renderWorkbook', () => {
  it('reports a KQL typo in a workbook query at its line and column in the template, past JSON escapes', () => {
    const text = template(timeRange, queryItem('signins', 'SigninLogs\n| where AppDisplayName == "Azure \\"Portal\\""\n| where UserPrincipalNam == "x"'));
    const { problems } = render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text }));
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'workbooks/x.json', code: 'KS142', pointer: '/items/1/content/query', ...positionOf(text, 'UserPrincipalNam ==') });
    expect(errors[0]!.message).toMatch(/^query of 'signins': .*UserPrincipalNam/);
  });

  it('maps a typo after a Handlebars expression back to the template, and renders the KQL literal JSON-escaped', () => {
    const text = template(queryItem('local', 'SigninLogs\n| extend Local = datetime_utc_to_local(TimeGenerated, {{kql-string timeZone}}), Label = {{kql-string label}}\n| project Local, Labl'));
    const { problems, result } = render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text }));
    expect(problems.filter((p) => p.severity === 'error')).toMatchObject([{ code: 'KS142', ...positionOf(text, 'Labl"') }]);
    // Rendered nonetheless, for inspection: the environment's value is one KQL string literal.
    const content = result!.content as { items: { content: { query: string } }[] };
    expect(content.items[0]!.content.query).toBe('SigninLogs\n| extend Local = datetime_utc_to_local(TimeGenerated, "Europe/Amsterdam"), Label = "say \\"hi\\""\n| project Local, Labl');
  });

  it('accepts a query written as a list of lines, deploys it as one string, and reports problems on the line', () => {
    const text = `{\n  "version": "Notebook/1.0",\n  "items": [\n    { "type": 3, "name": "lines", "content": { "version": "KqlItem/1.0", "queryType": 0, "query": [\n      "SigninLogs",\n      "| where Location == {{kql-string timeZone}}",\n      "| project UserPrincipalNam"\n    ] } }\n  ]\n}\n`;
    const { problems, result } = render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text }));
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([['KS142', 7, 18]]);
    expect((result!.content as { items: { content: { query: string } }[] }).items[0]!.content.query).toBe('SigninLogs\n| where Location == "Europe/Amsterdam"\n| project UserPrincipalNam');
  });

  it('analyzes queries that use the workbook\'s own parameters ({TimeRange}, {TimeRange:grain}) without errors', () => {
    const text = template(timeRange, queryItem('trend', 'SigninLogs\n| where TimeGenerated {TimeRange}\n| summarize count() by bin(TimeGenerated, {TimeRange:grain})'));
    const { problems, result } = render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text }));
    expect(problems).toEqual([]);
    // The workbook engine, not tripline, fills them in: they are deployed as written.
    expect(JSON.parse(result!.body!.properties.serializedData).items[1].content.query).toContain('{TimeRange:grain}');
  });

  it('does not analyze queries for other services (Azure Resource Graph)', () => {
    const text = template(queryItem('arg', 'resources | where type =~ "microsoft.logic/workflows"', { queryType: 1, resourceType: 'microsoft.resourcegraph/resources' }));
    expect(render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text })).problems).toEqual([]);
  });

  it('refuses a bare interpolation inside a query but allows it in text', () => {
    const text = template({ type: 1, content: { json: 'Times in {{timeZone}}' }, name: 'text' }, queryItem('q', 'SigninLogs\n| where Location == "{{timeZone}}"'));
    const { problems } = render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text }));
    expect(problems).toMatchObject([{ code: 'unsafe-interpolation', file: 'workbooks/x.json', ...positionOf(text, '{{timeZone}}\\"') }]);
  });

  it('reports an undeclared name and an unknown helper where they are written', () => {
    const text = template(queryItem('q', 'SigninLogs\n| where Location == {{kql-string timezone}}\n| where UserId == {{kql-strng label}}'));
    const { problems } = render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text }));
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['template-unknown-name', positionOf(text, 'timezone}}').line, positionOf(text, 'timezone}}').column],
      ['template-unknown-helper', positionOf(text, 'kql-strng').line, positionOf(text, 'kql-strng').column],
    ]);
  });

  it('uses the repository\'s partials in queries', () => {
    const partials: Partial[] = [{ name: 'recent', file: 'templates/recent.hbs', text: '| where TimeGenerated > ago({{kql-timespan window}})\n' }];
    const text = template(queryItem('q', 'SigninLogs\n{{> recent window="1h"}}\n| take 10'));
    const { problems, result } = render(repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': text }), partials);
    expect(problems).toEqual([]);
    expect((result!.content as { items: { content: { query: string } }[] }).items[0]!.content.query).toBe('SigninLogs\n| where TimeGenerated > ago(1h)\n| take 10');
  });

  it('requires Notebook/1.0 and a location in the environment', () => {
    const root = repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': template().replace('Notebook/1.0', 'Notebook/2.0'), 'environments/local.yaml': ENV.replace('location: westeurope\n', '') });
    const { problems, result } = render(root);
    expect(result!.body).toBeUndefined();
    expect(problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['workbooks/x.json', 2, 'workbook-shape'],
      ['environments/local.yaml', 1, 'workbook-location-missing'],
    ]);
  });

  it('builds the documented resource body', () => {
    const text = template(queryItem('q', 'SigninLogs | take 1'));
    const { result, problems } = render(repo({ 'workbooks/x.yaml': META + 'tags: { managed-by: tripline }\n', 'workbooks/x.json': text }));
    expect(problems).toEqual([]);
    const workspace = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/ws-sentinel';
    expect(result!.body).toEqual({
      location: 'westeurope',
      kind: 'shared',
      tags: { 'managed-by': 'tripline' },
      properties: {
        displayName: 'Test workbook',
        serializedData: JSON.stringify({ version: 'Notebook/1.0', items: [queryItem('q', 'SigninLogs | take 1')], fallbackResourceIds: [workspace], fromTemplateId: 'sentinel-UserWorkbook' }),
        category: 'sentinel',
        version: 'Notebook/1.0',
        sourceId: workspace,
        description: 'For tests.',
      },
    });
  });
});

describe('the bundled privileged-access workbook', () => {
  for (const envName of ['local', 'example-prod']) {
    it(`renders for ${envName} and every query analyzes without errors or warnings`, () => {
      const project = loadProject(repoRoot, { env: envName }).project!;
      const loaded = loadWorkbooks(repoRoot);
      expect(loaded.problems).toEqual([]);
      expect(loaded.workbooks.map((w) => w.stem)).toEqual(['privileged-access']);
      const wb = loaded.workbooks[0]!;
      const { body, content, problems } = renderWorkbook(wb, project.env, projectSchemaContext(project), project.partials);
      expect(problems).toEqual([]);
      expect(Object.keys(body!)).toEqual(['location', 'kind', 'tags', 'properties']);
      expect(body!.location).toBe(project.env.location);
      expect(body!.kind).toBe('shared');
      const workspace = `/subscriptions/${project.env.subscriptionId}/resourceGroups/${project.env.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${project.env.workspaceName}`;
      expect(body!.properties).toMatchObject({ displayName: 'Privileged access', category: 'sentinel', version: 'Notebook/1.0', sourceId: workspace });
      const serialized = JSON.parse(body!.properties.serializedData) as { version: string; items: { name: string; content: { json?: string; query?: string } }[]; fallbackResourceIds: string[] };
      expect(serialized.version).toBe('Notebook/1.0');
      expect(serialized.fallbackResourceIds).toEqual([workspace]);
      const queries = workbookQueries(content!);
      expect(queries.map((q) => q.name)).toEqual([
        'break-glass-trend', 'break-glass-sign-ins', 'break-glass-test-status', 'assignments-trend', 'assignments-by-role', 'assignments',
        'pim-by-hour', 'pim-out-of-hours', 'pim-activations-by-role-user', 'pim-refused-by-user',
        'tier0-device-classes', 'tier0-devices', 'access-reviews', 'inactive-accounts', 'alerts-trend', 'alerts', 'incidents',
      ]);
      // The environment's time zone reaches both the text and the queries.
      const tz = (project.env.parameters['businessHours'] as { timeZone: string }).timeZone;
      expect(serialized.items[0]!.content.json).toContain(`Local times are in **${tz}**`);
      const pim = serialized.items.find((i) => i.name === 'pim-by-hour')!.content.query!;
      expect(pim).toContain(`datetime_utc_to_local(['TimeGenerated'], "${tz}")`);
      expect(serialized.items.every((i) => !JSON.stringify(i).includes('{{'))).toBe(true);
    });
  }

  it('is rendered to workbooks/<stem>.json, and a broken workbook yields its problems and no output', () => {
    const project = loadProject(repoRoot).project!;
    const ctx = projectSchemaContext(project);
    const ok = renderWorkbooks(loadWorkbooks(repoRoot).workbooks, project.env, ctx, project.partials);
    expect(ok.problems).toEqual([]);
    expect(ok.outputs.map((o) => o.path)).toEqual(['workbooks/privileged-access.json']);
    const root = repo({ 'workbooks/x.yaml': META, 'workbooks/x.json': template(queryItem('q', 'SigninLog')) });
    const bad = renderWorkbooks(loadWorkbooks(root).workbooks, project.env, ctx);
    expect(bad.outputs).toEqual([]);
    expect(bad.problems.map((p) => p.code)).toEqual(['KS142']);
  });
});
