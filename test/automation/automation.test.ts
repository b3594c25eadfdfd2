// Automation rules as code: schema problems and unknown analytics rule ids at their YAML node, unique ids,
// and the PUT body of the bundled rules for both shipped environments.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { automationOutputs, automationRuleBody, loadAutomationRules } from '../../src/automation/index.js';
import { loadEnvironment } from '../../src/environments/load.js';
import { loadProject } from '../../src/project/load.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const project = loadProject(repoRoot).project!;
const rules = project.rules;

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tripline-automation-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const VALID = `id: 0e7d3c2b-1a4f-4b6e-8d9c-5f2a1b3c4d5e
displayName: Tag break-glass incidents
order: 5
triggeringLogic:
  isEnabled: true
  triggersOn: Incidents
  triggersWhen: Created
  conditions:
    - conditionType: Property
      conditionProperties:
        propertyName: IncidentRelatedAnalyticRuleIds
        operator: Contains
        propertyValues:
          - cc45de50-d867-4ac0-b21a-498e8f4e1d4b
actions:
  - order: 1
    actionType: ModifyProperties
    actionConfiguration:
      severity: High
      labels: [{ labelName: break-glass }]
`;

describe('loadAutomationRules', () => {
  it('loads a valid automation rule', () => {
    const { automation, problems } = loadAutomationRules(repo({ 'automation/tag.yaml': VALID }), rules);
    expect(problems).toEqual([]);
    expect(automation.map((a) => [a.file, a.stem, a.doc.displayName])).toEqual([['automation/tag.yaml', 'tag', 'Tag break-glass incidents']]);
  });

  it('reports schema errors at the YAML node they are about', () => {
    const text = VALID.replace('  triggersWhen: Created', '  triggersWen: Created')
      .replace('propertyName: IncidentRelatedAnalyticRuleIds', 'propertyName: IncidentRelatedAnalyticRuleId')
      .concat('  - order: 2\n    actionType: AddIncidentTask\n    actionConfiguration:\n      description: no title\n');
    const { automation, problems } = loadAutomationRules(repo({ 'automation/bad.yaml': text }), rules);
    expect(automation).toEqual([]);
    const seen = problems.map((p) => ({ file: p.file, line: p.line, column: p.column, code: p.code, message: p.message }));
    expect(seen).toContainEqual({ file: 'automation/bad.yaml', line: 7, column: 3, code: 'schema', message: "unknown key 'triggersWen' in triggeringLogic (did you mean 'triggersWhen'?)" });
    expect(seen.find((p) => /IncidentRelatedAnalyticRuleId'/.test(p.message))).toMatchObject({ line: 11, column: 23 });
    expect(seen.find((p) => /IncidentRelatedAnalyticRuleId'/.test(p.message))!.message).toMatch(/did you mean 'IncidentRelatedAnalyticRuleIds'/);
    expect(seen.find((p) => /'title'/.test(p.message))).toMatchObject({ line: 24, column: 7, message: "missing required key 'title' in actions[1].actionConfiguration" });
  });

  it('reports an analytics rule id that no rule in rules/ has, at the value', () => {
    const text = VALID.replace('- cc45de50-d867-4ac0-b21a-498e8f4e1d4b', '- cc45de50-d867-4ac0-b21a-498e8f4e1d4b\n          - 11111111-2222-4333-8444-555555555555');
    const { automation, problems } = loadAutomationRules(repo({ 'automation/tag.yaml': text }), rules);
    expect(automation).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'automation/tag.yaml', line: 15, column: 13, code: 'automation-unknown-rule', severity: 'error' });
    expect(problems[0]!.message).toMatch(/^IncidentRelatedAnalyticRuleIds refers to analytics rule '11111111-2222-4333-8444-555555555555', which is not the id of any rule in rules\//);
  });

  it('names the id to write when a rule is referred to by its file stem, also inside Boolean conditions', () => {
    const text = VALID.replace(
      /  conditions:[\s\S]*?actions:/,
      `  conditions:
    - conditionType: Boolean
      conditionProperties:
        operator: Or
        innerConditions:
          - conditionType: Property
            conditionProperties:
              propertyName: AlertAnalyticRuleIds
              operator: Contains
              propertyValues: [break-glass-sign-in-nrt]
actions:`,
    );
    const { problems } = loadAutomationRules(repo({ 'automation/tag.yaml': text }), rules);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 17, column: 32, code: 'automation-unknown-rule' });
    expect(problems[0]!.message).toContain('did you mean 14970593-f29d-4a09-b0b9-04dda1cc65c4, the id of rules/break-glass-sign-in-nrt.yaml?');
  });

  it('does not report a reference to a rule whose own file has errors (that file reports them)', () => {
    const root = repo({ 'automation/tag.yaml': VALID, 'rules/broken.yaml': 'id: cc45de50-d867-4ac0-b21a-498e8f4e1d4b\nname: [broken\n' });
    const withoutIt = rules.filter((r) => r.doc.id !== 'cc45de50-d867-4ac0-b21a-498e8f4e1d4b');
    expect(loadAutomationRules(root, withoutIt).problems).toEqual([]);
    // Without such a file the same reference is unknown.
    expect(loadAutomationRules(repo({ 'automation/tag.yaml': VALID }), withoutIt).problems.map((p) => p.code)).toEqual(['automation-unknown-rule']);
  });

  it('rejects two automation rules with one id, and a missing id', () => {
    const { automation, problems } = loadAutomationRules(
      repo({ 'automation/a.yaml': VALID, 'automation/b.yaml': VALID.replace('0e7d3c2b-1a4f-4b6e-8d9c-5f2a1b3c4d5e', '0E7D3C2B-1A4F-4B6E-8D9C-5F2A1B3C4D5E'), 'automation/c.yaml': VALID.replace(/^id: .*\n/, '') }),
      rules,
    );
    expect(automation.map((a) => a.stem)).toEqual(['a']);
    expect(problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['automation/c.yaml', 1, 'schema'],
      ['automation/b.yaml', 1, 'automation-duplicate-id'],
    ]);
    expect(problems[1]!.message).toBe('automation rule id 0E7D3C2B-1A4F-4B6E-8D9C-5F2A1B3C4D5E is also the id of automation/a.yaml; every automation rule needs its own GUID');
  });

  it('allows only Created and RunPlaybook for automation rules triggered by alerts', () => {
    const text = VALID.replace('triggersOn: Incidents', 'triggersOn: Alerts').replace('triggersWhen: Created', 'triggersWhen: Updated').replace('IncidentRelatedAnalyticRuleIds', 'AlertAnalyticRuleIds');
    const { automation, problems } = loadAutomationRules(repo({ 'automation/tag.yaml': text }), rules);
    expect(automation).toEqual([]);
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['automation-alert-trigger', 7, 17],
      ['automation-alert-trigger', 17, 17],
    ]);
    expect(problems[1]!.message).toBe('automation rules that trigger on Alerts can only run playbooks; ModifyProperties needs triggersOn: Incidents');
  });

  it('warns about two actions with the same order', () => {
    const text = VALID + '  - order: 1\n    actionType: AddIncidentTask\n    actionConfiguration: { title: Check }\n';
    const { automation, problems } = loadAutomationRules(repo({ 'automation/tag.yaml': text }), rules);
    expect(automation).toHaveLength(1);
    expect(problems).toMatchObject([{ severity: 'warning', code: 'automation-action-order', line: 21, column: 12 }]);
  });
});

