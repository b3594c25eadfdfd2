import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/core/yaml.js';
import { parseRule } from '../../src/rules/load.js';
import { pathInWords, schemaPath, validateAgainstSchema, type SchemaName } from '../../src/core/schema-validate.js';
import { closestName as suggest } from '../../src/core/suggest.js';
import { allProblems, BASE, ruleFromFile, ruleFromText, summary, withLine } from './helpers.js';

function schemaProblems(text: string, name: SchemaName = 'rule', file = 'rules/example.yaml') {
  const { source, problems } = parseYaml(file, text);
  expect(problems).toEqual([]);
  return summary(validateAgainstSchema(source, name));
}

describe('rule files that must validate', () => {
  it('accepts the published Azure-Sentinel rule copied unchanged', () => {
    const rule = ruleFromFile('test/data/rules/azure-sentinel/PrivlegedRoleAssignedOutsidePIM.yaml');
    expect(rule.doc.id).toBe('269435e3-1db8-4423-9dfc-9bf59997da1c');
    expect(allProblems(rule)).toEqual([]);
  });

  it('the published rule loads through the rule loader with no problems', () => {
    const file = 'test/data/rules/azure-sentinel/PrivlegedRoleAssignedOutsidePIM.yaml';
    const { rule, problems } = parseRule(file, readFileSync(file, 'utf8'));
    expect(problems).toEqual([]);
    expect(rule?.doc.kind).toBe('Scheduled');
  });

  it('accepts a tripline rule using every documented key, parameters and tests', () => {
    const rule = ruleFromFile('test/data/rules/valid-rule.yaml');
    expect(Object.keys(rule.doc)).toContain('tests');
    expect(allProblems(rule)).toEqual([]);
  });

  it('accepts the minimal base rule used by these tests', () => {
    expect(allProblems(ruleFromText(BASE))).toEqual([]);
  });

  it('accepts ASIM-style object tags and Azure-Sentinel metadata', () => {
    const text = BASE + 'tags:\n  - Schema: ASimDns\n    SchemaVersion: 0.1.6\n  - AADSecOpsGuide\nmetadata:\n  source:\n    kind: Community\n  author:\n    name: someone\n  support:\n    tier: Community\n  categories:\n    domains: [ "Security - Others" ]\n';
    expect(schemaProblems(text)).toEqual([]);
  });

  it('accepts alert details from columns, dynamic properties and Sentinel entities', () => {
    const text =
      BASE +
      'alertDetailsOverride:\n  alertDisplayNameFormat: " {{DisplayName}} (mdc/{{ProductComponentName}})"\n  alertDescriptionFormat: "{{Description}}"\n' +
      '  alertTacticsColumnName: "Tactics"\n  alertSeverityColumnName: Severity\n  alertDynamicProperties:\n    - alertProperty: "Techniques"\n      value: "Techniques"\n' +
      '    - alertProperty: RemediationSteps\n      value: RemediationSteps\nsentinelEntitiesMappings:\n  - columnName: "Entities"\neventGroupingSettings:\n  aggregationKind: "AlertPerResult"\n';
    expect(allProblems(ruleFromText(text))).toEqual([]);
  });

  it('accepts an NRT rule without schedule keys', () => {
    const text = BASE.replace(/^kind: Scheduled$/m, 'kind: NRT').replace(/^(queryFrequency|queryPeriod|triggerOperator|triggerThreshold):.*\n/gm, '');
    expect(allProblems(ruleFromText(text))).toEqual([]);
  });
});

