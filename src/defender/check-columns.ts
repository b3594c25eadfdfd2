// The columns Defender needs in a custom detection's result (reference §3.1 Time columns, §3.2 per table
// family): a time column (Timestamp or TimeGenerated, projected unmodified) and the family's identifiers.
import { error, type Problem } from '../core/problems.js';
import type { QueryResultSchema } from '../kql/analyze/types.js';
import type { RuleDefinition } from '../rules/types.js';
import { TABLE_FAMILIES } from './limits.js';

export function checkDefenderColumns(rule: RuleDefinition, tables: readonly string[], result: QueryResultSchema | undefined): Problem[] {
  if (!result || result.open) return []; // columns unknown until the query runs: nothing to judge
  const have = new Set(result.columns.map((c) => c.name));
  const at = rule.source.locate('/query');
  const problems: Problem[] = [];
  if (!have.has('Timestamp') && !have.has('TimeGenerated')) {
    problems.push(
      error('defender-columns', 'Defender needs the event time in the result: project Timestamp or TimeGenerated unmodified (without it, alert times come from the lookback window)', at),
    );
  }
  const missing = new Map<string, { tables: string[]; why: string }>();
  for (const table of tables) {
    const family = TABLE_FAMILIES.find((f) => f.matches(table));
    for (const column of family?.columns ?? []) {
      if (have.has(column)) continue;
      const entry = missing.get(column) ?? { tables: [], why: family!.why };
      entry.tables.push(table);
      missing.set(column, entry);
    }
  }
  for (const [column, { tables: from, why }] of missing) {
    problems.push(error('defender-columns', `the result must carry ${column} because the query reads ${from.join(', ')} (${why})`, at));
  }
  return problems;
}
