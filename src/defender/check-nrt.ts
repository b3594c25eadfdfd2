// Limits of continuous (NRT) custom detections (reference §3.4): one table from the supported list, no
// joins, unions or externaldata, no comments. Located in the rule file through the rendered query's map.
import { error, type Problem } from '../core/problems.js';
import type { RenderedRule } from '../rules/types.js';
import { scanKql } from './kql-text.js';
import { NRT_TABLES } from './limits.js';

const FORBIDDEN = /\b(join|union|lookup|externaldata|external_data)\b/g;

export function checkDefenderNrt(rendered: RenderedRule, tables: readonly string[]): Problem[] {
  if (rendered.rule.doc.kind !== 'NRT') return [];
  const problems: Problem[] = [];
  const at = (offset: number) => {
    const p = rendered.mapQueryOffset(offset);
    return { file: p.file, line: p.line, column: p.column };
  };
  const queryAt = rendered.rule.source.locate('/query');
  if (tables.length > 1) {
    problems.push(error('defender-nrt', `a continuous (NRT) custom detection queries one table; this query reads ${tables.join(', ')}`, queryAt));
  }
  const unsupported = tables.filter((t) => !NRT_TABLES.has(t));
  if (unsupported.length) {
    problems.push(error('defender-nrt', `${unsupported.join(', ')} ${unsupported.length > 1 ? 'are' : 'is'} not among the tables continuous (NRT) custom detections support`, queryAt));
  }
  const scan = scanKql(rendered.query);
  for (const m of scan.code.matchAll(FORBIDDEN)) {
    const what = m[1] === 'lookup' ? 'lookup (a join)' : m[1];
    problems.push(error('defender-nrt', `continuous (NRT) custom detections allow no joins, unions or externaldata: remove ${what}`, at(m.index)));
  }
  if (scan.comments.length) {
    problems.push(error('defender-nrt', 'continuous (NRT) custom detections allow no comments in the query: remove them (describe the logic in description)', at(scan.comments[0]!)));
  }
  return problems;
}
