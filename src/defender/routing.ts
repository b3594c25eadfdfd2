// Which platform each rule deploys to in an environment (issue 15 item 1): a rule with a `defender:` key
// goes to Defender where the environment targets Defender, and to Sentinel where it does not; other rules
// go to Sentinel. Both only when the rule says so (`defender.alsoSentinel: true`), with a warning.
import { warning, type Problem } from '../core/problems.js';
import type { Environment, Target } from '../environments/types.js';
import type { RuleDefinition } from '../rules/types.js';
import { propertyConditions } from '../automation/conditions.js';
import { RULE_ID_PROPERTIES, type AutomationRule } from '../automation/types.js';

export interface Routing {
  targets: Target[];
  /** Why, as the plan shows it. */
  reason: string;
}

export function environmentTargets(env: Environment): Target[] {
  return env.targets ?? ['sentinel'];
}

export function routeRule(rule: RuleDefinition, env: Environment): Routing {
  const settings = rule.doc.defender;
  if (!settings) return { targets: ['sentinel'], reason: 'no defender: key' };
  if (!environmentTargets(env).includes('defender')) {
    return { targets: ['sentinel'], reason: `has a defender: key, but environment '${env.name}' does not target defender` };
  }
  if (settings.alsoSentinel) return { targets: ['sentinel', 'defender'], reason: `defender.alsoSentinel: true, and environment '${env.name}' targets both` };
  return { targets: ['defender'], reason: `has a defender: key, and environment '${env.name}' targets defender` };
}

/** The warning every rule deployed to both platforms gets where an environment targets both. */
export function routingProblems(rule: RuleDefinition, routing: Routing): Problem[] {
  if (routing.targets.length < 2) return [];
  return [
    warning(
      'defender-both',
      'deployed to both Sentinel and Defender (defender.alsoSentinel): the SOC gets every alert twice, and automation rules keyed to the analytics rule id miss the Defender incidents',
      rule.source.locate('/defender/alsoSentinel'),
    ),
  ];
}

/**
 * An automation rule condition naming an analytics rule that this environment deploys to Defender only:
 * that rule makes no Sentinel incidents here, so the automation rule never runs for it.
 */
export function automationReferenceProblems(automation: readonly AutomationRule[], defenderOnly: ReadonlyMap<string, RuleDefinition>, env: Environment): Problem[] {
  const problems: Problem[] = [];
  for (const a of automation) {
    for (const { condition, pointer } of propertyConditions(a.doc.triggeringLogic?.conditions)) {
      const props = condition.conditionProperties;
      if (typeof props?.propertyName !== 'string' || !RULE_ID_PROPERTIES.has(props.propertyName) || !Array.isArray(props.propertyValues)) continue;
      props.propertyValues.forEach((value, i) => {
        const rule = typeof value === 'string' ? defenderOnly.get(value.toLowerCase()) : undefined;
        if (!rule) return;
        const message = `${props.propertyName} refers to ${rule.file}, which environment '${env.name}' deploys as a Defender custom detection only: Defender incidents do not carry the analytics rule id, so this automation rule never runs for it there`;
        problems.push(warning('defender-automation', message, a.source.locate(`${pointer}/conditionProperties/propertyValues/${i}`)));
      });
    }
  }
  return problems;
}