describe('schema violations: one located message each', () => {
  it('unknown top-level key, with a suggestion, at the key', () => {
    expect(schemaProblems(withLine('queryFrequency', 'querFrequency: 1h'))).toEqual([
      { message: "missing required key 'queryFrequency' (Scheduled rules need it)", line: 1, column: 1 },
      { message: "unknown key 'querFrequency' (did you mean 'queryFrequency'?)", line: 6, column: 1 },
    ]);
  });

  it('unknown key without a near match', () => {
    expect(schemaProblems(BASE + 'owner: soc-team\n')).toEqual([{ message: "unknown key 'owner'", line: 17, column: 1 }]);
  });

  it('unknown nested key suggests the key it truncates', () => {
    const text = BASE + 'eventGroupingSettings:\n  aggregation: SingleAlert\n';
    expect(schemaProblems(text)).toEqual([
      { message: "missing required key 'aggregationKind' in eventGroupingSettings", line: 18, column: 3 },
      { message: "unknown key 'aggregation' in eventGroupingSettings (did you mean 'aggregationKind'?)", line: 18, column: 3 },
    ]);
  });

  it('missing required key', () => {
    const text = BASE.replace(/^severity: .*\n/m, '');
    expect(schemaProblems(text)).toEqual([{ message: "missing required key 'severity'", line: 1, column: 1 }]);
  });

  it('severity enum', () => {
    expect(schemaProblems(withLine('severity', 'severity: Critical'))).toEqual([
      { message: "severity 'Critical' is not allowed: it must be one of Informational, Low, Medium, High", line: 4, column: 11 },
    ]);
  });

  it('severity in the wrong case suggests the right one', () => {
    expect(schemaProblems(withLine('severity', 'severity: high'))[0]?.message).toBe(
      "severity 'high' is not allowed: it must be one of Informational, Low, Medium, High (did you mean 'High'?)",
    );
  });

  it('kind enum', () => {
    expect(schemaProblems(withLine('kind', 'kind: Fusion'))).toEqual([
      { message: "kind 'Fusion' is not allowed: it must be one of Scheduled, NRT", line: 5, column: 7 },
    ]);
  });

  it('id must be a GUID', () => {
    expect(schemaProblems(withLine('id', 'id: rule-1'))).toEqual([
      { message: "id 'rule-1' must be a GUID such as 269435e3-1db8-4423-9dfc-9bf59997da1c (generate one with `uuidgen`)", line: 1, column: 5 },
    ]);
  });

  it('queryFrequency must be a short form or ISO 8601 duration', () => {
    expect(schemaProblems(withLine('queryFrequency', 'queryFrequency: 1 hour'))).toEqual([
      { message: "queryFrequency '1 hour' must be a duration such as 5m, 1h, 2d (units ms, s, m, h, d) or ISO 8601 such as PT5M, P2D", line: 6, column: 17 },
    ]);
  });

  it('queryPeriod as a bare number', () => {
    expect(schemaProblems(withLine('queryPeriod', 'queryPeriod: 60'))).toEqual([
      { message: 'queryPeriod must be text (found the number 60)', line: 7, column: 14 },
    ]);
  });

  it('triggerOperator enum accepts Sentinel short and long forms only', () => {
    for (const op of ['gt', 'lt', 'eq', 'ne', 'GreaterThan', 'LessThan', 'Equal', 'NotEqual']) {
      expect(schemaProblems(withLine('triggerOperator', `triggerOperator: ${op}`))).toEqual([]);
    }
    expect(schemaProblems(withLine('triggerOperator', 'triggerOperator: ">"'))).toEqual([
      { message: "triggerOperator '>' is not allowed: it must be one of gt, lt, eq, ne, GreaterThan, LessThan, Equal, NotEqual", line: 8, column: 18 },
    ]);
  });

  it('triggerThreshold 0..10000', () => {
    expect(schemaProblems(withLine('triggerThreshold', 'triggerThreshold: 10001'))).toEqual([
      { message: 'triggerThreshold must be at most 10000 (found 10001)', line: 9, column: 19 },
    ]);
    expect(schemaProblems(withLine('triggerThreshold', 'triggerThreshold: -1'))).toEqual([
      { message: 'triggerThreshold must be at least 0 (found -1)', line: 9, column: 19 },
    ]);
    expect(schemaProblems(withLine('triggerThreshold', 'triggerThreshold: 1.5'))).toEqual([
      { message: 'triggerThreshold must be a whole number (found the number 1.5)', line: 9, column: 19 },
    ]);
  });

  it('tactics from Sentinel tactic list', () => {
    const text = BASE.replace('  - PrivilegeEscalation', '  - PrivilegeEscalation\n  - Privilege Escalation');
    expect(schemaProblems(text)).toEqual([
      {
        message:
          "tactics[1] 'Privilege Escalation' is not allowed: it must be one of Reconnaissance, ResourceDevelopment, InitialAccess, Execution, Persistence, PrivilegeEscalation, DefenseEvasion, CredentialAccess, Discovery, LateralMovement, Collection, Exfiltration, CommandAndControl, Impact, PreAttack, ImpairProcessControl, InhibitResponseFunction (did you mean 'PrivilegeEscalation'?)",
        line: 12,
        column: 5,
      },
    ]);
  });

  it('relevantTechniques must be T#### or T####.###', () => {
    const text = BASE.replace('  - T1078.004', '  - T1078.4');
    expect(schemaProblems(text)).toEqual([
      { message: "relevantTechniques[0] 'T1078.4' must be an ATT&CK technique id such as T1078 or T1078.004", line: 13, column: 5 },
    ]);
  });

  it('Scheduled rules need frequency, period and trigger', () => {
    const text = BASE.replace(/^(queryPeriod|triggerThreshold):.*\n/gm, '');
    expect(schemaProblems(text)).toEqual([
      { message: "missing required key 'queryPeriod' (Scheduled rules need it)", line: 1, column: 1 },
      { message: "missing required key 'triggerThreshold' (Scheduled rules need it)", line: 1, column: 1 },
    ]);
  });
});

