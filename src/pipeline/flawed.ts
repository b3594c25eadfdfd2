// Rules whose file has errors (a wrong severity, an unknown key) are not rendered for deploy, but their
// query can usually still be rendered and analyzed: doing so here reports every problem of the file in one
// pass instead of revealing the next one only after the first is fixed.
import { hasErrors, type Problem } from '../core/problems.js';
import { analyzeRule } from '../kql/analyze/index.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { Project } from '../project/load.js';
import { renderRule } from '../render/render.js';

export function checkFlawedRules(project: Project, ctx: SchemaContext): Problem[] {
  const problems: Problem[] = [];
  for (const rule of project.flawed ?? []) {
    if (typeof rule.doc.query !== 'string') continue;
    try {
      const r = renderRule(rule, { env: project.env, partials: project.partials });
      problems.push(...r.problems);
      if (r.rendered && !hasErrors(r.problems)) problems.push(...analyzeRule(r.rendered, ctx));
    } catch {
      // A check that cannot run on a malformed document adds nothing: its shape is already reported.
    }
  }
  return problems;
}
