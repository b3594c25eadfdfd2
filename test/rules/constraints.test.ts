import { describe, expect, it } from 'vitest';
import { checkRepositoryConstraints, checkSentinelConstraints } from '../../src/rules/constraints.js';
import { lookupTechnique } from '../../src/rules/attack.js';
import { allProblems, BASE, ruleFromFile, ruleFromText, summary, withLine } from './helpers.js';

function constraintProblems(text: string) {
  return summary(checkSentinelConstraints(ruleFromText(text)));
}

describe('query frequency and period', () => {
  it('queryFrequency below 5m', () => {
    expect(constraintProblems(withLine('queryFrequency', 'queryFrequency: 1m'))).toEqual([
      { message: 'queryFrequency 1m is out of range: Sentinel accepts 5m to 14d', line: 6, column: 17 },
    ]);
  });

  it('queryPeriod above 14d, in ISO 8601', () => {
    expect(constraintProblems(withLine('queryPeriod', 'queryPeriod: P15D'))).toEqual([
      { message: 'queryPeriod P15D is out of range: Sentinel accepts 5m to 14d', line: 7, column: 14 },
    ]);
  });

  it('accepts both bounds', () => {
    expect(constraintProblems(withLine('queryPeriod', 'queryPeriod: 14d', withLine('queryFrequency', 'queryFrequency: 1h')))).toEqual([]);
    expect(constraintProblems(withLine('queryPeriod', 'queryPeriod: PT5M', withLine('queryFrequency', 'queryFrequency: 5m')))).toEqual([]);
  });

  it('queryPeriod shorter than queryFrequency', () => {
    expect(constraintProblems(withLine('queryPeriod', 'queryPeriod: 30m'))).toEqual([
      {
        message: 'queryPeriod 30m is shorter than queryFrequency 1h: rows between runs would never be queried; queryPeriod must be at least queryFrequency',
        line: 7,
        column: 14,
      },
    ]);
  });

  it('a period of 2 days or more needs an hourly or slower frequency', () => {
    const text = withLine('queryPeriod', 'queryPeriod: 2d', withLine('queryFrequency', 'queryFrequency: 30m'));
    expect(constraintProblems(text)).toEqual([
      {
        message: 'queryFrequency 30m is too frequent for queryPeriod 2d: when queryPeriod is 2d or more, Sentinel requires queryFrequency of at least 1h',
        line: 6,
        column: 17,
      },
    ]);
  });

  it('leaves malformed durations to the schema', () => {
    expect(constraintProblems(withLine('queryPeriod', 'queryPeriod: soon'))).toEqual([]);
  });
});

describe('NRT rules', () => {
  it('carry no frequency, period or trigger: each reported at its key', () => {
    expect(constraintProblems(withLine('kind', 'kind: NRT'))).toEqual(
      ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'].map((key, i) => ({
        message: `NRT rules run every minute over the newest data and take no ${key}: remove it, or make the rule kind: Scheduled`,
        line: 6 + i,
        column: 1,
      })),
    );
  });
});

describe('ATT&CK', () => {
  it('ships ATT&CK v18 with Sentinel tactic names', () => {
    expect(lookupTechnique('T1078.004')).toEqual({
      id: 'T1078.004',
      name: 'Cloud Accounts',
      tactics: expect.arrayContaining(['PrivilegeEscalation', 'InitialAccess', 'Persistence', 'DefenseEvasion']),
    });
  });

  it('a technique needs one of its tactics in tactics', () => {
    const text = BASE.replace('  - T1078.004', '  - T1078.004\n  - T1110');
    expect(constraintProblems(text)).toEqual([
      { message: 'technique T1110 (Brute Force) belongs to CredentialAccess; list at least one of them in tactics', line: 14, column: 5 },
    ]);
  });

  it('an unknown technique is reported', () => {
    const text = BASE.replace('  - T1078.004', '  - T1078.999');
    expect(constraintProblems(text)).toEqual([
      {
        message: 'T1078.999 is not a technique in MITRE ATT&CK Enterprise v18.0 (revoked, deprecated or mistyped?)',
        line: 13,
        column: 5,
      },
    ]);
  });

  it('techniques without any tactics', () => {
    const text = BASE.replace('tactics:\n  - PrivilegeEscalation\n', '');
    expect(constraintProblems(text)[0]?.message).toMatch(/^technique T1078\.004 \(Cloud Accounts\) belongs to .*PrivilegeEscalation.*; list at least one of them in tactics$/);
  });
});

