import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/core/yaml.js';
import type { Environment } from '../../src/environments/types.js';
import { renderRule, type Partial } from '../../src/render/render.js';
import type { RuleDefinition, RuleDocument } from '../../src/rules/types.js';

function rule(yaml: string, file = 'rules/sample.yaml'): RuleDefinition {
  const { source, problems } = parseYaml(file, yaml);
  expect(problems).toEqual([]);
  return { file, stem: 'sample', doc: source.value as RuleDocument, source };
}

function env(parameters: Record<string, unknown> = {}, yaml?: string): Environment {
  const source = yaml ? parseYaml('environments/test.yaml', yaml).source : undefined;
  return {
    name: 'test',
    file: 'environments/test.yaml',
    source,
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: 'rg',
    workspaceName: 'ws',
    credential: 'emulator',
    parameters: yaml ? ((source!.value as { parameters: Record<string, unknown> }).parameters ?? {}) : parameters,
    watchlists: {},
    rules: {},
  };
}

const header = `id: 5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e
name: Sample
description: d
severity: High
kind: Scheduled
`;

describe('renderRule', () => {
  it('renders parameters through KQL helpers, defaults applied', () => {
    const r = rule(`${header}parameters:
  type: object
  properties:
    accounts: { type: array, items: { type: string }, default: ["bg1@contoso.com"] }
    lookback: { type: string, default: 1h }
query: |
  SigninLogs
  | where TimeGenerated > ago({{kql-timespan lookback}})
  | where UserPrincipalName in~ ({{kql-dynamic accounts}})
`);
    const { rendered, problems } = renderRule(r, { env: env(), partials: [] });
    expect(problems).toEqual([]);
    expect(rendered!.query).toBe(
      'SigninLogs\n| where TimeGenerated > ago(1h)\n| where UserPrincipalName in~ (dynamic(["bg1@contoso.com"]))\n',
    );
    expect(rendered!.parameters).toEqual({ accounts: ['bg1@contoso.com'], lookback: '1h' });
  });

  it('maps offsets of the rendered query back to the rule file, through helpers and blocks', () => {
    const r = rule(`${header}parameters:
  type: object
  properties:
    upn: { type: string, default: "a@b.c" }
    strict: { type: boolean, default: true }
query: |
  SigninLogs
  | where UserPrincipalName =~ {{kql-string upn}} | extend X = 1
  {{#if strict}}
  | where ResultType == "0"
  {{/if}}
  | project Colum
`);
    const { rendered } = renderRule(r, { env: env(), partials: [] });
    const q = rendered!.query;
    // Line 12 of the file is "  SigninLogs" (the query block starts after `query: |` on line 11).
    expect(rendered!.mapQueryOffset(q.indexOf('SigninLogs'))).toEqual({ file: 'rules/sample.yaml', line: 12, column: 3 });
    // Text after a helper keeps its exact column.
    expect(rendered!.mapQueryOffset(q.indexOf('extend'))).toEqual({ file: 'rules/sample.yaml', line: 13, column: 53 });
    // The helper's own output maps to the helper expression.
    expect(rendered!.mapQueryOffset(q.indexOf('"a@b.c"') + 3)).toEqual({ file: 'rules/sample.yaml', line: 13, column: 32 });
    // Text inside a block.
    expect(rendered!.mapQueryOffset(q.indexOf('ResultType'))).toEqual({ file: 'rules/sample.yaml', line: 15, column: 11 });
    expect(rendered!.mapQueryOffset(q.indexOf('Colum'))).toEqual({ file: 'rules/sample.yaml', line: 17, column: 13 });
  });

  it('expands partials from templates/ and maps their text into the partial file', () => {
    const r = rule(`${header}parameters:
  type: object
  properties:
    roles: { type: array, default: ["Global Administrator"] }
query: |
  AuditLogs
  {{> privileged-roles column="RoleName"}}
`);
    const partials: Partial[] = [{ name: 'privileged-roles', file: 'templates/privileged-roles.hbs', text: '| where {{kql-ident column}} in~ ({{kql-dynamic roles}})\n' }];
    const { rendered, problems } = renderRule(r, { env: env(), partials });
    expect(problems).toEqual([]);
    expect(rendered!.query).toBe('AuditLogs\n| where [\'RoleName\'] in~ (dynamic(["Global Administrator"]))\n');
    const q = rendered!.query;
    expect(rendered!.mapQueryOffset(q.indexOf('where'))).toEqual({ file: 'templates/privileged-roles.hbs', line: 1, column: 3 });
    expect(rendered!.mapQueryOffset(q.indexOf('in~'))).toEqual({ file: 'templates/privileged-roles.hbs', line: 1, column: 30 });
    // A helper's output inside the partial maps to the helper expression in the partial.
    expect(rendered!.mapQueryOffset(q.indexOf('Global'))).toEqual({ file: 'templates/privileged-roles.hbs', line: 1, column: 35 });
    expect(rendered!.mapQueryOffset(q.indexOf('AuditLogs'))).toEqual({ file: 'rules/sample.yaml', line: 11, column: 3 });
  });

  it('rejects a string parameter interpolated without a KQL helper, in the rule and in partials', () => {
    const r = rule(`${header}parameters:
  type: object
  properties:
    upn: { type: string, default: "x" }
    n: { type: integer, default: 3 }
query: |
  SigninLogs | where UserPrincipalName == "{{upn}}" | take {{n}}
  {{> frag}}
`);
    const partials: Partial[] = [{ name: 'frag', file: 'templates/frag.hbs', text: '| extend A = 1\n| extend B = {{upn}}' }];
    const { rendered, problems } = renderRule(r, { env: env(), partials });
    expect(rendered).toBeUndefined();
    expect(problems.map((p) => [p.code, p.file, p.line, p.column])).toEqual([
      ['unsafe-interpolation', 'rules/sample.yaml', 12, 44],
      ['unsafe-interpolation', 'templates/frag.hbs', 2, 14],
    ]);
    expect(problems[0]!.message).toContain('{{kql-string upn}}');
  });

  it('reports an undefined variable and an unknown helper at their position', () => {
    const r = rule(`${header}query: |
  SigninLogs
  | where X == {{kql-string nosuch}}
`);
    const { problems } = renderRule(r, { env: env(), partials: [] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'template-unknown-name', file: 'rules/sample.yaml', line: 8, column: 29 });
    expect(problems[0]!.message).toMatch(/'nosuch' is not a declared parameter of this rule \(it declares no parameters\)/);

    const h = rule(`${header}parameters: { type: object, properties: { a: { type: string, default: x } } }
query: |
  T | where X == {{kql-strin a}}
`);
    const hp = renderRule(h, { env: env(), partials: [] }).problems;
    expect(hp).toHaveLength(1);
    expect(hp[0]).toMatchObject({ code: 'template-unknown-helper', line: 8, column: 20 });
    expect(hp[0]!.message).toMatch(/kql-strin/);
  });

  it('reports a template syntax error and a missing partial', () => {
    const bad = rule(`${header}query: |
  T
  | where {{#if x}} a
`);
    // Handlebars notices the unclosed block at the end of the template.
    expect(renderRule(bad, { env: env(), partials: [] }).problems[0]).toMatchObject({ code: 'template-syntax', line: 9 });
    const missing = rule(`${header}query: |
  T
  {{> nowhere}}
`);
    const p = renderRule(missing, { env: env(), partials: [] }).problems;
    expect(p[0]).toMatchObject({ code: 'template-partial-missing', line: 8, column: 3 });
    expect(p[0]!.message).toContain('templates/nowhere.hbs');
  });

  it('locates a helper failure inside a partial in the partial file', () => {
    const r = rule(`${header}parameters: { type: object, properties: { lookback: { type: string, default: soon } } }
query: |
  T
  {{> window}}
`);
    const partials: Partial[] = [{ name: 'window', file: 'templates/window.hbs', text: '| where A > 1\n| where TimeGenerated > ago({{kql-timespan lookback}})\n' }];
    const { problems } = renderRule(r, { env: env(), partials });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'template-render', file: 'templates/window.hbs', line: 2, column: 29 });
    expect(problems[0]!.message).toContain("'soon' is not a duration");
  });

  it('exposes the rule schedule as @rule data and checks data names', () => {
    const r = rule(`${header}queryFrequency: 15m
queryPeriod: 2h
query: |
  T | where ingestion_time() > ago({{kql-timespan @rule.queryFrequency}}) and TimeGenerated > ago({{kql-timespan @rule.queryPeriod}})
`);
    const { rendered, problems } = renderRule(r, { env: env(), partials: [] });
    expect(problems).toEqual([]);
    expect(rendered!.query).toBe('T | where ingestion_time() > ago(15m) and TimeGenerated > ago(2h)\n');
    const bad = rule(`${header}query: |
  T | take {{kql-int @rule.frequency}} | where X == {{@rule.name}}
`);
    expect(renderRule(bad, { env: env(), partials: [] }).problems.map((p) => [p.code, p.column])).toEqual([
      ['template-unknown-name', 22],
      ['unsafe-interpolation', 53],
    ]);
  });

  it('keeps values holding the private-use marker characters intact and traceable', () => {
    const r = rule(`${header}parameters: { type: object, properties: { v: { type: string, default: "a\\uE0000\\uE001b\\uE002" } } }
query: |
  T | where X == {{kql-string v}} | take 1
`);
    const { rendered, problems } = renderRule(r, { env: env(), partials: [] });
    expect(problems).toEqual([]);
    expect(rendered!.query).toBe('T | where X == "a\\ue0000\\ue001b\\ue002" | take 1\n');
    expect(rendered!.mapQueryOffset(rendered!.query.indexOf('take'))).toMatchObject({ line: 8, column: 37 });
  });

  it('rejects a rendered query longer than Sentinel accepts', () => {
    const r = rule(`${header}parameters: { type: object, properties: { names: { type: array, default: ${JSON.stringify(Array.from({ length: 1200 }, (_, i) => `user${i}@contoso.com`))} } } }
query: |
  T | where Name in ({{kql-dynamic names}})
`);
    const { problems } = renderRule(r, { env: env(), partials: [] });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^the rendered query has \d+ characters; Sentinel accepts at most 10000/);
    expect(problems[0]).toMatchObject({ code: 'query-too-long', line: 7 });
  });

  it('names the rule, parameter and environment of a missing or wrong-typed value', () => {
    const r = rule(`${header}parameters:
  type: object
  properties:
    accounts: { type: array, items: { type: string }, minItems: 1 }
    hours: { type: integer }
  required: [accounts, hours]
query: T | take {{hours}}
`);
    const e = env({}, 'parameters:\n  hours: "nine"\n');
    const { problems } = renderRule(r, { env: e, partials: [] });
    expect(problems.map((p) => p.code).sort()).toEqual(['parameter-invalid', 'parameter-missing']);
    const missing = problems.find((p) => p.code === 'parameter-missing')!;
    expect(missing.message).toContain("rule 'Sample'");
    expect(missing.message).toContain("parameter 'accounts'");
    expect(missing.message).toContain("environment 'test'");
    const wrong = problems.find((p) => p.code === 'parameter-invalid')!;
    expect(wrong).toMatchObject({ file: 'environments/test.yaml', line: 2, column: 10 });
    expect(wrong.message).toMatch(/hours must be integer/);
  });

  it("reports a wrong default at the rule's default, not as an environment's mistake", () => {
    const r = rule(`${header}parameters:
  type: object
  properties:
    hours:
      type: integer
      default: nine
query: T | take {{hours}}
`);
    const { problems } = renderRule(r, { env: env(), partials: [] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'parameter-default', file: r.file, line: 11, column: 16 });
    expect(problems[0]!.message).toBe("rule 'Sample', parameter 'hours': its default does not match its own schema: hours must be integer");
  });
});
