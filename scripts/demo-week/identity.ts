// IdentityInfo of the week: UEBA's daily record of every account (enabled or not, created when), the table
// the ISM-1404 inactive-accounts panel reads.
import type { Person } from './cast.js';
import { iso, local } from './clock.js';
import { TENANT_ID } from './cast.js';
import type { Row } from './signins.js';

export function identityInfo(people: readonly Person[]): Row[] {
  const rows: Row[] = [];
  for (let day = 0; day < 7; day++) {
    for (const p of people) {
      rows.push({
        TimeGenerated: iso(local(day, 3, 0, 0)), TenantId: TENANT_ID, AccountTenantId: TENANT_ID, SourceSystem: 'AzureActiveDirectory',
        AccountObjectId: p.oid, AccountUPN: p.upn, AccountName: p.upn.split('@')[0], AccountDomain: p.upn.split('@')[1],
        AccountDisplayName: p.name, Department: p.department, IsAccountEnabled: p.enabled, AccountCreationTime: p.created, UserType: 'Member',
        Type: 'IdentityInfo',
      });
    }
  }
  return rows;
}
