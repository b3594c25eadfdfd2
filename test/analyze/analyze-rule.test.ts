import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/problems.js';
import { analyzeRule, analyzeRules } from '../../src/kql/analyze/rule.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import { positionOf, renderedFromYaml } from './helpers.js';

const dataDir = join(import.meta.dirname, '../data/analyze/rules');
const ctx = createSchemaContext({ watchlists: { Admins: ['UserPrincipalName', 'Role'] } });
const errors = (ps: Problem[]): Problem[] => ps.filter((p) => p.severity === 'error');
const read = (f: string): string => readFileSync(join(dataDir, f), 'utf8');

function analyze(file: string, text: string): Problem[] {
  return analyzeRule(renderedFromYaml(file, text), ctx);
}

describe('analyzeRule', () => {
  it('analyzeRules: rules sharing a query text each get its problems, located in their own file', () => {
    const broken = read('role-change.yaml').replace('AuditLogs\n', 'AuditLog\n');
    const rules = [
      renderedFromYaml('a.yaml', broken),
      renderedFromYaml('b.yaml', read('admin-signin.yaml')),
      renderedFromYaml('c.yaml', `# a copy, two lines lower\n\n${broken}`),
    ];
    expect(rules[0]!.query).toBe(rules[2]!.query);
    const problems = analyzeRules(rules, ctx);
    expect(problems).toEqual(rules.flatMap((r) => analyzeRule(r, ctx)));
    const ks204 = problems.filter((p) => p.code === 'KS204');
    expect(ks204.map((p) => [p.file, p.line])).toEqual([
      ['a.yaml', positionOf(broken, 'AuditLog\n').line],
      ['c.yaml', positionOf(broken, 'AuditLog\n').line + 2],
    ]);
  });

  for (const f of ['admin-signin.yaml', 'role-change.yaml']) {
    it(`${f} has no errors as written`, () => {
      expect(errors(analyze(f, read(f)))).toEqual([]);
    });
  }

  it('reports an entity mapping to a column that `project` removed, at the mapping', () => {
    const text = read('role-change.yaml').replace(
      '| project TimeGenerated, Initiator, InitiatorIp, TargetUpn,',
      '| project TimeGenerated, Initiator, TargetUpn,',
    );
    const problems = errors(analyze('role.yaml', text));
    expect(problems).toHaveLength(1);
    const at = positionOf(text, 'InitiatorIp', text.indexOf('entityMappings'));
    expect(problems[0]).toMatchObject({ code: 'output-column', file: 'role.yaml', ...at, pointer: '/entityMappings/2/fieldMappings/0/columnName' });
    expect(problems[0]?.message).toContain("'InitiatorIp'");
  });

  it('reports a wrong table name at the table in the query block', () => {
    const text = read('role-change.yaml').replace('AuditLogs\n', 'AuditLog\n');
    const problems = errors(analyze('role.yaml', text));
    expect(problems.map((p) => p.code)).toEqual(['KS204']);
    expect(problems[0]).toMatchObject(positionOf(text, 'AuditLog\n'));
    expect(problems[0]?.message).toContain('AuditLog');
  });

  it('reports a column typo at its line and column, with the span', () => {
    const text = read('role-change.yaml').replace('| where Category =~', '| where Categry =~');
    const [p, ...rest] = errors(analyze('role.yaml', text));
    expect(rest).toEqual([]);
    const at = positionOf(text, 'Categry');
    expect(p).toMatchObject({ code: 'KS142', ...at, endLine: at.line, endColumn: at.column + 'Categry'.length });
  });

  it('reports a type mismatch and a wrong number of arguments', () => {
    const text = read('role-change.yaml')
      .replace('| where Category =~ "RoleManagement"', '| where TimeGenerated > "yesterday"')
      .replace('tostring(Target.userPrincipalName)', 'tostring(Target.userPrincipalName, 1)');
    const problems = errors(analyze('role.yaml', text));
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.find((p) => p.line === positionOf(text, 'TimeGenerated >').line)).toBeDefined();
    const arity = problems.find((p) => p.line === positionOf(text, 'tostring(Target.userPrincipalName, 1)').line);
    expect(arity?.message).toMatch(/tostring/);
  });

  it('checks custom details, placeholders and the severity column against the result', () => {
    const base = read('admin-signin.yaml');
    const text = base
      .replace('  City: City\n', '  City: Cty\n')
      .replace('signed in from {{IPAddress}}', 'signed in from {{IpAddress}}')
      .replace(', Severity = "High"', ', Severity = 3');
    const problems = errors(analyze('admin.yaml', text));
    const byPointer = Object.fromEntries(problems.map((p) => [p.pointer, p]));
    expect(byPointer['/customDetails/City']).toMatchObject({ code: 'output-column', ...positionOf(text, 'Cty') });
    expect(byPointer['/customDetails/City']?.message).toContain("did you mean 'City'");
    // The placeholder is located at its name inside the format string.
    expect(byPointer['/alertDetailsOverride/alertDisplayNameFormat']).toMatchObject({ code: 'output-column', ...positionOf(text, 'IpAddress}}') });
    expect(byPointer['/alertDetailsOverride/alertSeverityColumnName']).toMatchObject({ code: 'output-column-type' });
    expect(byPointer['/alertDetailsOverride/alertSeverityColumnName']?.message).toContain('long');
    expect(problems).toHaveLength(3);
  });

  it('warns about an entity identifier mapped to a dynamic column', () => {
    const text = read('role-change.yaml').replace('| project TimeGenerated, Initiator,', '| project TimeGenerated, Initiator = InitiatedBy.user.userPrincipalName,');
    const problems = analyze('role.yaml', text).filter((p) => p.code.startsWith('output-'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'warning', code: 'output-column-type', pointer: '/entityMappings/0/fieldMappings/0/columnName' });
  });

  it('does not repeat an unresolved name that flows into the result as a missing output column', () => {
    const text = read('role-change.yaml').replace('| project TimeGenerated, Initiator, InitiatorIp,', '| project TimeGenerated, Initator, InitiatorIp,');
    const problems = errors(analyze('role.yaml', text));
    expect(problems.map((p) => p.code)).toEqual(['KS142']);
  });

  it('still checks output columns when an error leaves the result schema intact', () => {
    const text = read('role-change.yaml')
      .replace('| where Category =~', '| where Categry =~')
      .replace('        columnName: InitiatorIp', '        columnName: InitiatorIP');
    const problems = errors(analyze('role.yaml', text));
    expect(problems.map((p) => p.code)).toEqual(['KS142', 'output-column']);
    expect(problems[1]?.message).toContain("did you mean 'InitiatorIp'");
  });

  it('does not check output columns after a syntax error', () => {
    const text = read('role-change.yaml').replace('| project TimeGenerated, Initiator, InitiatorIp,', '| project TimeGenerated Initiator, InitiatorIp,');
    const problems = errors(analyze('role.yaml', text));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.code.startsWith('KS'))).toBe(true);
  });

  it('knows watchlist columns and warns about a watchlist the repository does not have', () => {
    const ok = analyze('admin.yaml', read('admin-signin.yaml'));
    expect(ok.filter((p) => p.code === 'unknown-watchlist')).toEqual([]);
    const typo = read('admin-signin.yaml').replace('tolower(UserPrincipalName);', 'tolower(UserPrincipalNam);');
    expect(errors(analyze('admin.yaml', typo)).map((p) => p.code)).toEqual(['KS142']);
    const other = read('admin-signin.yaml').replace("_GetWatchlist('Admins')", "_GetWatchlist('Elsewhere')");
    const problems = analyze('admin.yaml', other);
    expect(errors(problems)).toEqual([]);
    expect(problems.find((p) => p.code === 'unknown-watchlist')).toMatchObject({ severity: 'warning', ...positionOf(other, "'Elsewhere'") });
  });
});

