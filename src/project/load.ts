// A repository of content, as DESIGN.md lays it out: rules/, watchlists/, templates/, environments/.
// Loading never throws for bad content: configuration problems (exit 2) and content problems (exit 1)
// come back separately so the CLI can choose the exit code.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadAutomationRules, type AutomationRule } from '../automation/index.js';
import { fsReason } from '../core/fs.js';
import { error, hasErrors, warning, type Problem } from '../core/problems.js';
import { loadEnvironment } from '../environments/load.js';
import { loadConfig, type TriplineConfig } from '../kql/schema/config.js';
import type { Environment } from '../environments/types.js';
import { checkPartialSyntax } from '../render/lint.js';
import type { Partial } from '../render/render.js';
import { isPulledFile, isTestFile, loadRules } from '../rules/load.js';
import type { RuleDefinition } from '../rules/types.js';
import { loadWatchlists } from '../watchlists/load.js';
import type { Watchlist } from '../watchlists/types.js';
import { loadWorkbooks, type Workbook } from '../workbooks/index.js';

export interface Project {
  root: string;
  config: TriplineConfig;
  env: Environment;
  rules: RuleDefinition[];
  /** Rules that parsed but have errors (not rendered for deploy or tested; validate checks what it can). */
  flawed?: RuleDefinition[];
  partials: Partial[];
  watchlists: Watchlist[];
  /** Loaded only with the whole rules folder: they refer to rules by id. */
  automation: AutomationRule[];
  workbooks: Workbook[];
}

export interface LoadOptions {
  env?: string;
  /** Rule files or folders (default: rules/). */
  paths?: string[];
}

export interface LoadResult {
  project?: Project;
  /** Usage or configuration problems: nothing can run (exit 2). */
  configProblems: Problem[];
  /** Content problems (exit 1). */
  problems: Problem[];
}

const isYaml = (f: string): boolean => /\.ya?ml$/i.test(f);

export function ruleFiles(root: string, paths: string[] = ['rules']): { files: [string, string][]; problems: Problem[] } {
  const files: [string, string][] = [];
  const problems: Problem[] = [];
  const add = (abs: string): void => {
    const display = relative(root, abs).split('\\').join('/') || abs;
    if (isPulledFile(abs)) {
      if (!problems.some((p) => p.file === display)) problems.push(pulledArtifact(display));
    } else if (!files.some(([a]) => a === abs)) files.push([abs, display]);
  };
  for (const p of paths) {
    const abs = resolve(root, p);
    if (!existsSync(abs)) {
      problems.push(error('path-missing', `no such file or folder: ${p}`, { file: p }));
      continue;
    }
    if (statSync(abs).isDirectory()) {
      for (const f of readdirSync(abs).sort()) if (isYaml(f) && !isTestFile(f)) add(join(abs, f));
    } else add(abs);
  }
  return { files, problems };
}

function pulledArtifact(file: string): Problem {
  const template = file.replace(/\.pulled\.ya?ml$/i, '.yaml');
  return warning(
    'pulled-file',
    `left out of the pack: tripline pull wrote the workspace's edit of the templated rule ${template} here for review; fold the change into the template, then delete this file`,
    { file },
  );
}

export function loadPartials(root: string): Partial[] {
  return readPartials(root).partials;
}

/** templates/<name>.hbs; one that cannot be read (a folder of that name) is a problem, not a crash. */
export function readPartials(root: string): { partials: Partial[]; problems: Problem[] } {
  const dir = join(root, 'templates');
  const partials: Partial[] = [];
  const problems: Problem[] = [];
  if (!existsSync(dir)) return { partials, problems };
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
    const file = `templates/${f}`;
    try {
      partials.push({ name: f.slice(0, -4), file, text: readFileSync(join(dir, f), 'utf8') });
    } catch (e) {
      problems.push(error('file-read', `cannot read partial: ${fsReason(e)}`, { file }));
    }
  }
  return { partials, problems };
}

export function loadProject(root: string, options: LoadOptions = {}): LoadResult {
  const configResult = loadConfig(root);
  const envResult = loadEnvironment(root, options.env ?? 'local');
  const configProblems = [...configResult.problems, ...envResult.problems];
  if (!envResult.env || hasErrors(configProblems)) return { configProblems, problems: [] };
  const env = envResult.env;
  const found = ruleFiles(root, options.paths?.length ? options.paths : ['rules']);
  if (hasErrors(found.problems)) return { configProblems: found.problems, problems: [] };
  const { rules, flawed, problems } = loadRules(found.files);
  problems.unshift(...found.problems);
  const wl = loadWatchlists(root, env);
  problems.push(...wl.problems);
  const whole = !options.paths?.length;
  const au = whole ? loadAutomationRules(root, rules) : { automation: [], problems: [] };
  const wb = whole ? loadWorkbooks(root) : { workbooks: [], problems: [] };
  const { partials, problems: partialProblems } = readPartials(root);
  problems.push(...au.problems, ...wb.problems, ...partialProblems, ...checkPartialSyntax(partials));
  return {
    project: {
      root,
      config: configResult.config,
      env,
      rules,
      flawed,
      partials,
      watchlists: wl.watchlists,
      automation: au.automation,
      workbooks: wb.workbooks,
    },
    configProblems,
    problems,
  };
}
