// Developer report: `npx tsx test/engine/conformance-report.ts [family|id-substring] [-v]` prints
// failing cases with reasons and per-family counts.
import { judge, loadVerdicts } from './conformance-lib.js';

const filter = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : '';
const verbose = process.argv.includes('-v');
const per = new Map<string, { ok: number; n: number }>();
for (const v of loadVerdicts()) {
  if (v.status === 'skip') continue;
  if (filter && !v.id.includes(filter)) continue;
  const j = judge(v);
  const f = per.get(v.family) ?? { ok: 0, n: 0 };
  f.n++;
  if (j.ok) f.ok++;
  per.set(v.family, f);
  if (!j.ok && verbose) console.log(`${v.id} [${v.status}] ${j.reason}\n   ${v.kql.slice(0, 300)}`);
}
let ok = 0, n = 0;
for (const [fam, f] of [...per].sort()) {
  console.log(`${fam.padEnd(28)} ${f.ok}/${f.n}`);
  ok += f.ok; n += f.n;
}
console.log(`total ${ok}/${n}`);
