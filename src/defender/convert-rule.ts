// `convert RULE --to defender` as a library call: find the rule, render it for the environment as Defender
// runs it (@target.defender, the XDR tables' advanced hunting schemas), convert,
// and judge it as Defender would: the query must compile, and every custom detection constraint validate
// checks applies, whether or not the rule has a `defender:` key yet. Usage problems (unknown rule) stop
// the command (exit 2); a rule with errors or impossible properties is a failed check (exit 1) with every
// located reason.
import type { Problem } from '../core/problems.js';
import { projectSchemaContext } from '../pipeline/validate.js';
import type { Project } from '../project/load.js';
import { renderRule } from '../render/render.js';
import { findRule } from '../run/rule.js';
import { defenderChecks } from './constraints.js';
import { convertToDefender } from './convert.js';
import type { Conversion } from './types.js';

export interface RuleConversion {
  file?: string;
  conversion?: Conversion;
  /** The rule's own problems (its file's errors, rendering, query errors, impossible properties, Defender's constraints, lossy warnings). */
  problems: Problem[];
  /** Problems with the command line (no such rule). */
  usage: Problem[];
}

export function convertRule(project: Project, spec: string, loadProblems: readonly Problem[]): RuleConversion {
  const flawed = (project.flawed ?? []).find((r) => findRule({ ...project, rules: [r], flawed: [] }, spec).rule);
  if (flawed) return { file: flawed.file, problems: loadProblems.filter((p) => p.file === flawed.file), usage: [] };
  const found = findRule(project, spec);
  // findRule speaks of run's --rule option; here the rule is the command's argument.
  if (!found.rule) return { problems: [], usage: found.problems.map((p) => ({ ...p, message: p.message.replace(/^--rule /, 'RULE ') })) };
  const rendered = renderRule(found.rule, { env: project.env, partials: project.partials, target: 'defender' });
  const problems = [...loadProblems.filter((p) => p.file === found.rule!.file), ...rendered.problems];
  if (!rendered.rendered) return { file: found.rule.file, problems, usage: [] };
  const conversion = convertToDefender(rendered.rendered, project.env);
  return { file: found.rule.file, conversion, problems: [...problems, ...conversion.problems, ...defenderChecks(rendered.rendered, projectSchemaContext(project, 'defender'))], usage: [] };
}
