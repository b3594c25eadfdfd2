import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/kql/schema/config.js';

function withConfig(text: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-config-'));
  writeFileSync(join(dir, 'tripline.config.yaml'), text);
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  return dir;
}

describe('loadConfig', () => {
  it('is empty without a config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-config-'));
    expect(loadConfig(dir)).toEqual({ config: { customTables: {}, functions: [], analysis: { checks: {} }, externalData: [] }, problems: [] });
  });

  it('reads custom tables, functions and check levels', () => {
    const dir = withConfig([
      'customTables:',
      '  - T_CL.json',
      'functions:',
      '  - name: Recent',
      '    parameters: [{ name: since, type: timespan, default: 1h }]',
      '    body: SigninLogs | where TimeGenerated > ago(since)',
      'analysis:',
      '  checks: { cost-contains: off, cost-regex: error }',
    ].join('\n'), { 'T_CL.json': JSON.stringify({ Name: 'T_CL', Properties: [{ Name: 'A', Type: 'Int64' }] }) });
    const { config, problems } = loadConfig(dir);
    expect(problems).toEqual([]);
    expect(config.customTables).toEqual({ T_CL: [{ name: 'A', type: 'long' }] });
    expect(config.functions).toEqual([{ name: 'Recent', parameters: [{ name: 'since', type: 'timespan', default: '1h' }], body: 'SigninLogs | where TimeGenerated > ago(since)' }]);
    expect(config.analysis.checks).toEqual({ 'cost-contains': 'off', 'cost-regex': 'error' });
  });

  it('reports each mistake at its line and column', () => {
    const dir = withConfig([
      'customTables:',           // 1
      '  - missing.json',        // 2
      '  - name: X_CL',          // 3
      '    columns:',            // 4
      '      - { name: A, type: varchar }', // 5
      'functions:',              // 6
      '  - name: 1bad',          // 7
      '    body: x',             // 8
      'analysis:',               // 9
      '  checks:',               // 10
      '    cost-contians: off',  // 11
      '    cost-regex: loud',    // 12
      'extra: 1',                // 13
    ].join('\n'));
    const { problems } = loadConfig(dir);
    const at = problems.map((p) => [p.line, p.column, p.code]);
    expect(at).toEqual(expect.arrayContaining([
      [2, 5, 'custom-table'],
      [5, 26, 'config'],
      [7, 11, 'config'],
      [11, 5, 'config'],
      [12, 17, 'config'],
      [13, 1, 'config'],
    ]));
    expect(problems).toHaveLength(6);
    expect(problems.every((p) => p.file === 'tripline.config.yaml')).toBe(true);
    expect(problems.find((p) => p.line === 11)?.message).toContain('cost-contians');
  });

  it('reports a malformed custom table file in that file', () => {
    const dir = withConfig('customTables: [bad.json, worse.json]\n', { 'bad.json': '{ nope', 'worse.json': JSON.stringify({ Name: 'W_CL', Properties: [{ Name: 'A', Type: 'Blob' }] }) });
    const { problems } = loadConfig(dir);
    expect(problems.map((p) => [p.file, p.code])).toEqual([['bad.json', 'custom-table'], ['worse.json', 'custom-table']]);
    expect(problems[1]?.message).toContain('Blob');
  });
});
