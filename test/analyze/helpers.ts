// Builds RenderedRule values straight from YAML text, without the renderer: the query is used as
// written and offsets map through the YAML scalar, so analyzer tests do not depend on templating.
import { parseYaml } from '../../src/core/yaml.js';
import type { RenderedRule, RuleDefinition, RuleDocument } from '../../src/rules/types.js';

export function ruleFromYaml(file: string, text: string): RuleDefinition {
  const { source, problems } = parseYaml(file, text);
  if (problems.length) throw new Error(`bad test YAML ${file}: ${problems.map((p) => p.message).join('; ')}`);
  return { file, stem: file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''), doc: source.value as RuleDocument, source };
}

export function renderedFromYaml(file: string, text: string): RenderedRule {
  const rule = ruleFromYaml(file, text);
  const map = rule.source.scalarOffsetMapper('/query');
  if (!map) throw new Error(`${file}: query is not a string scalar`);
  return { rule, environment: 'test', target: 'sentinel', parameters: {}, query: rule.doc.query, mapQueryOffset: (o) => ({ file, ...map(o) }) };
}

/** 1-based line and column of the first occurrence of `needle` (after `from`) in `text`. */
export function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}
