// Sign-ins of the week, interactive (SigninLogs) and non-interactive token refreshes
// (AADNonInteractiveUserSignInLogs, whose device, location and status columns are JSON text).
import { ALICE, BREAK_GLASS, type Device, type Person, RAVI, RAVI_LAPTOP, SOFIA, TENANT_ID, UNREGISTERED_DEVICE } from './cast.js';
import { HOUR, isWorkday, iso, local, MINUTE } from './clock.js';
import type { Rng } from './random.js';

export type Row = Record<string, unknown>;

interface Place {
  ip: string;
  city: string;
  state: string;
  country: string;
  lat: number;
  lon: number;
}

const OFFICE: Place = { ip: '198.51.100.10', city: 'Amsterdam', state: 'Noord-Holland', country: 'NL', lat: 52.37, lon: 4.89 };
const homeOf = (rng: Rng): Place => ({ ip: `203.0.113.${rng.int(20, 220)}`, city: 'Utrecht', state: 'Utrecht', country: 'NL', lat: 52.09, lon: 5.12 });
const HOTEL: Place = { ip: '192.0.2.201', city: 'Lisbon', state: 'Lisboa', country: 'PT', lat: 38.72, lon: -9.14 };

const APPS = {
  portal: ['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Windows Azure Service Management API'],
  office: ['Office 365', '4765445b-32c6-49b0-83e6-1d93765276ca', 'Office 365 Exchange Online'],
  teams: ['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Microsoft Graph'],
  outlook: ['Microsoft Office', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'Office 365 Exchange Online'],
} as const;
type App = keyof typeof APPS;

const FAILURES: [string, string][] = [
  ['50126', 'Invalid username or password or Invalid on-premise username or password.'],
  ['50074', 'Strong Authentication is required.'],
  ['500121', 'Authentication failed during strong authentication request.'],
];

interface SignIn {
  person: Person;
  at: number;
  app: App;
  device: Device;
  place: Place;
  interactive: boolean;
  failure?: [string, string];
}

function signInRow(rng: Rng, s: SignIn): Row {
  const [app, appId, resource] = APPS[s.app];
  const device = Object.fromEntries(Object.entries(s.device).filter(([k, v]) => v !== '' || k === 'deviceId'));
  const location = { city: s.place.city, state: s.place.state, countryOrRegion: s.place.country, geoCoordinates: { latitude: s.place.lat, longitude: s.place.lon } };
  const status = s.failure ? { errorCode: Number(s.failure[0]), failureReason: s.failure[1] } : { errorCode: 0 };
  const admin = s.person.upn.startsWith('adm-') || s.person.upn.startsWith('bg-');
  const text = (v: unknown): unknown => (s.interactive ? v : JSON.stringify(v));
  return {
    TimeGenerated: iso(s.at), CreatedDateTime: iso(s.at), TenantId: TENANT_ID, AADTenantId: TENANT_ID, SourceSystem: 'Azure AD',
    OperationName: 'Sign-in activity', Category: s.interactive ? 'SignInLogs' : 'NonInteractiveUserSignInLogs',
    ResultType: s.failure?.[0] ?? '0', ResultDescription: s.failure?.[1] ?? '', CorrelationId: rng.uuid(), Id: rng.uuid(),
    Identity: s.person.name, UserDisplayName: s.person.name, UserPrincipalName: s.person.upn, UserId: s.person.oid, UserType: 'Member',
    AppDisplayName: app, AppId: appId, ResourceDisplayName: resource, ClientAppUsed: s.app === 'outlook' ? 'Mobile Apps and Desktop clients' : 'Browser',
    IPAddress: s.place.ip, Location: s.place.country, LocationDetails: text(location), DeviceDetail: text(device), Status: text(status),
    IsInteractive: s.interactive, AuthenticationRequirement: admin || s.interactive ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
    ConditionalAccessStatus: s.failure ? 'notApplied' : 'success', RiskLevelDuringSignIn: 'none', RiskState: 'none',
    Type: s.interactive ? 'SigninLogs' : 'AADNonInteractiveUserSignInLogs',
  };
}

/** A working day of one person: a morning sign-in, maybe an afternoon one, token refreshes through the day. */
function workday(rng: Rng, person: Person, day: number, app: App): SignIn[] {
  const place = rng.chance(0.7) ? OFFICE : homeOf(rng);
  const start = local(day, rng.int(7, 9), rng.int(0, 59), rng.int(0, 59));
  const out: SignIn[] = [];
  if (rng.chance(0.06)) out.push({ person, at: start - rng.int(1, 5) * MINUTE, app, device: person.device, place, interactive: true, failure: rng.pick(FAILURES) });
  out.push({ person, at: start, app, device: person.device, place, interactive: true });
  if (rng.chance(0.5)) out.push({ person, at: start + rng.int(4, 7) * HOUR, app: 'office', device: person.device, place, interactive: true });
  for (let i = 1; i <= rng.int(2, 4); i++) {
    out.push({ person, at: start + i * rng.int(60, 130) * MINUTE, app: rng.pick(['teams', 'outlook'] as const), device: person.device, place, interactive: false });
  }
  return out;
}

/** The week's notable sign-ins: the break-glass test, Ravi on his laptop, Sofia on a hotel machine. */
function notable(rng: Rng): SignIn[] {
  const [bg] = BREAK_GLASS;
  const test = local(2, 10, 5, 12);
  return [
    { person: bg!, at: test, app: 'portal', device: UNREGISTERED_DEVICE, place: OFFICE, interactive: true },
    { person: bg!, at: test + 6 * MINUTE, app: 'portal', device: UNREGISTERED_DEVICE, place: OFFICE, interactive: false },
    { person: bg!, at: test + 14 * MINUTE, app: 'portal', device: UNREGISTERED_DEVICE, place: OFFICE, interactive: false },
    { person: RAVI, at: local(1, 14, 10, 31), app: 'portal', device: RAVI_LAPTOP, place: homeOf(rng), interactive: true },
    { person: SOFIA, at: local(3, 21, 15, 8), app: 'portal', device: UNREGISTERED_DEVICE, place: HOTEL, interactive: true },
    { person: SOFIA, at: local(3, 21, 22, 40), app: 'portal', device: UNREGISTERED_DEVICE, place: HOTEL, interactive: false },
    // Alice signs in on her PAW for the out-of-hours activation on Tuesday night.
    { person: ALICE, at: local(1, 23, 34, 2), app: 'portal', device: ALICE.device, place: homeOf(rng), interactive: true },
  ];
}

export function signIns(rng: Rng, people: readonly Person[]): { interactive: Row[]; nonInteractive: Row[] } {
  const all: SignIn[] = [];
  for (let day = 0; day < 7; day++) {
    if (!isWorkday(day)) continue;
    for (const p of people) if (p.active) all.push(...workday(rng, p, day, p.upn.startsWith('adm-') ? 'portal' : 'office'));
  }
  all.push(...notable(rng));
  const rows = all.map((s) => ({ interactive: s.interactive, row: signInRow(rng, s) }));
  return { interactive: rows.filter((r) => r.interactive).map((r) => r.row), nonInteractive: rows.filter((r) => !r.interactive).map((r) => r.row) };
}
