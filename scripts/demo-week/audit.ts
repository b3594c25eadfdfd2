// AuditLogs of the week: PIM requests, approvals, denials, activations and their expiry, eligible and
// permanent role assignments (through PIM and directly), and access review decisions. Shapes follow the
// recorded rows of fixtures/audit (PIM service and Core Directory events) and Microsoft's activity names.
import { ALICE, JON, LENA, type Person, RAVI, SOFIA, TENANT_ID } from './cast.js';
import { HOUR, iso, local, MINUTE } from './clock.js';
import type { Rng } from './random.js';
import type { Row } from './signins.js';

interface Role {
  name: string;
  templateId: string;
  objectId: string;
  wellKnown?: string;
}

const GA: Role = { name: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10', objectId: '1a7d3e5c-0b2f-4d6a-9c8e-1f3b5d7a9c01', wellKnown: 'TenantAdmins' };
const PRA: Role = { name: 'Privileged Role Administrator', templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', objectId: '06f2be79-7b9b-4e6a-ab0f-05413447b6a7', wellKnown: 'PrivilegedRoleAdmins' };
const SECURITY: Role = { name: 'Security Administrator', templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d', objectId: '1a7d3e5c-0b2f-4d6a-9c8e-1f3b5d7a9c03' };
const CA: Role = { name: 'Conditional Access Administrator', templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', objectId: '1a7d3e5c-0b2f-4d6a-9c8e-1f3b5d7a9c04' };
const EXCHANGE: Role = { name: 'Exchange Administrator', templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de', objectId: '1a7d3e5c-0b2f-4d6a-9c8e-1f3b5d7a9c05' };
const USER_ADMIN: Role = { name: 'User Administrator', templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', objectId: '1a7d3e5c-0b2f-4d6a-9c8e-1f3b5d7a9c06' };
/** An Azure resource role as PIM for Azure resources logs it (category ResourceManagement). */
const OWNER: Role = { name: 'Owner', templateId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', objectId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' };
export const SUBSCRIPTION = { id: '6f9a2c4e-8b0d-4f1a-9c3e-5a7b9d1f3e01', name: 'sub-contoso-prod' };

const MS_PIM = { app: { appId: null, displayName: 'MS-PIM', servicePrincipalId: 'd4b5a6c7-8e9f-4a0b-9c1d-2e3f4a5b6c01', servicePrincipalName: null } };
const userActor = (p: Person, ip: string) => ({ user: { id: p.oid, displayName: p.name, userPrincipalName: p.upn, ipAddress: ip, roles: [] } });
const ipOf = (p: Person): string => `192.0.2.${10 + Number.parseInt(p.oid.slice(-2), 16) % 40}`;

function base(rng: Rng, at: number, op: string, category: string, service: string): Row {
  return {
    TimeGenerated: iso(at), ActivityDateTime: iso(at), TenantId: TENANT_ID, AADTenantId: TENANT_ID, SourceSystem: 'Azure AD',
    OperationName: op, ActivityDisplayName: op, Category: category, LoggedByService: service, CorrelationId: rng.uuid(),
    Id: `${service === 'PIM' ? 'PIM' : service === 'Core Directory' ? 'Directory' : 'AccessReviews'}_${rng.uuid()}_${rng.int(0x10000, 0xfffff).toString(16).toUpperCase()}_1`,
    Result: 'success', ResultReason: '', Level: '4', OperationVersion: '1.0', Type: 'AuditLogs',
  };
}

interface PimEvent {
  at: number;
  op: string;
  aadOp: string;
  actor: Person | 'MS-PIM';
  member: Person;
  role: Role;
  requestId: string;
  reason: string;
  result?: 'success' | 'failure';
  window?: [number, number];
}

function pimRow(rng: Rng, e: PimEvent): Row {
  const azure = e.role === OWNER;
  const resource = azure ? { id: `/subscriptions/${SUBSCRIPTION.id}`, displayName: SUBSCRIPTION.name, type: 'subscription' } : { id: TENANT_ID, displayName: 'Contoso', type: 'Directory' };
  const actor = e.actor === 'MS-PIM' ? MS_PIM : userActor(e.actor, ipOf(e.actor));
  const details = [
    { key: 'RoleDefinitionOriginId', value: e.role.templateId }, { key: 'RoleDefinitionOriginType', value: 'BuiltInRole' }, { key: 'TemplateId', value: e.role.templateId },
    ...(e.window ? [{ key: 'StartTime', value: iso(e.window[0]) }, { key: 'ExpirationTime', value: iso(e.window[1]) }] : []),
    ...(e.reason ? [{ key: 'Justification', value: e.reason }] : []),
    { key: 'RequestId', value: e.requestId },
  ];
  return {
    ...base(rng, e.at, e.op, azure ? 'ResourceManagement' : 'RoleManagement', 'PIM'),
    Result: e.result ?? 'success', ResultReason: e.reason, AADOperationType: e.aadOp, Identity: e.actor === 'MS-PIM' ? 'MS-PIM' : e.actor.name, InitiatedBy: actor,
    TargetResources: [
      { id: e.role.templateId, displayName: e.role.name, type: 'Role', administrativeUnits: [] },
      { id: e.requestId, type: 'Request', administrativeUnits: [] },
      { id: e.member.oid, displayName: e.member.name, type: 'User', userPrincipalName: e.member.upn, administrativeUnits: [] },
      { ...resource, administrativeUnits: [] },
    ],
    AdditionalDetails: details,
  };
}

/** The directory write behind an assignment: by MS-PIM for PIM's own, by a person when made outside PIM. */
function directoryRow(rng: Rng, at: number, op: string, actor: Person | 'MS-PIM', member: Person | { upn: string; oid: string; name: string }, role: Role): Row {
  const props = [
    { displayName: 'Role.ObjectID', oldValue: null, newValue: JSON.stringify(role.objectId) },
    { displayName: 'Role.DisplayName', oldValue: null, newValue: JSON.stringify(role.name) },
    { displayName: 'Role.TemplateId', oldValue: null, newValue: JSON.stringify(role.templateId) },
    ...(role.wellKnown ? [{ displayName: 'Role.WellKnownObjectName', oldValue: null, newValue: JSON.stringify(role.wellKnown) }] : []),
  ];
  return {
    ...base(rng, at, op, 'RoleManagement', 'Core Directory'),
    AADOperationType: op.startsWith('Remove') ? 'Unassign' : 'Assign', Identity: actor === 'MS-PIM' ? 'MS-PIM' : actor.name,
    InitiatedBy: actor === 'MS-PIM' ? MS_PIM : userActor(actor, ipOf(actor)),
    TargetResources: [{ id: member.oid, displayName: null, type: 'User', userPrincipalName: member.upn, administrativeUnits: [], modifiedProperties: props }],
    AdditionalDetails: [],
  };
}

interface Activation {
  member: Person;
  role: Role;
  at: number;
  hours: number;
  reason: string;
  approver?: Person;
}

/** Requested, approved when the role needs it, completed, and removed again when the window expires. */
function activation(rng: Rng, a: Activation): Row[] {
  const requestId = rng.uuid();
  const ev = (at: number, op: string, aadOp: string, actor: Person | 'MS-PIM', extra: Partial<PimEvent> = {}): Row =>
    pimRow(rng, { at, op, aadOp, actor, member: a.member, role: a.role, requestId, reason: a.reason, ...extra });
  const rows = [ev(a.at, 'Add member to role requested (PIM activation)', 'CreateRequestActivation', a.member)];
  let start = a.at + rng.int(3, 9) * 1000;
  if (a.approver) {
    rows.push(ev(a.at + 2000, 'Add member to role approval requested (PIM activation)', 'CreateRequestActivation', a.member));
    start = a.at + rng.int(4, 25) * MINUTE;
    rows.push(ev(start - 2000, 'Add member to role request approved (PIM activation)', '', a.approver, { reason: 'Approved: change ticket checked' }));
  }
  const end = start + a.hours * HOUR;
  rows.push(ev(start, 'Add member to role completed (PIM activation)', 'ActivateRole', a.member, { window: [start, end] }));
  if (a.role !== OWNER) rows.push(directoryRow(rng, start + 1000, 'Add member to role', 'MS-PIM', a.member, a.role));
  rows.push(ev(end, 'Remove member from role (PIM activation expired)', 'RemoveActivatedRole', 'MS-PIM', { reason: '' }));
  if (a.role !== OWNER) rows.push(directoryRow(rng, end + 1000, 'Remove member from role', 'MS-PIM', a.member, a.role));
  return rows;
}

/** Jon asks for Privileged Role Administrator three times on Thursday morning: denied twice, then failed MFA. */
function refusals(rng: Rng): Row[] {
  const refusal = (at: number, minutes: number, approver: Person | undefined, reason: string): Row[] => {
    const requestId = rng.uuid();
    const ev = (t: number, op: string, aadOp: string, actor: Person, extra: Partial<PimEvent> = {}): Row =>
      pimRow(rng, { at: t, op, aadOp, actor, member: JON, role: PRA, requestId, reason: 'CHG0051133 service desk role review', ...extra });
    if (!approver) return [ev(at, 'Add member to role requested (PIM activation)', 'CreateRequestActivation', JON, { result: 'failure', reason })];
    return [
      ev(at, 'Add member to role requested (PIM activation)', 'CreateRequestActivation', JON),
      ev(at + 2000, 'Add member to role approval requested (PIM activation)', 'CreateRequestActivation', JON),
      ev(at + minutes * MINUTE, 'Add member to role request denied (PIM activation)', '', approver, { reason }),
    ];
  };
  return [
    ...refusal(local(3, 9, 30, 14), 22, ALICE, 'No approved change for Privileged Role Administrator'),
    ...refusal(local(3, 10, 20, 3), 21, RAVI, 'Use Security Administrator for this task'),
    ...refusal(local(3, 11, 5, 47), 0, undefined, 'MFA was not completed for the activation'),
  ];
}

/** Lena's Thursday request waits for an approver who never answers: PIM expires it after 24 hours. */
function expiredRequest(rng: Rng): Row[] {
  const requestId = rng.uuid();
  const at = local(3, 16, 2, 9);
  const ev = (t: number, op: string, actor: Person | 'MS-PIM'): Row =>
    pimRow(rng, { at: t, op, aadOp: 'CreateRequestActivation', actor, member: LENA, role: SECURITY, requestId, reason: 'INC0013177 triage phishing campaign' });
  return [
    ev(at, 'Add member to role requested (PIM activation)', LENA),
    ev(at + 2000, 'Add member to role approval requested (PIM activation)', LENA),
    ev(at + 24 * HOUR, 'PIM activation request expired', 'MS-PIM'),
  ];
}

/** Alice asks for Global Administrator while her activation still runs: a benign RoleAssignmentExists failure. */
function benignFailure(rng: Rng): Row {
  return pimRow(rng, {
    at: local(4, 10, 31, 5), op: 'Add member to role requested (PIM activation)', aadOp: 'CreateRequestActivation', actor: ALICE, member: ALICE,
    role: GA, requestId: rng.uuid(), reason: 'RoleAssignmentExists', result: 'failure',
  });
}

const ACTIVATIONS = (rng: Rng): Activation[] => [
  { member: ALICE, role: CA, at: local(0, 9, 10, 4), hours: 2, reason: 'CHG0051012 update CA policy exclusions' },
  { member: RAVI, role: PRA, at: local(0, 10, 30, 40), hours: 4, reason: 'CHG0051020 onboard Lena as Security Administrator', approver: ALICE },
  { member: SOFIA, role: OWNER, at: local(0, 15, 0, 21), hours: 3, reason: 'CHG0051024 rotate storage account keys' },
  { member: ALICE, role: GA, at: local(1, 9, 5, 2), hours: 1, reason: 'INC0013102 licensing outage', approver: RAVI },
  { member: ALICE, role: GA, at: local(1, 23, 40, 11), hours: 2, reason: 'INC0013140 restore Conditional Access policy after outage' },
  { member: RAVI, role: PRA, at: local(4, 8, 45, 33), hours: 4, reason: 'CHG0051190 quarterly role clean-up', approver: ALICE },
  { member: ALICE, role: GA, at: local(4, 10, 0, 40), hours: 2, reason: 'CHG0051195 tenant-wide setting change', approver: RAVI },
  { member: SOFIA, role: OWNER, at: local(5, 10, 30, 18), hours: 2, reason: 'INC0013201 restore failed backup job' },
  // Routine work: one more activation per Tier-0 admin on most working days.
  ...[0, 1, 2, 3, 4].flatMap((day) =>
    [ALICE, RAVI, SOFIA].filter(() => rng.chance(0.7)).map((member) => ({
      member, role: member === SOFIA ? OWNER : rng.pick([SECURITY, CA, USER_ADMIN]), at: local(day, rng.int(11, 16), rng.int(0, 59), rng.int(0, 59)),
      hours: rng.int(1, 6), reason: `CHG00512${String(rng.int(0, 99)).padStart(2, '0')} ${rng.pick(['user lifecycle', 'policy review', 'incident follow-up', 'access request'])}`,
    })),
  ),
];

/** Eligible assignments through PIM, and three permanent ones: one through PIM, one direct in Entra ID. */
function assignments(rng: Rng): Row[] {
  const eligible = (at: number, member: Person, role: Role, kind: 'permanent' | 'timebound', by: Person): Row[] => {
    const requestId = rng.uuid();
    const ev = (t: number, op: string, aadOp: string, actor: Person | 'MS-PIM'): Row =>
      pimRow(rng, { at: t, op, aadOp, actor, member, role, requestId, reason: 'CHG0051020 admin onboarding' });
    return [
      ev(at, `Add eligible member to role in PIM requested (${kind})`, 'CreateRequestPermanentEligibleRole', by),
      directoryRow(rng, at + 1000, 'Add eligible member to role', 'MS-PIM', member, role),
      ev(at + 2000, `Add eligible member to role in PIM completed (${kind})`, 'AssignEligibleRole', by),
    ];
  };
  const permanentInPim = (at: number, member: Person, role: Role, by: Person): Row[] => {
    const requestId = rng.uuid();
    const ev = (t: number, op: string, aadOp: string): Row => pimRow(rng, { at: t, op, aadOp, actor: by, member, role, requestId, reason: 'CHG0051210 standing access for the user lifecycle runbook' });
    return [ev(at, 'Add member to role in PIM requested (permanent)', 'CreateRequestPermanentGrantedRole'), directoryRow(rng, at + 1000, 'Add member to role', 'MS-PIM', member, role), ev(at + 2000, 'Add member to role in PIM completed (permanent)', 'CreateRequestPermanentGrantedRole')];
  };
  const mailflow = { upn: 'svc-mailflow@contoso.com', oid: '2a4c6e8f-0b1d-4e3f-8a5c-7e9b1d3f5a11', name: 'svc-mailflow' };
  return [
    ...eligible(local(0, 11, 2, 15), LENA, SECURITY, 'permanent', RAVI),
    ...eligible(local(2, 9, 40, 2), JON, USER_ADMIN, 'timebound', RAVI),
    ...eligible(local(3, 14, 12, 50), LENA, CA, 'timebound', ALICE),
    directoryRow(rng, local(2, 11, 20, 44), 'Add member to role', RAVI, mailflow, EXCHANGE),
    ...permanentInPim(local(4, 14, 0, 5), LENA, USER_ADMIN, RAVI),
  ];
}

/** Two quarterly access reviews close this week; reviewers decide some reviewees, the review decides the rest. */
function accessReviews(rng: Rng, staff: readonly Person[]): Row[] {
  const ciso = staff[5]!;
  const manager = staff[6]!;
  const decision = (at: number, op: string, review: string, reviewId: string, reviewee: Person | { upn: string; oid: string; name: string }, reviewer?: Person): Row => ({
    ...base(rng, at, op, op === 'Auto review' ? 'UserManagement' : 'Policy', 'Access Reviews'),
    AADOperationType: 'Update', Identity: reviewer?.name ?? 'Azure AD Access Reviews',
    InitiatedBy: reviewer ? userActor(reviewer, '198.51.100.10') : { app: { displayName: 'Azure AD Access Reviews', appId: null, servicePrincipalId: null, servicePrincipalName: null } },
    TargetResources: [
      { id: reviewId, displayName: review, type: 'Other', administrativeUnits: [] },
      { id: reviewee.oid, displayName: reviewee.name, type: 'User', userPrincipalName: reviewee.upn, administrativeUnits: [] },
    ],
    AdditionalDetails: [],
  });
  const contractor = { upn: 'adm-old.contractor@contoso.com', oid: '8e2f4a6c-1b3d-4f5e-9a7c-2d4f6b8a0c19', name: 'Former contractor (admin)' };
  const ga = ['Q1 2026 review: Global Administrator', rng.uuid()] as const;
  const t0 = ['Q1 2026 review: Tier-0 admins group', rng.uuid()] as const;
  return [
    decision(local(0, 14, 3, 0), 'Approve decision', ...ga, ALICE, ciso),
    decision(local(0, 14, 4, 30), 'Approve decision', ...ga, RAVI, ciso),
    decision(local(1, 9, 12, 10), 'Approve decision', ...ga, SOFIA, ciso),
    decision(local(1, 9, 13, 2), 'Deny decision', ...ga, contractor, ciso),
    decision(local(4, 23, 0, 5), 'Auto review', ...ga, JON),
    decision(local(4, 23, 0, 6), 'Access review ended', ...ga, JON),
    decision(local(2, 16, 40, 0), 'Approve decision', ...t0, ALICE, manager),
    decision(local(2, 16, 41, 12), "Don't know decision", ...t0, SOFIA, manager),
    decision(local(4, 23, 0, 9), 'Auto review', ...t0, RAVI),
    decision(local(4, 23, 0, 10), 'Auto review', ...t0, LENA),
    decision(local(4, 23, 0, 11), 'Access review ended', ...t0, LENA),
  ];
}

export function auditLogs(rng: Rng, staff: readonly Person[]): Row[] {
  return [
    ...ACTIVATIONS(rng).flatMap((a) => activation(rng, a)),
    ...refusals(rng),
    ...expiredRequest(rng),
    benignFailure(rng),
    ...assignments(rng),
    ...accessReviews(rng, staff),
  ];
}
