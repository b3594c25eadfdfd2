// Loads rule files: YAML with positions -> JSON Schema -> Sentinel's own constraints -> RuleDefinition.
// Every problem of every file is collected; a file with errors yields no RuleDefinition.
import { basename, extname } from 'node:path';
import { hasErrors, type Problem } from '../core/problems.js';
import { readYamlFile, parseYaml, type YamlSource } from '../core/yaml.js';
import { validateAgainstSchema } from '../core/schema-validate.js';
import { checkRepositoryConstraints, checkSentinelConstraints } from './constraints.js';
import type { RuleDefinition, RuleDocument } from './types.js';

export function isTestFile(file: string): boolean {
  return /\.tests\.ya?ml$/i.test(file);
}

export function ruleStem(file: string): string {
  return basename(file, extname(file));
}

export function ruleFromSource(source: YamlSource): { rule?: RuleDefinition; problems: Problem[] } {
  const problems = validateAgainstSchema(source, 'rule');
  const value = source.value;
  if (hasErrors(problems) || typeof value !== 'object' || value === null) return { problems };
  const rule: RuleDefinition = { file: source.file, stem: ruleStem(source.file), doc: value as RuleDocument, source };
  problems.push(...checkSentinelConstraints(rule));
  return hasErrors(problems) ? { problems } : { rule, problems };
}

export function parseRule(file: string, text: string): { rule?: RuleDefinition; problems: Problem[] } {
  const { source, problems } = parseYaml(file, text);
  if (hasErrors(problems)) return { problems };
  const result = ruleFromSource(source);
  return { rule: result.rule, problems: [...problems, ...result.problems] };
}

/** `files` are [absolute path, display path] pairs. */
export function loadRules(files: [string, string][]): { rules: RuleDefinition[]; problems: Problem[] } {
  const rules: RuleDefinition[] = [];
  const problems: Problem[] = [];
  for (const [path, display] of files) {
    const read = readYamlFile(path, display);
    problems.push(...read.problems);
    if (!read.source || hasErrors(read.problems)) continue;
    const result = ruleFromSource(read.source);
    problems.push(...result.problems);
    if (result.rule) rules.push(result.rule);
  }
  problems.push(...checkRepositoryConstraints(rules));
  return { rules, problems };
}
