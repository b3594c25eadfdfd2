// An environment's workspace as an ARM client. An environment with `emulator:` gets the local emulator,
// started in-process on a free port for this command with its state in the environment's file, so
// separate commands see the same workspace; any other environment gets its cloud endpoint and the
// credential it names.
import { Agent } from 'node:https';
import { resolve } from 'node:path';
import { error, type Problem } from '../core/problems.js';
import type { Environment } from '../environments/types.js';
import { EmulatorConfigError, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { ArmClient } from './arm/client.js';
import type { RetrySettings } from './sdk-client.js';
import { GraphClient, PUBLIC_GRAPH } from './graph/client.js';
import { environmentCredential } from './arm/credentials.js';
import { workspaceOf, workspacePath, type Workspace } from './workspace.js';

export interface Connection {
  client: ArmClient;
  /** Microsoft Graph, for Defender custom detections (the emulator serves it too); no request until one is needed. */
  graph: GraphClient;
  workspace: Workspace;
  /** The workspace's resource id. */
  workspaceId: string;
}

const PUBLIC_ARM = 'https://management.azure.com';

/** One emulator per state file for the whole command, shared by the environments that name it. */
const running = new Map<string, Promise<RunningEmulator>>();

export async function connect(env: Environment, root: string): Promise<{ connection?: Connection; problems: Problem[] }> {
  const retry: Partial<RetrySettings> = env.deploy ?? {};
  let emulator: RunningEmulator | undefined;
  if (env.emulator) {
    const statePath = resolve(root, env.emulator.state);
    try {
      emulator = await sharedEmulator(statePath, env.emulator.faults, env.emulator.seed);
    } catch (e: unknown) {
      if (!(e instanceof EmulatorConfigError)) throw e;
      return { problems: [error('emulator-config', e.message, env.source?.locateKey('/emulator') ?? { file: env.file })] };
    }
  }
  const cred = environmentCredential(env, process.env, emulator?.token);
  if (!cred.credential) return { problems: cred.problems };
  const shared = { credential: cred.credential, agent: emulator ? new Agent({ ca: emulator.ca, keepAlive: true }) : undefined, retry, secrets: cred.secrets };
  const client = new ArmClient({ endpoint: emulator?.url ?? env.armEndpoint ?? PUBLIC_ARM, ...shared });
  const graph = new GraphClient({ endpoint: emulator?.url ?? env.graphEndpoint ?? PUBLIC_GRAPH, ...shared });
  const workspace = workspaceOf(env);
  return { connection: { client, graph, workspace, workspaceId: workspacePath(workspace) }, problems: [] };
}

/** The environment's emulator for this command (started on first use). */
export function sharedEmulator(statePath: string, faults: string | undefined, seed: number | undefined): Promise<RunningEmulator> {
  const known = running.get(statePath);
  if (known) return known;
  const started = startEmulator({ statePath, faults, seed });
  running.set(statePath, started);
  started.catch(() => running.delete(statePath));
  return started;
}

/** Stops every emulator this command started (their state is already saved after each write). */
export async function closeEmulators(): Promise<void> {
  const all = [...running.values()];
  running.clear();
  await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()));
}
