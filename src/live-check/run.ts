// The live check of a project's rules for its environment: render, find what each rule reads, note
// the tables without data once, replay each rule, and optionally read SentinelHealth.
import { createSchemaContext } from '../kql/schema/context.js';
import type { TimeRange, Workspace } from '../live/client.js';
import type { Project } from '../project/load.js';
import { queryReads } from '../record/reads.js';
import { renderRule } from '../render/render.js';
import type { RenderedRule } from '../rules/types.js';
import { checkRule, tablesWithoutData, type CheckSettings, type RuleCheck } from './check.js';
import type { LiveReport } from './format.js';
import { ruleHealth } from './health.js';

export interface LiveCheckOptions {
  period: TimeRange;
  rule?: string;
  live: boolean;
  health: boolean;
  maxAlertsPerDay: number;
  maxRuns: number;
}

function selected(project: Project, wanted: string | undefined): RenderedRule[] {
  const rules = project.rules.filter((r) => !wanted || r.doc.id === wanted || r.stem === wanted || r.doc.name === wanted);
  return rules.map((r) => renderRule(r, { env: project.env, partials: project.partials }).rendered).filter((r) => r !== undefined);
}

export async function liveCheck(project: Project, ws: Workspace, opts: LiveCheckOptions): Promise<LiveReport> {
  const rendered = selected(project, opts.rule);
  const report: LiveReport = { environment: project.env.name, period: { start: opts.period.start.toISOString(), end: opts.period.end.toISOString() }, rules: [] };
  if (opts.live) {
    const ctx = createSchemaContext({ customTables: project.config.customTables, functions: project.config.functions, watchlists: new Map(project.watchlists.map((w) => [w.alias, w.columns])) });
    const reads = new Map(rendered.map((r) => [r, queryReads(r.query, ctx).tables]));
    const empty = await tablesWithoutData(ws, [...new Set([...reads.values()].flat())].sort(), opts.period);
    const settings: CheckSettings = { period: opts.period, maxAlertsPerDay: opts.maxAlertsPerDay, maxRuns: opts.maxRuns };
    const checks: RuleCheck[] = [];
    for (const r of rendered) checks.push(await checkRule(ws, r, reads.get(r) ?? [], empty, settings));
    report.rules = checks;
  }
  if (opts.health) {
    const h = await ruleHealth(ws, opts.period, rendered.map((r) => r.rule.doc.id));
    report.health = h.health;
    if (h.error) report.healthError = h.error;
  }
  return report;
}

export function failed(report: LiveReport): boolean {
  return report.rules.some((r) => r.errors.length > 0) || report.healthError !== undefined || (report.health ?? []).some((h) => h.failures > 0);
}
