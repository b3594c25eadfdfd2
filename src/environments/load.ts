// environments/<name>.yaml: one target workspace and its parameter values. A malformed environment is a
// configuration error (exit 2) because nothing can be rendered for it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { error, hasErrors, type Problem } from '../core/problems.js';
import { readYamlFile } from '../core/yaml.js';
import { validateAgainstSchema } from '../core/schema-validate.js';
import type { EmulatorSettings, Environment } from './types.js';

export const DEFAULT_ENVIRONMENT = 'local';

export function environmentNames(root: string): string[] {
  const dir = join(root, 'environments');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

export function loadEnvironment(root: string, name: string): { env?: Environment; problems: Problem[] } {
  const candidates = [`environments/${name}.yaml`, `environments/${name}.yml`];
  const file = candidates.find((f) => existsSync(join(root, f)));
  if (!file) {
    const known = environmentNames(root);
    return {
      problems: [
        error('environment-missing', `environment '${name}' not found: expected ${candidates[0]}${known.length ? ` (environments: ${known.join(', ')})` : ''}`, { file: candidates[0]! }),
      ],
    };
  }
  const read = readYamlFile(join(root, file), file);
  if (!read.source || hasErrors(read.problems)) return { problems: read.problems };
  const problems = validateAgainstSchema(read.source, 'environment');
  if (hasErrors(problems)) return { problems };
  const targets = (read.source.value as { targets?: string[] }).targets;
  if (targets && !targets.includes('sentinel')) {
    const why = "Sentinel holds the watchlists, automation rules, workbooks, rules without a defender: key and tripline's ownership records";
    return { problems: [error('environment-targets', `targets must include sentinel (${why}): write [sentinel, defender]`, read.source.locateKey('/targets'))] };
  }
  const doc = read.source.value as Partial<Omit<Environment, 'emulator'>> & { emulator?: Partial<EmulatorSettings> };
  const env: Environment = {
    name,
    file,
    source: read.source,
    subscriptionId: doc.subscriptionId!,
    resourceGroup: doc.resourceGroup!,
    workspaceName: doc.workspaceName!,
    workspaceId: doc.workspaceId,
    location: doc.location,
    armEndpoint: doc.armEndpoint,
    graphEndpoint: doc.graphEndpoint,
    ...(doc.targets ? { targets: doc.targets } : {}),
    credential: doc.credential ?? (doc.emulator ? 'emulator' : 'default'),
    tenantId: doc.tenantId,
    clientId: doc.clientId,
    emulator: doc.emulator ? { ...doc.emulator, state: doc.emulator.state ?? `.tripline/emulator-${name}.json` } : undefined,
    deploy: doc.deploy ?? {},
    parameters: doc.parameters ?? {},
    watchlists: doc.watchlists ?? {},
    rules: doc.rules ?? {},
  };
  return { env, problems };
}

/** `--env a,b` or `--all` as environment names (unknown names are reported when they are loaded). */
export function selectEnvironments(root: string, spec: string | undefined, all: boolean): string[] {
  if (all) return environmentNames(root);
  const names = (spec ?? DEFAULT_ENVIRONMENT).split(',').map((s) => s.trim()).filter(Boolean);
  return [...new Set(names.length ? names : [DEFAULT_ENVIRONMENT])];
}
