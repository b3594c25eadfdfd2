// Positions through the Handlebars template: text a partial produced is reported at the `{{> partial}}`
// call in the rule file, text written in the rule at its own line and column.
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/core/yaml.js';
import type { Environment } from '../../src/environments/types.js';
import { analyzeRule } from '../../src/kql/analyze/rule.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import { renderRule, type Partial } from '../../src/render/render.js';
import type { RuleDocument } from '../../src/rules/types.js';
import { positionOf } from './helpers.js';

const env: Environment = {
  name: 'test', file: 'environments/test.yaml', subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg', workspaceName: 'ws', credential: 'default', parameters: {}, watchlists: {}, rules: {},
};

const ruleText = (query: string[]): string => [
  'id: 9d1f5a3c-2b7e-4c1a-8f6d-3e2a1b0c9d8e',
  'name: Templated test rule',
  'description: written for tripline tests',
  'severity: Low',
  'kind: Scheduled',
  'query: |',
  ...query.map((l) => `  ${l}`),
  'entityMappings:',
  '  - entityType: Account',
  '    fieldMappings:',
  '      - { identifier: FullName, columnName: UserPrincipalName }',
  '',
].join('\n');

function analyze(text: string, partials: Partial[]) {
  const { source } = parseYaml('rules/templated.yaml', text);
  const rule = { file: 'rules/templated.yaml', stem: 'templated', doc: source.value as RuleDocument, source };
  const r = renderRule(rule, { env, partials });
  if (!r.rendered) throw new Error(r.problems.map((p) => p.message).join('; '));
  return analyzeRule(r.rendered, createSchemaContext());
}

describe('analysis through templates', () => {
  const partial: Partial = { name: 'failed-signins', file: 'templates/failed-signins.hbs', text: 'SigninLogs\n| where ResultType != "0"\n' };

  it('has no errors when the partial and the rule are right', () => {
    const text = ruleText(['{{> failed-signins}}', '| project UserPrincipalName, IPAddress']);
    expect(analyze(text, [partial]).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports a typo written in the rule after a partial at its own position', () => {
    const text = ruleText(['{{> failed-signins}}', '| project UserPrincipalNam, IPAddress']);
    const [p] = analyze(text, [partial]).filter((x) => x.severity === 'error');
    expect(p).toMatchObject({ code: 'KS142', ...positionOf(text, 'UserPrincipalNam,') });
  });

  it('reports a typo inside a partial at its line and column in the partial file', () => {
    const broken: Partial = { ...partial, text: 'SigninLogs\n| where ResultTyp != "0"\n' };
    const text = ruleText(['{{> failed-signins}}', '| project UserPrincipalName, IPAddress']);
    const [p] = analyze(text, [broken]).filter((x) => x.severity === 'error');
    expect(p).toMatchObject({ code: 'KS142', file: broken.file, line: 2, column: 9 });
    expect(p?.message).toContain('ResultTyp');
  });
});
