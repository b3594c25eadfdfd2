// `tripline test --jobs N`: worker threads give the serial run's report, and a worker that cannot run
// its share reports located errors instead of hanging.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import { runTestsInParallel } from '../../src/testing/parallel.js';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');
/** Durations are measured, so they are the one thing two runs may print differently. */
const timeless = (text: string) => text.replace(/\(\d+ ms/g, '(N ms');

describe('tripline test --jobs', () => {
  it('prints the same report with 2 workers as in one process', async () => {
    const rules = ['rules/break-glass-sign-in.yaml', 'rules/break-glass-sign-in-nrt.yaml', 'rules/tier0-admin-sign-in-from-non-paw.yaml'];
    const serial = await runCli(['test', ...rules, '--jobs', '1'], repoRoot);
    const parallel = await runCli(['test', ...rules, '--jobs', '2'], repoRoot);
    expect(serial.stdout).toMatch(/\n\d+ passed, 0 failed \(3 rules\)\n$/);
    expect(timeless(parallel.stdout)).toBe(timeless(serial.stdout));
    expect(parallel.code).toBe(serial.code);
  }, 120_000);

  it('--jobs must be a whole number of 1 or more', async () => {
    const r = await runCli(['test', '--jobs', '0'], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs 0: expected a whole number of worker threads, 1 or more');
  });

  it('a worker that cannot load its rules reports each of them as not run, at its file, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-parallel-'));
    for (const d of ['rules', 'watchlists', 'environments']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
    const { project } = loadProject(dir);
    const rules = project!.rules.slice(0, 2);
    for (const r of rules) rmSync(join(dir, r.file));
    const reports = await runTestsInParallel(project!, rules, { jobs: 2 });
    expect(reports.map((r) => r.rule)).toEqual(rules);
    for (const [i, r] of reports.entries()) {
      expect(r.results).toEqual([]);
      expect(r.problems.map((p) => [p.code, p.file])).toEqual([
        ['test-worker', rules[i]!.file],
        ['path-missing', rules[i]!.file],
      ]);
      expect(r.problems[0]!.message).toBe(`the tests of rule '${rules[i]!.doc.name}' did not run: its test worker could not load the project`);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
