// Semantic analysis of one query with Kusto.Language against the workspace schema: its diagnostics,
// tripline's own checks, and the schema of its result.
import { acceptedDiagnostic } from '../engine/accepted-diagnostics.js';
import type { SNode } from '../engine/syntax.js';
import { kusto } from '../kusto.js';
import { buildGlobals } from '../schema/globals.js';
import { lookupWatchlist } from '../schema/symbols.js';
import type { SchemaContext } from '../schema/types.js';
import type { Severity } from '../../core/problems.js';
import { costDiagnostics } from './cost-checks.js';
import type { QueryAnalysis, QueryDiagnostic, QueryResultSchema } from './types.js';

type K = typeof Kusto.Language;

function severity(s: string | null): Severity {
  if (s === 'Error') return 'error';
  if (s === 'Warning') return 'warning';
  return 'note';
}

/** Kusto.Language's diagnostics but the errors the real engine does not raise (the embedded engine runs those queries too). */
function kustoDiagnostics(text: string, code: Kusto.Language.KustoCode): QueryDiagnostic[] {
  const out: QueryDiagnostic[] = [];
  const list = code.GetDiagnostics();
  const n = list?.Count ?? 0;
  for (let i = 0; i < n; i++) {
    const d = list?.getItem(i);
    if (!d) continue;
    if (d.Severity === 'Error' && code.Syntax && acceptedDiagnostic(text, code.Syntax as unknown as SNode, d)) continue;
    out.push({
      severity: severity(d.Severity),
      code: d.Code ?? 'KQL',
      message: d.Message ?? 'invalid query',
      start: d.HasLocation ? d.Start : 0,
      length: d.HasLocation ? d.Length : 0,
    });
  }
  return out;
}

export function resultSchema(k: K, code: Kusto.Language.KustoCode): QueryResultSchema | undefined {
  const type = code.ResultType;
  if (!type || !(type instanceof k.Symbols.TableSymbol)) return undefined;
  const cols = type.Columns;
  const columns = [];
  for (let i = 0; i < (cols?.Count ?? 0); i++) {
    const c = cols?.getItem(i);
    if (c) columns.push({ name: c.Name ?? '', type: c.Type?.Name ?? 'unknown' });
  }
  return { columns, open: type.IsOpen };
}

// `_GetWatchlist('x')` with an alias the repository does not define cannot be checked column by column;
// say so once per call instead of letting every column of it pass silently.
function watchlistDiagnostics(k: K, code: Kusto.Language.KustoCode, ctx: SchemaContext): QueryDiagnostic[] {
  const out: QueryDiagnostic[] = [];
  code.Syntax?.WalkElements((el) => {
    if (!(el instanceof k.Syntax.FunctionCallExpression) || el.Name?.SimpleName !== '_GetWatchlist') return;
    const first = el.ArgumentList?.Expressions;
    const arg = (first && first.Count > 0 ? first.getItem$1(0)?.Element : undefined) as Kusto.Language.Syntax.Expression | null | undefined;
    if (!arg?.IsLiteral) return;
    const alias = String(arg.LiteralValueInfo?.ValueText ?? '');
    if (!lookupWatchlist(ctx, alias)) {
      const known = [...ctx.watchlists.keys()];
      out.push({
        severity: 'warning',
        code: 'unknown-watchlist',
        message: `watchlist '${alias}' is not in the repository's watchlists/ folder${known.length ? ` (known: ${known.join(', ')})` : ''}; its columns are not checked`,
        start: arg.TextStart,
        length: arg.Width,
      });
    }
  });
  return out;
}

/** Analyzes a bare query (no rule around it). Loads Kusto.Language on first use. */
export function analyzeQuery(text: string, ctx: SchemaContext): QueryAnalysis {
  const k = kusto();
  const code = k.KustoCode.ParseAndAnalyze(text, buildGlobals(text, ctx));
  if (!code) throw new Error('Kusto.Language returned no analysis');
  const diagnostics = kustoDiagnostics(text, code);
  if (code.Syntax) diagnostics.push(...watchlistDiagnostics(k, code, ctx), ...costDiagnostics(k, code.Syntax, ctx.analysis.checks));
  diagnostics.sort((a, b) => a.start - b.start);
  const result = resultSchema(k, code);
  return { diagnostics, ...(result ? { result } : {}), code };
}
