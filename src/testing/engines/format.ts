// The --compare report: every run of a case whose results differ between the engines.
import type { CaseDifference } from './run.js';

export function formatDifferences(differences: readonly CaseDifference[], backend: string): string {
  const cases = new Set(differences.map((d) => `${d.rule}\u0000${d.case}`));
  if (!cases.size) return `compare: every case returned the same results on the embedded engine and ${backend}\n`;
  const lines = [`compare: ${cases.size} case${cases.size === 1 ? '' : 's'} returned different results on the embedded engine and ${backend}:`];
  for (const d of differences) {
    lines.push(`  ${d.rule} › ${d.case} (run at ${d.at}): ${d.difference.summary}`);
    for (const side of d.difference.onlyIn) {
      for (const row of side.rows) lines.push(`      only in ${side.side}: ${row.length > 300 ? `${row.slice(0, 300)}…` : row}`);
    }
  }
  return lines.join('\n') + '\n';
}
