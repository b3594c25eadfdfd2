// Defender custom detection limits, as docs/reference/defender-custom-detections.md states them.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFENDER_LIMITS = {
  /** §3.1: at most 20 custom detail pairs (and 4 KB per alert). */
  maxCustomDetails: 20,
  maxCustomDetailsBytes: 4096,
  /** §3.1: alerts one run of a custom detection raises at most. */
  alertsPerRun: 150,
  /** §3.1: `{{Column}}` in title and description, at most 3 columns per field. */
  maxAlertTextColumns: 3,
} as const;

/** §3.1 Lookback (preview): at least the frequency and at most this, by frequency band. */
export const LOOKBACK_BANDS: readonly { from: number; to: number; maxLookback: number; inclusive: boolean; text: string }[] = [
  { from: 5 * MINUTE, to: HOUR, maxLookback: 48 * HOUR, inclusive: false, text: 'less than 48h for frequencies from 5m to under 1h' },
  { from: HOUR, to: DAY, maxLookback: 14 * DAY, inclusive: true, text: 'at most 14d for frequencies from 1h to under 1d' },
  { from: DAY, to: 14 * DAY + 1, maxLookback: 30 * DAY, inclusive: true, text: 'at most 30d for frequencies from 1d to 14d' },
];

/** §3.4: the Sentinel and Defender tables a continuous (NRT) custom detection may query. */
export const NRT_TABLES: ReadonlySet<string> = new Set([
  'AlertEvidence', 'CloudAppEvents', 'UrlClickEvents',
  'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceLogonEvents',
  'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceInfo', 'DeviceProcessEvents', 'DeviceRegistryEvents',
  'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents', 'EmailUrlInfo',
  'IdentityDirectoryEvents', 'IdentityLogonEvents', 'IdentityQueryEvents',
  'ABAPAuditLog_C', 'ABAPChangeDocsLog_CL', 'AuditLogs', 'SigninLogs', 'MicrosoftGraphActivityLogs',
  'AWSCloudTrail', 'AWSGuardDuty', 'AzureActivity', 'GCPAuditLogs',
  'CommonSecurityLog', 'OfficeActivity', 'SecurityAlert', 'SecurityEvent',
  'Okta_CL', 'OktaV2_CL', 'ProofpointPOD', 'ProofPointTAPClicksPermitted_CL', 'ProofPointTAPMessagesDelivered_CL',
]);

export interface TableFamily {
  name: string;
  matches: (table: string) => boolean;
  /** Columns the result must carry, besides a time column. */
  columns: readonly string[];
  why: string;
}

/** §3.2: columns Defender needs per table family (order matters: the first family that matches applies). */
export const TABLE_FAMILIES: readonly TableFamily[] = [
  { name: 'Defender for Endpoint', matches: (t) => /^Device/.test(t), columns: ['DeviceId', 'ReportId'], why: 'device-group scoping and the process tree need them' },
  { name: 'Defender observation', matches: (t) => /^Observation/.test(t), columns: ['ObservationId'], why: 'Observation* tables need Timestamp and ObservationId' },
  { name: 'Defender alert', matches: (t) => /^Alert(Evidence|Info)$/.test(t), columns: [], why: 'Alert* tables need Timestamp' },
  {
    name: 'Defender XDR',
    matches: (t) => /^(Email(Events|AttachmentInfo|PostDeliveryEvents|UrlInfo)|Identity(Directory|Logon|Query)Events|CloudAppEvents|UrlClickEvents)$/.test(t),
    columns: ['ReportId'],
    why: 'Defender tables need Timestamp and ReportId from the same event',
  },
];

/** §3.1: entity kinds Defender can map as impacted assets; a rule must map at least one. */
export const ASSET_COLLECTIONS = ['accounts', 'hosts', 'mailboxes', 'cloudApplications', 'azureResources', 'amazonResources', 'googleCloudResources'] as const;

/** §3.2: result columns from which Defender maps assets itself on Defender tables. */
export const AUTO_ASSET_COLUMNS: readonly string[] = [
  'DeviceId', 'DeviceName', 'RemoteDeviceName',
  'RecipientEmailAddress', 'SenderFromAddress', 'SenderMailFromAddress', 'SenderObjectId', 'RecipientObjectId',
  'AccountObjectId', 'AccountSid', 'AccountUpn', 'InitiatingProcessAccountSid', 'InitiatingProcessAccountUpn',
];
