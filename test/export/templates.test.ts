// `tripline export` templates of the bundled pack, for both shipped environments and both forms:
// structure checked strictly, every expression parsed and evaluated as ARM would (test/export/arm-eval.ts)
// and the result compared with the bodies `tripline render` writes, and every resource body validated
// against the official ARM schemas (test/data/arm-schemas).
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { automationRuleBody } from '../../src/automation/index.js';
import type { Environment } from '../../src/environments/types.js';
import { exportTemplates, type ArmTemplate } from '../../src/export/index.js';
import { SENTINEL_PREVIEW, SENTINEL_STABLE } from '../../src/export/api-versions.js';
import { projectSchemaContext } from '../../src/pipeline/validate.js';
import { renderAll } from '../../src/pipeline/render-all.js';
import { watchlistBody } from '../../src/pipeline/write-render.js';
import { loadProject, type Project } from '../../src/project/load.js';
import { alertRuleBody } from '../../src/render/alert-rule-body.js';
import { renderWorkbooks } from '../../src/workbooks/index.js';
import { evaluateValue, expressionsIn, type DeploymentContext } from './arm-eval.js';
import { INSIGHTS, patchAutomationRuleAction, schemaSet, SI_PREVIEW, SI_STABLE } from './arm-schemas.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const schemas = schemaSet(patchAutomationRuleAction);

type Resource = Record<string, unknown> & { type: string; apiVersion: string; name: string; properties: Record<string, unknown> };

function project(env: string): Project {
  const loaded = loadProject(repoRoot, { env });
  if (!loaded.project) throw new Error(JSON.stringify(loaded.configProblems));
  return loaded.project;
}

function templates(p: Project, legacyForm: boolean): Map<string, ArmTemplate> {
  const { files, problems } = exportTemplates(p, { legacyForm });
  expect(problems.filter((x) => x.severity === 'error')).toEqual([]);
  // Parsing the text (not trusting the objects) proves each file is valid JSON.
  return new Map(files.filter((f) => f.path.endsWith('.json')).map((f) => [f.path, JSON.parse(f.text) as ArmTemplate]));
}

/** What `tripline render` writes, by the same relative path. */
function renderedBodies(p: Project): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const r of renderAll(p).rendered) out.set(`rules/${r.rule.stem}.json`, { ...alertRuleBody(r, p.env), id: r.rule.doc.id });
  for (const w of p.watchlists) out.set(`watchlists/${w.alias}.json`, watchlistBody(w));
  for (const a of p.automation) out.set(`automation/${a.stem}.json`, { ...automationRuleBody(a, p.env), id: a.doc.id });
  const wbs = renderWorkbooks(p.workbooks, p.env, projectSchemaContext(p), p.partials).outputs;
  for (const w of wbs) out.set(w.path, { ...w.content });
  return out;
}

function context(env: Environment, t: ArmTemplate): DeploymentContext {
  const ctx: DeploymentContext = { subscriptionId: env.subscriptionId, resourceGroup: env.resourceGroup, location: 'resource-group-location', parameters: { workspace: env.workspaceName }, variables: {} };
  ctx.variables = evaluateValue(t.variables ?? {}, ctx) as Record<string, unknown>;
  return ctx;
}

const SCOPE = "[format('Microsoft.OperationalInsights/workspaces/{0}', parameters('workspace'))]";
const legacyName = (name: string) => `[concat(parameters('workspace'), '/Microsoft.SecurityInsights/', '${name}')]`;

