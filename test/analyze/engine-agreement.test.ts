// validate (Kusto.Language's analysis) and run/test (the embedded engine) accept and reject the same
// queries: the Kusto.Language errors the real engine does not raise are dropped by both.
import { describe, expect, it } from 'vitest';
import { engineProblems } from '../../src/kql/analyze/engine-support.js';
import { analyzeQuery } from '../../src/kql/analyze/query.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import { buildGlobals } from '../../src/kql/schema/globals.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import { RULE, renderText } from '../defender/helpers.js';

const ctx = createSchemaContext({});
const verdicts = (kql: string): { validate: string[]; engine: string[] } => ({
  validate: analyzeQuery(kql, ctx).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
  engine: compileQuery(kql, { globals: buildGlobals(kql, ctx) }).errors.map((e) => e.message),
});

describe('validate and the engine agree', () => {
  it.each([
    ['count(x) (KS107)', 'SigninLogs | summarize count(ResultType)'],
    ['bare terms in search (KS106, KS107)', 'SigninLogs | search not("x")'],
    ['a fuzzy union wildcard matching nothing (KS142)', 'union isfuzzy=true SigninLogs, NoSuchTable*'],
    ['a bag where an array is expected (KS234)', 'print n = array_length(dynamic({}))'],
    ["make_timespan's real seconds (KS134)", 'print t = make_timespan(1, 2, 55.123)'],
  ])('both accept %s', (_, kql) => {
    expect(verdicts(kql)).toEqual({ validate: [], engine: [] });
  });

  it('both reject an unknown column', () => {
    const v = verdicts('SigninLogs | where NoSuchColumn == 1');
    expect(v.validate.length).toBeGreaterThan(0);
    expect(v.engine.length).toBeGreaterThan(0);
  });

  it('validate warns, at its place in the rule file, about what the engine refuses', () => {
    const line = '  | extend Area = geo_union_polygons_array(dynamic([]))';
    const text = RULE.replace('  | project TimeGenerated, UserPrincipalName, UserId, IPAddress', `${line}\n  | project TimeGenerated, UserPrincipalName, UserId, IPAddress`);
    const { rendered } = renderText(text);
    expect(analyzeQuery(rendered.query, ctx).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const problems = engineProblems(rendered, analyzeQuery(rendered.query, ctx));
    expect(problems.map((p) => [p.severity, p.code, p.file, p.line, p.column])).toEqual([
      ['warning', 'engine-cannot-run', 'rules/example.yaml', text.split('\n').indexOf(line) + 1, line.indexOf('geo_union') + 1],
    ]);
    expect(problems[0]!.message).toContain('geo_union_polygons_array');
    const plain = renderText(RULE).rendered;
    expect(engineProblems(plain, analyzeQuery(plain.query, ctx))).toEqual([]);
  });
});
