// Coverage as Markdown, as an ATT&CK Navigator layer (enterprise-attack, techniques scored by rule
// count with the rule names as comments) and as JSON.
import { tacticShortNames, type Coverage } from './coverage.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function coverageMarkdown(c: Coverage): string {
  const lines = [`## ATT&CK coverage (Enterprise v${c.attack})`, '', '| tactic | rules |', '| --- | --- |'];
  for (const t of c.tactics) lines.push(`| ${t.tactic} | ${t.rules.map(cell).join(', ')} |`);
  lines.push('', '| technique | name | tactics | rules |', '| --- | --- | --- | ---: |');
  for (const t of c.techniques) lines.push(`| ${t.id} | ${cell(t.name)} | ${t.tactics.join(', ')} | ${t.rules.length} |`);
  lines.push('', '## Data sources', '', '| rule | tables |', '| --- | --- |');
  for (const r of c.rules) lines.push(`| ${cell(r.name)} | ${r.tables.join(', ')} |`);
  return lines.join('\n') + '\n';
}

/** An ATT&CK Navigator layer (layer format 4.5): one entry per technique and tactic a rule covers. */
export function navigatorLayer(c: Coverage): Record<string, unknown> {
  const short = tacticShortNames();
  const techniques = c.techniques.flatMap((t) =>
    t.tactics.map((tactic) => ({
      techniqueID: t.id,
      tactic: short.get(tactic) ?? tactic.toLowerCase(),
      score: t.rules.length,
      comment: t.rules.join('; '),
      enabled: true,
      showSubtechniques: t.id.includes('.'),
    })),
  );
  const max = Math.max(1, ...c.techniques.map((t) => t.rules.length));
  return {
    name: 'tripline coverage',
    versions: { attack: c.attack.split('.')[0], navigator: '5.1.0', layer: '4.5' },
    domain: 'enterprise-attack',
    description: `Techniques covered by the pack's analytics rules, scored by rule count (${c.rules.length} rules).`,
    sorting: 3,
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ffffff', '#66b1ff', '#1f5fa8'], minValue: 0, maxValue: max },
    legendItems: [],
    metadata: [],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: false,
    selectSubtechniquesWithParent: false,
  };
}
