// The practice's metrics as workbook panels, each run over fixtures: the rows and values the panel shows.
import { describe, expect, it } from 'vitest';
import { runPanel } from './run-panel.js';

const ACTIVATIONS = ['fixtures/audit/pim-activation-weeknight.jsonl', 'fixtures/audit/pim-activation-weekday-office-hours.jsonl'];
const REFUSALS = ['fixtures/audit/pim-failed-activations-ravi.jsonl', 'fixtures/audit/pim-failed-activations-below-threshold.jsonl'];

describe('privileged-access workbook: PIM metrics', () => {
  it('counts activations by role and user with their average duration from StartTime and ExpirationTime', () => {
    const rows = runPanel('local', 'pim-activations-by-role-user', { AuditLogs: [...ACTIVATIONS, ...REFUSALS] });
    // Only completed activations: requests, denials and failures are not activations.
    expect(rows.map((r) => [r['Role'], r['User'], r['Activations'], r['AvgDurationHours']])).toEqual([
      ['Global Administrator', 'adm-alice.nguyen@contoso.com', 1, 4],
      ['Privileged Role Administrator', 'adm-ravi.patel@contoso.com', 1, 4],
      ['Security Administrator', 'adm-sofia.berg@contoso.com', 1, 4],
    ]);
  });

  it('lists failed and denied activation attempts per user, benign RoleAssignmentExists failures left out', () => {
    const rows = runPanel('local', 'pim-refused-by-user', { AuditLogs: [...ACTIVATIONS, ...REFUSALS] });
    expect(rows.map((r) => [r['User'], r['Attempts'], r['Denied'], r['Failed'], r['Roles']])).toEqual([
      ['adm-ravi.patel@contoso.com', 3, 2, 1, 'Global Administrator, Privileged Role Administrator'],
      ['adm-sofia.berg@contoso.com', 2, 0, 2, 'Security Administrator'],
    ]);
  });
});

describe('privileged-access workbook: break-glass tests', () => {
  it('shows each account with its last sign-in and recorded test; an old test without a sign-in is untested', () => {
    // Base watchlist: bg-admin01 tested 2026-02-17, bg-admin02 tested 2025-11-20 (over 90 days before 2026-03-05).
    const rows = runPanel('local', 'break-glass-test-status', { SigninLogs: [], AADNonInteractiveUserSignInLogs: [] });
    expect(rows.map((r) => [r['Account'], r['LastSignIn'], r['LastTested'], r['Status']])).toEqual([
      ['bg-admin01@contoso.onmicrosoft.com', null, '2026-02-17', 'tested'],
      ['bg-admin02@contoso.onmicrosoft.com', null, '2025-11-20', 'untested'],
    ]);
  });
});
