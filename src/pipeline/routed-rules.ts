// The rendered rules of an environment split by where they deploy (defender/routing.ts): Sentinel
// analytics rules, and Defender custom detections with the Graph body `convert` shows. A rule routed to
// both is in both lists. render and export write each kind where its platform's files go, once nothing
// stops them (routedWriteProblems).
import type { Problem } from '../core/problems.js';
import { convertToDefender } from '../defender/convert.js';
import { defenderChecks } from '../defender/constraints.js';
import type { DetectionRuleBody } from '../defender/types.js';
import { routeRule } from '../defender/routing.js';
import type { Environment } from '../environments/types.js';
import type { Project } from '../project/load.js';
import type { RenderedRule } from '../rules/types.js';
import { defenderRendering } from './render-all.js';
import { projectSchemaContext, routedProblems } from './validate.js';

interface RoutedRules {
  sentinel: RenderedRule[];
  defender: { rendered: RenderedRule; body: DetectionRuleBody }[];
}

export function routedRules(rendered: readonly RenderedRule[], env: Environment): RoutedRules {
  const out: RoutedRules = { sentinel: [], defender: [] };
  for (const r of rendered) {
    const { targets } = routeRule(r.rule, env);
    if (targets.includes('sentinel')) out.sentinel.push(r);
    if (targets.includes('defender')) out.defender.push({ rendered: r, body: convertToDefender(defenderRendering(r), env).body });
  }
  return out;
}

/**
 * What render and export report before writing an environment's rules: the conversion and routing problems
 * validate reports, and for each rule routed to Defender every check `convert` makes, so no body Defender
 * would refuse is written. (validate analyzes every query and holds every rule with a `defender:` key to
 * Defender's constraints itself.)
 */
export function routedWriteProblems(project: Project, rendered: readonly RenderedRule[]): Problem[] {
  const toDefender = rendered.filter((r) => routeRule(r.rule, project.env).targets.includes('defender'));
  const ctx = projectSchemaContext(project, 'defender');
  return [...routedProblems(project, rendered), ...toDefender.flatMap((r) => defenderChecks(defenderRendering(r), ctx))];
}