describe('automationRuleBody', () => {
  const bundled = loadAutomationRules(repoRoot, rules);

  it('the bundled automation rules load cleanly', () => {
    expect(bundled.problems).toEqual([]);
    expect(bundled.automation.map((a) => a.stem)).toEqual(['escalate-break-glass-incidents', 'pim-out-of-hours-tasks']);
  });

  for (const envName of ['local', 'example-prod']) {
    it(`renders the documented { properties } shape with full alert rule resource ids (${envName})`, () => {
      const env = loadEnvironment(repoRoot, envName).env!;
      for (const a of bundled.automation) {
        const body = automationRuleBody(a, env);
        expect(Object.keys(body)).toEqual(['properties']);
        const p = body.properties as { displayName: string; order: number; triggeringLogic: { conditions: { conditionProperties: { propertyValues: string[] } }[] }; actions: unknown[] };
        expect(Object.keys(p)).toEqual(['displayName', 'order', 'triggeringLogic', 'actions']);
        expect(p.displayName).toBe(a.doc.displayName);
        for (const value of p.triggeringLogic.conditions[0]!.conditionProperties.propertyValues) {
          expect(value).toMatch(
            new RegExp(`^/subscriptions/${env.subscriptionId}/resourceGroups/${env.resourceGroup}/providers/Microsoft\\.OperationalInsights/workspaces/${env.workspaceName}/providers/Microsoft\\.SecurityInsights/alertRules/[0-9a-f-]{36}$`),
          );
          expect(rules.map((r) => r.doc.id)).toContain(value.split('/').pop());
        }
        expect(p.actions.length).toBe(a.doc.actions.length);
      }
    });
  }

  it('matches the reference example body for the same input', () => {
    const env = { ...loadEnvironment(repoRoot, 'local').env!, subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-sentinel', workspaceName: 'ws-sentinel' };
    const text = `id: 0e7d3c2b-1a4f-4b6e-8d9c-5f2a1b3c4d5e
displayName: Tag incidents from CI-managed rules
order: 100
triggeringLogic:
  isEnabled: true
  triggersOn: Incidents
  triggersWhen: Created
  conditions:
    - conditionType: Property
      conditionProperties:
        propertyName: IncidentRelatedAnalyticRuleIds
        operator: Contains
        propertyValues: [6f2c1a0e-8b7d-4c3e-9f10-2a3b4c5d6e7f]
actions:
  - order: 1
    actionType: ModifyProperties
    actionConfiguration:
      labels: [{ labelName: ci-managed }]
      severity: High
`;
    const rule = { ...rules[0]!, doc: { ...rules[0]!.doc, id: '6f2c1a0e-8b7d-4c3e-9f10-2a3b4c5d6e7f' } };
    const { automation, problems } = loadAutomationRules(repo({ 'automation/ci.yaml': text }), [rule]);
    expect(problems).toEqual([]);
    const expected: unknown = JSON.parse(
      `{"properties":{"displayName":"Tag incidents from CI-managed rules","order":100,"triggeringLogic":{"isEnabled":true,"triggersOn":"Incidents","triggersWhen":"Created","conditions":[{"conditionType":"Property","conditionProperties":{"propertyName":"IncidentRelatedAnalyticRuleIds","operator":"Contains","propertyValues":["/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/ws-sentinel/providers/Microsoft.SecurityInsights/alertRules/6f2c1a0e-8b7d-4c3e-9f10-2a3b4c5d6e7f"]}}]},"actions":[{"order":1,"actionType":"ModifyProperties","actionConfiguration":{"labels":[{"labelName":"ci-managed"}],"severity":"High"}}]}}`,
    );
    expect(automationRuleBody(automation[0]!, env)).toEqual(expected);
  });

  it('names the render outputs automation/<file stem>.json', () => {
    const env = loadEnvironment(repoRoot, 'local').env!;
    expect(automationOutputs(bundled.automation, env).map((o) => o.path)).toEqual(['automation/escalate-break-glass-incidents.json', 'automation/pim-out-of-hours-tasks.json']);
  });
});
