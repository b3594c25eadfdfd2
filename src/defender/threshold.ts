// Sentinel's trigger (triggerOperator/triggerThreshold on the result row count) has no Defender
// equivalent: every result row can alert (reference §4, `triggerOperator`/`triggerThreshold` row: "thresholds
// only in the KQL"). `defender.threshold: in-query` folds the trigger into the query instead.
import { error, type Problem } from '../core/problems.js';
import { armTriggerOperator } from '../render/alert-rule-body.js';
import type { RuleDefinition } from '../rules/types.js';
import { lastStatementStart } from './kql-text.js';
import type { PropertyVerdict } from './types.js';

const KQL_OPERATORS: Record<string, string> = { GreaterThan: '>', LessThan: '<', Equal: '==', NotEqual: '!=' };

/** The name the folded query gives the rule's result; chosen not to collide with a rule's own `let`s. */
export const FOLDED_RESULT = 'TriplineRuleResult';

/** Sentinel fires when the row count passes the trigger; Defender alerts on any row, i.e. "> 0". */
export function isAnyRowTrigger(rule: RuleDefinition): boolean {
  if (rule.doc.kind === 'NRT') return true;
  return armTriggerOperator(rule.doc.triggerOperator) === 'GreaterThan' && (rule.doc.triggerThreshold ?? 0) === 0;
}

/**
 * The query returning its rows only when the trigger holds: the last statement is materialized once and
 * returned when its row count compares with the threshold as Sentinel's trigger would.
 */
export function foldThreshold(query: string, operator: string | undefined, threshold: number): string {
  const start = lastStatementStart(query);
  const head = query.slice(0, start);
  const last = query.slice(start).replace(/\s+$/, '');
  const op = KQL_OPERATORS[armTriggerOperator(operator)]!;
  return `${head}${start > 0 ? '\n' : ''}let ${FOLDED_RESULT} = materialize(\n${last.replace(/^\s*\n/, '')}\n);\n${FOLDED_RESULT}\n| where toscalar(${FOLDED_RESULT} | count) ${op} ${threshold}`;
}

export function convertTrigger(rule: RuleDefinition, query: string): { query: string; verdicts: PropertyVerdict[]; problems: Problem[] } {
  const doc = rule.doc;
  if (isAnyRowTrigger(rule)) {
    const verdicts: PropertyVerdict[] =
      doc.kind === 'NRT' ? [] : [{ sentinel: 'triggerOperator/triggerThreshold', defender: '—', verdict: 'converted', how: 'gt 0: Defender alerts whenever the query returns rows, the same trigger', pointer: '/triggerThreshold' }];
    return { query, verdicts, problems: [] };
  }
  const trigger = `${doc.triggerOperator ?? 'gt'} ${doc.triggerThreshold ?? 0}`;
  if (doc.defender?.threshold === 'in-query') {
    return {
      query: foldThreshold(query, doc.triggerOperator, doc.triggerThreshold ?? 0),
      verdicts: [{ sentinel: 'triggerOperator/triggerThreshold', defender: 'queryCondition.queryText', verdict: 'converted', how: `trigger ${trigger} folded into the query (defender.threshold: in-query): rows are returned only when their count passes it`, pointer: '/triggerThreshold' }],
      problems: [],
    };
  }
  const why = `trigger ${trigger} has no Defender equivalent: a custom detection alerts on every result row`;
  return {
    query,
    verdicts: [{ sentinel: 'triggerOperator/triggerThreshold', defender: '—', verdict: 'impossible', how: why, pointer: '/triggerThreshold' }],
    problems: [error('defender-threshold', `${why}; set defender.threshold: in-query to fold it into the KQL`, rule.source.locate('/triggerThreshold'))],
  };
}
