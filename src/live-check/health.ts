// `check --health`: what SentinelHealth says about the deployed rules over the period: failed runs,
// auto-disables (Sentinel turns a rule off after repeated permanent failures) and the reasons given.
import type { TimeRange, Workspace } from '../live/client.js';

export interface RuleHealth {
  ruleId: string;
  name: string;
  failures: number;
  autoDisabled: boolean;
  lastFailure?: string;
  reasons: string[];
}

export const HEALTH_QUERY = `SentinelHealth
| where SentinelResourceType == "Analytics Rule" and Status != "Success"
| extend RuleId = tolower(tostring(split(SentinelResourceId, "/")[-1]))
| summarize Failures = count(), AutoDisabled = countif(Description has "disabled" or Reason has "disabled"), LastFailure = max(TimeGenerated), Reasons = make_set(Description, 5) by RuleId, SentinelResourceName`;

export async function ruleHealth(ws: Workspace, period: TimeRange, ruleIds: string[]): Promise<{ health: RuleHealth[]; error?: string }> {
  const res = await ws.query(HEALTH_QUERY, period);
  if (!res.ok) return { health: [], error: `SentinelHealth: ${res.status ? `${res.status} ` : ''}${res.message} (is health monitoring turned on for the workspace?)` };
  const col = (name: string): number => res.table.columns.findIndex((c) => c.name === name);
  const wanted = new Set(ruleIds.map((i) => i.toLowerCase()));
  const health = res.table.rows
    .filter((r) => wanted.has(String(r[col('RuleId')])))
    .map((r) => ({
      ruleId: String(r[col('RuleId')]),
      name: String(r[col('SentinelResourceName')] ?? ''),
      failures: Number(r[col('Failures')] ?? 0),
      autoDisabled: Number(r[col('AutoDisabled')] ?? 0) > 0,
      ...(r[col('LastFailure')] ? { lastFailure: String(r[col('LastFailure')]) } : {}),
      reasons: Array.isArray(r[col('Reasons')]) ? (r[col('Reasons')] as unknown[]).map(String) : [],
    }));
  return { health };
}
