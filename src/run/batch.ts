// `tripline run --batch` (DESIGN's protocol): lines `{"id","kql","now"?}` in, one line out per input
// line in input order, `{"id","columns","rows"}` or `{"id","error":{"message","line","column"}}`.
import type { WireValue } from '../kql/table.js';
import type { QueryOutcome } from './query.js';
import { jsonText } from '../kql/json.js';

export type RunOne = (kql: string, now: string | Date) => QueryOutcome;

export function runBatchLines(text: string, defaultNow: string | Date, run: RunOne): { lines: string[]; complete: boolean } {
  const lines: string[] = [];
  let inputs = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    inputs++;
    lines.push(answer(line, i + 1, defaultNow, run));
  });
  return { lines, complete: lines.length === inputs };
}

function answer(line: string, lineNumber: number, defaultNow: string | Date, run: RunOne): string {
  const fail = (id: WireValue, message: string): string => jsonText({ id, error: { message, line: 1, column: 1 } });
  let item: { id?: unknown; kql?: unknown; now?: unknown };
  try {
    item = JSON.parse(line) as typeof item;
  } catch (e) {
    return fail(null, `line ${lineNumber}: invalid JSON: ${(e as Error).message}`);
  }
  const id = (item.id ?? null) as WireValue;
  if (typeof item.kql !== 'string') return fail(id, 'missing "kql"');
  try {
    const { result, error } = run(item.kql, typeof item.now === 'string' ? item.now : defaultNow);
    return error
      ? jsonText({ id, error: { message: error.message, line: error.line, column: error.column } })
      : jsonText({ id, columns: result!.columns, rows: result!.rows });
  } catch (e) {
    return fail(id, (e as Error).message);
  }
}
