import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import { changedFiles, rulesAffected } from '../../src/testing/changed.js';

const repoRoot = resolve(import.meta.dirname, '../..');

function gitRepoWithContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-changed-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'base');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'content');
  return dir;
}

function affected(dir: string, ref = 'HEAD'): string[] {
  const { project } = loadProject(dir);
  const changed = changedFiles(dir, ref);
  return rulesAffected(project!, project!.rules, changed.files!).map((r) => r.stem).sort();
}

describe('--changed-since', () => {
  it('selects nothing without changes, and the rules whose fixtures, partials or watchlists changed', () => {
    const dir = gitRepoWithContent();
    expect(affected(dir)).toEqual([]);

    // A fixture used only by the Tier-0 rule's tests.
    const fixture = join(dir, 'fixtures/signin/tier0-paw.jsonl');
    writeFileSync(fixture, readFileSync(fixture, 'utf8') + '\n');
    expect(affected(dir)).toEqual(['tier0-admin-sign-in-from-non-paw']);

    // The break-glass watchlist is used by both break-glass rules (and, as an exclusion, by others).
    const wl = join(dir, 'watchlists/BreakGlassAccounts.csv');
    writeFileSync(wl, readFileSync(wl, 'utf8') + '\n');
    const withWatchlist = affected(dir);
    expect(withWatchlist).toContain('break-glass-sign-in');
    expect(withWatchlist).toContain('break-glass-sign-in-nrt');
    expect(withWatchlist).toContain('tier0-admin-sign-in-from-non-paw');
  });

  it('selects every rule when the environment changes, and reports an unknown ref', () => {
    const dir = gitRepoWithContent();
    writeFileSync(join(dir, 'environments/local.yaml'), readFileSync(join(dir, 'environments/local.yaml'), 'utf8') + '\n');
    expect(affected(dir)).toHaveLength(9);
    const bad = changedFiles(dir, 'no-such-branch');
    expect(bad.files).toBeUndefined();
    expect(bad.problems[0]!.message).toBe("--changed-since: 'no-such-branch' is not a git commit, branch or tag here");
  });
});
