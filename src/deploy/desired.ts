// What the repository wants in an environment's workspace: every content item rendered and validated
// for it, as the bodies deploy would send. Nothing is desired from a project that does not validate.
import { hasErrors, type Problem } from '../core/problems.js';
import { automationRuleBody } from '../automation/body.js';
import { validateProject, type ValidationResult } from '../pipeline/validate.js';
import { watchlistBody } from '../pipeline/write-render.js';
import type { Project } from '../project/load.js';
import { alertRuleBody } from '../render/alert-rule-body.js';
import type { RenderedRule } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';
import { alertRuleApiVersion, SENTINEL_STABLE, WORKBOOKS as WORKBOOKS_API } from './arm/api-versions.js';
import { ALERT_RULES, AUTOMATION_RULES, WATCHLISTS, WORKBOOKS, type DesiredItem, type WatchlistRow } from './types.js';

export interface DesiredState {
  project?: Project;
  items: DesiredItem[];
  configProblems: Problem[];
  problems: Problem[];
}

export function desiredState(root: string, envName: string): DesiredState {
  return desiredFrom(validateProject(root, { env: envName }));
}

/** The desired state from a validation already made (ci validates before it tests and deploys). */
export function desiredFrom(v: ValidationResult): DesiredState {
  if (!v.project || hasErrors(v.configProblems) || hasErrors(v.problems)) {
    return { project: v.project, items: [], configProblems: v.configProblems, problems: v.problems };
  }
  const project = v.project;
  const items: DesiredItem[] = [
    ...project.watchlists.map(watchlistItem),
    ...v.rendered.map((r) => ruleItem(r, project)),
    ...project.automation.map((a): DesiredItem => ({
      type: AUTOMATION_RULES,
      name: a.doc.id,
      file: a.file,
      label: a.doc.displayName,
      apiVersion: SENTINEL_STABLE,
      body: { ...automationRuleBody(a, project.env) },
    })),
  ];
  // validate rendered (and analyzed) the workbooks already: rendering them again would repeat the analysis.
  for (const { workbook: wb, content } of v.workbooks) {
    items.push({ type: WORKBOOKS, name: wb.meta.id.toLowerCase(), file: wb.metaFile, label: wb.meta.displayName, apiVersion: WORKBOOKS_API, body: { ...content } });
  }
  return { project, items, configProblems: v.configProblems, problems: v.problems };
}

function ruleItem(r: RenderedRule, project: Project): DesiredItem {
  const body = alertRuleBody(r, project.env);
  return { type: ALERT_RULES, name: r.rule.doc.id, file: r.rule.file, label: r.rule.doc.name, apiVersion: alertRuleApiVersion(body), body: { ...body } };
}

function watchlistItem(w: Watchlist): DesiredItem {
  const key = w.meta.itemsSearchKey;
  const rows: WatchlistRow[] = w.rows.map((values) => ({ key: values[key] ?? '', values }));
  return { type: WATCHLISTS, name: w.alias, file: w.metaFile, label: w.meta.displayName, apiVersion: SENTINEL_STABLE, body: watchlistBody(w), rows };
}
