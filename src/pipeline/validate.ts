// load -> render -> analyze: everything `tripline validate` checks, as one library call.
import { hasErrors, warning, type Problem } from '../core/problems.js';
import { closestName } from '../core/suggest.js';
import { declaredParameters } from '../render/parameters.js';
import { unmappedExternalData } from '../externaldata/unmapped.js';
import { analyzeRules } from '../kql/analyze/index.js';
import { createSchemaContext } from '../kql/schema/context.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { Target } from '../environments/types.js';
import { loadProject, type LoadOptions, type Project } from '../project/load.js';
import type { RenderedRule, RuleDefinition } from '../rules/types.js';
import { renderWorkbooks, workbookParameterNames, type RenderedWorkbook } from '../workbooks/index.js';
import { uniqueProblems } from '../core/problems.js';
import { loadTestCases } from '../testing/cases.js';
import { checkRuleTests } from '../testing/check.js';
import { loadWatchlists } from '../watchlists/load.js';
import { defenderChecks } from '../defender/constraints.js';
import { convertToDefender } from '../defender/convert.js';
import { automationReferenceProblems, routeRule, routingProblems } from '../defender/routing.js';
import { checkFlawedRules } from './flawed.js';
import { defenderRendering, renderAll } from './render-all.js';

export interface ValidationResult {
  project?: Project;
  rendered: RenderedRule[];
  /** The workbooks that rendered, as deploy sends them. */
  workbooks: RenderedWorkbook[];
  configProblems: Problem[];
  problems: Problem[];
}

/**
 * What queries of this project may refer to: tables, custom tables, functions and its watchlists; on
 * Defender, the XDR tables in their advanced hunting schema.
 */
export function projectSchemaContext(project: Project, platform: Target = 'sentinel'): SchemaContext {
  return createSchemaContext({
    platform,
    customTables: project.config.customTables,
    functions: project.config.functions,
    watchlists: new Map(project.watchlists.map((w) => [w.alias, w.columns])),
    analysis: project.config.analysis,
  });
}

/**
 * Environment parameters no rule declares are most often typos of one that is declared (whose default
 * then silently applies). Checked only when the whole rules folder loaded cleanly.
 */
export function unusedParameters(project: Project): Problem[] {
  const declared = [...new Set([...project.rules.flatMap(declaredParameters), ...project.workbooks.flatMap(workbookParameterNames)])];
  return Object.keys(project.env.parameters)
    .filter((name) => !declared.includes(name))
    .map((name) => {
      const guess = closestName(name, declared);
      return warning(
        'parameter-unused',
        `environment '${project.env.name}' sets parameter '${name}', which no rule declares${guess ? ` (did you mean ${guess}?)` : ''}`,
        project.env.source?.locateKey(`/parameters/${name}`) ?? { file: project.env.file },
      );
    });
}

export function validateProject(root: string, options: LoadOptions = {}): ValidationResult {
  const loaded = loadProject(root, options);
  if (!loaded.project) return { rendered: [], workbooks: [], configProblems: loaded.configProblems, problems: loaded.problems };
  const { rendered, problems } = renderAll(loaded.project);
  const ctx = projectSchemaContext(loaded.project);
  problems.push(...analyzeRules(rendered, ctx, { engine: true }));
  // A rule with a `defender:` key deploys as a Defender custom detection: its query as Defender runs it is
  // analyzed against Defender's tables, and Defender's limits apply too.
  const defenderCtx = projectSchemaContext(loaded.project, 'defender');
  for (const r of rendered) if (r.defender) problems.push(...defenderChecks(r.defender, defenderCtx));
  problems.push(...routedProblems(loaded.project, rendered));
  problems.push(...checkFlawedRules(loaded.project, ctx));
  const project = loaded.project;
  for (const r of rendered) {
    problems.push(...unmappedExternalData(r, () => [project.config.externalData, ...loadTestCases(project.root, r.rule).cases.map((c) => c.externalData)]));
  }
  problems.push(...testsProblems(loaded.project, ctx));
  const workbooks = renderWorkbooks(loaded.project.workbooks, loaded.project.env, ctx, loaded.project.partials);
  problems.push(...workbooks.problems);
  // With a rule file broken, its parameters would look unused: the check needs every rule loaded.
  if (!options.paths?.length && !hasErrors(loaded.problems)) problems.push(...unusedParameters(loaded.project));
  return {
    project: loaded.project,
    rendered,
    workbooks: workbooks.outputs,
    configProblems: loaded.configProblems,
    problems: uniqueProblems([...loaded.problems, ...problems]),
  };
}

/** For rules this environment deploys to Defender: what cannot be converted (errors) or is lost (warnings). */
export function routedProblems(project: Project, rendered: readonly RenderedRule[]): Problem[] {
  const problems: Problem[] = [];
  const defenderOnly = new Map<string, RuleDefinition>();
  for (const r of rendered) {
    const routing = routeRule(r.rule, project.env);
    if (!routing.targets.includes('defender')) continue;
    if (!routing.targets.includes('sentinel')) defenderOnly.set(r.rule.doc.id.toLowerCase(), r.rule);
    problems.push(...routingProblems(r.rule, routing), ...convertToDefender(defenderRendering(r), project.env).problems);
  }
  return [...problems, ...automationReferenceProblems(project.automation, defenderOnly, project.env)];
}

/** Tests run on the repository's base watchlists, so those are the contents their checks use. */
function testsProblems(project: Project, ctx: SchemaContext): Problem[] {
  const base = loadWatchlists(project.root);
  const rules = [...project.rules, ...(project.flawed ?? [])];
  return [...base.problems, ...checkRuleTests(rules, { root: project.root, catalog: ctx.catalog, watchlists: base.watchlists })];
}
