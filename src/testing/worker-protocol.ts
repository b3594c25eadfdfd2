// What the main thread and a test worker (test-worker.ts) send each other. Everything here survives
// structured cloning: a result names its case by where it is written, and the main thread puts back its
// own case and rule objects (which hold YAML documents and functions).
import type { Problem } from '../core/problems.js';
import type { RealMark } from '../kql/json.js';
import type { TestCase, TestResult } from './types.js';

export interface WorkerTask {
  root: string;
  env: string;
  /** The rule files this worker runs, as the project names them (rule.file). */
  files: string[];
  requireFiringAndQuiet?: boolean;
  grep?: { source: string; flags: string };
}

export interface ClonedResult extends Omit<TestResult, 'case'> {
  caseKey: string;
}

export interface ClonedReport {
  file: string;
  results: ClonedResult[];
  problems: Problem[];
  /** The whole reals marked inside the results (rows, custom details), which cloning drops. */
  reals?: RealMark[];
}

/**
 * A worker posts a `report` per rule as it finishes it, then `done`; `failed` (with the problems of a
 * project it could not load) means none of its rules will run.
 */
export type WorkerMessage = { report: ClonedReport } | { done: true } | { failed: string; problems: Problem[] };

/** A case's identity across threads: its document and its place in it. */
export function caseKey(tc: TestCase): string {
  return `${tc.source.file}#${tc.pointer}`;
}
