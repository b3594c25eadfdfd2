// The alerts a preview raises become SecurityAlert rows the workbook's queries can read, and incidents
// grouped as the rule's incidentConfiguration says: by the selected entities, within the lookback.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectSchemaContext } from '../../src/pipeline/validate.js';
import type { RaisedAlert } from '../../src/preview/replay.js';
import { securityTables, withSecurityTables } from '../../src/preview/security-tables.js';
import { loadProject } from '../../src/project/load.js';

const project = loadProject(resolve(import.meta.dirname, '../..'), { env: 'local' }).project!;
const catalog = projectSchemaContext(project).catalog;
// Groups by Account within PT12H.
const rule = project.rules.find((r) => r.stem === 'break-glass-sign-in')!;

function raised(at: string, account: string, severity = 'High'): RaisedAlert {
  return {
    rule, at: new Date(at), first: new Date(at), last: new Date(at),
    alert: { displayName: `sign-in by ${account}`, description: 'd', severity, tactics: ['InitialAccess'], entities: [{ type: 'Account', identifiers: { FullName: account } }], customDetails: { Source: ['x'] }, rows: [0] },
  };
}

const column = (t: { columns: { name: string }[]; rows: unknown[][] }, name: string) => t.rows.map((r) => r[t.columns.findIndex((c) => c.name === name)]);

describe('preview: alerts as SecurityAlert and SecurityIncident rows', () => {
  const tables = securityTables(
    [raised('2026-03-11T09:00:00Z', 'a@x'), raised('2026-03-11T20:00:00Z', 'a@x', 'Medium'), raised('2026-03-11T21:30:00Z', 'a@x'), raised('2026-03-11T09:30:00Z', 'b@x')],
    catalog,
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w',
  );

  it('writes one SecurityAlert row per alert with the rule id where the workbook reads it', () => {
    expect(tables.SecurityAlert.rows).toHaveLength(4);
    const props = column(tables.SecurityAlert, 'ExtendedProperties').map((p) => JSON.parse(String(p)));
    expect(props.map((p) => JSON.parse(p['Analytic Rule Ids'])[0])).toEqual(Array(4).fill(rule.doc.id));
    expect(JSON.parse(String(column(tables.SecurityAlert, 'Entities')[0]))).toEqual([{ $id: '2', Type: 'account', FullName: 'a@x' }]);
    expect(column(tables.SecurityAlert, 'TimeGenerated')).toEqual(['2026-03-11T09:00:00.000Z', '2026-03-11T09:30:00.000Z', '2026-03-11T20:00:00.000Z', '2026-03-11T21:30:00.000Z']);
  });

  it('groups alerts of one account within the lookback into an incident, later ones into a new one', () => {
    const ids = column(tables.SecurityAlert, 'SystemAlertId');
    expect(column(tables.SecurityIncident, 'IncidentNumber')).toEqual([1, 2, 3]);
    // a@x at 09:00 and 20:00 (11 h, within PT12H) share incident 1; 21:30 is 12.5 h after its first alert.
    expect(column(tables.SecurityIncident, 'AlertIds')).toEqual([[ids[0], ids[2]], [ids[1]], [ids[3]]]);
    expect(column(tables.SecurityIncident, 'Severity')).toEqual(['High', 'High', 'High']);
    expect(column(tables.SecurityIncident, 'RelatedAnalyticRuleIds')).toEqual([[rule.doc.id], [rule.doc.id], [rule.doc.id]]);
  });

  it('appends to the SecurityAlert rows the data brings, in its columns', () => {
    const own = { columns: [{ name: 'AlertName', type: 'string' as const }, { name: 'Recorded', type: 'string' as const }], rows: [['recorded alert', 'yes']] };
    const merged = withSecurityTables({ SecurityAlert: own }, tables);
    expect(merged['SecurityAlert']!.columns).toEqual(own.columns);
    expect(merged['SecurityAlert']!.rows).toEqual([['recorded alert', 'yes'], ['sign-in by a@x', null], ['sign-in by b@x', null], ['sign-in by a@x', null], ['sign-in by a@x', null]]);
    expect(merged['SecurityIncident']).toBe(tables.SecurityIncident);
  });
});
