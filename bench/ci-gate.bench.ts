// The CI gate (`npm run bench ci-gate`): `tripline validate` then `tripline test` as a CI job runs them,
// over a generated pack of 500 rules with 1,000 test cases (bench/rule-pack.ts). Target (issue 12,
// item 5, 2-core machine): both together under 15 s. Size: BENCH_PACK_RULES=500.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, measure, root } from './measure-process.js';
import { writeRulePack } from './rule-pack.js';

const RULES = Number(process.env['BENCH_PACK_RULES'] ?? 500);
const TARGET_S = 15;

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-pack-'));
  try {
    writeRulePack(dir, RULES);
    const cli = join(root, 'bin/tripline.js');
    const validate = measure([cli, 'validate'], dir);
    const test = measure([cli, 'test'], dir);
    const summary = /(\d+) passed, (\d+) failed/.exec(test.stdout);
    if (!summary || Number(summary[1]) !== RULES * 2) throw new Error(`expected ${RULES * 2} passing cases, got: ${summary?.[0] ?? test.stdout.slice(-300)}`);
    const total = (validate.ms + test.ms) / 1000;
    console.log(`  ${RULES} rules, ${RULES * 2} test cases (all passed)`);
    console.log(`    validate  ${describe(validate)}`);
    console.log(`    test      ${describe(test)}`);
    console.log(`    gate      ${total.toFixed(2)} s (CPU ${((validate.cpuMs + test.cpuMs) / 1000).toFixed(2)} s)  ${total < TARGET_S ? 'ok' : 'MISSED'} (< ${TARGET_S} s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
