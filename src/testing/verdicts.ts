// A platform's outcome of a case against the case's expectations for that platform (`expect`, or
// `expect.defender` on Defender): failures with what happened and where the expectation is written.
import type { SourceLocation } from '../core/problems.js';
import { checkAlertList, checkRows, formatAlert } from './expect.js';
import type { PlatformModel } from './platforms/types.js';
import type { DuplicateRow, Expectation, Failure, MissedRow, Run, TestCase } from './types.js';
import { jsonText } from '../kql/json.js';

export interface Expected {
  expect: Expectation;
  /** JSON pointer of the expectation in the tests document. */
  pointer: string;
}

/** A case's expectations for a platform: `expect.defender` on Defender when given, else the case's own. */
export function expectationFor(tc: TestCase, platform: PlatformModel): Expected {
  const own = tc.expect.defender;
  if (platform.target === 'defender' && own) return { expect: own, pointer: `${tc.pointer}/expect/defender` };
  return { expect: tc.expect, pointer: `${tc.pointer}/expect` };
}

function expectAt(tc: TestCase, expected: Expected, key: string): SourceLocation {
  return tc.source.locate(`${expected.pointer}/${key}`);
}

export function checkSingleRun(tc: TestCase, run: Run, platform: PlatformModel, expected: Expected): Failure[] {
  const e = expected.expect;
  const failures: Failure[] = [];
  const shown = run.alerts.length ? '\nalerts raised:\n' + run.alerts.map(formatAlert).join('\n') : '';
  if (e.fires !== undefined && e.fires !== run.fired) {
    failures.push({
      message: `expected the rule ${e.fires ? 'to fire' : 'not to fire'}, but it ${run.fired ? 'fired' : 'did not'} (${run.result.rows.length} result row${run.result.rows.length === 1 ? '' : 's'}; ${platform.trigger(tc.rule.doc)}; window ${run.window.from} .. ${run.window.to})`,
      detail: shown || undefined,
      at: expectAt(tc, expected, 'fires'),
    });
  }
  if (typeof e.alerts === 'number' && e.alerts !== run.alerts.length) {
    failures.push({
      message: `expected ${e.alerts} alert${e.alerts === 1 ? '' : 's'} after ${platform.grouping(tc.rule.doc)} grouping, got ${run.alerts.length}`,
      detail: shown || undefined,
      at: expectAt(tc, expected, 'alerts'),
    });
  }
  if (Array.isArray(e.alerts)) failures.push(...checkAlertList(e.alerts, run.alerts, expectAt(tc, expected, 'alerts')));
  if (e.rows) failures.push(...checkRows(e.rows, run.result, expectAt(tc, expected, 'rows')));
  return failures;
}

export function checkReplay(tc: TestCase, runs: Run[], missed: MissedRow[], duplicates: DuplicateRow[], expected: Expected): Failure[] {
  const e = expected.expect;
  const at = (key: string): SourceLocation => expectAt(tc, expected, key);
  const failures: Failure[] = [];
  const total = runs.reduce((n, r) => n + r.alerts.length, 0);
  const timeline = runs
    .map((r) => `  ${r.at}  ${r.suppressed ? 'suppressed' : `${r.result.rows.length} rows, ${r.alerts.length} alerts`}`)
    .join('\n');
  if (typeof e.alerts === 'number' && e.alerts !== total) {
    failures.push({ message: `expected ${e.alerts} alerts over the replay, got ${total}`, detail: 'runs:\n' + timeline, at: at('alerts') });
  }
  if (Array.isArray(e.alerts)) failures.push(...checkAlertList(e.alerts, runs.flatMap((r) => r.alerts), at('alerts')));
  if (e.fires !== undefined && e.fires !== total > 0) {
    failures.push({ message: `expected the rule ${e.fires ? 'to fire' : 'not to fire'} during the replay, but ${total ? `it raised ${total} alerts` : 'it never fired'}`, detail: 'runs:\n' + timeline, at: at('fires') });
  }
  if (e.missed !== undefined && e.missed !== missed.length) {
    failures.push({
      message: `expected ${e.missed} missed rows, got ${missed.length}`,
      detail: missed.map((m) => `  ${m.table} row ${m.row + 1}: TimeGenerated ${m.timeGenerated}, ingested ${m.ingestionTime}`).join('\n') || undefined,
      at: at('missed'),
    });
  }
  if (e.duplicates !== undefined && e.duplicates !== duplicates.length) {
    failures.push({
      message: `expected ${e.duplicates} rows alerting in more than one run, got ${duplicates.length}`,
      detail: duplicates.map((d) => `  ${jsonText(d.row).slice(0, 200)} in runs ${d.runs.join(', ')}`).join('\n') || undefined,
      at: at('duplicates'),
    });
  }
  return failures;
}
