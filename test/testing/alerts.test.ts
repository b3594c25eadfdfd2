import { describe, expect, it } from 'vitest';
import type { DataTable } from '../../src/kql/table.js';
import type { RuleDocument } from '../../src/rules/types.js';
import { buildAlerts, entityRecord, MAX_ALERTS_PER_RUN, MAX_ENTITIES_FIELD_BYTES, triggers } from '../../src/testing/alerts.js';

const base: RuleDocument = {
  id: '5f0b7c2e-1d2a-4c1b-9a51-3f1a2b3c4d5e',
  name: 'Rule name',
  description: 'Rule description',
  severity: 'Medium',
  kind: 'Scheduled',
  query: 'T',
  tactics: ['InitialAccess'],
  entityMappings: [
    { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'Upn' }] },
    { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'Ip' }] },
  ],
  customDetails: { Role: 'Role' },
  alertDetailsOverride: {
    alertDisplayNameFormat: '{{Upn}} activated {{Role}}',
    alertDescriptionFormat: 'Details: {{Bag}}',
    alertSeverityColumnName: 'Sev',
    alertTacticsColumnName: 'Tac',
  },
};

const table = (rows: [string, string, string, string, unknown, string][]): DataTable => ({
  columns: [
    { name: 'Upn', type: 'string' },
    { name: 'Ip', type: 'string' },
    { name: 'Role', type: 'string' },
    { name: 'Sev', type: 'string' },
    { name: 'Tac', type: 'dynamic' },
    { name: 'Bag', type: 'string' },
  ],
  rows: rows as DataTable['rows'],
});

describe('triggers', () => {
  it('applies the operator and threshold to the row count', () => {
    expect(triggers({ ...base, triggerOperator: 'gt', triggerThreshold: 2 }, 2)).toBe(false);
    expect(triggers({ ...base, triggerOperator: 'gt', triggerThreshold: 2 }, 3)).toBe(true);
    expect(triggers({ ...base, triggerOperator: 'LessThan', triggerThreshold: 1 }, 0)).toBe(true);
    expect(triggers({ ...base, triggerOperator: 'eq', triggerThreshold: 0 }, 0)).toBe(true);
    expect(triggers({ ...base, triggerOperator: 'ne', triggerThreshold: 0 }, 0)).toBe(false);
    expect(triggers({ ...base, kind: 'NRT' }, 1)).toBe(true);
    expect(triggers({ ...base, kind: 'NRT' }, 0)).toBe(false);
  });
});

describe('buildAlerts', () => {
  const rows = table([
    ['a@x.com', '10.0.0.1', 'Global Administrator', 'High', ['PrivilegeEscalation', 'Bogus'], 'one'],
    ['b@x.com', '', 'User Administrator', 'nonsense', '', 'two'],
    ['a@x.com', '10.0.0.1', 'Global Administrator', 'High', [], 'three'],
  ]);

  it('makes one alert of all rows for SingleAlert, details from the first row, entities from all', () => {
    const alerts = buildAlerts(base, rows);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.displayName).toBe('a@x.com activated Global Administrator');
    expect(a.description).toBe('Details: one');
    expect(a.severity).toBe('High');
    expect(a.tactics).toEqual(['PrivilegeEscalation']);
    expect(a.entities).toEqual([
      { type: 'Account', identifiers: { FullName: 'a@x.com' } },
      { type: 'IP', identifiers: { Address: '10.0.0.1' } },
      { type: 'Account', identifiers: { FullName: 'b@x.com' } },
    ]);
    expect(a.customDetails).toEqual({ Role: ['Global Administrator', 'User Administrator', 'Global Administrator'] });
  });

  it('makes one alert per row for AlertPerResult; invalid severity and tactics fall back to the rule', () => {
    const alerts = buildAlerts({ ...base, eventGroupingSettings: { aggregationKind: 'AlertPerResult' } }, rows);
    expect(alerts.map((a) => a.displayName)).toEqual([
      'a@x.com activated Global Administrator',
      'b@x.com activated User Administrator',
      'a@x.com activated Global Administrator',
    ]);
    expect(alerts[1]!.severity).toBe('Medium');
    expect(alerts[1]!.tactics).toEqual(['InitialAccess']);
    // An entity whose identifiers are all empty is not created.
    expect(alerts[1]!.entities).toEqual([{ type: 'Account', identifiers: { FullName: 'b@x.com' } }]);
  });

  it('caps AlertPerResult at 150 alerts, the last covering the remaining rows', () => {
    const many = table(Array.from({ length: 160 }, (_, i) => [`u${i}@x.com`, '', 'R', 'Low', [], String(i)] as [string, string, string, string, unknown, string]));
    const alerts = buildAlerts({ ...base, eventGroupingSettings: { aggregationKind: 'AlertPerResult' } }, many);
    expect(alerts).toHaveLength(MAX_ALERTS_PER_RUN);
    expect(alerts[148]!.rows).toEqual([148]);
    expect(alerts[149]!.rows).toHaveLength(11);
  });

  it('uses the rule name and description without overrides, and no alert without rows', () => {
    const plain = { ...base, alertDetailsOverride: undefined };
    const [a] = buildAlerts(plain, rows);
    expect(a!.displayName).toBe('Rule name');
    expect(a!.description).toBe('Rule description');
    expect(buildAlerts(plain, table([]))).toEqual([]);
  });
});

describe("Sentinel's entity limits per alert", () => {
  const upns = (n: number, pad = 0): [string, string, string, string, unknown, string][] =>
    Array.from({ length: n }, (_, i) => [`u${i}${'x'.repeat(pad)}@x.com`, i < 10 ? `10.0.0.${i}` : '', 'R', 'Low', [], '']);

  it('divide 500 entities equally among the mappings; the excess is counted, not extracted', () => {
    const [a] = buildAlerts(base, table(upns(300)));
    expect(a!.entities.filter((e) => e.type === 'IP')).toHaveLength(10);
    const accounts = a!.entities.filter((e) => e.type === 'Account').map((e) => e.identifiers.FullName);
    expect(accounts).toHaveLength(250);
    expect(accounts.at(-1)).toBe('u249@x.com');
    expect(a!.entitiesDropped).toBe(50);
  });

  it('stop at the 64 KB Entities field: the entity that would pass it and all after it are dropped', () => {
    const one = { ...base, entityMappings: [base.entityMappings![0]!] };
    const [a] = buildAlerts(one, table(upns(400, 200)));
    const field = (n: number): number => Buffer.byteLength(JSON.stringify(a!.entities.slice(0, n).map(entityRecord)));
    const kept = a!.entities.length;
    expect(field(kept)).toBeLessThanOrEqual(MAX_ENTITIES_FIELD_BYTES);
    const next = { type: 'Account', identifiers: { FullName: `u${kept}${'x'.repeat(200)}@x.com` } };
    expect(Buffer.byteLength(JSON.stringify([...a!.entities, next].map(entityRecord)))).toBeGreaterThan(MAX_ENTITIES_FIELD_BYTES);
    expect(a!.entitiesDropped).toBe(400 - kept);
    expect(kept).toBeLessThan(400);
  });

  it('leave an alert within them as it is', () => {
    expect(buildAlerts(base, table(upns(5)))[0]!.entitiesDropped).toBeUndefined();
  });
});
