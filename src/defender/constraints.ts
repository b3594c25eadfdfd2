// Every Defender custom detection constraint for one rendered rule, as located problems. validate runs
// them for rules that carry a `defender:` key (those deploy as custom detections where an environment
// targets Defender); convert for whichever rule it converts.
import type { Problem } from '../core/problems.js';
import { analyzeQuery, type QueryAnalysis } from '../kql/analyze/index.js';
import { referencedNames } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { RenderedRule } from '../rules/types.js';
import { checkDefenderActions } from './check-actions.js';
import { checkDefenderAlertText, checkDefenderAsset, checkDefenderCustomDetails } from './check-alert.js';
import { checkDefenderColumns, checkDefenderTimeUnmodified } from './check-columns.js';
import { checkDefenderNrt } from './check-nrt.js';
import { checkDefenderSchedule } from './check-schedule.js';
import { convertEntities } from './entities.js';

/** `analysis`: the rendered query's, when already made. */
export function checkDefenderConstraints(rendered: RenderedRule, ctx: SchemaContext, analysis: QueryAnalysis = analyzeQuery(rendered.query, ctx)): Problem[] {
  const { rule } = rendered;
  const tables = referencedNames(rendered.query, ctx).tables;
  // A query that does not bind has no reliable result schema; the analyzer's errors say why.
  const bound = !analysis.diagnostics.some((d) => d.severity === 'error');
  const result = bound ? analysis.result : undefined;
  return [
    ...checkDefenderSchedule(rule),
    ...checkDefenderNrt(rendered, tables),
    ...checkDefenderColumns(rule, tables, result),
    ...checkDefenderTimeUnmodified(rendered),
    ...checkDefenderCustomDetails(rule),
    ...checkDefenderAlertText(rule),
    ...checkDefenderAsset(rule, convertEntities(rule).entityMappings, result),
    ...checkDefenderActions(rule, tables, result),
  ];
}