describe('entity identifiers', () => {
  it('an entity needs one of its identifying identifier sets', () => {
    const text = BASE + 'entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: UPNSuffix\n        columnName: Suffix\n';
    expect(constraintProblems(text)).toEqual([
      { message: 'Account entity cannot be identified: map at least one of FullName, Sid, Name, AadUserId, PUID, ObjectGuid', line: 18, column: 17 },
    ]);
  });

  it('FileHash needs both Algorithm and Value', () => {
    const text = BASE + 'entityMappings:\n  - entityType: FileHash\n    fieldMappings:\n      - identifier: Value\n        columnName: SHA256\n';
    expect(constraintProblems(text)).toEqual([
      { message: 'FileHash entity cannot be identified: map Algorithm + Value', line: 18, column: 17 },
    ]);
  });

  it('an identifier mapped twice', () => {
    const text = BASE + 'entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: SrcIp\n      - identifier: Address\n        columnName: DstIp\n';
    expect(constraintProblems(text)).toEqual([
      { message: 'identifier Address is mapped twice in this IP entity; each identifier may appear once', line: 22, column: 21 },
    ]);
  });

  it('an empty list deploys as none (render leaves it out) but is a located warning: the service and the content validator refuse it', () => {
    const problems = allProblems(ruleFromText(BASE + 'entityMappings: []\n'));
    expect(problems.map((p) => [p.severity, p.code, p.line, p.column])).toEqual([['warning', 'content-hub-entity-mappings', 17, 1]]);
  });

  it('an identifier the service accepts and the content validator refuses is a located warning, the rest valid', () => {
    const account = (id: string) => `  - entityType: Account\n    fieldMappings:\n      - identifier: AadUserId\n        columnName: UserId\n      - identifier: ${id}\n        columnName: Flag\n`;
    expect(allProblems(ruleFromText(BASE + 'entityMappings:\n' + account('CloudAppAccountId')))).toEqual([]);
    const problems = allProblems(ruleFromText(BASE + 'entityMappings:\n' + account('IsAnonymized')));
    expect(problems.map((p) => [p.severity, p.code, p.line, p.column])).toEqual([['warning', 'content-hub-entity-identifier', 22, 21]]);
    expect(problems[0]!.message).toBe(
      "Sentinel accepts identifier IsAnonymized for Account, but Microsoft's content validator refuses it: a rule mapping it cannot be published to the Content Hub",
    );
  });
});

describe('alertDetailsOverride placeholders', () => {
  it('at most 3 {{column}} placeholders per format: located at the 4th', () => {
    const text = BASE + 'alertDetailsOverride:\n  alertDisplayNameFormat: "{{A}} {{B}} {{C}} {{D}}"\n';
    expect(constraintProblems(text)).toEqual([
      { message: 'alertDisplayNameFormat has 4 {{column}} placeholders; Sentinel allows at most 3', line: 18, column: 46 },
    ]);
  });

  it('counts placeholders in a block description', () => {
    const text = BASE + 'alertDetailsOverride:\n  alertDescriptionFormat: |\n    {{A}} did {{B}}\n    on {{C}} from {{D}}\n';
    expect(constraintProblems(text)).toEqual([
      { message: 'alertDescriptionFormat has 4 {{column}} placeholders; Sentinel allows at most 3', line: 20, column: 19 },
    ]);
  });

  it('three placeholders are fine', () => {
    expect(constraintProblems(BASE + 'alertDetailsOverride:\n  alertDisplayNameFormat: "{{A}} {{B}} {{C}}"\n')).toEqual([]);
  });
});

describe('incident grouping', () => {
  const grouping = (extra: string) =>
    BASE +
    'entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: IPAddress\n' +
    'incidentConfiguration:\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    reopenClosedIncident: false\n    lookbackDuration: 5h\n' +
    extra;

  it('Selected needs something to group by', () => {
    expect(constraintProblems(grouping('    matchingMethod: Selected\n'))).toEqual([
      {
        message: 'matchingMethod Selected needs at least one non-empty groupByEntities, groupByAlertDetails or groupByCustomDetails',
        line: 28,
        column: 21,
      },
    ]);
  });

  it('groups only by mapped entities and defined custom details', () => {
    const text = grouping('    matchingMethod: Selected\n    groupByEntities: [IP, Account]\n    groupByCustomDetails: [Country]\n');
    expect(constraintProblems(text)).toEqual([
      { message: 'groupByEntities names Account, but entityMappings maps no Account entity', line: 29, column: 27 },
      { message: 'groupByCustomDetails names Country, which is not a key of customDetails', line: 30, column: 28 },
    ]);
  });
});

describe('repository constraints', () => {
  it('a duplicate id is reported on every file that carries it, each naming the others (the copy may sort first)', () => {
    const a = ruleFromText(BASE, 'rules/a.yaml');
    const b = ruleFromText(withLine('name', 'name: Another rule'), 'rules/b.yaml');
    const c = ruleFromText(withLine('id', 'id: 5d7c9a3e-1111-4222-8333-944455556666'), 'rules/c.yaml');
    const problems = checkRepositoryConstraints([a, b, c]);
    const message = (other: string) => `id 0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9 is also used by the rule in ${other}:1:5; every rule needs its own GUID`;
    expect(problems).toEqual([
      expect.objectContaining({ file: 'rules/a.yaml', line: 1, column: 5, code: 'duplicate-id', message: message('rules/b.yaml') }),
      expect.objectContaining({ file: 'rules/b.yaml', line: 1, column: 5, code: 'duplicate-id', message: message('rules/a.yaml') }),
    ]);
  });

  it('ids differing only in case are the same Sentinel resource', () => {
    const a = ruleFromText(BASE, 'rules/a.yaml');
    const b = ruleFromText(BASE.replace('0b1c2d3e', '0B1C2D3E'), 'rules/b.yaml');
    expect(checkRepositoryConstraints([a, b])).toHaveLength(2);
  });
});

describe('published content', () => {
  it('the Azure-Sentinel rule meets every Sentinel constraint', () => {
    const rule = ruleFromFile('test/data/rules/azure-sentinel/PrivlegedRoleAssignedOutsidePIM.yaml');
    expect(checkSentinelConstraints(rule)).toEqual([]);
    expect(checkRepositoryConstraints([rule, ruleFromFile('test/data/rules/valid-rule.yaml')])).toEqual([]);
  });
});
