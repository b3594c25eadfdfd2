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

/** `tripline pull`'s rendering of a drifted templated rule: a review artifact, never part of the pack. */
export function isPulledFile(file: string): boolean {
  return /\.pulled\.ya?ml$/i.test(file);
}

export function ruleStem(file: string): string {
  return basename(file, extname(file));
}

/**
 * `candidate` is the document as parsed, returned even when it has errors so that repository-wide
 * checks (unique ids) still see it; `rule` only when the file is clean.
 */
export function ruleFromSource(source: YamlSource): { rule?: RuleDefinition; candidate?: RuleDefinition; problems: Problem[] } {
  const problems = validateAgainstSchema(source, 'rule');
  const value = source.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problems };
  const candidate: RuleDefinition = { file: source.file, stem: ruleStem(source.file), doc: value as RuleDocument, source };
  // Constraint checks skip values of the wrong type, so they run even when the schema failed:
  // every problem of a file is reported in one run.
  problems.push(...checkSentinelConstraints(candidate));
  return hasErrors(problems) ? { candidate, problems } : { rule: candidate, candidate, problems };
}

export function parseRule(file: string, text: string): { rule?: RuleDefinition; problems: Problem[] } {
  const { source, problems } = parseYaml(file, text);
  if (hasErrors(problems)) return { problems };
  const result = ruleFromSource(source);
  return { rule: result.rule, problems: [...problems, ...result.problems] };
}

/**
 * `files` are [absolute path, display path] pairs. `flawed` are the rules that parsed but have errors:
 * validate still runs the checks that can run on them, so one pass reports every problem of a file.
 */
export function loadRules(files: [string, string][]): { rules: RuleDefinition[]; flawed: RuleDefinition[]; problems: Problem[] } {
  const rules: RuleDefinition[] = [];
  const flawed: RuleDefinition[] = [];
  const candidates: RuleDefinition[] = [];
  const problems: Problem[] = [];
  for (const [path, display] of files) {
    const read = readYamlFile(path, display);
    problems.push(...read.problems);
    if (!read.source || hasErrors(read.problems)) continue;
    const result = ruleFromSource(read.source);
    problems.push(...result.problems);
    if (result.rule) rules.push(result.rule);
    else if (result.candidate) flawed.push(result.candidate);
    if (result.candidate) candidates.push(result.candidate);
  }
  problems.push(...checkRepositoryConstraints(candidates));
  return { rules, flawed, problems };
}
