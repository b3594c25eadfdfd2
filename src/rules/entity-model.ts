// Sentinel's entity-mapping model: the one table that validate (constraints.ts) and the emulator's
// alertRules check read, and that test/rules/entity-model.test.ts holds the rule schema's enums to.
// Facts and their sources: docs/reference/sentinel-entity-identifiers.md.

/** Per rule and per mapping. The service and Microsoft's content validator agree on both since 2024. */
export const ENTITY_MAPPING_LIMITS = { maxMappings: 10, maxIdentifiers: 3 } as const;

export interface EntityTypeModel {
  /** Identifiers the service accepts, in the order its error messages list them. */
  readonly identifiers: readonly string[];
  /** Sets of which a mapping must hold one in full for Sentinel to identify the entity. */
  readonly identifiedBy: readonly (readonly string[])[];
  /** Accepted by the service but refused by the content validator that gates Content Hub publication. */
  readonly notInContentHub: readonly string[];
}

const one = (...ids: string[]) => ids.map((id) => [id]);

/** Keyed in the order of the ARM EntityMappingType enum. */
export const ENTITY_TYPES: Readonly<Record<string, EntityTypeModel>> = {
  Account: {
    identifiers: [
      'Name', 'NTDomain', 'DnsDomain', 'UPNSuffix', 'Sid', 'AadTenantId', 'AadUserId', 'PUID', 'IsDomainJoined', 'DisplayName', 'ObjectGuid',
      'CloudAppAccountId', 'IsAnonymized', 'FullName',
    ],
    identifiedBy: one('FullName', 'Sid', 'Name', 'AadUserId', 'PUID', 'ObjectGuid'),
    notInContentHub: ['IsAnonymized'],
  },
  Host: {
    identifiers: ['DnsDomain', 'NTDomain', 'HostName', 'NetBiosName', 'AzureID', 'OMSAgentID', 'OSFamily', 'OSVersion', 'IsDomainJoined', 'FullName'],
    identifiedBy: one('FullName', 'HostName', 'NetBiosName', 'AzureID', 'OMSAgentID'),
    notInContentHub: [],
  },
  IP: { identifiers: ['Address', 'AddressScope'], identifiedBy: one('Address'), notInContentHub: ['AddressScope'] },
  Malware: { identifiers: ['Name', 'Category'], identifiedBy: one('Name'), notInContentHub: [] },
  File: { identifiers: ['Directory', 'Name'], identifiedBy: one('Name'), notInContentHub: [] },
  Process: { identifiers: ['ProcessId', 'CommandLine', 'ElevationToken', 'CreationTimeUtc'], identifiedBy: one('CommandLine', 'ProcessId'), notInContentHub: [] },
  CloudApplication: { identifiers: ['AppId', 'Name', 'InstanceName'], identifiedBy: one('AppId', 'Name'), notInContentHub: [] },
  DNS: { identifiers: ['DomainName'], identifiedBy: one('DomainName'), notInContentHub: [] },
  AzureResource: { identifiers: ['ResourceId'], identifiedBy: one('ResourceId'), notInContentHub: [] },
  FileHash: { identifiers: ['Algorithm', 'Value'], identifiedBy: [['Algorithm', 'Value']], notInContentHub: [] },
  RegistryKey: { identifiers: ['Hive', 'Key'], identifiedBy: one('Key', 'Hive'), notInContentHub: [] },
  RegistryValue: { identifiers: ['Name', 'Value', 'ValueType'], identifiedBy: one('Name'), notInContentHub: [] },
  SecurityGroup: { identifiers: ['DistinguishedName', 'SID', 'ObjectGuid'], identifiedBy: one('DistinguishedName', 'SID', 'ObjectGuid'), notInContentHub: [] },
  URL: { identifiers: ['Url'], identifiedBy: one('Url'), notInContentHub: [] },
  Mailbox: {
    identifiers: ['MailboxPrimaryAddress', 'DisplayName', 'Upn', 'ExternalDirectoryObjectId', 'RiskLevel'],
    identifiedBy: one('MailboxPrimaryAddress'),
    notInContentHub: [],
  },
  MailCluster: {
    identifiers: [
      'NetworkMessageIds', 'CountByDeliveryStatus', 'CountByThreatType', 'CountByProtectionStatus', 'Threats', 'Query', 'QueryTime',
      'MailCount', 'IsVolumeAnomaly', 'Source', 'ClusterSourceIdentifier', 'ClusterSourceType', 'ClusterQueryStartTime',
      'ClusterQueryEndTime', 'ClusterGroup',
    ],
    identifiedBy: one('Query', 'Source'),
    notInContentHub: [],
  },
  MailMessage: {
    identifiers: [
      'Recipient', 'Urls', 'Threats', 'Sender', 'P1Sender', 'P1SenderDisplayName', 'P1SenderDomain', 'SenderIP', 'P2Sender',
      'P2SenderDisplayName', 'P2SenderDomain', 'ReceivedDate', 'NetworkMessageId', 'InternetMessageId', 'Subject',
      'BodyFingerprintBin1', 'BodyFingerprintBin2', 'BodyFingerprintBin3', 'BodyFingerprintBin4', 'BodyFingerprintBin5',
      'AntispamDirection', 'DeliveryAction', 'DeliveryLocation', 'Language', 'ThreatDetectionMethods',
    ],
    identifiedBy: one('NetworkMessageId', 'Recipient'),
    notInContentHub: [],
  },
  SubmissionMail: {
    identifiers: ['NetworkMessageId', 'Timestamp', 'Recipient', 'Sender', 'SenderIp', 'Subject', 'ReportType', 'SubmissionId', 'SubmissionDate', 'Submitter'],
    identifiedBy: one('SubmissionId', 'NetworkMessageId', 'Recipient', 'Submitter'),
    notInContentHub: [],
  },
};
