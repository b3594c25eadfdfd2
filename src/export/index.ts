// `tripline export`: the project for one environment as ARM deployment templates. Rendering problems
// are those of `tripline render`; files come back only when the run is clean, and writeExport replaces
// the output folder in one rename, so DIR is written completely or not at all.
import { error, hasErrors, type Problem } from '../core/problems.js';
import type { DetectionRuleBody } from '../defender/types.js';
import type { SchemaContext } from '../kql/schema/types.js';
import { routedRules, routedWriteProblems } from '../pipeline/routed-rules.js';
import { projectSchemaContext } from '../pipeline/validate.js';
import { renderAll } from '../pipeline/render-all.js';
import type { Project } from '../project/load.js';
import { renderWorkbook } from '../workbooks/index.js';
import { exportReadme, type ReadmeEntry } from './readme.js';
import {
  alertRuleTemplate,
  automationRuleTemplate,
  watchlistTemplate,
  workbookTemplate,
  WORKSPACE_PLACEHOLDER,
  type ArmTemplate,
  type TemplateOptions,
} from './templates.js';

export { writeExport } from './write.js';
export type { ArmTemplate, TemplateOptions } from './templates.js';

export type ExportOptions = TemplateOptions;

export interface ExportFile {
  /** Relative to the output folder, e.g. rules/break-glass-sign-in.json. */
  path: string;
  text: string;
}

export interface ExportResult {
  /** Empty when any error occurred. */
  files: ExportFile[];
  problems: Problem[];
}

interface Entry extends ReadmeEntry {
  /** An ARM template; for a Defender custom detection the Microsoft Graph request body (Graph has no templates). */
  template: ArmTemplate | DetectionRuleBody;
}

function workbookEntries(project: Project, ctx: SchemaContext, problems: Problem[]): Entry[] {
  const entries: Entry[] = [];
  for (const wb of project.workbooks) {
    const r = renderWorkbook(wb, project.env, ctx, project.partials);
    problems.push(...r.problems);
    if (r.body?.properties.serializedData.includes(WORKSPACE_PLACEHOLDER)) {
      problems.push(error('export-placeholder', `the workbook contains ${WORKSPACE_PLACEHOLDER}, which export uses for the workspace id`, { file: wb.templateFile }));
    }
    if (r.body) entries.push({ path: `workbooks/${wb.stem}.json`, title: `workbook ${wb.meta.displayName}`, template: workbookTemplate(wb.meta.id, r.body, project.env) });
  }
  return entries;
}

/** Every template of the project, in deploy order: watchlists, rules (Defender custom detections as Graph bodies), automation rules, workbooks. */
export function exportTemplates(project: Project, options: ExportOptions = {}): ExportResult {
  const { env } = project;
  const { rendered, problems } = renderAll(project);
  const ctx = projectSchemaContext(project);
  const workbooks = workbookEntries(project, ctx, problems);
  problems.push(...routedWriteProblems(project, rendered));
  if (hasErrors(problems)) return { files: [], problems };
  const routed = routedRules(rendered, env);
  const entries: Entry[] = [
    ...project.watchlists.map((w) => ({ path: `watchlists/${w.alias}.json`, title: `watchlist ${w.alias}`, template: watchlistTemplate(w, env, options) })),
    ...routed.sentinel.map((r) => ({ path: `rules/${r.rule.stem}.json`, title: `analytics rule ${r.rule.doc.name}`, template: alertRuleTemplate(r, env, options) })),
    ...routed.defender.map(({ rendered: r, body }) => ({ path: `defender/${r.rule.stem}.json`, title: `Defender custom detection ${r.rule.doc.name}`, template: body })),
    ...project.automation.map((a) => ({ path: `automation/${a.stem}.json`, title: `automation rule ${a.doc.displayName}`, template: automationRuleTemplate(a, env, options) })),
    ...workbooks,
  ];
  const files = entries.map((e) => ({ path: e.path, text: JSON.stringify(e.template, null, 2) + '\n' }));
  files.push({ path: 'README.md', text: exportReadme(env, entries, options.legacyForm ?? false) });
  return { files, problems };
}
