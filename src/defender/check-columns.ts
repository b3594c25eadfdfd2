// The columns Defender needs in a custom detection's result (reference §3.1 Time columns, §3.2 per table
// family): a time column (Timestamp or TimeGenerated, projected unmodified) and the family's identifiers.
import { error, type Problem } from '../core/problems.js';
import type { QueryResultSchema } from '../kql/analyze/types.js';
import type { RenderedRule, RuleDefinition } from '../rules/types.js';
import { scanKql } from './kql-text.js';
import { TABLE_FAMILIES } from './limits.js';

/** `TimeGenerated = ...` (not `==`, `=~`): the time column given another value. */
const TIME_ASSIGNMENT = /\b(TimeGenerated|Timestamp)\s*=(?![=~])/g;

/**
 * Defender takes the alert's time from the event's own time column and wants it unmodified (reference
 * §3.1, D-rules-2026 "shouldn't manipulate"): an assignment to it (`TimeGenerated = LastSeen`,
 * `summarize TimeGenerated = max(...)`) is reported where it is written.
 */
export function checkDefenderTimeUnmodified(rendered: RenderedRule): Problem[] {
  const { code } = scanKql(rendered.query);
  return [...code.matchAll(TIME_ASSIGNMENT)].map((m) => {
    const p = rendered.mapQueryOffset(m.index);
    return error('defender-time-column', `${m[1]} is assigned here; Defender needs the event's ${m[1]} unmodified in the result (the alert time comes from it)`, { file: p.file, line: p.line, column: p.column });
  });
}

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
