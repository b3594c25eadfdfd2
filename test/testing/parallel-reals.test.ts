// `tripline test --jobs`: a whole real inside a dynamic value of a worker's report prints as 10.0, as in
// one process, although structured cloning drops the marks kept beside the value.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeRulePack } from '../../bench/rule-pack.js';
import { runCli } from '../helpers/cli.js';

it('a worker\'s rows keep their whole reals real', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-parallel-reals-'));
  try {
    writeRulePack(dir, 2);
    const rule = join(dir, 'rules/generated-000.yaml');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace('| where Failures >= 1', '| where Failures >= 1\n  | extend Scores = pack_array(1.0, Failures, 2.5)'));
    const serial = await runCli(['test', '--jobs', '1', '--verbose'], dir);
    const parallel = await runCli(['test', '--jobs', '2', '--verbose'], dir);
    expect(serial.stdout).toContain('[1.0,');
    expect(parallel.stderr).toContain('cases ran on 2 worker threads');
    expect(parallel.stdout.replace(/\(\d+ ms/g, '')).toBe(serial.stdout.replace(/\(\d+ ms/g, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
