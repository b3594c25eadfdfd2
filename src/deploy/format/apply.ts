// What a deploy did, per workspace: one line per write as it completes, then a summary with every
// failure and every write that was never started.
import type { ApplyResult, ItemResult } from '../apply.js';
import { DETECTION_RULES } from '../types.js';
import { TYPE_LABEL } from './labels.js';

const DONE: Record<string, string> = { create: 'created', update: 'updated', adopt: 'adopted', drift: 'overwritten (forced)', delete: 'deleted' };

export function resultLine(r: ItemResult): string {
  const what = `${TYPE_LABEL[r.item.type]} ${r.item.name} "${r.item.label}"`;
  if (r.ok) return `  ${DONE[r.item.action] ?? r.item.action} ${what}`;
  return `  FAILED ${r.item.action} ${what}\n${indent(r.error ?? 'unknown error')}`;
}

export function summarizeApply(result: ApplyResult): string {
  const ok = result.results.filter((r) => r.ok);
  const count = (action: string): number => ok.filter((r) => r.item.action === action).length;
  const failed = result.results.filter((r) => !r.ok);
  const lines = [
    `environment '${result.environment}': ${count('create')} created, ${count('update') + count('adopt') + count('drift')} updated, ${count('delete')} deleted` +
      (failed.length ? `, ${failed.length} failed, ${result.notStarted.length} not started` : ''),
  ];
  lines.push(...perPlatform(result));
  for (const f of failed) lines.push(resultLine(f));
  for (const n of result.notStarted) lines.push(`  not started: ${n.action} ${TYPE_LABEL[n.type]} ${n.name} "${n.label}"`);
  if (failed.length) lines.push('  run deploy again once the cause is fixed: it continues from what the workspace now holds');
  return lines.join('\n') + '\n';
}

/** With Defender custom detections in the run: what succeeded on each platform. */
function perPlatform(result: ApplyResult): string[] {
  const all = [...result.results.map((r) => r.item), ...result.notStarted];
  if (!all.some((i) => i.type === DETECTION_RULES)) return [];
  const line = (name: string, defender: boolean): string => {
    const mine = result.results.filter((r) => (r.item.type === DETECTION_RULES) === defender);
    const notStarted = result.notStarted.filter((i) => (i.type === DETECTION_RULES) === defender).length;
    return `  ${name}: ${mine.filter((r) => r.ok).length} succeeded, ${mine.filter((r) => !r.ok).length} failed, ${notStarted} not started`;
  };
  return [line('Sentinel', false), line('Defender', true)];
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}