function entity(type: string, ...pairs: [string, string][]): string {
  return `  - entityType: ${type}\n    fieldMappings:\n${pairs.map(([i, c]) => `      - identifier: ${i}\n        columnName: ${c}\n`).join('')}`;
}

describe('entity mappings', () => {
  it('at most 10 entities: located at the 11th', () => {
    const text = BASE + 'entityMappings:\n' + Array.from({ length: 11 }, () => entity('IP', ['Address', 'IPAddress'])).join('');
    // Each entity takes 4 lines from line 18; the 11th starts at 18 + 40.
    expect(schemaProblems(text)).toEqual([{ message: 'entityMappings has 11 entries; at most 10 are allowed', line: 58, column: 5 }]);
  });

  it("accepts 10 entities (the service's limit and, since 2024, the content validator's)", () => {
    const text = BASE + 'entityMappings:\n' + Array.from({ length: 10 }, () => entity('IP', ['Address', 'IPAddress'])).join('');
    expect(schemaProblems(text)).toEqual([]);
  });

  it('1..3 identifiers per entity', () => {
    const four = entity('Account', ['FullName', 'A'], ['Name', 'B'], ['UPNSuffix', 'C'], ['AadUserId', 'D']);
    expect(schemaProblems(BASE + 'entityMappings:\n' + four)).toEqual([
      { message: 'entityMappings[0].fieldMappings has 4 entries; at most 3 are allowed', line: 26, column: 9 },
    ]);
    expect(schemaProblems(BASE + 'entityMappings:\n  - entityType: IP\n    fieldMappings: []\n')).toEqual([
      { message: 'entityMappings[0].fieldMappings must have at least 1 entry', line: 19, column: 20 },
    ]);
  });

  it('identifier must be valid for its entity type', () => {
    expect(schemaProblems(BASE + 'entityMappings:\n' + entity('Host', ['Address', 'Computer']))).toEqual([
      {
        message:
          "identifier 'Address' is not valid for entity type Host: it must be one of DnsDomain, NTDomain, HostName, NetBiosName, AzureID, OMSAgentID, OSFamily, OSVersion, IsDomainJoined, FullName",
        line: 20,
        column: 21,
      },
    ]);
  });

  it('an identifier that differs only in case is told its exact spelling, once (published Explicit MFA Deny 1.0.3)', () => {
    const file = 'test/data/published-rules/refused/explicit-mfa-deny.yaml';
    expect(summary(allProblems(ruleFromFile(file)))).toEqual([
      {
        message: "identifier 'ResourceID' is not valid for entity type AzureResource: Sentinel matches identifiers case-sensitively; write 'ResourceId'",
        line: 57,
        column: 21,
      },
    ]);
    const mended = readFileSync(file, 'utf8').replace('identifier: ResourceID', 'identifier: ResourceId');
    expect(allProblems(ruleFromText(mended, file))).toEqual([]);
  });

  it('entity type must be a Sentinel entity type', () => {
    expect(schemaProblems(BASE + 'entityMappings:\n' + entity('Acount', ['FullName', 'Upn']))[0]).toEqual({
      message:
        "entityMappings[0].entityType 'Acount' is not allowed: it must be one of Account, Host, IP, Malware, File, Process, CloudApplication, DNS, AzureResource, FileHash, RegistryKey, RegistryValue, SecurityGroup, URL, Mailbox, MailCluster, MailMessage, SubmissionMail (did you mean 'Account'?)",
      line: 18,
      column: 17,
    });
  });

  it('column names follow the Log Analytics pattern', () => {
    expect(schemaProblems(BASE + 'entityMappings:\n' + entity('IP', ['Address', 'IP-Address']))).toEqual([
      {
        message: "entityMappings[0].fieldMappings[0].columnName 'IP-Address' must be a result column name: a letter or underscore, then letters, digits or underscores",
        line: 21,
        column: 21,
      },
    ]);
  });
});

