// What the repository wants in an environment's workspace: every content item rendered and validated
// for it, as the bodies deploy would send. Nothing is desired from a project that does not validate.
// Each analytics rule goes where its routing says: a Sentinel alert rule, a Defender custom detection
// (the converted Graph body), or both.
import { hasErrors, type Problem } from '../core/problems.js';
import { automationRuleBody } from '../automation/body.js';
import { defenderRendering } from '../pipeline/render-all.js';
import { validateProject, type ValidationResult } from '../pipeline/validate.js';
import { watchlistBody } from '../pipeline/write-render.js';
import type { Project } from '../project/load.js';
import { alertRuleBody } from '../render/alert-rule-body.js';
import type { RenderedRule } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';
import { convertToDefender, defenderRuleId } from '../defender/convert.js';
import { environmentTargets, routeRule } from '../defender/routing.js';
import type { Target } from '../environments/types.js';
import { alertRuleApiVersion, SENTINEL_STABLE, WORKBOOKS as WORKBOOKS_API } from './arm/api-versions.js';
import { GRAPH_VERSION } from './graph/client.js';
import { ALERT_RULES, AUTOMATION_RULES, DETECTION_RULES, WATCHLISTS, WORKBOOKS, type DesiredItem, type RuleRoute, type WatchlistRow } from './types.js';

export interface DesiredState {
  project?: Project;
  items: DesiredItem[];
  targets: Target[];
  routes: RuleRoute[];
  configProblems: Problem[];
  problems: Problem[];
}

export function desiredState(root: string, envName: string): DesiredState {
  return desiredFrom(validateProject(root, { env: envName }));
}

/** The desired state from a validation already made (ci validates before it tests and deploys). */
export function desiredFrom(v: ValidationResult): DesiredState {
  if (!v.project || hasErrors(v.configProblems) || hasErrors(v.problems)) {
    return { project: v.project, items: [], targets: [], routes: [], configProblems: v.configProblems, problems: v.problems };
  }
  const project = v.project;
  const routes = v.rendered.map((r): RuleRoute => ({ rule: r.rule.doc.id, name: r.rule.doc.name, file: r.rule.file, ...routeRule(r.rule, project.env) }));
  const items: DesiredItem[] = [
    ...project.watchlists.map(watchlistItem),
    ...v.rendered.flatMap((r, i) => ruleItems(r, project, routes[i]!.targets)),
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
  return { project, items, targets: environmentTargets(project.env), routes, configProblems: v.configProblems, problems: v.problems };
}

function ruleItems(r: RenderedRule, project: Project, targets: readonly Target[]): DesiredItem[] {
  const base = { file: r.rule.file, label: r.rule.doc.name };
  const items: DesiredItem[] = [];
  if (targets.includes('sentinel')) {
    const body = alertRuleBody(r, project.env);
    items.push({ ...base, type: ALERT_RULES, name: r.rule.doc.id, apiVersion: alertRuleApiVersion(body), body: { ...body } });
  }
  if (targets.includes('defender')) {
    // validate reported the conversion's problems; with an error there, nothing reaches this point.
    const { body } = convertToDefender(defenderRendering(r), project.env);
    items.push({ ...base, type: DETECTION_RULES, name: defenderRuleId(r.rule.doc.id), apiVersion: GRAPH_VERSION, body: { ...body } });
  }
  return items;
}

function watchlistItem(w: Watchlist): DesiredItem {
  const key = w.meta.itemsSearchKey;
  const rows: WatchlistRow[] = w.rows.map((values) => ({ key: values[key] ?? '', values }));
  return { type: WATCHLISTS, name: w.alias, file: w.metaFile, label: w.meta.displayName, apiVersion: SENTINEL_STABLE, body: watchlistBody(w), rows };
}
