// load -> render for every rule of a project, collecting every problem of the run. A rule with a `defender:`
// key is rendered for Defender too (`rendered.defender`): it deploys there where an environment targets
// Defender, and validate holds it to Defender's checks everywhere.
import { formatProblem, type Problem } from '../core/problems.js';
import type { Project } from '../project/load.js';
import { renderRule } from '../render/render.js';
import type { RenderedRule } from '../rules/types.js';

export function renderAll(project: Project): { rendered: RenderedRule[]; problems: Problem[] } {
  const rendered: RenderedRule[] = [];
  const problems: Problem[] = [];
  for (const rule of project.rules) {
    const r = renderRule(rule, { env: project.env, partials: project.partials });
    problems.push(...r.problems);
    if (!r.rendered) continue;
    if (rule.doc.defender) {
      const d = renderRule(rule, { env: project.env, partials: project.partials, target: 'defender' });
      // The two renderings differ only where the template asks for @target.defender: a problem is reported once.
      const seen = new Set(r.problems.map(formatProblem));
      problems.push(...d.problems.filter((p) => !seen.has(formatProblem(p))));
      r.rendered.defender = d.rendered;
    }
    rendered.push(r.rendered);
  }
  return { rendered, problems };
}

/** The query Defender runs for a rule routed there (such a rule has a `defender:` key, so renderAll made it). */
export function defenderRendering(r: RenderedRule): RenderedRule {
  return r.defender ?? r;
}