describe('custom details and alert details override', () => {
  it('at most 20 custom details: located at the 21st key', () => {
    const keys = Array.from({ length: 21 }, (_, i) => `  Detail${i}: Column${i}\n`).join('');
    expect(schemaProblems(BASE + 'customDetails:\n' + keys)).toEqual([
      { message: 'customDetails has 21 entries; at most 20 are allowed', line: 38, column: 3 },
    ]);
  });

  it('custom detail keys: letter first, word characters, at most 20 characters', () => {
    const text = BASE + 'customDetails:\n  1stSeen: FirstSeen\n  AVeryLongCustomDetailName: Col\n';
    expect(schemaProblems(text)).toEqual([
      { message: "customDetails key '1stSeen' must start with a letter and contain only letters, digits and underscores", line: 18, column: 3 },
      { message: "customDetails key 'AVeryLongCustomDetailName' is too long: at most 20 characters", line: 19, column: 3 },
    ]);
  });

  it('custom detail values are column names', () => {
    expect(schemaProblems(BASE + 'customDetails:\n  Seen: first seen\n')).toEqual([
      { message: "customDetails.Seen 'first seen' must be a result column name: a letter or underscore, then letters, digits or underscores", line: 18, column: 9 },
    ]);
  });

  it('alertDynamicProperties use Sentinel alert properties', () => {
    const text = BASE + 'alertDetailsOverride:\n  alertDynamicProperties:\n    - alertProperty: Link\n      value: Url\n';
    expect(schemaProblems(text)[0]?.message).toMatch(/^alertDetailsOverride\.alertDynamicProperties\[0\]\.alertProperty 'Link' is not allowed: it must be one of AlertLink, /);
  });
});

