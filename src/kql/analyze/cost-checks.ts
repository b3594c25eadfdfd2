// A short list of costly query patterns, each reported as a warning with its reason. Scheduled rules run
// every few minutes for years, so a pattern that scans more than it needs costs on every run. The level
// of each check is configurable (tripline.config.yaml `analysis.checks`).
import type { WarningLevel } from '../schema/types.js';
import type { QueryDiagnostic } from './types.js';

export interface CostCheck {
  id: string;
  default: WarningLevel;
  reason: string;
}

export const COST_CHECKS: readonly CostCheck[] = [
  {
    id: 'cost-contains',
    default: 'warning',
    reason:
      '`contains` tests every substring of every value; `has` looks whole terms up in the term index and is what a detection usually means (use `has`, `has_any`, `startswith` where they fit).',
  },
  {
    id: 'cost-table-scan',
    default: 'warning',
    reason: '`search`, `find` and `union` with a wildcard read every matching table of the workspace, including tables the rule never needs; name the tables.',
  },
  {
    id: 'cost-case-conversion',
    default: 'warning',
    reason: '`tolower()`/`toupper()` on a column computes a new string for every row before comparing; `=~`, `in~`, `has` and `startswith` already compare case-insensitively.',
  },
  {
    id: 'cost-regex',
    default: 'warning',
    reason: '`matches regex` runs a regular expression on every row it sees; filter first with `has` on a literal part of the pattern so the regex only sees candidates.',
  },
];

type K = typeof Kusto.Language;
type Element = Kusto.Language.Syntax.SyntaxElement;

export function levelOf(id: string, checks: Record<string, WarningLevel>): WarningLevel {
  return checks[id] ?? COST_CHECKS.find((c) => c.id === id)?.default ?? 'warning';
}

export function costDiagnostics(k: K, root: Kusto.Language.Syntax.SyntaxNode, checks: Record<string, WarningLevel>): QueryDiagnostic[] {
  const S = k.Syntax.SyntaxKind;
  const out: QueryDiagnostic[] = [];
  const reasons = new Map(COST_CHECKS.map((c) => [c.id, c.reason]));
  const report = (id: string, at: Element | null, what: string): void => {
    const level = levelOf(id, checks);
    if (level === 'off' || !at) return;
    out.push({ severity: level, code: id, message: `${what}: ${reasons.get(id) ?? ''}`, start: at.TextStart, length: at.Width });
  };
  const containsKinds = new Set([S.ContainsExpression, S.NotContainsExpression, S.ContainsCsExpression, S.NotContainsCsExpression]);
  const compareKinds = new Set([
    S.EqualExpression, S.NotEqualExpression, S.InExpression, S.NotInExpression,
    S.HasExpression, S.StartsWithExpression, S.EndsWithExpression, S.ContainsExpression,
  ]);
  root.WalkElements((el) => {
    if (el.IsToken) return;
    if (containsKinds.has(el.Kind)) {
      const bin = el as Kusto.Language.Syntax.BinaryExpression;
      report('cost-contains', bin.Operator, `\`${bin.Operator?.Text ?? 'contains'}\``);
    } else if (el.Kind === S.MatchesRegexExpression) {
      const bin = el as Kusto.Language.Syntax.BinaryExpression;
      report('cost-regex', bin.Operator, '`matches regex`');
    } else if (el.Kind === S.SearchOperator || el.Kind === S.FindOperator) {
      // `T | search ...` only reads its input; a leading search or find reads the whole workspace.
      const parent = el.Parent;
      const piped = parent?.Kind === S.PipeExpression && (parent as Kusto.Language.Syntax.PipeExpression).Operator === el;
      if (!piped) report('cost-table-scan', el.GetFirstToken(), `\`${el.GetFirstToken()?.Text ?? 'search'}\` over all tables`);
    } else if (el.Kind === S.WildcardedName && el.Parent?.Parent?.Parent?.Parent?.Kind === S.UnionOperator) {
      report('cost-table-scan', el, `\`union ${(el.toString() ?? "").trim()}\``);
    } else if (el.Kind === S.FunctionCallExpression) {
      const call = el as Kusto.Language.Syntax.FunctionCallExpression;
      const name = call.Name?.SimpleName;
      if ((name === 'tolower' || name === 'toupper') && el.Parent && compareKinds.has(el.Parent.Kind) && refersToColumn(k, call)) {
        report('cost-case-conversion', call, `\`${name}()\` in a comparison`);
      }
    }
  });
  return out;
}

function refersToColumn(k: K, call: Kusto.Language.Syntax.FunctionCallExpression): boolean {
  let found = false;
  call.ArgumentList?.WalkElements((el) => {
    if (el && el instanceof k.Syntax.NameReference && el.ReferencedSymbol?.Kind === k.Symbols.SymbolKind.Column) found = true;
  });
  return found;
}
