// Microsoft's published rules (test/data/published-rules/fired: each rule file carries the published query,
// entity mappings, trigger and schedule verbatim, source noted at its top) fire on fixture rows written for
// them, through tripline's test runner, with the alerts the SOC would see. Together they cover the idioms
// issue 10 names: the aadFunc table() union, the anomaly series (the GitHub brute-force rule, over a week
// of hourly bins), externaldata (csv and multijson, mapped to local files), mv-apply and parse.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import { formatText } from '../../src/testing/report/text.js';
import { runProjectTests } from '../../src/testing/runner.js';

const ROOT = join(import.meta.dirname, '../data/published-rules/fired');

/** Rule file -> the alerts its firing case raises: display name, then each entity's identifiers. */
const ALERTS: Record<string, string[][]> = {
  'azure-portal-signin-from-another-tenant': [[
    'Azure Portal sign in by mallory@adatum.com from another Azure Tenant with IP Address 20.50.7.9',
    'Account FullName=mallory@adatum.com Name=mallory UPNSuffix=adatum.com', 'Account AadUserId=44444444-4444-4444-4444-444444444444', 'IP Address=20.50.7.9',
  ]],
  'cross-tenant-access-organization-added': [[
    'Cross-tenant Access Settings Organization Added',
    'Account FullName=grace@contoso.com Name=grace UPNSuffix=contoso.com', 'Account AadUserId=12121212-1212-1212-1212-121212121212', 'IP Address=198.51.100.90',
  ]],
  'cross-tenant-access-organization-deleted': [['Cross-tenant Access Settings Organization Deleted', 'Account Name=grace UPNSuffix=contoso.com', 'IP Address=198.51.100.90']],
  'distributed-password-cracking': [['Distributed Password cracking attempts in Microsoft Entra ID', 'Account FullName=henry@contoso.com Name=henry UPNSuffix=contoso.com']],
  'entra-id-powershell-non-aad-resources': [[
    'Microsoft Entra ID PowerShell accessing non-AAD resources',
    'Account Name=carol UPNSuffix=contoso.com AadUserId=88888888-8888-8888-8888-888888888888', 'IP Address=203.0.113.30',
    'Account Name=dave UPNSuffix=contoso.com AadUserId=99999999-9999-9999-9999-999999999999', 'IP Address=198.51.100.40',
  ]],
  'first-app-or-sp-credential': [[
    'First access credential added to Application or Service Principal where no credential was present',
    'Account FullName=owner@contoso.com Name=owner UPNSuffix=contoso.com', 'IP Address=198.51.100.8', 'CloudApplication Name=Invoice Bot',
  ]],
  'full-access-as-app-granted': [[
    'User or App kim@contoso.com granted full_access_as_app to Mail Exporter',
    'Account FullName=kim@contoso.com Name=kim UPNSuffix=contoso.com', 'Account AadUserId=13131313-1313-1313-1313-131313131313', 'IP Address=203.0.113.77',
  ]],
  'github-brute-force': [['Brute Force Attack against GitHub Account', 'Account Name=dev1 UPNSuffix=contoso.com']],
  'github-signin-burst-multiple-locations': [['GitHub Signin Burst from Multiple Locations', 'Account Name=dev1 UPNSuffix=contoso.com']],
  'new-app-or-sp-credential': [['New access credential added to Application or Service Principal', 'Account Name=owner UPNSuffix=contoso.com', 'IP Address=198.51.100.7']],
  'new-onmicrosoft-domain-added': [[
    'contosohelpdesk.onmicrosoft.com added to tenant by leo@contoso.com',
    'Account FullName=leo@contoso.com Name=leo UPNSuffix=contoso.com', 'Account AadUserId=17171717-1717-1717-1717-171717171717', 'IP Address=198.51.100.33',
    'DNS DomainName=contosohelpdesk.onmicrosoft.com',
  ]],
  'nrt-privileged-role-assigned-outside-pim': [['NRT Privileged Role Assigned Outside PIM', 'Account FullName=ivan@contoso.com Name=ivan UPNSuffix=contoso.com', 'IP Address=203.0.113.5']],
  'pim-elevation-request-rejected': [['PIM Elevation Request Rejected', 'Account Name=approver UPNSuffix=contoso.com', 'Account Name=frank UPNSuffix=contoso.com', 'IP Address=203.0.113.12']],
  'privileged-role-assigned-outside-pim': [[
    'Privileged Role Assigned Outside PIM',
    'Account FullName=admin@contoso.com Name=admin UPNSuffix=contoso.com', 'Account FullName=eve@contoso.com Name=eve UPNSuffix=contoso.com',
    'Account AadUserId=11111111-1111-1111-1111-111111111111', 'IP Address=203.0.113.5',
  ]],
  'pwnauth-like-consent': [[
    'Suspicious application consent similar to PwnAuth',
    'Account FullName=mia@contoso.com Name=mia UPNSuffix=contoso.com', 'Account AadUserId=19191919-1919-1919-1919-191919191919', 'IP Address=203.0.113.201',
  ]],
  'user-assigned-new-privileged-role': [['User Assigned New Privileged Role', 'Account FullName=judy@contoso.com Name=judy UPNSuffix=contoso.com', 'Account Name=admin UPNSuffix=contoso.com']],
};

describe('published Microsoft rules fire on fixtures', () => {
  const { project, configProblems, problems } = loadProject(ROOT);
  const reports = runProjectTests(project!);

  it('loads the project and runs every case to a pass, each rule with a firing and a quiet case', () => {
    expect([...configProblems, ...problems]).toEqual([]);
    const failed = reports.filter((r) => r.problems.length > 0 || r.results.some((t) => t.status !== 'passed'));
    expect(failed.map((r) => formatText([r]))).toEqual([]);
    expect(reports.map((r) => [r.rule.stem, r.results.map((t) => t.runs.some((run) => run.fired))])).toEqual(
      Object.keys(ALERTS).sort().map((stem) => [stem, [true, false]]),
    );
  });

  it('raises the expected alerts: title and entities', () => {
    const alerts = Object.fromEntries(reports.map((r) => [r.rule.stem, r.results[0]!.runs.flatMap((run) => run.alerts).map((a) => [
      a.displayName,
      ...a.entities.map((e) => [e.type, ...Object.entries(e.identifiers).map(([k, v]) => `${k}=${v}`)].join(' ')),
    ])]));
    expect(alerts).toEqual(ALERTS);
  });
});
