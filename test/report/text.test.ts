import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/problems.js';
import { formatJson } from '../../src/report/json.js';
import { formatText } from '../../src/report/text.js';

const source = ['id: x', 'query: |', '  SigninLogs', '  | where Categry == 1', 'name: n'].join('\n');
const problems: Problem[] = [
  { severity: 'warning', code: 'cost-contains', message: 'use has', file: 'rules/b.yaml', line: 1, column: 1 },
  { severity: 'error', code: 'KS142', message: "unknown name 'Categry'", file: 'rules/a.yaml', line: 4, column: 11, endLine: 4, endColumn: 18 },
  { severity: 'error', code: 'schema', message: 'bad name', file: 'rules/a.yaml', pointer: '/name' },
];

describe('formatText', () => {
  it('groups by file and frames the source line with a caret under the span', () => {
    const out = formatText(problems, new Map([['rules/a.yaml', source], ['rules/b.yaml', 'x: 1']]));
    const lines = out.split('\n');
    const a = lines.indexOf('rules/a.yaml');
    const b = lines.indexOf('rules/b.yaml');
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    const ks = lines.findIndex((l) => l.includes('KS142'));
    expect(lines[ks]).toBe("  4:11  error  unknown name 'Categry'  KS142");
    expect(lines[ks + 1]).toBe('      3 |   SigninLogs');
    expect(lines[ks + 2]).toBe('    > 4 |   | where Categry == 1');
    const caretLine = lines[ks + 3] ?? '';
    expect(caretLine.indexOf('^')).toBe(lines[ks + 2]?.indexOf('Categry'));
    expect(caretLine.trim().endsWith('^^^^^^^')).toBe(true);
    expect(out).toContain('  #/name  error  bad name  schema');
    expect(out.trim().split('\n').at(-1)).toBe('2 errors, 1 warning');
  });

  it('prints problems without a frame when the file cannot be read', () => {
    const out = formatText([{ severity: 'error', code: 'x', message: 'gone', file: 'no/such/file.yaml', line: 2, column: 3 }]);
    expect(out).toContain('  2:3  error  gone  x');
    expect(out).not.toContain('|');
  });

  it('says so when there is nothing to report', () => {
    expect(formatText([])).toBe('no problems\n');
  });
});

describe('formatJson', () => {
  it('lists sorted problems with a summary', () => {
    const parsed = JSON.parse(formatJson(problems)) as { summary: unknown; problems: Problem[] };
    expect(parsed.summary).toEqual({ errors: 2, warnings: 1, notes: 0 });
    expect(parsed.problems.map((p) => p.file)).toEqual(['rules/a.yaml', 'rules/a.yaml', 'rules/b.yaml']);
    expect(parsed.problems[1]).toEqual(problems[1]);
  });
});
