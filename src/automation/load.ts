// automation/*.yaml -> schema check -> cross-file checks -> AutomationRule. Every problem of every file is
// collected; a file with errors yields no AutomationRule.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { hasErrors, type Problem } from '../core/problems.js';
import { validateAgainstSchema } from '../core/schema-validate.js';
import { readYamlFile } from '../core/yaml.js';
import type { RuleDefinition } from '../rules/types.js';
import type { AutomationRule, AutomationRuleDocument } from './types.js';
import { checkActionOrders, checkAlertTrigger, checkRuleReferences, checkUniqueIds } from './validate.js';

export function automationFiles(root: string): string[] {
  const dir = join(root, 'automation');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => `automation/${f}`);
}

/**
 * Ids written in rules/ files that did not load (schema or constraint errors): references to them are not
 * "unknown", the rule file is broken and says so itself.
 */
function unloadedRuleIds(root: string, rules: readonly RuleDefinition[]): Set<string> {
  const dir = join(root, 'rules');
  const loaded = new Set(rules.map((r) => r.doc.id.toLowerCase()));
  const ids = new Set<string>();
  if (!existsSync(dir)) return ids;
  for (const f of readdirSync(dir)) {
    if (!/\.ya?ml$/i.test(f)) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, f), 'utf8');
    } catch {
      continue; // the rule loader reports the unreadable file
    }
    const m = /^id:\s*["']?([0-9a-fA-F-]{36})/m.exec(text);
    if (m && !loaded.has(m[1]!.toLowerCase())) ids.add(m[1]!.toLowerCase());
  }
  return ids;
}

/** `rules` are the loaded analytics rules that conditions may refer to by id. */
export function loadAutomationRules(root: string, rules: readonly RuleDefinition[]): { automation: AutomationRule[]; problems: Problem[] } {
  const candidates: AutomationRule[] = [];
  const problems: Problem[] = [];
  const clean = new Set<AutomationRule>();
  const unloaded = unloadedRuleIds(root, rules);
  for (const file of automationFiles(root)) {
    const read = readYamlFile(join(root, file), file);
    problems.push(...read.problems);
    if (!read.source || hasErrors(read.problems)) continue;
    const fileProblems = validateAgainstSchema(read.source, 'automation');
    const value = read.source.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const candidate: AutomationRule = { file, stem: basename(file, extname(file)), doc: value as AutomationRuleDocument, source: read.source };
      // Reference checks skip values of the wrong type, so they run alongside schema errors.
      fileProblems.push(...checkRuleReferences(candidate, rules, unloaded), ...checkActionOrders(candidate), ...checkAlertTrigger(candidate));
      candidates.push(candidate);
      if (!hasErrors(fileProblems)) clean.add(candidate);
    }
    problems.push(...fileProblems);
  }
  problems.push(...checkUniqueIds(candidates));
  const duplicated = new Set(problems.filter((p) => p.code === 'automation-duplicate-id').map((p) => p.file));
  return { automation: candidates.filter((a) => clean.has(a) && !duplicated.has(a.file)), problems };
}
