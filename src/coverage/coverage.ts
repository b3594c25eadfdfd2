// What the pack covers: ATT&CK tactics and techniques (from each rule's tactics and
// relevantTechniques, against the shipped ATT&CK version) and the tables each rule needs (its
// requiredDataConnectors' data types and the tables its rendered query reads).
import { readShippedJson } from '../core/shipped.js';
import { attackVersion, lookupTechnique } from '../rules/attack.js';
import type { RuleDefinition } from '../rules/types.js';

export interface RuleCoverage {
  id: string;
  name: string;
  file: string;
  tactics: string[];
  techniques: string[];
  tables: string[];
}

export interface TechniqueCoverage {
  id: string;
  name: string;
  /** The technique's tactics that the covering rules declare (Sentinel names). */
  tactics: string[];
  rules: string[];
}

export interface Coverage {
  attack: string;
  tactics: { tactic: string; rules: string[] }[];
  techniques: TechniqueCoverage[];
  rules: RuleCoverage[];
}

interface TacticData {
  tactics: Record<string, { shortName: string; sentinelTactic: string }>;
}

/** Sentinel tactic name -> ATT&CK short name (initial-access), in ATT&CK's matrix order. */
export function tacticShortNames(): Map<string, string> {
  const d = readShippedJson<TacticData>('data/attack-enterprise.json');
  return new Map(Object.keys(d.tactics).sort().map((k) => [d.tactics[k]!.sentinelTactic, d.tactics[k]!.shortName]));
}

export function coverageOf(rules: readonly RuleDefinition[], tablesOf: (r: RuleDefinition) => string[]): Coverage {
  const rc: RuleCoverage[] = rules.map((r) => ({
    id: r.doc.id,
    name: r.doc.name,
    file: r.file,
    tactics: [...(r.doc.tactics ?? [])],
    techniques: [...(r.doc.relevantTechniques ?? [])],
    tables: [...new Set([...(r.doc.requiredDataConnectors ?? []).flatMap((c) => c.dataTypes), ...tablesOf(r)])].sort(),
  }));
  const order = [...tacticShortNames().keys()];
  const tactics = order
    .map((tactic) => ({ tactic, rules: rc.filter((r) => r.tactics.includes(tactic)).map((r) => r.name) }))
    .filter((t) => t.rules.length > 0);
  const byTechnique = new Map<string, TechniqueCoverage>();
  for (const r of rc) {
    for (const id of r.techniques) {
      const t = lookupTechnique(id);
      const entry = byTechnique.get(id) ?? { id, name: t?.name ?? '(not in ATT&CK)', tactics: [], rules: [] };
      entry.rules.push(r.name);
      for (const tac of t?.tactics ?? []) if (r.tactics.includes(tac) && !entry.tactics.includes(tac)) entry.tactics.push(tac);
      byTechnique.set(id, entry);
    }
  }
  const techniques = [...byTechnique.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { attack: attackVersion(), tactics, techniques, rules: rc };
}
