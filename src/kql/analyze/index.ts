export { analyzeQuery } from './query.js';
export { analyzeRule, analyzeRules, analyzeRenderedRule } from './rule.js';
export { COST_CHECKS, type CostCheck } from './cost-checks.js';
export type { QueryAnalysis, QueryDiagnostic, QueryResultSchema, ResultColumn } from './types.js';