describe('tripline keys', () => {
  it('parameters must be a valid JSON Schema', () => {
    const text = BASE + 'parameters:\n  type: object\n  properties:\n    lookback: { type: timespan }\n';
    expect(schemaProblems(text)).toEqual([
      {
        message: "parameters.properties.lookback.type 'timespan' is not allowed: it must be one of array, boolean, integer, null, number, object, string",
        line: 20,
        column: 23,
      },
    ]);
  });

  it('parameters with an unknown JSON Schema keyword is reported (strict mode)', () => {
    const text = BASE + 'parameters:\n  type: object\n  requird: [a]\n';
    const problems = schemaProblems(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 18, column: 3 });
    expect(problems[0]!.message).toContain('unknown keyword: "requird"');
  });

  it('parameters naming an unsupported meta-schema is a problem, not a crash', () => {
    const problems = schemaProblems(BASE + 'parameters:\n  $schema: http://example.com/my-schema\n  type: object\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 18, column: 3 });
    expect(problems[0]!.message).toMatch(/^parameters is not a usable JSON Schema: .*http:\/\/example\.com\/my-schema/);
  });

  it('parameters must describe an object', () => {
    expect(schemaProblems(BASE + 'parameters:\n  type: string\n')).toEqual([
      { message: "parameters.type must be 'object'", line: 18, column: 9 },
    ]);
  });

  it('test cases: typo in expect, bad time, wrong input form', () => {
    const text = BASE + 'tests:\n  - name: t\n    now: yesterday\n    input:\n      SigninLogs: 3\n    expect:\n      fire: true\n';
    expect(schemaProblems(text)).toEqual([
      { message: "tests[0].now 'yesterday' must be a date and time in ISO 8601 with a time zone, e.g. 2026-03-02T03:00:00Z", line: 19, column: 10 },
      { message: 'tests[0].input.SigninLogs must be a fixture file path or a list of inline rows (found the number 3)', line: 21, column: 19 },
      { message: "unknown key 'fire' in tests[0].expect (did you mean 'fires'?)", line: 23, column: 7 },
    ]);
  });

  it('expected alerts name only alert fields', () => {
    const text = BASE + 'tests:\n  - name: t\n    now: 2026-03-02T03:00:00Z\n    expect:\n      alerts:\n        - severity: Medium\n          entity: []\n';
    expect(schemaProblems(text)).toEqual([
      {
        message: "unknown key 'entity' in tests[0].expect.alerts[0] (expected one of displayName, description, severity, tactics, entities, customDetails)",
        line: 23,
        column: 11,
      },
    ]);
    expect(schemaProblems(BASE + 'tests:\n  - name: t\n    expect: { alerts: many }\n')).toEqual([
      { message: "tests[0].expect.alerts must be a number of alerts or a list of expected alerts (found the text 'many')", line: 19, column: 23 },
    ]);
  });

  it('a test case needs a name and an expectation', () => {
    expect(schemaProblems(BASE + 'tests:\n  - now: 2026-03-02T03:00:00Z\n')).toEqual([
      { message: "missing required key 'name' in tests[0]", line: 18, column: 5 },
      { message: "missing required key 'expect' in tests[0]", line: 18, column: 5 },
    ]);
  });
});

