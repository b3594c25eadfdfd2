// The platforms a rule's cases run on: Sentinel always; Defender too for a rule with a `defender:` key
// (it deploys there wherever an environment targets Defender).
import type { Target } from '../../environments/types.js';
import type { RuleDefinition } from '../../rules/types.js';
import { defender } from './defender.js';
import { sentinel } from './sentinel.js';
import type { PlatformModel } from './types.js';

export function platformsOf(rule: RuleDefinition): PlatformModel[] {
  return rule.doc.defender ? [sentinel, defender] : [sentinel];
}

export function platformModel(target: Target): PlatformModel {
  return target === 'defender' ? defender : sentinel;
}
