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

describe('privileged-access workbook: assignments and governance', () => {
  it('charts new permanent and eligible assignments per period, PIM-made directory writes and outside-PIM reports not counted again', () => {
    const audit = ['direct', 'eligible', 'pim-activation', 'pim-permanent', 'outside-pim-reports'].map((f) => `fixtures/audit/role-assignment-${f}.jsonl`);
    const azure = ['by-pim', 'direct'].map((f) => `fixtures/azureactivity/role-assignment-${f}.jsonl`);
    const rows = runPanel('local', 'assignments-trend', { AuditLogs: audit, AzureActivity: azure });
    expect(rows.map((r) => [r['TimeGenerated'], r['Kind'], r['Assignments']])).toEqual([
      // Two direct Entra assignments and three direct Azure RBAC writes (PIM's own write left out).
      ['2026-03-04T14:00:00Z', 'Permanent', 5],
      ['2026-03-04T15:00:00Z', 'Permanent', 1],
      ['2026-03-04T16:00:00Z', 'Eligible', 1],
    ]);
  });

  it('shows each access review with its decisions and the share a reviewer made', () => {
    const rows = runPanel('local', 'access-reviews', { AuditLogs: ['fixtures/audit/access-review-decisions.jsonl'] });
    expect(rows.map((r) => [r['Review'], r['ReviewerDecisions'], r['Approved'], r['Denied'], r['DontKnow'], r['AutoReviewed'], r['CompletionPercent']])).toEqual([
      ['Tier-0 admins group membership', 2, 1, 0, 1, 2, 50],
      ['Quarterly review: Global Administrator', 4, 3, 1, 0, 1, 80],
    ]);
  });

  it('lists enabled accounts without a successful sign-in for 45 days (ISM-1404), break-glass, disabled and new accounts left out', () => {
    const signIns = ['fixtures/identity/sign-ins-90-days.jsonl'];
    const rows = runPanel('local', 'inactive-accounts', { IdentityInfo: ['fixtures/identity/identity-info.jsonl'], SigninLogs: signIns, AADNonInteractiveUserSignInLogs: [] });
    // j.doe's last success is 59 days old (a later failure does not count); m.khan's is older than the 90 days read.
    expect(rows.map((r) => [r['Account'], r['LastSuccessfulSignIn'], r['Department']])).toEqual([
      ['j.doe@contoso.com', '2026-01-05T09:00:00Z', 'Finance'],
      ['m.khan@contoso.com', null, 'Sales'],
    ]);
  });
});
