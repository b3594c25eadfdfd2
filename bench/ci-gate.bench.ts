// The CI gate (`npm run bench ci-gate`): `tripline validate` then `tripline test` as a CI job runs them,
// over a generated pack of 500 rules with 1,000 test cases (bench/rule-pack.ts). Target (issue 12,
// item 5, 2-core machine): both together under 15 s. Size: BENCH_PACK_RULES=500.
// Then `tripline test` by --jobs (1: in process, 2: two workers, auto: the default) on that pack and on
// a heavy one (BENCH_HEAVY_RULES=16 rules, the SigninLogs cases given BENCH_HEAVY_ROWS=350000 rows of
// fixture each): the figures behind --jobs auto's costs (src/testing/jobs.ts); the reports must be equal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, measure, root, type Measured } from './measure-process.js';
import { addLargeFixtures, writeRulePack } from './rule-pack.js';

const RULES = Number(process.env['BENCH_PACK_RULES'] ?? 500);
const HEAVY_RULES = Number(process.env['BENCH_HEAVY_RULES'] ?? 16);
const HEAVY_ROWS = Number(process.env['BENCH_HEAVY_ROWS'] ?? 350_000);
const TARGET_S = 15;
const cli = join(root, 'bin/tripline.js');

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-pack-'));
  try {
    writeRulePack(dir, RULES);
    const validate = measure([cli, 'validate'], dir);
    const test = measure([cli, 'test'], dir);
    const summary = /(\d+) passed, (\d+) failed/.exec(test.stdout);
    if (!summary || Number(summary[1]) !== RULES * 2) throw new Error(`expected ${RULES * 2} passing cases, got: ${summary?.[0] ?? test.stdout.slice(-300)}`);
    const total = (validate.ms + test.ms) / 1000;
    console.log(`  ${RULES} rules, ${RULES * 2} test cases (all passed)`);
    console.log(`    validate  ${describe(validate)}`);
    console.log(`    test      ${describe(test)}  ${workers(test)}`);
    console.log(`    gate      ${total.toFixed(2)} s (CPU ${((validate.cpuMs + test.cpuMs) / 1000).toFixed(2)} s)  ${total < TARGET_S ? 'ok' : 'MISSED'} (< ${TARGET_S} s)`);
    byJobs(dir, test);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const heavy = mkdtempSync(join(tmpdir(), 'tripline-bench-heavy-'));
  try {
    writeRulePack(heavy, HEAVY_RULES);
    const bytes = addLargeFixtures(heavy, HEAVY_RULES, HEAVY_ROWS);
    console.log(`  ${HEAVY_RULES} rules, ${HEAVY_RULES * 2} test cases, ${(bytes / 1e6).toFixed(0)} MB of fixtures`);
    byJobs(heavy, measure([cli, 'test'], heavy));
  } finally {
    rmSync(heavy, { recursive: true, force: true });
  }
}

/** `tripline test --jobs 1` and `--jobs 2` beside the default run `auto`, whose report they must print. */
function byJobs(dir: string, auto: Measured): void {
  for (const jobs of ['1', '2']) {
    const run = measure([cli, 'test', '--jobs', jobs], dir);
    if (timeless(run.stdout) !== timeless(auto.stdout)) throw new Error(`test --jobs ${jobs} printed another report than --jobs auto`);
    console.log(`    --jobs ${jobs}     ${describe(run)}  ${workers(run)}`);
  }
  console.log(`    --jobs auto  ${describe(auto)}  ${workers(auto)}, the same report`);
}

const timeless = (text: string): string => text.replace(/\(\d+ ms/g, '(N ms');
const workers = (m: Measured): string => /cases ran on (\d+) worker threads/.exec(m.stderr)?.[0] ?? 'in process';
