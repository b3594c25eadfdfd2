// load -> render for every rule of a project, collecting every problem of the run.
import type { Problem } from '../core/problems.js';
import type { Project } from '../project/load.js';
import { renderRule } from '../render/render.js';
import type { RenderedRule } from '../rules/types.js';

export function renderAll(project: Project): { rendered: RenderedRule[]; problems: Problem[] } {
  const rendered: RenderedRule[] = [];
  const problems: Problem[] = [];
  for (const rule of project.rules) {
    const r = renderRule(rule, { env: project.env, partials: project.partials });
    problems.push(...r.problems);
    if (r.rendered) rendered.push(r.rendered);
  }
  return { rendered, problems };
}
