// `tripline run --rule RULE`: a rule chosen by file, file stem, id or display name.
import { resolve, relative } from 'node:path';
import { error, type Problem } from '../core/problems.js';
import { closestName } from '../core/suggest.js';
import type { Project } from '../project/load.js';
import type { RuleDefinition } from '../rules/types.js';

export function findRule(project: Project, spec: string): { rule?: RuleDefinition; problems: Problem[] } {
  const asFile = relative(project.root, resolve(project.root, spec)).split('\\').join('/');
  const lower = spec.toLowerCase();
  const match = (r: RuleDefinition): boolean =>
    r.file === asFile || r.stem === spec || String(r.doc.id).toLowerCase() === lower || String(r.doc.name).toLowerCase() === lower;
  const rule = project.rules.find(match);
  if (rule) return { rule, problems: [] };
  if ((project.flawed ?? []).some(match)) {
    return { problems: [error('usage', `--rule ${spec}: the rule file has errors; run tripline validate`, { file: '<command line>' })] };
  }
  const guess = closestName(spec, project.rules.map((r) => r.stem));
  return { problems: [error('usage', `--rule ${spec}: no such rule (give its file, file name, id or name)${guess ? `; did you mean ${guess}?` : ''}`, { file: '<command line>' })] };
}