function checkEnvelope(t: ArmTemplate, env: Environment): void {
  expect(t.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
  expect(t.contentVersion).toBe('1.0.0.0');
  expect(Object.keys(t.parameters)).toEqual(['workspace']);
  expect(t.parameters.workspace.type).toBe('string');
  expect(t.parameters.workspace.defaultValue).toBe(env.workspaceName);
  expect(typeof t.parameters.workspace.metadata.description).toBe('string');
  expect(t.resources).toHaveLength(1);
}

/** type, scope and name of a Sentinel resource in the chosen form. */
function checkPlacement(r: Resource, type: string, name: string, legacy: boolean): void {
  if (legacy) {
    expect(r.type).toBe(`Microsoft.OperationalInsights/workspaces/providers/${type}`);
    expect(r.name).toBe(legacyName(name));
    expect(r).not.toHaveProperty('scope');
  } else {
    expect(r.type).toBe(`Microsoft.SecurityInsights/${type}`);
    expect(r.scope).toBe(SCOPE);
    expect(r.name).toBe(name);
  }
}

function expectedRuleApiVersion(body: { kind: string; properties: Record<string, unknown> }): string {
  const preview = body.kind === 'NRT' || 'subTechniques' in body.properties || 'sentinelEntitiesMappings' in body.properties;
  return preview ? SENTINEL_PREVIEW : SENTINEL_STABLE;
}

function validate(ref: string, value: unknown): void {
  const v = schemas.validator(ref);
  v(value);
  expect(v.errors ?? [], ref).toEqual([]);
}

function checkRule(r: Resource, evaluated: Resource, expected: Record<string, unknown>, legacy: boolean): void {
  const { id, kind, properties } = expected as { id: string; kind: string; properties: Record<string, unknown> };
  checkPlacement(r, 'alertRules', id, legacy);
  expect(r.kind).toBe(kind);
  expect(r.apiVersion).toBe(expectedRuleApiVersion({ kind, properties }));
  expect(evaluated.properties).toEqual(properties);
  // Rule bodies hold no expressions: every bracketed string is an escaped literal.
  expect(expressionsIn(r.properties)).toEqual([]);
  const schema = r.apiVersion === SENTINEL_STABLE ? SI_STABLE : SI_PREVIEW;
  const definition = kind === 'NRT' ? 'NrtAlertRule' : 'ScheduledAlertRule';
  for (const body of [r, evaluated]) validate(`${schema}#/definitions/${definition}`, { kind: body.kind, properties: body.properties });
}

function checkWatchlist(r: Resource, evaluated: Resource, expected: Record<string, unknown>, alias: string, legacy: boolean): void {
  checkPlacement(r, 'watchlists', alias, legacy);
  expect(r.apiVersion).toBe(SENTINEL_STABLE);
  expect({ properties: evaluated.properties }).toEqual(expected);
  for (const body of [r, evaluated]) validate(`${SI_STABLE}#/definitions/WatchlistProperties`, body.properties);
}

function checkAutomation(r: Resource, evaluated: Resource, expected: Record<string, unknown>, legacy: boolean): void {
  checkPlacement(r, 'automationRules', expected['id'] as string, legacy);
  expect(r.apiVersion).toBe(SENTINEL_STABLE);
  expect(evaluated.properties).toEqual(expected['properties']);
  for (const e of expressionsIn(r.properties)) {
    expect(e).toMatch(/^\[extensionResourceId\(resourceId\('Microsoft\.OperationalInsights\/workspaces', parameters\('workspace'\)\), 'Microsoft\.SecurityInsights\/alertRules', '[0-9a-f-]{36}'\)\]$/);
  }
  for (const body of [r, evaluated]) validate(`${SI_STABLE}#/definitions/AutomationRuleProperties`, body.properties);
}

function checkWorkbook(r: Resource, evaluated: Resource, expected: Record<string, unknown>, id: string): void {
  expect(r.type).toBe('Microsoft.Insights/workbooks');
  expect(r.apiVersion).toBe('2023-06-01');
  expect(r.name).toBe(id);
  expect(r.location).toBe('[resourceGroup().location]');
  expect(r.properties['sourceId']).toBe("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]");
  // Same body as render, but placed in the deployment's resource group.
  expect({ ...evaluated, type: undefined, apiVersion: undefined, name: undefined }).toEqual({ ...expected, location: 'resource-group-location', type: undefined, apiVersion: undefined, name: undefined });
  for (const body of [r, evaluated]) validate(`${INSIGHTS}#/resourceDefinitions/workbooks`, body);
}

describe.each([
  ['local', false],
  ['local', true],
  ['example-prod', false],
  ['example-prod', true],
])('export of the bundled pack for %s (legacy form: %s)', (envName, legacy) => {
  const p = project(envName);
  const exported = templates(p, legacy);
  const expected = renderedBodies(p);

  it('writes one template per content item, and nothing else but README.md', () => {
    expect([...exported.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(exported.size).toBe(p.rules.length + p.watchlists.length + p.automation.length + p.workbooks.length);
  });

  it.each([...expected.keys()])('%s', (path) => {
    const t = exported.get(path)!;
    checkEnvelope(t, p.env);
    const r = t.resources[0] as unknown as Resource;
    const evaluated = evaluateValue(r, context(p.env, t)) as Resource;
    const body = expected.get(path)!;
    const folder = path.split('/')[0];
    if (folder === 'rules') checkRule(r, evaluated, body, legacy);
    else if (folder === 'watchlists') checkWatchlist(r, evaluated, body, path.slice('watchlists/'.length, -5), legacy);
    else if (folder === 'automation') checkAutomation(r, evaluated, body, legacy);
    else checkWorkbook(r, evaluated, body, p.workbooks.find((w) => path === `workbooks/${w.stem}.json`)!.meta.id);
    if (folder !== 'workbooks') expect(t.variables).toBeUndefined();
  });
});

describe('the official schemas as used here', () => {
  const action = { order: 1, actionType: 'ModifyProperties', actionConfiguration: { severity: 'High', status: 'Active' } };

  it('unpatched, AutomationRuleAction rejects a correct action (so the patch is needed)', () => {
    const v = schemaSet().validator(`${SI_STABLE}#/definitions/AutomationRuleAction`);
    expect(v(action)).toBe(false);
    expect(JSON.stringify(v.errors)).toContain('actionConfiguration');
  });

  it('patched, it accepts it and still checks actionConfiguration and actionType', () => {
    const v = schemas.validator(`${SI_STABLE}#/definitions/AutomationRuleAction`);
    expect(v(action)).toBe(true);
    expect(v({ ...action, actionConfiguration: { status: 'Resolved' } })).toBe(false);
    expect(v({ ...action, actionType: 'SendEmail' })).toBe(false);
  });

  it('reject a bad enum value in a rule body, so the rule checks are real', () => {
    const p = project('local');
    const r = renderAll(p).rendered.find((x) => x.rule.doc.kind === 'Scheduled')!;
    const body = alertRuleBody(r, p.env);
    const v = schemas.validator(`${SI_PREVIEW}#/definitions/ScheduledAlertRule`);
    expect(v(body)).toBe(true);
    expect(v({ ...body, properties: { ...body.properties, severity: 'Critical' } })).toBe(false);
  });
});
