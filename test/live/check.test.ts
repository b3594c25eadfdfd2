// `tripline check --live/--health`: rules replayed window by window on the emulated workspace's data
// through LogsQueryClient, and SentinelHealth read for the deployed rules.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEmulators } from '../../src/deploy/connect.js';
import { openWorkspace, type Workspace } from '../../src/live/client.js';
import { failed, liveCheck } from '../../src/live-check/run.js';
import { loadProject } from '../../src/project/load.js';
import { runCli } from '../helpers/cli.js';
import { emulatedEnv, ROOT } from './helpers.js';

let dir: string;
const WINDOW = ['--since', '6h', '--until', '2026-03-02T06:00:00Z'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tripline-check-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures', 'automation', 'workbooks']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  // The rules read the workspace's watchlists (_GetWatchlist): deploy them first, as in a real workspace.
  const deployed = await runCli(['deploy', '--yes'], dir);
  expect(deployed.code).toBe(0);
});
afterAll(closeEmulators);

describe('tripline check --live', () => {
  it('counts result rows and alerts per day run by run, and flags rules that never fire and tables without data', async () => {
    const res = await runCli(['check', '--live', '--rule', 'break-glass-sign-in-nrt', ...WINDOW, '--format', 'json'], dir);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.rules).toHaveLength(1);
    expect(report.rules[0]).toMatchObject({ rule: 'break-glass-sign-in-nrt', runs: 6, errors: [], verdicts: [] });
    expect(report.rules[0].alerts).toBeGreaterThan(0);
    expect(report.rules[0].days).toEqual([{ day: '2026-03-02', rows: report.rules[0].rows, alerts: report.rules[0].alerts }]);

    const quiet = await runCli(['check', '--live', '--rule', 'pim-activation-outside-business-hours', ...WINDOW, '--format', 'markdown'], dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/\| PIM [^|]* \| 6 \| 0 \| 0 \| 0\.0 \| no-data, never-fires \|/);
  });

  it('reports a rule the workspace refuses once, per rule, and fails the check', async () => {
    const { project } = loadProject(ROOT);
    const denied: Workspace = { id: 'ws', query: async () => ({ ok: false, status: 403, code: 'InsufficientAccessError', message: 'The provided credentials have insufficient access' }) };
    const report = await liveCheck(project!, denied, { period: { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-02T03:00:00Z') }, live: true, health: false, maxAlertsPerDay: 20, maxRuns: 100 });
    expect(report.rules.length).toBe(project!.rules.length);
    // The daily break-glass test rule has no run in a 3-hour period, so nothing to refuse; every other rule runs.
    const daily = report.rules.filter((r) => r.rule === 'break-glass-account-not-tested');
    expect(daily).toMatchObject([{ runs: 0, errors: [] }]);
    for (const r of report.rules.filter((x) => !daily.includes(x))) {
      expect(r.errors).toEqual([expect.stringMatching(/^run at .*: 403 The provided credentials have insufficient access$/)]);
      expect(r.verdicts).toContain('errors');
    }
    expect(failed(report)).toBe(true);
  });

  it('needs --live or --health (exit 2)', async () => {
    expect((await runCli(['check'], dir)).code).toBe(2);
  });
});

describe('tripline check --health', () => {
  it("reads SentinelHealth for the environment's rules: failures, auto-disables and reasons", async () => {
    const { project } = loadProject(ROOT);
    const rule = project!.rules.find((r) => r.stem === 'break-glass-sign-in')!;
    const health = join(mkdtempSync(join(tmpdir(), 'tripline-health-')), 'health.jsonl');
    const row = (t: string, status: string, description: string, id = rule.doc.id) =>
      JSON.stringify({ TimeGenerated: t, SentinelResourceType: 'Analytics Rule', SentinelResourceKind: 'Scheduled', SentinelResourceName: rule.doc.name, SentinelResourceId: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/alertRules/${id}`, OperationName: 'Scheduled analytics rule run', Status: status, Description: description });
    writeFileSync(health, [
      row('2026-03-01T01:00:00Z', 'Success', 'ok'),
      row('2026-03-01T02:00:00Z', 'Failure', "The query could not be run: table 'X' was not found."),
      row('2026-03-01T03:00:00Z', 'Failure', 'The analytics rule was disabled after repeated permanent failures.'),
      row('2026-03-01T03:00:00Z', 'Failure', 'another workspace rule', '11111111-2222-4333-8444-555555555555'),
    ].join('\n'));
    const { workspace } = await openWorkspace(emulatedEnv('health', { data: { SentinelHealth: health } }), ROOT);
    const report = await liveCheck(project!, workspace!, { period: { start: new Date('2026-02-28T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') }, live: false, health: true, maxAlertsPerDay: 20, maxRuns: 100 });
    expect(report.health).toEqual([
      { ruleId: rule.doc.id, name: rule.doc.name, failures: 2, autoDisabled: true, lastFailure: '2026-03-01T03:00:00.000Z', reasons: expect.arrayContaining([expect.stringMatching(/disabled/), expect.stringMatching(/not found/)]) },
    ]);
    expect(failed(report)).toBe(true);
  });
});
