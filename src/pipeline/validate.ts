// load -> render -> analyze: everything `tripline validate` checks, as one library call.
import type { Problem } from '../core/problems.js';
import { analyzeRule } from '../kql/analyze/index.js';
import { createSchemaContext } from '../kql/schema/context.js';
import type { SchemaContext } from '../kql/schema/types.js';
import { loadProject, type LoadOptions, type Project } from '../project/load.js';
import type { RenderedRule } from '../rules/types.js';
import { renderAll } from './render-all.js';

export interface ValidationResult {
  project?: Project;
  rendered: RenderedRule[];
  configProblems: Problem[];
  problems: Problem[];
}

/** What queries of this project may refer to: tables, custom tables, functions and its watchlists. */
export function projectSchemaContext(project: Project): SchemaContext {
  return createSchemaContext({
    customTables: project.config.customTables,
    functions: project.config.functions,
    watchlists: new Map(project.watchlists.map((w) => [w.alias, w.columns])),
    analysis: project.config.analysis,
  });
}

export function validateProject(root: string, options: LoadOptions = {}): ValidationResult {
  const loaded = loadProject(root, options);
  if (!loaded.project) return { rendered: [], configProblems: loaded.configProblems, problems: loaded.problems };
  const { rendered, problems } = renderAll(loaded.project);
  const ctx = projectSchemaContext(loaded.project);
  for (const r of rendered) problems.push(...analyzeRule(r, ctx));
  return {
    project: loaded.project,
    rendered,
    configProblems: loaded.configProblems,
    problems: [...loaded.problems, ...problems],
  };
}
