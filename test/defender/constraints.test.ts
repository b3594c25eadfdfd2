// Defender's constraints on a rule with a `defender:` key, each with a rule that breaks it and one that
// keeps it (reference §3).
import { describe, expect, it } from 'vitest';
import { checkDefenderConstraints } from '../../src/defender/constraints.js';
import { projectSchemaContext } from '../../src/pipeline/validate.js';
import { renderText, repoProject, RULE, ruleWith } from './helpers.js';

const ctx = projectSchemaContext(repoProject());

/** `schemaErrors`: what Sentinel's own schema also says about the rule (the checks run regardless). */
function check(text: string, schemaErrors: string[] = []): { code: string; severity: string; line?: number; message: string }[] {
  const { rendered, schema } = renderText(text);
  expect(schema.map((p) => p.message)).toEqual(schemaErrors);
  return checkDefenderConstraints(rendered, ctx).map(({ code, severity, line, message }) => ({ code, severity, line, message }));
}

const codes = (text: string) => check(text).map((p) => p.code);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const withQuery = (query: string, base = RULE) => base.replace(/query: \|\n(  .*\n)+/, `query: |\n${query.replace(/^/gm, '  ')}\n`);

const NRT = ruleWith('kind', 'kind: NRT').replace(/queryFrequency.*\n|queryPeriod.*\n|triggerOperator.*\n|triggerThreshold.*\n/g, '');

