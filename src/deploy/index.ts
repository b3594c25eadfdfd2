export { prepare, type PreparedEnvironment, type PrepareResult } from './prepare.js';
export { applyPlan, DEFAULT_CONCURRENCY, driftRefusals, type ApplyResult, type ItemResult } from './apply.js';
export { closeEmulators } from './connect.js';
export { pendingCount } from './plan.js';
export { readSavedPlan, checkSavedPlan } from './saved-plan.js';
export { formatPlanText } from './format/text.js';
export { formatPlanMarkdown } from './format/markdown.js';
export { summarizeApply } from './format/apply.js';
export type { Plan, EnvironmentPlan, PlanItem, Action } from './types.js';
