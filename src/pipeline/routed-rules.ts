// The rendered rules of an environment split by where they deploy (defender/routing.ts): Sentinel
// analytics rules, and Defender custom detections with the Graph body `convert` shows. A rule routed to
// both is in both lists. render and export write each kind where its platform's files go.
import { convertToDefender } from '../defender/convert.js';
import type { DetectionRuleBody } from '../defender/types.js';
import { routeRule } from '../defender/routing.js';
import type { Environment } from '../environments/types.js';
import type { RenderedRule } from '../rules/types.js';

interface RoutedRules {
  sentinel: RenderedRule[];
  defender: { rendered: RenderedRule; body: DetectionRuleBody }[];
}

export function routedRules(rendered: readonly RenderedRule[], env: Environment): RoutedRules {
  const out: RoutedRules = { sentinel: [], defender: [] };
  for (const r of rendered) {
    const { targets } = routeRule(r.rule, env);
    if (targets.includes('sentinel')) out.sentinel.push(r);
    if (targets.includes('defender')) out.defender.push({ rendered: r, body: convertToDefender(r, env).body });
  }
  return out;
}
