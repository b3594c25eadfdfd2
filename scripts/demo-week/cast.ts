// Who acts in the demo week. Tier-0 admins, their PAWs and the break-glass accounts are those of the
// repository's watchlists (watchlists/*.csv), so the rules and panels recognise them; everyone else is a
// pseudonym drawn from the seed. Addresses are documentation ranges (RFC 5737), the tenant is Contoso.
import type { Rng } from './random.js';

export const TENANT_ID = '4c1f2b8e-3a5d-4e7f-9b1c-2d3e4f5a6b7c';

export interface Device {
  deviceId: string;
  displayName: string;
  operatingSystem: string;
  browser: string;
  /** Absent on an unregistered device, as Entra logs it. */
  isCompliant?: boolean;
  isManaged?: boolean;
  trustType?: string;
}

export interface Person {
  upn: string;
  name: string;
  oid: string;
  department: string;
  created: string;
  enabled: boolean;
  /** The device the person normally signs in from. */
  device: Device;
  /** Signs in during the week (dormant accounts do not). */
  active: boolean;
}

const laptop = (deviceId: string, displayName: string): Device => ({
  deviceId, displayName, operatingSystem: 'Windows 11', browser: 'Edge 134.0.0', isCompliant: true, isManaged: true, trustType: 'Azure AD joined',
});
const paw = (deviceId: string, displayName: string): Device => ({ ...laptop(deviceId, displayName), browser: 'Edge 134.0.0' });

export const UNREGISTERED_DEVICE: Device = { deviceId: '', displayName: '', operatingSystem: 'MacOs', browser: 'Safari 17.6' };

const admin = (upn: string, name: string, oid: string, department: string, device: Device): Person => ({
  upn, name, oid, department, created: '2024-05-02T10:00:00.0000000Z', enabled: true, device, active: true,
});

/** As in watchlists/Tier0Admins.csv and watchlists/PawDevices.csv. */
export const ALICE = admin('adm-alice.nguyen@contoso.com', 'Alice Nguyen (Tier-0 admin)', '8e2f4a6c-1b3d-4f5e-9a7c-2d4f6b8a0c11', 'Identity Engineering', paw('c3a1e5f7-2b4d-4c6e-8f0a-1b3d5f7a9c21', 'PAW-ALICE-01'));
export const RAVI = admin('adm-ravi.patel@contoso.com', 'Ravi Patel (Tier-0 admin)', '8e2f4a6c-1b3d-4f5e-9a7c-2d4f6b8a0c12', 'Identity Engineering', paw('c3a1e5f7-2b4d-4c6e-8f0a-1b3d5f7a9c22', 'PAW-RAVI-01'));
export const SOFIA = admin('adm-sofia.berg@contoso.com', 'Sofia Berg (Tier-0 admin)', '8e2f4a6c-1b3d-4f5e-9a7c-2d4f6b8a0c13', 'Cloud Platform', paw('c3a1e5f7-2b4d-4c6e-8f0a-1b3d5f7a9c23', 'PAW-SOFIA-01'));
/** Ravi's everyday laptop: registered and compliant, but not a PAW. */
export const RAVI_LAPTOP = laptop('d7e9f1a3-5b7c-4d9e-8f1a-3b5c7d9e1f42', 'LT-RPATEL-07');
/** Privileged admins outside Tier 0. */
export const JON = admin('adm-jon.ito@contoso.com', 'Jon Ito (admin)', '8e2f4a6c-1b3d-4f5e-9a7c-2d4f6b8a0c18', 'Service Desk', laptop('d7e9f1a3-5b7c-4d9e-8f1a-3b5c7d9e1f51', 'LT-JITO-02'));
export const LENA = admin('adm-lena.fischer@contoso.com', 'Lena Fischer (admin)', '8e2f4a6c-1b3d-4f5e-9a7c-2d4f6b8a0c14', 'Security Operations', laptop('d7e9f1a3-5b7c-4d9e-8f1a-3b5c7d9e1f53', 'LT-LFISCHER-01'));
export const ADMINS = [ALICE, RAVI, SOFIA, JON, LENA];

/** As in watchlists/BreakGlassAccounts.csv: bg-admin01 is tested this week, bg-admin02 is not. */
const breakGlass = (n: string, oid: string): Person => ({
  upn: `bg-admin${n}@contoso.onmicrosoft.com`, name: `Emergency Access ${n}`, oid, department: '', created: '2023-01-10T09:00:00.0000000Z',
  enabled: true, device: UNREGISTERED_DEVICE, active: false,
});
export const BREAK_GLASS = [breakGlass('01', '5b7e1c2a-9d3f-4e8b-a6c1-0f2d4e6a8b01'), breakGlass('02', '5b7e1c2a-9d3f-4e8b-a6c1-0f2d4e6a8b02')];

const FIRST = ['Noor', 'Daan', 'Emma', 'Lucas', 'Sanne', 'Milan', 'Fleur', 'Sem', 'Julia', 'Finn', 'Lotte', 'Bram', 'Iris', 'Thijs', 'Yara', 'Ruben', 'Eva', 'Jesse', 'Mila', 'Koen', 'Zoe', 'Timo', 'Nina', 'Hugo'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer', 'Kok', 'Vermeulen'];
const DEPARTMENTS = ['Finance', 'Sales', 'Legal', 'Marketing', 'Operations', 'HR', 'Engineering'];

/**
 * Ordinary staff: most sign in on working days; three dormant accounts are enabled but unused (ISM-1404), one
 * leaver is disabled, one starter was created on 2 March.
 */
export function staff(rng: Rng, count = 24): Person[] {
  const taken = new Set<string>();
  const out: Person[] = [];
  while (out.length < count) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const upn = `${first}.${last.replace(/ /g, '')}@contoso.com`.toLowerCase();
    if (taken.has(upn)) continue;
    taken.add(upn);
    const i = out.length;
    const created = `20${rng.int(21, 25)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}T09:00:00.0000000Z`;
    out.push({
      upn, name: `${first} ${last}`, oid: rng.uuid(), department: rng.pick(DEPARTMENTS),
      created: i === count - 1 ? '2026-03-02T08:30:00.0000000Z' : created,
      enabled: i !== count - 2,
      device: laptop(rng.uuid(), `LT-${first.toUpperCase()}-${String(rng.int(1, 99)).padStart(2, '0')}`),
      active: i >= 3 && i !== count - 2,
    });
  }
  return out;
}
