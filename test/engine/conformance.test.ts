// The real Kusto engine's verdicts (test/data/conformance/): every judged case is run and compared
// strictly (conformance-lib.ts). The cases that still differ are pinned below by key with the reason:
// a case that starts to match, or one that stops, fails this test until the list says so.
import { describe, expect, it } from 'vitest';
import { judge, loadVerdicts } from './conformance-lib.js';

const KNOWN_DIFFERENCES: Record<string, string> = {
  'agent-type-casts-coercion-0023#2': 'tostring(0.1 + 0.2) as below',
  'agent-type-casts-coercion-0033#2': 'tolong(todouble(9223372036854775807)) is -9223372036854775808 here, but a real column holding 2^63 saturates to 9223372036854775807 (agent-type-casts-coercion-0034#2): the real engine folds the constant with an unchecked x64 conversion; ours saturates both',
  'agent-window-series-scan-0019#3': 'a whole real taken out of a dynamic value (fl.rsquare) prints without ".0": the engine marks reals on the array or bag that holds them (src/kql/json.ts), and a scalar dynamic has none',
  'agent-type-casts-coercion-0021#3': "tostring(0.1 + 0.2) is '0.30000000000000007' on the engine, not the shortest round-trip text",
  'agent-dynamic-json-0044#2': 'the engine names the make_list(toint(d[k])) column with a random guid (list_d___obj_<guid>)',
};

describe('conformance with the real Kusto engine', () => {
  it('matches every judged verdict but the known differences', () => {
    const per = new Map<string, { ok: number; n: number }>();
    const differing = new Map<string, string>();
    let judged = 0;
    for (const v of loadVerdicts()) {
      if (v.status === 'skip') continue;
      judged++;
      const j = judge(v);
      const f = per.get(v.family) ?? { ok: 0, n: 0 };
      f.n++;
      if (j.ok) f.ok++;
      else differing.set(v.key!, j.reason ?? '');
      per.set(v.family, f);
    }
    const lines = [...per].sort().map(([fam, f]) => `  ${fam.padEnd(28)} ${f.ok}/${f.n}`);
    console.log(`conformance: ${judged - differing.size}/${judged} matched\n${lines.join('\n')}`);
    expect(judged).toBe(1593);
    const unexpected = [...differing].filter(([k]) => !(k in KNOWN_DIFFERENCES)).map(([k, r]) => `${k}: ${r}`);
    const nowMatching = Object.keys(KNOWN_DIFFERENCES).filter((k) => !differing.has(k));
    expect(unexpected, 'differ and are not listed').toEqual([]);
    expect(nowMatching, 'match now: remove them from KNOWN_DIFFERENCES').toEqual([]);
  });
});
