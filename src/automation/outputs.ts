// `tripline render --out DIR` files for automation rules: DIR/automation/<name>.json, the PUT body.
import type { Environment } from '../environments/types.js';
import { automationRuleBody, type AutomationRuleBody } from './body.js';
import type { AutomationRule } from './types.js';

export function automationOutputs(automation: readonly AutomationRule[], env: Environment): { path: string; content: AutomationRuleBody }[] {
  return automation.map((a) => ({ path: `automation/${a.stem}.json`, content: automationRuleBody(a, env) }));
}