describe('analyzeRule: other places Sentinel reads columns', () => {
  it('checks alertDynamicProperties values, sentinelEntitiesMappings and the tactics column', () => {
    const text = read('admin-signin.yaml').replace(
      '  alertSeverityColumnName: Severity\n',
      [
        '  alertSeverityColumnName: Severity',
        '  alertTacticsColumnName: Tactic',
        '  alertDynamicProperties:',
        '    - { alertProperty: ProviderName, value: Provider }',
        'sentinelEntitiesMappings:',
        '  - columnName: Citty',
        '',
      ].join('\n'),
    );
    const problems = errors(analyze('admin.yaml', text));
    expect(Object.fromEntries(problems.map((p) => [p.pointer, p.code]))).toEqual({
      '/alertDetailsOverride/alertTacticsColumnName': 'output-column',
      '/alertDetailsOverride/alertDynamicProperties/0/value': 'output-column',
      '/sentinelEntitiesMappings/0/columnName': 'output-column',
    });
    expect(problems.find((p) => p.pointer === '/sentinelEntitiesMappings/0/columnName')).toMatchObject(positionOf(text, 'Citty'));
    expect(problems.find((p) => p.pointer === '/sentinelEntitiesMappings/0/columnName')?.message).toContain("did you mean 'City'");
  });

  it('skips missing-column checks when the result schema is open (bag_unpack)', () => {
    const text = read('role-change.yaml').replace(
      '| project TimeGenerated, Initiator, InitiatorIp, TargetUpn, OperationName, CorrelationId',
      '| project Bag = bag_pack("x", 1) | evaluate bag_unpack(Bag)',
    );
    const problems = analyze('role.yaml', text);
    expect(problems.filter((p) => p.code === 'output-column')).toEqual([]);
  });
});
