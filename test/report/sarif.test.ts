import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/problems.js';
import { analyzeRule } from '../../src/kql/analyze/rule.js';
import { createSchemaContext } from '../../src/kql/schema/context.js';
import { formatSarif } from '../../src/report/sarif.js';
import { renderedFromYaml } from '../analyze/helpers.js';

// The official schema (test/data/sarif-schema-2.1.0.SOURCE.md) is JSON Schema draft-04, which Ajv 8 runs
// through ajv-draft-04; the schema itself is checked against the draft-04 meta-schema, formats (uri,
// date-time) by ajv-formats.
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../data/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
// A CommonJS module whose class is both module.exports and its `default`.
const Ajv04 = ajvDraft04.default;
const ajv = new Ajv04({ allErrors: true, strict: false });
(addFormats as unknown as (a: InstanceType<typeof Ajv04>) => void)(ajv);
const validate = ajv.compile(schema);

const problems: Problem[] = [
  { severity: 'error', code: 'KS142', message: "The name 'Categry' does not refer to any known column", file: 'rules/role change.yaml', line: 13, column: 11, endLine: 13, endColumn: 18 },
  { severity: 'warning', code: 'cost-contains', message: '`contains` ...', file: './rules/a.yaml', line: 4, column: 3 },
  { severity: 'error', code: 'schema', message: 'missing property id', file: 'rules/a.yaml', pointer: '' },
  { severity: 'note', code: 'KS999', message: 'a note', file: 'rules\\b.yaml', line: 1, column: 1 },
];

type SarifResult = { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: Record<string, number> } }[] };
type Sarif = { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[] };

describe('formatSarif', () => {
  it('produces SARIF 2.1.0 that validates against the official schema', () => {
    const log = JSON.parse(formatSarif(problems)) as unknown;
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is real: a broken log is rejected', () => {
    const log = JSON.parse(formatSarif(problems)) as Sarif;
    (log.runs[0]?.results[0] as unknown as Record<string, unknown>).level = 'fatal';
    expect(validate(log)).toBe(false);
    expect(validate({ version: '2.1.0' })).toBe(false);
  });

  it('names the tool and each rule, and locates results at repo-relative paths', () => {
    const log = JSON.parse(formatSarif(problems)) as Sarif;
    const run = log.runs[0];
    expect(run?.tool.driver.name).toBe('tripline');
    const ids = run?.tool.driver.rules.map((r) => r.id) ?? [];
    expect(ids).toEqual(['KS142', 'KS999', 'cost-contains', 'schema']);
    for (const r of run?.results ?? []) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    const byRule = Object.fromEntries((run?.results ?? []).map((r) => [r.ruleId, r]));
    expect(byRule.KS142?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'rules/role%20change.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 13, startColumn: 11, endLine: 13, endColumn: 18 },
    });
    expect(byRule['cost-contains']?.level).toBe('warning');
    expect(byRule['cost-contains']?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('rules/a.yaml');
    expect(byRule.KS999?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('rules/b.yaml');
    expect(byRule.schema?.locations[0]?.physicalLocation.region).toBeUndefined();
  });

  it('validates for real analyzer output', () => {
    const text = readFileSync(join(import.meta.dirname, '../data/analyze/rules/role-change.yaml'), 'utf8').replace('Category =~', 'Categry =~');
    const found = analyzeRule(renderedFromYaml('test/data/analyze/rules/role-change.yaml', text), createSchemaContext());
    expect(found.length).toBeGreaterThan(0);
    expect(validate(JSON.parse(formatSarif(found)))).toBe(true);
    expect(validate(JSON.parse(formatSarif([])))).toBe(true);
  });
});