describe('bad input', () => {
  it('malformed YAML is one located syntax problem and no schema noise', () => {
    const { source, problems } = parseYaml('rules/broken.yaml', 'id: 1\nname: [unclosed\nseverity: High\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'rules/broken.yaml', code: 'yaml-syntax' });
    expect(problems[0]!.line).toBeGreaterThan(0);
    expect(validateAgainstSchema(source, 'rule')).toEqual([]);
  });

  it('an empty file is reported as such', () => {
    expect(schemaProblems('')).toEqual([{ message: 'the document must be a mapping (key: value) (found nothing)', line: 1, column: 1 }]);
  });

  it('a list instead of a mapping', () => {
    expect(schemaProblems('- id: x\n')).toEqual([{ message: 'the document must be a mapping (key: value) (found a list)', line: 1, column: 1 }]);
  });

  it('reports every problem of a file together', () => {
    const text = BASE.replace('severity: Medium', 'severity: Critical').replace('kind: Scheduled\n', 'kind: Scheduled\nowner: x\n');
    expect(schemaProblems(text)).toEqual([
      { message: "unknown key 'owner'", line: 6, column: 1 },
      { message: "severity 'Critical' is not allowed: it must be one of Informational, Low, Medium, High", line: 4, column: 11 },
    ]);
  });
});

describe('environment and watchlist schemas', () => {
  const env = 'subscriptionId: 00000000-0000-0000-0000-000000000000\nresourceGroup: rg-sentinel\nworkspaceName: law-sentinel\nlocation: australiaeast\ncredential: default\nparameters:\n  businessHours: { timeZone: Australia/Sydney, start: "08:00", end: "18:00" }\nwatchlists:\n  BreakGlassAccounts: watchlists/prod/BreakGlassAccounts.csv\nrules:\n  break-glass-signin: { enabled: false }\n';

  it('accepts the environment of DESIGN.md', () => {
    expect(schemaProblems(env, 'environment', 'environments/prod.yaml')).toEqual([]);
  });

  it('rejects an unknown credential and a misspelt key', () => {
    const bad = env.replace('credential: default', 'credential: password').replace('location:', 'locaton:');
    expect(schemaProblems(bad, 'environment', 'environments/prod.yaml')).toEqual([
      { message: "unknown key 'locaton' (did you mean 'location'?)", line: 4, column: 1 },
      {
        message: "credential 'password' is not allowed: it must be one of default, cli, workload-identity, client-secret, azure-pipelines, emulator",
        line: 5,
        column: 13,
      },
    ]);
  });

  it('rejects an unknown rule override', () => {
    const bad = env.replace('{ enabled: false }', '{ enable: false }');
    expect(schemaProblems(bad, 'environment')).toEqual([
      { message: "unknown key 'enable' in rules.break-glass-signin (did you mean 'enabled'?)", line: 11, column: 25 },
    ]);
  });

  it('accepts watchlist metadata and requires the search key', () => {
    const wl = 'displayName: Break-glass accounts\ndescription: Emergency access accounts\nitemsSearchKey: AccountUPN\nprovider: SOC\n';
    expect(schemaProblems(wl, 'watchlist', 'watchlists/BreakGlassAccounts.yaml')).toEqual([]);
    expect(schemaProblems(wl.replace('itemsSearchKey: AccountUPN\n', ''), 'watchlist')).toEqual([
      { message: "missing required key 'itemsSearchKey'", line: 1, column: 1 },
    ]);
  });
});

describe('tests files beside a rule', () => {
  it('validates <stem>.tests.yaml as a list of test cases', () => {
    const ok = '- name: fires\n  now: 2026-03-02T03:00:00Z\n  input: { SigninLogs: fixtures/signin/bg.jsonl }\n  expect: { fires: true, alerts: 1 }\n';
    expect(schemaProblems(ok, 'tests', 'rules/break-glass.tests.yaml')).toEqual([]);
    expect(schemaProblems(ok.replace('alerts: 1', 'alert: 1'), 'tests', 'rules/break-glass.tests.yaml')).toEqual([
      { message: "unknown key 'alert' in [0].expect (did you mean 'alerts'?)", line: 4, column: 26 },
    ]);
  });
});

describe('the rule schema file', () => {
  const schema = JSON.parse(readFileSync(schemaPath('rule'), 'utf8')) as Record<string, unknown>;

  it('is draft-07 (what yaml-language-server supports) and describes every top-level key', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    const properties = schema['properties'] as Record<string, { description?: string }>;
    for (const [key, value] of Object.entries(properties)) expect(value.description, key).toBeTruthy();
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining(['id', 'name', 'description', 'severity', 'kind', 'requiredDataConnectors', 'queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold', 'tactics', 'relevantTechniques', 'query', 'entityMappings', 'customDetails', 'alertDetailsOverride', 'eventGroupingSettings', 'incidentConfiguration', 'suppressionDuration', 'suppressionEnabled', 'version', 'status', 'tags', 'metadata', 'sentinelEntitiesMappings', 'parameters', 'tests']),
    );
  });

  it('helpers: path in words and suggestions', () => {
    expect(pathInWords('/entityMappings/0/fieldMappings/1/identifier')).toBe('entityMappings[0].fieldMappings[1].identifier');
    expect(suggest('querFrequency', ['queryFrequency', 'queryPeriod'])).toBe('queryFrequency');
    expect(suggest('owner', ['queryFrequency', 'queryPeriod'])).toBeUndefined();
  });
});
