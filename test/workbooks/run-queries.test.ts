// The bundled workbook's queries run on the embedded engine over the rules' fixtures, so what the SOC sees
// is checked, not just that it analyzes: activations fall in the right local hour and business-hours
// bucket for each environment's time zone, Tier-0 sign-ins are classed by device, break-glass sign-ins show.
import { describe, expect, it } from 'vitest';
import type { WireValue } from '../../src/kql/table.js';
import { runPanel as run } from './run-panel.js';

const PIM = { AuditLogs: ['fixtures/audit/pim-activation-weeknight.jsonl', 'fixtures/audit/pim-activation-weekday-office-hours.jsonl'] };
const nonZero = (rows: Record<string, WireValue>[]) => rows.filter((r) => r['BusinessHours'] !== 0 || r['OutOfHours'] !== 0);

describe('privileged-access workbook queries on fixtures', () => {
  it('puts PIM activations in the local hour of the organisation (local: Europe/Amsterdam, 08:00-18:00)', () => {
    const rows = run('local', 'pim-by-hour', PIM);
    expect(rows).toHaveLength(24);
    // 09:15Z is 10:15 CET (office hours); 22:40Z on a Tuesday is 23:40 CET (out of hours).
    expect(nonZero(rows)).toEqual([
      { LocalHour: '10:00', BusinessHours: 1, OutOfHours: 0 },
      { LocalHour: '23:00', BusinessHours: 0, OutOfHours: 1 },
    ]);
  });

  it('judges the same activations in Sydney for example-prod (08:30-17:30, AEDT)', () => {
    // 09:15Z is 20:15 AEDT (out of hours); 22:40Z is 09:40 AEDT the next morning (office hours).
    expect(nonZero(run('example-prod', 'pim-by-hour', PIM))).toEqual([
      { LocalHour: '09:00', BusinessHours: 1, OutOfHours: 0 },
      { LocalHour: '20:00', BusinessHours: 0, OutOfHours: 1 },
    ]);
  });

  it('lists the out-of-hours activation with its local time and reason', () => {
    const rows = run('local', 'pim-out-of-hours', PIM);
    expect(rows.map((r) => [r['LocalTime'], r['Reason']])).toEqual([['2026-03-03 23:40', 'outside working hours']]);
  });

  it('classes Tier-0 sign-ins by device', () => {
    const rows = run('local', 'tier0-device-classes', { SigninLogs: ['fixtures/signin/tier0-paw.jsonl', 'fixtures/signin/tier0-non-paw.jsonl'] });
    // Two PAW sign-ins; one from an unregistered device and one from a registered device that is not a PAW.
    expect(Object.fromEntries(rows.map((r) => [r['DeviceClass'], r['SignIns']]))).toEqual({ PAW: 2, 'Unregistered device': 1, 'Registered non-PAW device': 1 });
  });

  it('shows break-glass sign-ins by account and source IP', () => {
    const rows = run('local', 'break-glass-sign-ins', { SigninLogs: ['fixtures/signin/break-glass-interactive.jsonl'] });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => String(r['UserPrincipalName']).startsWith('bg-admin'))).toBe(true);
  });
});
