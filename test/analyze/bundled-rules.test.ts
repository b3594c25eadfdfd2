// Item 6 of issue #4 on the repository's own content: every rule in rules/ analyzes cleanly, and a
// column typo put into each of them is an error at the line and column of the typo in the rule file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/core/problems.js';
import { loadEnvironment } from '../../src/environments/load.js';
import { analyzeRenderedRule } from '../../src/kql/analyze/rule.js';
import { kusto } from '../../src/kql/kusto.js';
import { loadSchemaContext } from '../../src/kql/schema/load.js';
import { loadPartials } from '../../src/project/load.js';
import { renderRule } from '../../src/render/render.js';
import { parseRule } from '../../src/rules/load.js';
import type { RenderedRule } from '../../src/rules/types.js';
import { positionOf } from './helpers.js';

const root = join(import.meta.dirname, '../..');
const ruleDirs = ['rules'].filter((d) => existsSync(join(root, d)));
const files = ruleDirs.flatMap((d) =>
  readdirSync(join(root, d)).filter((f) => /\.ya?ml$/.test(f) && !/\.tests\.ya?ml$/.test(f)).sort().map((f) => `${d}/${f}`),
);

function render(file: string, text: string): RenderedRule {
  const { env, problems: envProblems } = loadEnvironment(root, 'local');
  if (!env) throw new Error(envProblems.map((p) => p.message).join('; '));
  const parsed = parseRule(file, text);
  if (!parsed.rule) throw new Error(`${file}: ${parsed.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}`);
  const r = renderRule(parsed.rule, { env, partials: loadPartials(root) });
  if (!r.rendered) throw new Error(`${file}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.rendered;
}

/** Offsets in the rule file text of column references written literally in its `query:` block. */
function literalColumnReferences(rendered: RenderedRule, text: string): { name: string; line: number; column: number }[] {
  const k = kusto();
  const { analysis } = analyzeRenderedRule(rendered, loadSchemaContext(root).ctx);
  const lines = text.split('\n');
  const out: { name: string; line: number; column: number }[] = [];
  analysis.code.Syntax?.WalkElements((el) => {
    if (!(el instanceof k.Syntax.NameReference) || el.ReferencedSymbol?.Kind !== k.Symbols.SymbolKind.Column) return;
    const name = el.SimpleName ?? '';
    if (name.length < 4) return;
    const at = rendered.mapQueryOffset(el.TextStart);
    if (lines[at.line - 1]?.slice(at.column - 1, at.column - 1 + name.length) === name) out.push({ name, ...at });
  });
  return out;
}

describe('bundled rules', () => {
  it('has rules to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  const { ctx } = loadSchemaContext(root);

  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');

    it(`${file} analyzes without errors`, () => {
      const problems = analyzeRenderedRule(render(file, text), ctx).problems;
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    });

    it(`${file}: a column typo is an error at its line and column`, () => {
      const rendered = render(file, text);
      const refs = literalColumnReferences(rendered, text);
      let mutated: string;
      let typo: string;
      let expected: { line: number; column: number };
      const ref = refs[0];
      if (ref) {
        // Misspell a column reference where the rule file spells it.
        typo = ref.name.slice(0, -2) + ref.name.slice(-1);
        const lines = text.split('\n');
        const line = lines[ref.line - 1] ?? '';
        lines[ref.line - 1] = line.slice(0, ref.column - 1) + typo + line.slice(ref.column - 1 + ref.name.length);
        mutated = lines.join('\n');
        expected = { line: ref.line, column: ref.column };
      } else {
        // The whole query comes from partials: add a filter on a misspelled result column at its end.
        const col = rendered.query && analyzeRenderedRule(rendered, ctx).analysis.result?.columns.find((c) => c.name.length >= 4);
        if (!col) throw new Error(`${file}: no result column to misspell`);
        typo = col.name.slice(0, -2) + col.name.slice(-1);
        const node = rendered.rule.source.node('/query');
        const end = node?.range?.[1] ?? text.length;
        const body = text.slice(0, end).replace(/\s*$/, '');
        const indent = /\n( +)\S[^\n]*$/.exec(body)?.[1] ?? '  ';
        const added = `\n${indent}| where isnotempty(${typo})`;
        mutated = body + added + text.slice(body.length);
        expected = positionOf(mutated, typo, body.length);
      }
      const problems = analyzeRenderedRule(render(file, mutated), ctx).problems;
      expect(hasErrors(problems)).toBe(true);
      const hit = problems.find((p) => p.severity === 'error' && p.message.includes(`'${typo}'`));
      expect(hit, JSON.stringify(problems, null, 1)).toBeDefined();
      expect({ file: hit?.file, code: hit?.code, line: hit?.line, column: hit?.column }).toEqual({ file, code: 'KS142', ...expected });
    });
  }
});
