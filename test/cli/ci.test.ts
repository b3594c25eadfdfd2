// `tripline ci --env E` passes for every shipped environment: the bundled tests do not depend on an
// environment's parameter values or watchlist contents unless a case pins them.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentNames } from '../../src/environments/load.js';
import { runCli } from '../helpers/cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

/** A copy of the content, so an emulator environment's deploy state stays out of the repository. */
function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-ci-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures', 'automation', 'workbooks', 'tripline.config.yaml']) {
    if (existsSync(join(repoRoot, d))) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  }
  return dir;
}

/** The test section of ci's output, without its header line (which names the worker threads) and timings. */
const testSection = (stdout: string): string =>
  stdout.slice(stdout.indexOf('\ntest:')).split('\n').slice(2).join('\n').split('\ntripline ci:')[0]!.replace(/\d+(\.\d+)? m?s\b/g, '');

describe('tripline ci', () => {
  const envs = environmentNames(repoRoot);
  const outputs = new Map<string, string>();

  it('ships more than one environment', () => {
    expect(envs.length).toBeGreaterThan(1);
  });

  it.each(envs)('passes for environment %s, and says what each rule was tested with', async (env) => {
    const r = await runCli(['ci', '--env', env], contentCopy());
    expect(r.stdout, r.stdout + r.stderr).toMatch(/tripline ci: validation passed, tests \d+ passed, 0 failed/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`(environment ${env}; watchlists BreakGlassAccounts (watchlists/BreakGlassAccounts.csv))`);
    outputs.set(env, r.stdout);
  });

  it('runs the cases on worker threads with --jobs, with the same report', async () => {
    const r = await runCli(['ci', '--env', 'local', '--jobs', '2'], contentCopy());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('test: (on 2 worker threads)');
    expect(testSection(r.stdout)).toBe(testSection(outputs.get('local')!));
  });
});
