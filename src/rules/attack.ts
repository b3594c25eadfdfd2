// MITRE ATT&CK Enterprise lookup (data/attack-enterprise.json, shipped with its source note): which
// tactics a technique belongs to, with tactics already named as Sentinel's tactic enum names them.
import { readShippedJson } from '../core/shipped.js';

export interface AttackTechnique {
  id: string;
  name: string;
  /** Sentinel tactic names (InitialAccess, PrivilegeEscalation, ...). */
  tactics: readonly string[];
}

interface AttackData {
  version: string;
  techniques: Record<string, { name: string; tactics: string[] }>;
}

let data: AttackData | undefined;

function load(): AttackData {
  data ??= readShippedJson<AttackData>('data/attack-enterprise.json');
  return data;
}

export function attackVersion(): string {
  return load().version;
}

/** The technique or sub-technique (`T1078`, `T1078.004`), or undefined when ATT&CK does not have it. */
export function lookupTechnique(id: string): AttackTechnique | undefined {
  const t = load().techniques[id];
  return t ? { id, name: t.name, tactics: t.tactics } : undefined;
}

/** `T1078.004` -> `T1078`; a technique is its own parent. */
export function parentTechnique(id: string): string {
  return id.split('.')[0]!;
}
