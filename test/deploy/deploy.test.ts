// Plan and deploy end to end: the CLI in-process, the real Azure SDK pipeline, the emulator over HTTPS
// with its state in a file, as separate commands would run them.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desiredState } from '../../src/deploy/desired.js';
import { edit, openWorkspace, projectCopy } from './helpers.js';

const BREAK_GLASS = 'cc45de50-d867-4ac0-b21a-498e8f4e1d4b';

// Each case runs several CLI commands against a fresh workspace: allow for a loaded machine.
describe('plan and deploy against the emulator', { timeout: 180_000 }, () => {
  it('deploys the pack, then plans nothing; an edit shows its diff and converges', async () => {
    const p = projectCopy();
    // The pack grows; count what the copy's local environment wants instead of by hand.
    const items = desiredState(p.dir, 'local').items.length;
    expect(items).toBeGreaterThan(10);
    const first = await p.run('plan', '--detailed-exitcode');
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toMatch(/\+ create analytics rule cc45de50-d867-4ac0-b21a-498e8f4e1d4b "Break-glass account sign-in" \(rules\/break-glass-sign-in\.yaml\)/);
    expect(first.stdout).toContain(`Plan: ${items} to create, 0 to update, 0 to adopt, 0 drifted, 0 to delete, 0 unchanged`);

    const deploy = await p.run('deploy', '--yes');
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toContain(`environment 'local': ${items} created, 0 updated, 0 deleted`);

    const again = await p.run('plan', '--detailed-exitcode');
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/No changes/);

    edit(join(p.dir, 'rules/break-glass-sign-in.yaml'), /^queryFrequency: 15m$/m, 'queryFrequency: 30m');
    edit(join(p.dir, 'rules/break-glass-sign-in.yaml'), /^severity: High$/m, 'severity: Medium');
    const changed = await p.run('plan', '--format', 'json', '--detailed-exitcode');
    expect(changed.code).toBe(2);
    const plan = JSON.parse(changed.stdout);
    const item = plan.environments[0].items.find((i: { name: string }) => i.name === BREAK_GLASS);
    expect(item).toMatchObject({ type: 'Microsoft.SecurityInsights/alertRules', file: 'rules/break-glass-sign-in.yaml', action: 'update', pending: true });
    // The query selects rows by ingestion time over one queryFrequency, so it changes with the schedule.
    expect(item.changes.map((c: { path: string }) => c.path)).toEqual(['properties.query', 'properties.queryFrequency', 'properties.severity']);
    expect(item.changes.slice(1)).toEqual([
      { path: 'properties.queryFrequency', before: 'PT15M', after: 'PT30M' },
      { path: 'properties.severity', before: 'High', after: 'Medium' },
    ]);
    expect(item.changes[0].before).toMatch(/ago\(15m\)/);
    expect(item.changes[0].after).toMatch(/ago\(30m\)/);
    expect(plan.environments[0].items.filter((i: { action: string }) => i.action !== 'unchanged')).toHaveLength(1);

    expect((await p.run('deploy', '--yes')).code).toBe(0);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('shows a query change as a line diff, in text and markdown', async () => {
    const p = projectCopy();
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    edit(join(p.dir, 'rules/break-glass-sign-in.yaml'), /^(  \{\{> break-glass-sign-ins .*\}\})$/m, '$1\n  | where isnotempty(UserPrincipalName)');
    const text = await p.run('plan');
    expect(text.stdout).toMatch(/~ update analytics rule cc45de50/);
    expect(text.stdout).toMatch(/properties\.query:\n(.*\n)*\s+\+\| where isnotempty\(UserPrincipalName\)/);
    const md = await p.run('plan', '--format', 'markdown');
    expect(md.stdout).toMatch(/\| ~ \| update \| analytics rule \| Break-glass account sign-in \| `rules\/break-glass-sign-in\.yaml` \|/);
    expect(md.stdout).toMatch(/```diff\n(.*\n)*\+ {3}\| where isnotempty\(UserPrincipalName\)/);
  });

  it('deletes a removed rule only with --prune', async () => {
    const p = projectCopy();
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    rmSync(join(p.dir, 'rules/tier0-admin-sign-in-from-non-paw.yaml'));
    rmSync(join(p.dir, 'rules/tier0-admin-sign-in-from-non-paw.tests.yaml'), { force: true });
    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/- delete analytics rule 8c45d1f1-e768-4588-ba10-8eac779ef3bc .*not pending: run with --prune/);
    expect((await p.run('deploy', '--yes')).stdout).toMatch(/Nothing to deploy/);
    await openWorkspace(p.state, async (w) => expect(await w.client.get(`${w.base}/alertRules/8c45d1f1-e768-4588-ba10-8eac779ef3bc`, '2025-09-01')).toBeDefined());
    expect((await p.run('plan', '--prune', '--detailed-exitcode')).code).toBe(2);
    const pruned = await p.run('deploy', '--yes', '--prune');
    expect(pruned.code, pruned.stdout).toBe(0);
    expect(pruned.stdout).toMatch(/0 created, 0 updated, 1 deleted/);
    await openWorkspace(p.state, async (w) => {
      expect(await w.client.get(`${w.base}/alertRules/8c45d1f1-e768-4588-ba10-8eac779ef3bc`, '2025-09-01')).toBeUndefined();
      const metadata = await w.client.list(`${w.base}/metadata`, '2025-09-01');
      expect(metadata.map((m) => m.name)).not.toContain('tripline-analyticsrule-8c45d1f1-e768-4588-ba10-8eac779ef3bc');
    });
    expect((await p.run('plan', '--prune', '--detailed-exitcode')).code).toBe(0);
  });

  it('reports an out-of-band edit as drift and keeps it unless --force', async () => {
    const p = projectCopy();
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    await openWorkspace(p.state, async (w) => {
      const path = `${w.base}/alertRules/${BREAK_GLASS}`;
      const rule = (await w.client.get(path, '2025-07-01-preview'))!;
      const properties = { ...rule.properties, severity: 'Low', lastModifiedUtc: undefined };
      await w.client.request('PUT', path, '2025-07-01-preview', { kind: rule.kind, properties });
    });
    const plan = await p.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/! drift +analytics rule cc45de50[^\n]*\n\s+changed outside tripline since its last deploy/);
    expect(plan.stdout).toMatch(/properties\.severity: "Low" -> "High"/);
    const refused = await p.run('deploy', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused: .*cc45de50-d867-4ac0-b21a-498e8f4e1d4b "Break-glass account sign-in" in environment 'local' changed outside tripline/);
    await openWorkspace(p.state, async (w) => expect((await w.client.get(`${w.base}/alertRules/${BREAK_GLASS}`, '2025-07-01-preview'))!.properties!['severity']).toBe('Low'));
    const forced = await p.run('deploy', '--yes', '--force');
    expect(forced.code, forced.stdout).toBe(0);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('adopts an item made in the portal with the repository id, and a rerun takes ownership', async () => {
    const p = projectCopy();
    await openWorkspace(p.state, async (w) => {
      await w.client.request('PUT', `${w.base}/alertRules/${BREAK_GLASS}`, '2025-09-01', {
        kind: 'Scheduled',
        properties: {
          displayName: 'made in the portal', enabled: true, severity: 'High', query: 'SigninLogs | take 1', queryFrequency: 'PT1H', queryPeriod: 'PT1H',
          triggerOperator: 'GreaterThan', triggerThreshold: 0, suppressionEnabled: false, suppressionDuration: 'PT5H',
        },
      });
    });
    const plan = await p.run('plan');
    expect(plan.stdout).toMatch(/~ adopt +analytics rule cc45de50[^\n]*\n\s+exists without tripline ownership/);
    expect(plan.stdout).toMatch(/properties\.displayName: "made in the portal" -> "Break-glass account sign-in"/);
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('updates watchlists item by item, keeping the ids of unchanged items', async () => {
    const p = projectCopy();
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    const path = (w: { base: string }) => `${w.base}/watchlists/BreakGlassAccounts/watchlistItems`;
    const before = await openWorkspace(p.state, (w) => w.client.list(path(w), '2025-09-01'));
    const csv = join(p.dir, 'watchlists/BreakGlassAccounts.csv');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    writeFileSync(csv, [...lines.slice(0, -1), lines[lines.length - 1]!.replace(/^[^,]+/, 'bg-added@contoso.example')].join('\n') + '\n');
    const plan = await p.run('plan', '--format', 'json');
    const wl = JSON.parse(plan.stdout).environments[0].items.find((i: { name: string }) => i.name === 'BreakGlassAccounts');
    expect(wl.action).toBe('update');
    expect(wl.changes.map((c: { path: string }) => c.path).sort()).toEqual([`items[${JSON.stringify(lines[lines.length - 1]!.split(',')[0])}]`, 'items["bg-added@contoso.example"]'].sort());
    expect((await p.run('deploy', '--yes')).code).toBe(0);
    const after = await openWorkspace(p.state, (w) => w.client.list(path(w), '2025-09-01'));
    const kept = before.filter((b) => after.some((a) => a.name === b.name));
    expect(kept).toHaveLength(before.length - 1);
    expect(after).toHaveLength(before.length);
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
