// load -> render -> analyze: everything `tripline validate` checks, as one library call.
import type { Problem } from '../core/problems.js';
import { loadProject, type LoadOptions, type Project } from '../project/load.js';
import type { RenderedRule } from '../rules/types.js';
import { renderAll } from './render-all.js';

export interface ValidationResult {
  project?: Project;
  rendered: RenderedRule[];
  configProblems: Problem[];
  problems: Problem[];
}

export function validateProject(root: string, options: LoadOptions = {}): ValidationResult {
  const loaded = loadProject(root, options);
  if (!loaded.project) return { rendered: [], configProblems: loaded.configProblems, problems: loaded.problems };
  const { rendered, problems } = renderAll(loaded.project);
  return {
    project: loaded.project,
    rendered,
    configProblems: loaded.configProblems,
    problems: [...loaded.problems, ...problems],
  };
}
