// Cases drawn from the Kusto documentation's examples (test/data/engine-docs/cases.jsonl): same shape as
// the real engine's verdicts plus the documentation page each one comes from.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { judge, type Judgement, type Verdict } from '../conformance-lib.js';

export interface DocCase extends Verdict {
  source: string;
  note?: string;
}

/** The fixed clock the cases run at: now() and ago() are relative to it. */
export const DOCS_NOW = '2026-01-01T00:00:00Z';

export function loadDocCases(): DocCase[] {
  const file = fileURLToPath(new URL('../../data/engine-docs/cases.jsonl', import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DocCase);
}

export interface FamilyCount {
  ok: number;
  n: number;
}

export interface DocRun {
  ok: number;
  total: number;
  perFamily: Map<string, FamilyCount>;
  failures: Judgement[];
}

/** Runs every case on the engine and judges it with the conformance suite's rules. */
export function runDocCases(cases: DocCase[] = loadDocCases()): DocRun {
  const perFamily = new Map<string, FamilyCount>();
  const failures: Judgement[] = [];
  let ok = 0;
  for (const c of cases) {
    const j = judge(c, DOCS_NOW);
    const f = perFamily.get(c.family) ?? { ok: 0, n: 0 };
    f.n++;
    if (j.ok) {
      f.ok++;
      ok++;
    } else failures.push(j);
    perFamily.set(c.family, f);
  }
  return { ok, total: cases.length, perFamily, failures };
}

export function summary(run: DocRun): string {
  const lines = [...run.perFamily].sort(([a], [b]) => a.localeCompare(b)).map(([fam, f]) => `  ${fam.padEnd(24)} ${f.ok}/${f.n}`);
  return `engine docs cases: ${run.ok}/${run.total} matched\n${lines.join('\n')}`;
}
