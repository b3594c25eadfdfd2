// Every Defender custom detection constraint for one rendered rule, as located problems. validate runs
// them for rules that carry a `defender:` key (those deploy as custom detections where an environment
// targets Defender); convert for whichever rule it converts.
import type { Problem } from '../core/problems.js';
import { analyzeQuery, analyzeRenderedRule, type QueryAnalysis } from '../kql/analyze/index.js';
import { referencedNames } from '../kql/schema/globals.js';
import type { SchemaContext } from '../kql/schema/types.js';
import type { RenderedRule } from '../rules/types.js';
import { isDefenderXdrTable } from '../tables/catalog.js';
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

/**
 * The query's errors (Defender refuses a query that does not compile) and Defender's constraints: with the
 * conversion's problems, everything Defender would refuse a rule for. `ctx` is Defender's (the XDR tables'
 * advanced hunting schemas); validate, convert, render and export hold Defender-routed rules to it.
 */
export function defenderChecks(rendered: RenderedRule, ctx: SchemaContext): Problem[] {
  const query = analyzeRenderedRule(rendered, ctx);
  const xdrTables = referencedNames(rendered.query, ctx).tables.filter(isDefenderXdrTable);
  const errors = query.problems.filter((p) => p.severity === 'error').map((p) => explainXdrTime(p, xdrTables));
  return [...errors, ...checkDefenderConstraints(rendered, ctx, query.analysis)];
}

/**
 * An unresolved TimeGenerated in a query on Defender XDR tables: advanced hunting names their event time
 * Timestamp and has no TimeGenerated (docs/reference/defender-xdr-time-column.md).
 */
function explainXdrTime(p: Problem, xdrTables: readonly string[]): Problem {
  if (!xdrTables.length || p.code !== 'KS142' || !p.message.includes("'TimeGenerated'")) return p;
  const message =
    `Defender XDR advanced hunting has no TimeGenerated on its own tables (this query reads ${xdrTables.join(', ')}): use Timestamp, their event time there ` +
    '(a rule that also runs on Sentinel, where these tables have TimeGenerated, can choose the column with @target.defender)';
  return { ...p, code: 'defender-time-column', message };
}