describe('Defender constraints', () => {
  it('the example rule keeps every one', () => {
    expect(check(RULE)).toEqual([]);
  });

  it('frequency: a non-preset frequency is a preview warning', () => {
    const text = ruleWith('queryFrequency', 'queryFrequency: 30m');
    expect(check(text)).toEqual([expect.objectContaining({ code: 'defender-frequency', severity: 'warning', line: lineOf(text, 'queryFrequency') })]);
  });

  it('lookback: under 48h for frequencies below 1h', () => {
    const text = ruleWith('queryPeriod', 'queryPeriod: 2d', ruleWith('queryFrequency', 'queryFrequency: 1h'));
    expect(codes(text)).toEqual([]);
    // Sentinel refuses 30m/2d too; Defender's band is what is checked here.
    const short = ruleWith('queryPeriod', 'queryPeriod: 47h', ruleWith('queryFrequency', 'queryFrequency: 3h'));
    expect(codes(short)).toEqual([]);
    const bad = ruleWith('queryPeriod', 'queryPeriod: 2d', ruleWith('queryFrequency', 'queryFrequency: 30m'));
    const problems = check(bad);
    expect(problems.map((p) => p.code)).toEqual(['defender-frequency', 'defender-lookback']);
    expect(problems[1]).toMatchObject({ severity: 'error', line: lineOf(bad, 'queryPeriod') });
    expect(problems[1]!.message).toContain('less than 48h for frequencies from 5m to under 1h');
  });

  it('NRT: one supported table, no joins, unions or comments', () => {
    expect(check(NRT)).toEqual([]);
    const two = withQuery('union SigninLogs, AADNonInteractiveUserSignInLogs\n| project TimeGenerated, UserPrincipalName, UserId, IPAddress', NRT);
    expect(check(two).map((p) => p.message)).toEqual([
      'a continuous (NRT) custom detection queries one table; this query reads AADNonInteractiveUserSignInLogs, SigninLogs',
      'AADNonInteractiveUserSignInLogs is not among the tables continuous (NRT) custom detections support',
      'continuous (NRT) custom detections allow no joins, unions or externaldata: remove union',
    ]);
    const commented = withQuery('SigninLogs // the sign-ins\n| where AppDisplayName != "a // b"\n| project TimeGenerated, UserPrincipalName, UserId, IPAddress', NRT);
    expect(check(commented)).toEqual([expect.objectContaining({ code: 'defender-nrt', line: lineOf(commented, '// the sign-ins') })]);
    const joined = withQuery('SigninLogs\n| join kind=inner (SigninLogs | project UserId) on UserId\n| project TimeGenerated, UserPrincipalName, UserId, IPAddress', NRT);
    expect(check(joined)).toEqual([expect.objectContaining({ message: expect.stringContaining('remove join'), line: lineOf(joined, '| join') })]);
  });

  it('columns: the event time, and DeviceId and ReportId for Defender for Endpoint tables', () => {
    const noTime = withQuery('SigninLogs\n| project UserPrincipalName, UserId, IPAddress');
    expect(check(noTime)).toEqual([expect.objectContaining({ code: 'defender-columns', line: lineOf(noTime, 'query:') })]);
    const device = withQuery('DeviceProcessEvents\n| project TimeGenerated, DeviceName, AccountUpn');
    expect(check(device).map((p) => p.message)).toEqual([
      'the result must carry DeviceId because the query reads DeviceProcessEvents (device-group scoping and the process tree need them)',
      'the result must carry ReportId because the query reads DeviceProcessEvents (device-group scoping and the process tree need them)',
    ]);
    expect(check(withQuery('DeviceProcessEvents\n| project TimeGenerated, DeviceId, ReportId, DeviceName, AccountUpn'))).toEqual([]);
  });

  it('the time column unmodified: an assignment to it is reported where it is written', () => {
    const summarized = withQuery('SigninLogs\n| summarize TimeGenerated = max(TimeGenerated) by UserPrincipalName, UserId, IPAddress');
    expect(check(summarized)).toEqual([
      expect.objectContaining({ code: 'defender-time-column', severity: 'error', line: lineOf(summarized, '| summarize TimeGenerated') }),
    ]);
    const compared = withQuery('SigninLogs\n| where TimeGenerated == datetime(2026-03-02) or TimeGenerated >= ago(1h) or "TimeGenerated = x" =~ AppDisplayName\n| project TimeGenerated, UserPrincipalName, UserId, IPAddress');
    expect(check(compared)).toEqual([]);
  });

  it('an impacted asset Defender can identify', () => {
    const block = RULE.slice(RULE.indexOf('entityMappings:'), RULE.indexOf('eventGroupingSettings:'));
    const ipOnly = RULE.replace(block, 'entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: IPAddress\n');
    expect(check(ipOnly)).toEqual([expect.objectContaining({ code: 'defender-asset', line: lineOf(ipOnly, 'entityMappings:') + 1 })]);
    const nameOnly = RULE.replace(block, 'entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: UserPrincipalName\n');
    expect(codes(nameOnly)).toEqual(['defender-asset']);
    // On Defender tables the service maps assets from well-known columns itself.
    const auto = withQuery('DeviceProcessEvents\n| project TimeGenerated, DeviceId, ReportId, UserPrincipalName = AccountUpn, UserId = AccountObjectId, IPAddress = RemoteIP', ipOnly);
    expect(codes(auto)).toEqual([]);
  });

  it('custom details: at most 20 pairs (Sentinel has the same limit)', () => {
    const details = (n: number) => RULE.replace('defender:', `customDetails:\n${Array.from({ length: n }, (_, i) => `  D${i}: UserId\n`).join('')}defender:`);
    expect(codes(details(20))).toEqual([]);
    const over = details(21);
    expect(check(over, ['customDetails has 21 entries; at most 20 are allowed'])).toEqual([
      expect.objectContaining({ code: 'defender-custom-details', line: lineOf(over, 'customDetails:') + 1 }),
    ]);
  });

  it('at most 3 columns in a dynamic title or description', () => {
    const format = (title: string) => RULE.replace('defender:', `alertDetailsOverride:\n  alertDisplayNameFormat: "${title}"\ndefender:`);
    expect(codes(format('{{UserPrincipalName}} from {{IPAddress}} ({{UserId}}, {{UserId}})'))).toEqual([]);
    const over = format('{{UserPrincipalName}} from {{IPAddress}} ({{UserId}}) at {{TimeGenerated}}');
    expect(check(over)).toEqual([expect.objectContaining({ code: 'defender-alert-columns', line: lineOf(over, 'alertDisplayNameFormat') })]);
  });

  it('automated actions and device groups: the shapes of the reference, on Defender data, naming result columns', () => {
    const device = withQuery('DeviceProcessEvents\n| project TimeGenerated, DeviceId, ReportId, SHA1, AccountSid, UserPrincipalName = AccountUpn, UserId = AccountObjectId');
    const actions = (yaml: string, base = device) => base.replace('defender:\n', `defender:\n${yaml}`);
    const good = actions('  automatedActions:\n    isolateDevices: [{ deviceIdColumn: DeviceId, isolationType: selective }]\n    stopAndQuarantineFiles: [{ deviceIdColumn: DeviceId, sha1Column: SHA1 }]\n  deviceGroups: [Tier0]\n');
    expect(check(good)).toEqual([]);
    // The rule file's schema: unknown actions and fields, a missing column field, a value out of its set.
    const shapes = actions('  automatedActions:\n    isolateDevice: [{ deviceIdColumn: DeviceId }]\n    isolateDevices: [{ deviceIdColumn: DeviceId, isolationType: partial }]\n    disableUsers: [{ accountSid: AccountSid }]\n');
    const schema = renderText(shapes).schema;
    expect(schema.map((p) => [p.line, p.message])).toEqual([
      [lineOf(shapes, 'isolateDevice:'), expect.stringMatching(/unknown key 'isolateDevice'.*isolateDevices/)],
      [lineOf(shapes, 'isolationType: partial'), expect.stringMatching(/full.*selective/)],
      [lineOf(shapes, 'disableUsers'), "missing required key 'accountSidColumn' in defender.automatedActions.disableUsers[0]"],
      [lineOf(shapes, 'disableUsers'), "unknown key 'accountSid' in defender.automatedActions.disableUsers[0] (did you mean 'accountSidColumn'?)"],
    ]);
    // Columns the result lacks, email actions without their columns, device groups without DeviceId.
    const columns = actions('  automatedActions:\n    runAntivirusScans: [{ deviceIdColumn: MachineId }]\n    softDeleteEmails: [{ networkMessageIdColumn: ReportId, recipientColumn: UserPrincipalName }]\n');
    expect(check(columns).map((p) => [p.line, p.message])).toEqual([
      [lineOf(columns, 'runAntivirusScans'), "runAntivirusScans deviceIdColumn: the query's result has no column 'MachineId'"],
      [lineOf(columns, 'softDeleteEmails'), "softDeleteEmails (email actions): the query's result must carry NetworkMessageId and RecipientEmailAddress"],
    ]);
    const signins = actions('  automatedActions:\n    markUsersAsCompromised: [{ accountObjectIdColumn: UserId }]\n  deviceGroups: [Tier0]\n', RULE);
    expect(check(signins).map((p) => [p.line, p.message])).toEqual([
      [lineOf(signins, 'automatedActions') + 1, 'automated actions run only for custom detections on Defender XDR data (device, email, identity, cloud app tables); this query reads SigninLogs'],
      [lineOf(signins, 'deviceGroups'), "deviceGroups (device-group scoping): the query's result must carry DeviceId"],
    ]);
  });
});
