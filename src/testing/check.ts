// What `validate` checks of a rule's tests without running them: the tests file's shape, each case's
// `now`, `environment`, input tables, fixture files and inline rows, and watchlist overrides. A rule
// without cases is a warning here (a published rule dropped in still validates); `test` requires them.
import { error, hasErrors, uniqueProblems, warning, type Problem } from '../core/problems.js';
import { environmentNames } from '../environments/load.js';
import type { TableCatalog } from '../tables/catalog.js';
import type { RuleDefinition } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';
import { loadTestCases, testsFileOf } from './cases.js';
import { caseTables, caseWatchlists, FixtureCache } from './inputs.js';
import type { TestCase } from './types.js';

export interface TestsCheckContext {
  root: string;
  catalog: TableCatalog;
  /** The repository's base watchlists: what cases see unless they set their own. */
  watchlists: Watchlist[];
}

export function checkRuleTests(rules: readonly RuleDefinition[], ctx: TestsCheckContext): Problem[] {
  const fixtures = new FixtureCache(ctx.root, ctx.catalog);
  const environments = environmentNames(ctx.root);
  const problems: Problem[] = [];
  for (const rule of rules) {
    const { cases, problems: shape } = loadTestCases(ctx.root, rule);
    problems.push(...shape);
    if (!cases.length && !hasErrors(shape)) {
      problems.push(
        warning('test-none', `rule '${rule.doc.name}' has no test cases: add ${testsFileOf(rule.file, rule.stem)} with one case that fires and one that does not (tripline test requires them)`, rule.source.locate('/id')),
      );
    }
    for (const tc of cases) problems.push(...checkCase(tc, fixtures, environments, ctx));
  }
  return uniqueProblems(problems);
}

function checkCase(tc: TestCase, fixtures: FixtureCache, environments: string[], ctx: TestsCheckContext): Problem[] {
  const problems: Problem[] = [];
  if (tc.environment !== undefined && !environments.includes(tc.environment)) {
    problems.push(error('test-environment', `environment '${tc.environment}' not found (environments: ${environments.join(', ') || 'none'})`, tc.source.locate(`${tc.pointer}/environment`)));
  }
  // Only the problems are wanted: every value is checked, none is kept.
  problems.push(...caseTables(tc, fixtures, ctx.catalog, () => new Set()).problems);
  problems.push(...caseWatchlists(ctx.root, tc, ctx.watchlists).problems);
  return problems;
}
