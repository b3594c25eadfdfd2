// Analysis of a rendered rule: query diagnostics mapped back through the Handlebars template to the
// rule file's `query:` block, then the checks of what Sentinel reads from the result.
import type { Problem } from '../../core/problems.js';
import type { RenderedRule } from '../../rules/types.js';
import type { SchemaContext } from '../schema/types.js';
import { outputSchemaProblems } from './output-schema.js';
import { engineProblems } from './engine-support.js';
import { analyzeQuery } from './query.js';
import { withNameSuggestion } from './suggest-names.js';
import type { QueryAnalysis } from './types.js';

// After a syntax error the result schema is guesswork, and a name Kusto could not resolve that flows into
// the result (type unknown) would be reported again, confusingly, as a missing output column. Other
// errors (an unknown name in a `where`, say) leave the result schema intact, so it is still checked.
function resultUnreliable(analysis: QueryAnalysis): boolean {
  if (analysis.code.Syntax?.ContainsSyntaxDiagnostics) return true;
  const failed = analysis.diagnostics.some((d) => d.severity === 'error' && /^KS/.test(d.code));
  return failed && (analysis.result?.columns.some((c) => c.type === 'unknown') ?? true);
}

export function analyzeRule(rendered: RenderedRule, ctx: SchemaContext): Problem[] {
  return analyzeRenderedRule(rendered, ctx).problems;
}

/**
 * The problems of many rules, in their order (`engine`: with what the embedded engine cannot run). Rules rendered from one template or copied across a pack
 * often share a query text, and binding it is most of validate's time: each text is analyzed once, and
 * its analysis (a syntax tree) is kept only until the last rule that shares it.
 */
export function analyzeRules(rendered: readonly RenderedRule[], ctx: SchemaContext, options: { engine?: boolean } = {}): Problem[] {
  const remaining = new Map<string, number>();
  for (const r of rendered) remaining.set(r.query, (remaining.get(r.query) ?? 0) + 1);
  const shared = new Map<string, QueryAnalysis>();
  return rendered.flatMap((r) => {
    const analysis = shared.get(r.query) ?? analyzeQuery(r.query, ctx);
    const left = remaining.get(r.query)! - 1;
    remaining.set(r.query, left);
    if (left > 0) shared.set(r.query, analysis);
    else shared.delete(r.query);
    const problems = analyzeRenderedRule(r, ctx, analysis).problems;
    return options.engine ? [...problems, ...engineProblems(r, analysis)] : problems;
  });
}

/**
 * Like analyzeRule, also returning the query analysis (result schema, syntax tree) for further use;
 * `analysis`: the rendered query's, when already made.
 */
export function analyzeRenderedRule(
  rendered: RenderedRule,
  ctx: SchemaContext,
  analysis = analyzeQuery(rendered.query, ctx),
): { problems: Problem[]; analysis: QueryAnalysis } {
  const problems: Problem[] = analysis.diagnostics.map((d) => {
    const start = rendered.mapQueryOffset(d.start);
    const end = d.length > 0 ? rendered.mapQueryOffset(d.start + d.length) : start;
    return {
      severity: d.severity,
      code: d.code,
      message: withNameSuggestion(d.message, rendered.query, ctx),
      // The rule file's query block, or the partial the text came from.
      file: start.file,
      line: start.line,
      column: start.column,
      ...(end.file === start.file && (end.line > start.line || (end.line === start.line && end.column > start.column)) ? { endLine: end.line, endColumn: end.column } : {}),
      ...(start.file === rendered.rule.file ? { pointer: '/query' } : {}),
    };
  });
  if (analysis.result && !resultUnreliable(analysis)) problems.push(...outputSchemaProblems(rendered.rule, analysis.result));
  return { problems, analysis };
}
