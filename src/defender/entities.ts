// Sentinel entity mappings -> alertTemplate.entityMappings, identifier by identifier (reference §2.3 and
// the "Entity identifiers" table of §4). An identifier with no Defender column is impossible unless the
// rule's `defender.unmappedIdentifiers: drop` accepts leaving it out.
import { error, type Problem } from '../core/problems.js';
import { toPointer } from '../core/yaml.js';
import type { RuleDefinition } from '../rules/types.js';
import type { EntityMappings, PropertyVerdict } from './types.js';

interface Target {
  collection: string;
  fields: Record<string, string>;
  /** Why an identifier not in `fields` has no column, when more can be said than "none". */
  note?: string;
}

const TARGETS: Record<string, Target> = {
  Account: {
    collection: 'accounts',
    fields: { Name: 'nameColumn', NTDomain: 'ntDomainColumn', DnsDomain: 'dnsDomainColumn', UPNSuffix: 'upnSuffixColumn', Sid: 'sidColumn', AadUserId: 'aadUserIdColumn', FullName: 'upnColumn' },
  },
  Host: {
    collection: 'hosts',
    fields: { HostName: 'nameColumn', NetBiosName: 'netBiosNameColumn', NTDomain: 'ntDomainColumn', DnsDomain: 'dnsDomainColumn' },
    note: "deviceIdColumn is Defender's own device id, not Sentinel's AzureID or OMSAgentID",
  },
  IP: { collection: 'ips', fields: { Address: 'addressColumn', AddressScope: 'scopeColumn' } },
  URL: { collection: 'urls', fields: { Url: 'addressColumn' } },
  File: { collection: 'files', fields: { Name: 'nameColumn' } },
  FileHash: { collection: 'files', fields: {}, note: 'Defender takes sha1Column or sha256Column, but Sentinel names the algorithm in a column, unknown when the rule is converted' },
  Process: { collection: 'processes', fields: {}, note: 'Defender processes have only sha1Column and sha256Column' },
  RegistryKey: { collection: 'registryValues', fields: { Key: 'keyColumn' } },
  RegistryValue: { collection: 'registryValues', fields: { Name: 'valueNameColumn' } },
  DNS: { collection: 'dns', fields: { DomainName: 'domainNameColumn' } },
  CloudApplication: { collection: 'cloudApplications', fields: { AppId: 'appIdColumn', Name: 'nameColumn' } },
  AzureResource: { collection: 'azureResources', fields: { ResourceId: 'resourceIdColumn' } },
  Mailbox: { collection: 'mailboxes', fields: { MailboxPrimaryAddress: 'primaryAddressColumn' } },
  MailMessage: {
    collection: 'mailMessages',
    fields: { NetworkMessageId: 'networkMessageIdColumn', Recipient: 'recipientColumn', Sender: 'senderColumn', Subject: 'subjectColumn' },
  },
  MailCluster: { collection: 'mailClusters', fields: { Query: 'queryColumn', Source: 'sourceColumn' } },
  SecurityGroup: { collection: 'securityGroups', fields: { DistinguishedName: 'distinguishedNameColumn', SID: 'sidColumn', ObjectGuid: 'objectIdColumn' } },
};

/** Whether a Sentinel entity identifier has a Defender column. */
export function hasDefenderColumn(entityType: string, identifier: string): boolean {
  return TARGETS[entityType]?.fields[identifier] !== undefined;
}

export interface EntityConversion {
  entityMappings?: EntityMappings;
  verdicts: PropertyVerdict[];
  problems: Problem[];
}

export function convertEntities(rule: RuleDefinition): EntityConversion {
  const mappings: EntityMappings = {};
  const verdicts: PropertyVerdict[] = [];
  const problems: Problem[] = [];
  const drop = rule.doc.defender?.unmappedIdentifiers === 'drop';
  (rule.doc.entityMappings ?? []).forEach((mapping, i) => {
    const target = TARGETS[mapping.entityType];
    const entry: Record<string, string> = {};
    mapping.fieldMappings.forEach((field, j) => {
      const pointer = toPointer(['entityMappings', i, 'fieldMappings', j, 'identifier']);
      const sentinel = `entityMappings[${i}] ${mapping.entityType}.${field.identifier}`;
      const column = target?.fields[field.identifier];
      if (target && column) {
        entry[column] = field.columnName;
        const upn = field.identifier === 'FullName' ? ' (the column must hold a UPN)' : '';
        verdicts.push({ sentinel, defender: `alertTemplate.entityMappings.${target.collection}[].${column}`, verdict: 'converted', how: `${field.columnName} as ${column}${upn}`, pointer });
        return;
      }
      const why = `${mapping.entityType} identifier ${field.identifier} has no Defender column${target?.note ? ` (${target.note})` : ''}`;
      if (drop) {
        verdicts.push({ sentinel, defender: '—', verdict: 'lossy', how: `${why}: left out (defender.unmappedIdentifiers: drop)`, pointer });
        return;
      }
      verdicts.push({ sentinel, defender: '—', verdict: 'impossible', how: why, pointer });
      problems.push(error('defender-entity-identifier', `${why}: remove it, or set defender.unmappedIdentifiers: drop`, rule.source.locate(pointer)));
    });
    if (target && Object.keys(entry).length) (mappings[target.collection] ??= []).push(entry);
  });
  return { entityMappings: Object.keys(mappings).length ? mappings : undefined, verdicts, problems };
}
