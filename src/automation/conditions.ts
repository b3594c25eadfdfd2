// Conditions nest (Boolean -> innerConditions, PropertyArray -> itemConditions); every consumer needs
// each Property condition with its JSON pointer, so the walk lives in one place.
import { toPointer } from '../core/yaml.js';
import type { AutomationCondition } from './types.js';

export interface PropertyConditionAt {
  condition: AutomationCondition;
  /** JSON pointer of the condition inside the automation rule document. */
  pointer: string;
}

export function propertyConditions(conditions: readonly AutomationCondition[] | undefined, base: (string | number)[] = ['triggeringLogic', 'conditions']): PropertyConditionAt[] {
  const out: PropertyConditionAt[] = [];
  (conditions ?? []).forEach((condition, i) => {
    if (typeof condition !== 'object' || condition === null) return;
    const path = [...base, i];
    const props = condition.conditionProperties;
    if (condition.conditionType === 'Property') out.push({ condition, pointer: toPointer(path) });
    if (Array.isArray(props?.innerConditions)) out.push(...propertyConditions(props.innerConditions, [...path, 'conditionProperties', 'innerConditions']));
    if (Array.isArray(props?.itemConditions)) out.push(...propertyConditions(props.itemConditions, [...path, 'conditionProperties', 'itemConditions']));
  });
  return out;
}

/** A deep copy of `conditions` with every analytics-rule-id value passed through `map`. */
export function mapRuleIdValues(conditions: readonly AutomationCondition[], map: (id: string) => string, isRuleIdProperty: (name: string) => boolean): AutomationCondition[] {
  return conditions.map((c) => {
    const props = { ...c.conditionProperties };
    if (c.conditionType === 'Property' && typeof props.propertyName === 'string' && isRuleIdProperty(props.propertyName) && Array.isArray(props.propertyValues)) {
      props.propertyValues = props.propertyValues.map(map);
    }
    if (Array.isArray(props.innerConditions)) props.innerConditions = mapRuleIdValues(props.innerConditions, map, isRuleIdProperty);
    if (Array.isArray(props.itemConditions)) props.itemConditions = mapRuleIdValues(props.itemConditions, map, isRuleIdProperty);
    return { ...c, conditionProperties: props };
  });
}
