// `tripline test --changed-since REF`: only the rules whose behaviour a change can affect — the rule
// file, its tests, the fixtures and watchlists they use, the partials the query includes, the
// environment — and every rule when the toolkit or the configuration itself changed.
import { execFileSync } from 'node:child_process';
import { error, type Problem } from '../core/problems.js';
import type { Project } from '../project/load.js';
import type { RuleDefinition } from '../rules/types.js';
import { loadTestCases, testsFileOf } from './cases.js';

/** Files changed since `ref`: committed, staged, unstaged and untracked. */
export function changedFiles(root: string, ref: string): { files?: Set<string>; problems: Problem[] } {
  const git = (args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return { problems: [error('changed-since', `--changed-since: '${ref}' is not a git commit, branch or tag here`, { file: root })] };
  }
  const base = git(['merge-base', ref, 'HEAD']).trim() || ref;
  const listed = [
    ...git(['diff', '--name-only', base]).split('\n'),
    ...git(['ls-files', '--others', '--exclude-standard']).split('\n'),
  ].filter(Boolean);
  return { files: new Set(listed), problems: [] };
}

const TOOLKIT = [/^src\//, /^data\//, /^schemas\//, /^package(-lock)?\.json$/, /^tripline\.config\.ya?ml$/];

function partialsOf(text: string, project: Project, seen = new Set<string>()): Set<string> {
  for (const m of text.matchAll(/\{\{~?>\s*([\w./-]+)/g)) {
    const name = m[1]!;
    const p = project.partials.find((x) => x.name === name);
    if (p && !seen.has(p.file)) {
      seen.add(p.file);
      partialsOf(p.text, project, seen);
    }
  }
  return seen;
}

/** Every repository file a rule's test results depend on. */
export function ruleDependencies(project: Project, rule: RuleDefinition): Set<string> {
  const deps = new Set<string>([rule.file, testsFileOf(rule.file, rule.stem), project.env.file]);
  const query = typeof rule.doc.query === 'string' ? rule.doc.query : '';
  for (const f of partialsOf(query, project)) deps.add(f);
  const texts = [query, ...project.partials.filter((p) => deps.has(p.file)).map((p) => p.text)].join('\n');
  const aliases = new Set([...texts.matchAll(/_GetWatchlist\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!.toLowerCase()));
  const { cases } = loadTestCases(project.root, rule);
  for (const c of cases) {
    for (const v of Object.values(c.input)) if (typeof v === 'string') deps.add(v);
    for (const [alias, items] of Object.entries(c.watchlists)) {
      aliases.add(alias.toLowerCase());
      if (typeof items === 'string') deps.add(items);
    }
    if (c.environment) deps.add(`environments/${c.environment}.yaml`);
  }
  for (const w of project.watchlists) {
    if (aliases.has(w.alias.toLowerCase())) {
      deps.add(w.metaFile);
      deps.add(w.csvFile);
    }
  }
  return deps;
}

export function rulesAffected(project: Project, rules: RuleDefinition[], changed: Set<string>): RuleDefinition[] {
  if ([...changed].some((f) => TOOLKIT.some((re) => re.test(f)))) return rules;
  return rules.filter((r) => [...ruleDependencies(project, r)].some((d) => changed.has(d)));
}
