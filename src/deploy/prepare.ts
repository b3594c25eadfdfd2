// plan for one or more environments, as one library call: validate and render each environment's
// content, and only when every environment is clean, read each workspace and plan. Content problems
// and configuration problems come back apart (exit 1 vs 2); nothing is read from a workspace for a
// run that has either.
import { error, hasErrors, type Problem } from '../core/problems.js';
import { connect, type Connection } from './connect.js';
import { desiredFrom, desiredState } from './desired.js';
import type { ValidationResult } from '../pipeline/validate.js';
import { repositoryId } from './ownership.js';
import { planEnvironment } from './plan.js';
import { readDeployed } from './read.js';
import type { DesiredItem, EnvironmentPlan, Plan } from './types.js';

export interface PreparedEnvironment {
  name: string;
  desired: DesiredItem[];
  connection: Connection;
  plan: EnvironmentPlan;
  concurrency?: number;
}

export interface PrepareResult {
  prepared: PreparedEnvironment[];
  plan?: Plan;
  configProblems: Problem[];
  problems: Problem[];
  repository: string;
}

export interface PrepareOptions {
  prune: boolean;
  /** Validations already made, by environment name: not repeated. */
  validated?: ReadonlyMap<string, ValidationResult>;
}

export async function prepare(root: string, envNames: readonly string[], options: PrepareOptions): Promise<PrepareResult> {
  const repository = repositoryId(root);
  const states = envNames.map((name) => {
    const v = options.validated?.get(name);
    return { name, state: v ? desiredFrom(v) : desiredState(root, name) };
  });
  const configProblems = states.flatMap((s) => s.state.configProblems);
  const problems = states.flatMap((s) => s.state.problems);
  if (hasErrors(configProblems) || hasErrors(problems)) return { prepared: [], configProblems, problems, repository };
  const prepared: PreparedEnvironment[] = [];
  for (const { name, state } of states) {
    const env = state.project!.env;
    const c = await connect(env, root);
    if (!c.connection) return { prepared: [], configProblems: [...configProblems, ...c.problems], problems, repository };
    try {
      const deployed = await readDeployed(c.connection.client, c.connection.workspace, state.items, undefined, c.connection.graph);
      const plan = planEnvironment(state.items, deployed, { name, workspace: c.connection.workspaceId, prune: options.prune, repository, targets: state.targets, routes: state.routes });
      prepared.push({ name, desired: state.items, connection: c.connection, plan, concurrency: env.deploy?.concurrency });
    } catch (e) {
      problems.push(error('workspace-read', `environment '${name}': cannot read the workspace: ${(e as Error).message}`, { file: env.file }));
    }
  }
  if (hasErrors(problems)) return { prepared, configProblems, problems, repository };
  return { prepared, plan: { version: 1, prune: options.prune, environments: prepared.map((p) => p.plan) }, configProblems, problems, repository };
}
