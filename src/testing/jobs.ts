// How many threads `tripline test` runs the cases on, and which rules each thread runs. A worker thread
// pays Kusto.Language's start-up and the schema context again, so `--jobs auto` uses workers only when
// the estimated work they take off the critical path is at least the CPU time their start-up adds.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleDefinition } from '../rules/types.js';
import { loadTestCases } from './cases.js';

export type Jobs = number | 'auto';

/**
 * CPU costs measured on a 2-core machine with bench/ci-gate.bench.ts (README, "Running tests in
 * parallel"): a worker's start-up (Kusto.Language, the schema context, its rules), the start-up one
 * in-process run pays anyway (Kusto.Language), a small case, and a megabyte of JSON Lines fixture.
 */
export const COST_MS = { workerStart: 1800, inProcessStart: 1300, case: 1.75, fixtureMb: 7 };

/** A rule's estimated work in ms: its cases, and the bytes of the distinct fixture files they read. */
export function ruleWorkMs(root: string, rule: RuleDefinition): number {
  const { cases } = loadTestCases(root, rule);
  const files = new Set(cases.flatMap((tc) => Object.values(tc.input).filter((v): v is string => typeof v === 'string')));
  let bytes = 0;
  for (const f of files) bytes += fileSize(join(root, f));
  return cases.length * COST_MS.case + (bytes / 1e6) * COST_MS.fixtureMb;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * The indexes of `weights` in `parts` shares of about equal total weight (heaviest first, each to the
 * lightest share so far; ties to the first), each share in ascending order. Deterministic.
 */
export function balancedShares(weights: readonly number[], parts: number): number[][] {
  const shares = Array.from({ length: Math.min(parts, weights.length) }, () => ({ total: 0, items: [] as number[] }));
  const order = weights.map((_, i) => i).sort((a, b) => weights[b]! - weights[a]! || a - b);
  for (const i of order) {
    const lightest = shares.reduce((best, s) => (s.total < best.total ? s : best));
    lightest.total += weights[i]!;
    lightest.items.push(i);
  }
  return shares.map((s) => s.items.sort((a, b) => a - b));
}

/**
 * The worker count `--jobs auto` chooses for rules of these weights on `cores` cores: the one that saves
 * the most wall time beyond the CPU its start-up adds, or 1 (in process) when no count pays.
 */
export function autoWorkers(weights: readonly number[], cores: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let best = { workers: 1, gain: 0 };
  for (let n = 2; n <= Math.min(cores, weights.length); n++) {
    const longest = Math.max(...balancedShares(weights, n).map((s) => s.reduce((a, i) => a + weights[i]!, 0)));
    const gain = total - longest - (n * COST_MS.workerStart - COST_MS.inProcessStart);
    if (gain > best.gain) best = { workers: n, gain };
  }
  return best.workers;
}
