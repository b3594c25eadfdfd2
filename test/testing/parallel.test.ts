// `tripline test --jobs`: worker threads give the in-process run's report (the bundled pack with a rule
// whose case reads a generated fixture of 4,000 rows), --jobs auto chooses workers only when the
// estimated work pays for their start-up, and a worker that cannot run its share reports located errors
// instead of hanging.
import { appendFileSync, cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRulePack } from '../../bench/rule-pack.js';
import { loadProject } from '../../src/project/load.js';
import { autoWorkers, balancedShares, COST_MS, ruleWorkMs } from '../../src/testing/jobs.js';
import { runTestsInParallel } from '../../src/testing/parallel.js';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');
/** Durations are measured, so they are the one thing two runs may print differently. */
const timeless = (text: string) => text.replace(/\(\d+ ms/g, '(N ms');

/** Failed sign-ins of 400 users, all within the lookback of the pack's SigninLogs rule 0 (Azure Portal). */
function failedSignins(rows: number): string {
  const now = Date.parse('2026-03-02T03:00:00Z');
  return Array.from({ length: rows }, (_, i) =>
    JSON.stringify({ TimeGenerated: new Date(now - 60_000 - ((i * 7919) % 3_000_000)).toISOString(), UserPrincipalName: `user${(i * 31) % 400}@contoso.com`, AppDisplayName: 'Azure Portal', ResultType: String(50000 + (i % 200)) }),
  ).join('\n') + '\n';
}

describe('tripline test --jobs', () => {
  it('prints the same report with 2 workers as in one process: the bundled pack and a generated fixture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-parallel-'));
    const generated = mkdtempSync(join(tmpdir(), 'tripline-parallel-'));
    try {
      for (const d of ['rules', 'fixtures', 'templates', 'watchlists', 'environments', 'automation', 'workbooks']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
      writeRulePack(generated, 1);
      appendFileSync(join(generated, 'fixtures/generated-000/fires.jsonl'), failedSignins(4000));
      for (const f of ['rules/generated-000.yaml', 'rules/generated-000.tests.yaml', 'fixtures/generated-000']) cpSync(join(generated, f), join(dir, f), { recursive: true });
      const serial = await runCli(['test', '--jobs', '1', '--verbose'], dir);
      const parallel = await runCli(['test', '--jobs', '2', '--verbose'], dir);
      expect(serial.stdout).toMatch(/\n\d+ passed, 0 failed \(\d+ rules\)\n$/);
      expect(serial.stdout).toContain('user399@contoso.com');
      expect(serial.stderr).not.toContain('worker threads');
      expect(parallel.stderr).toContain('cases ran on 2 worker threads');
      expect(timeless(parallel.stdout)).toBe(timeless(serial.stdout));
      expect(parallel.code).toBe(serial.code);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(generated, { recursive: true, force: true });
    }
  }, 120_000);

  it('--jobs must be a whole number of 1 or more', async () => {
    const r = await runCli(['test', '--jobs', '0'], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs 0: expected auto or a whole number of worker threads, 1 or more');
  });

  it('a worker that cannot load its rules reports each of them as not run, at its file, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-parallel-'));
    for (const d of ['rules', 'watchlists', 'environments']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
    const { project } = loadProject(dir);
    const rules = project!.rules.slice(0, 2);
    for (const r of rules) rmSync(join(dir, r.file));
    const { reports } = await runTestsInParallel(project!, rules, { jobs: 2 });
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

describe('--jobs auto', () => {
  const light = Array<number>(500).fill(2 * COST_MS.case);
  const gigabyte = 1000 * COST_MS.fixtureMb;

  it('runs a pack of many light cases in process, on 2 cores or 8', () => {
    expect(autoWorkers(light, 2)).toBe(1);
    expect(autoWorkers(light, 8)).toBe(1);
  });

  it('uses workers when fixtures are large enough, no more than there are rules or cores', () => {
    expect(autoWorkers([gigabyte, gigabyte], 2)).toBe(2);
    expect(autoWorkers([gigabyte, gigabyte], 8)).toBe(2);
    expect(autoWorkers(Array<number>(8).fill(gigabyte), 4)).toBe(4);
    expect(autoWorkers([gigabyte / 4, gigabyte / 4], 2)).toBe(1);
  });

  it('stays in process when one rule holds the work, since a rule runs on one thread', () => {
    expect(autoWorkers([4 * gigabyte, ...light], 2)).toBe(1);
  });

  it('balances shares by weight, deterministically, each in rule order', () => {
    expect(balancedShares([5, 1, 1, 3, 2], 2)).toEqual([[0, 1], [2, 3, 4]]);
    expect(balancedShares([1, 1], 4)).toEqual([[0], [1]]);
  });

  it("estimates a rule's work from its cases and the distinct fixture files they read", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-parallel-'));
    try {
      writeRulePack(dir, 1);
      appendFileSync(join(dir, 'fixtures/generated-000/fires.jsonl'), failedSignins(4000));
      const { project } = loadProject(dir);
      const rule = project!.rules[0]!;
      const before = ruleWorkMs(dir, rule);
      appendFileSync(join(dir, 'rules/generated-000.tests.yaml'), '\n- name: again\n  now: 2026-03-02T03:00:00Z\n  input:\n    SigninLogs: fixtures/generated-000/fires.jsonl\n  expect:\n    fires: true\n');
      const again = ruleWorkMs(dir, loadProject(dir).project!.rules[0]!);
      const bytes = ['fires', 'quiet'].reduce((n, f) => n + statSync(join(dir, `fixtures/generated-000/${f}.jsonl`)).size, 0);
      expect(before).toBeCloseTo(2 * COST_MS.case + (bytes / 1e6) * COST_MS.fixtureMb, 9);
      expect(again - before).toBeCloseTo(COST_MS.case, 9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
