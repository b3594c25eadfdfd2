// Valid entity-mapping identifiers per entity type.
// Source: Azure/Azure-Sentinel `.script/tests/detectionTemplateSchemaValidation/Models/EntityMappingIdentifiers.cs`
// as summarized in reference/sentinel-arm-api.md §1.5 (IP's AddressScope from the Sentinel entities reference,
// learn.microsoft.com/azure/sentinel/entities-reference).
export const ENTITY_IDENTIFIERS: Readonly<Record<string, readonly string[]>> = {
  Account: ['Name', 'FullName', 'NTDomain', 'DnsDomain', 'UPNSuffix', 'Sid', 'AadTenantId', 'AadUserId', 'PUID', 'IsDomainJoined', 'DisplayName', 'ObjectGuid'],
  AzureResource: ['ResourceId'],
  CloudApplication: ['AppId', 'Name', 'InstanceName'],
  DNS: ['DomainName'],
  File: ['Directory', 'Name'],
  FileHash: ['Algorithm', 'Value'],
  Host: ['DnsDomain', 'NTDomain', 'HostName', 'FullName', 'NetBiosName', 'AzureID', 'OMSAgentID', 'OSFamily', 'OSVersion', 'IsDomainJoined'],
  IP: ['Address', 'AddressScope'],
  Mailbox: ['MailboxPrimaryAddress', 'DisplayName', 'Upn', 'ExternalDirectoryObjectId', 'RiskLevel'],
  MailCluster: [
    'NetworkMessageIds', 'CountByDeliveryStatus', 'CountByThreatType', 'CountByProtectionStatus', 'Threats', 'Query', 'QueryTime',
    'MailCount', 'IsVolumeAnomaly', 'Source', 'ClusterSourceIdentifier', 'ClusterSourceType', 'ClusterQueryStartTime',
    'ClusterQueryEndTime', 'ClusterGroup',
  ],
  MailMessage: [
    'Recipient', 'Urls', 'Threats', 'Sender', 'P1Sender', 'P1SenderDisplayName', 'P1SenderDomain', 'SenderIP', 'P2Sender',
    'P2SenderDisplayName', 'P2SenderDomain', 'ReceivedDate', 'NetworkMessageId', 'InternetMessageId', 'Subject',
    'BodyFingerprintBin1', 'BodyFingerprintBin2', 'BodyFingerprintBin3', 'BodyFingerprintBin4', 'BodyFingerprintBin5',
    'AntispamDirection', 'DeliveryAction', 'DeliveryLocation', 'Language', 'ThreatDetectionMethods',
  ],
  Malware: ['Name', 'Category'],
  Process: ['ProcessId', 'CommandLine', 'ElevationToken', 'CreationTimeUtc'],
  RegistryKey: ['Hive', 'Key'],
  RegistryValue: ['Name', 'Value', 'ValueType'],
  SecurityGroup: ['DistinguishedName', 'SID', 'ObjectGuid'],
  SubmissionMail: ['NetworkMessageId', 'Timestamp', 'Recipient', 'Sender', 'SenderIp', 'Subject', 'ReportType', 'SubmissionId', 'SubmissionDate', 'Submitter'],
  URL: ['Url'],
};
