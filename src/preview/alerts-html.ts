// The alerts every rule raised over the preview's rows, as the SOC would meet them in the incident queue:
// per rule, each alert with when it was raised, its severity, description, entities and custom details.
import { escapeHtml as esc } from '../core/html.js';
import type { RuleReplay } from './replay.js';

function alertsOf(replay: RuleReplay): string {
  if (!replay.alerts.length) return `<p class="empty">No alert over the data (${replay.runs} runs).</p>`;
  const rows = replay.alerts.map((r) => {
    const entities = r.alert.entities.map((e) => `${e.type}: ${Object.values(e.identifiers).join(', ')}`).join('; ');
    const details = Object.entries(r.alert.customDetails).map(([k, v]) => `${k}: ${v.map(String).join(', ')}`).join('; ');
    return `<tr><td>${esc(r.at.toISOString())}</td><td class="sev-${esc(r.alert.severity)}">${esc(r.alert.severity)}</td><td>${esc(r.alert.displayName)}</td><td>${esc(entities)}</td><td>${esc(details)}</td></tr>`;
  });
  return `<div class="scroll"><table><thead><tr><th>Raised</th><th>Severity</th><th>Alert</th><th>Entities</th><th>Custom details</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

export function ruleAlertsHtml(replays: readonly RuleReplay[]): string {
  const total = replays.reduce((n, r) => n + r.alerts.length, 0);
  const rules = replays.map(
    (r) => `<section class="rule-alerts" data-rule="${esc(r.rule.stem)}" data-alerts="${r.alerts.length}"><h4>${esc(String(r.rule.doc.name))}: ${r.alerts.length} alert${r.alerts.length === 1 ? '' : 's'}</h4>${alertsOf(r)}</section>`,
  );
  return `<section class="panel" id="rule-alerts" data-alerts="${total}"><h3>Alerts the rules raise over the data: ${total}</h3>${rules.join('\n')}</section>`;
}
