// `plan --out F` / `deploy --plan F`: a saved plan applies only to the repository state and workspace
// state it was made from; anything else is refused before a write.
import { readFileSync } from 'node:fs';
import { error, type Problem } from '../core/problems.js';
import type { EnvironmentPlan, Plan } from './types.js';

export function readSavedPlan(file: string): { plan?: Plan; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { problems: [error('plan-file', `cannot read the saved plan ${file}`, { file })] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problems: [error('plan-file', `the saved plan is not JSON: ${(e as Error).message}`, { file })] };
  }
  const p = value as Partial<Plan>;
  if (p?.version !== 1 || !Array.isArray(p.environments) || p.environments.some((e) => typeof e?.name !== 'string' || typeof e.desiredHash !== 'string' || typeof e.deployedHash !== 'string')) {
    return { problems: [error('plan-file', 'not a tripline plan: expected the JSON that `tripline plan --out` writes (version 1, environments with name, desiredHash and deployedHash)', { file, pointer: '' })] };
  }
  return { plan: p as Plan, problems: [] };
}

export interface SavedPlanCheck {
  /** The repository changed since the plan: a configuration problem (exit 2). */
  stale: Problem[];
  /** The workspace changed since the plan: deploy refuses (exit 1). */
  changed: Problem[];
}

export function checkSavedPlan(file: string, saved: Plan, current: readonly EnvironmentPlan[]): SavedPlanCheck {
  const out: SavedPlanCheck = { stale: [], changed: [] };
  saved.environments.forEach((s, i) => {
    const now = current.find((c) => c.name === s.name);
    const at = { file, pointer: `/environments/${i}` };
    if (!now) return;
    if (now.desiredHash !== s.desiredHash) {
      out.stale.push(error('plan-stale', `the saved plan for '${s.name}' was made from another repository state: run plan again`, at));
    } else if (now.deployedHash !== s.deployedHash) {
      out.changed.push(error('plan-workspace-changed', `the workspace of '${s.name}' changed since the plan was made: run plan again`, at));
    }
  });
  return out;
}
