// Runs test cases on another engine. The runner is synchronous and the other engine is behind a network
// call, so the runner is run in passes: each pass answers the executions whose results are known and
// records the rest, which are then fetched; a pass with nothing new to fetch is the result. A second pass
// is needed only when the other engine's results change the schedule (a suppression that ends
// elsewhere). Every execution is identified by its self-contained query text, so the same run of a case
// is fetched once.
import { createHash } from 'node:crypto';
import type { DataTable } from '../../kql/table.js';
import type { Project } from '../../project/load.js';
import type { RuleDefinition } from '../../rules/types.js';
import { runProjectTests, type RuleTestReport, type TestRunOptions } from '../runner.js';
import { compareResults, type ResultDifference } from './compare.js';
import { kustoText } from './kusto-text.js';
import type { Execution, QueryBackend } from './types.js';

export interface CaseDifference {
  rule: string;
  case: string;
  /** The run's time (the case's now, or a replay tick). */
  at: string;
  difference: ResultDifference;
}

export interface EngineRun {
  reports: RuleTestReport[];
  /** With compare: every run whose results differ between the embedded engine and the backend. */
  differences: CaseDifference[];
  /** Queries sent to the backend. */
  queries: number;
}

/** A backend failure, rethrown inside the runner so it becomes the case's error. */
class BackendError extends Error {}

const MAX_PASSES = 50;

/** While discovering executions, a run the embedded engine cannot answer continues with no rows. */
function embeddedOrEmpty(embedded: () => DataTable): DataTable {
  try {
    return embedded();
  } catch {
    return { columns: [], rows: [] };
  }
}

const keyOf = (text: string): string => createHash('sha256').update(text).digest('base64url');

export async function runOnEngine(
  project: Project,
  rules: RuleDefinition[],
  options: TestRunOptions,
  backend: QueryBackend,
  compare: boolean,
): Promise<EngineRun> {
  const known = new Map<string, DataTable | BackendError>();
  let queries = 0;
  for (let pass = 1; ; pass++) {
    const missing = new Map<string, string>();
    const differences: CaseDifference[] = [];
    const hook = (x: Execution, embedded: () => DataTable): DataTable => {
      const text = kustoText(x);
      const key = keyOf(text);
      const answer = known.get(key);
      if (answer === undefined) {
        // Not fetched yet: go on with the embedded result so the pass can discover what else runs.
        missing.set(key, text);
        return embeddedOrEmpty(embedded);
      }
      if (answer instanceof BackendError) throw answer;
      const at = { rule: x.case.rule.doc.name, case: x.case.name, at: x.now.toISOString() };
      let mine: DataTable | Error;
      try {
        mine = embedded(); // also records which watchlist contents the run saw, for the report
      } catch (e) {
        mine = e as Error;
      }
      if (!compare) return answer;
      if (mine instanceof Error) differences.push({ ...at, difference: { summary: `the embedded engine failed: ${mine.message}`, onlyIn: [] } });
      else {
        const difference = compareResults(mine, answer, ['embedded', backend.name]);
        if (difference) differences.push({ ...at, difference });
      }
      return answer;
    };
    const reports = runProjectTests(project, rules, { ...options, execution: hook });
    if (!missing.size || pass >= MAX_PASSES) return { reports, differences, queries };
    for (const [key, text] of missing) {
      queries++;
      try {
        known.set(key, await backend.query(text));
      } catch (e) {
        known.set(key, new BackendError(`${backend.name}: ${(e as Error).message}`));
      }
    }
  }
}
