// The real Kusto engine's verdicts (test/data/conformance/): every judged case is run; the per-family
// matched counts are printed and the total may not fall below the floor reached so far.
import { describe, expect, it } from 'vitest';
import { judge, loadVerdicts } from './conformance-lib.js';

const FLOOR = 1581;

describe('conformance with the real Kusto engine', () => {
  it(`matches at least ${FLOOR} of the judged verdicts`, () => {
    const per = new Map<string, { ok: number; n: number }>();
    const failures: string[] = [];
    let ok = 0;
    let judged = 0;
    for (const v of loadVerdicts()) {
      if (v.status === 'skip') continue;
      judged++;
      const j = judge(v);
      const f = per.get(v.family) ?? { ok: 0, n: 0 };
      f.n++;
      if (j.ok) {
        f.ok++;
        ok++;
      } else failures.push(`${v.id}: ${j.reason}`);
      per.set(v.family, f);
    }
    const lines = [...per].sort().map(([fam, f]) => `  ${fam.padEnd(28)} ${f.ok}/${f.n}`);
    console.log(`conformance: ${ok}/${judged} matched\n${lines.join('\n')}`);
    expect(judged).toBe(1593);
    expect(ok).toBeGreaterThanOrEqual(FLOOR);
  });
});
