// Developer report: `npx tsx test/engine/docs/report.ts [family|id-substring] [-v]` prints the failing
// documentation cases with the engine's answer against the documented one, and per-family counts.
import { loadDocCases, runDocCases, summary } from './cases.js';

const filter = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : '';
const verbose = process.argv.includes('-v');
const run = runDocCases(loadDocCases().filter((c) => !filter || c.id.includes(filter)));
for (const j of run.failures) {
  const c = j.verdict;
  console.log(`${c.id} ${j.reason ?? ''}`);
  if (verbose) console.log(`   ${c.kql.replace(/\n/g, '\n   ')}\n`);
}
console.log(summary(run));
