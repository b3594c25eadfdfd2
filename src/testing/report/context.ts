// What a case ran with: the environment its rule was rendered for and the watchlists it read (with where
// their contents came from). A rule's header names what most of its cases used; a case that differs says so.
import type { TestResult } from '../types.js';

export function caseContext(res: TestResult): string {
  const wl = res.watchlists.map((w) => `${w.alias} (${w.source})`).join(', ');
  return `environment ${res.environment}` + (wl ? `; watchlists ${wl}` : '');
}

/** The context most cases share (undefined without cases). */
export function commonContext(results: readonly TestResult[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(caseContext(r), (counts.get(caseContext(r)) ?? 0) + 1);
  let best: string | undefined;
  for (const [ctx, n] of counts) if (best === undefined || n > counts.get(best)!) best = ctx;
  return best;
}

/** A case's name in reports; its Defender outcome is marked (the same case runs once per platform). */
export function resultName(res: TestResult): string {
  return res.platform === 'defender' ? `${res.case.name} [Defender]` : res.case.name;
}

/** The platforms a rule's cases ran on, for its header when there is more than Sentinel. */
export function platformsNote(results: readonly TestResult[]): string | undefined {
  return results.some((r) => r.platform === 'defender') ? 'each case as a Sentinel analytics rule and as a Defender custom detection' : undefined;
}
