export { loadAutomationRules, automationFiles } from './load.js';
export { automationRuleBody, alertRuleResourceId, workspaceResourceId, type AutomationRuleBody } from './body.js';
export { checkRuleReferences, checkUniqueIds, checkActionOrders, checkAlertTrigger } from './validate.js';
export type { AutomationRule, AutomationRuleDocument, AutomationCondition, AutomationAction } from './types.js';
export { automationOutputs } from './outputs.js';
