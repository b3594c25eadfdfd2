// A copy of the repository's content whose `local` environment deploys to an emulator state file inside
// the copy, and direct access to that workspace for out-of-band edits (as a portal user would make).
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ArmClient } from '../../src/deploy/arm/client.js';
import { staticTokenCredential } from '../../src/deploy/arm/credentials.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface Copy {
  dir: string;
  state: string;
  run(...args: string[]): Promise<CliResult>;
}

/** `environment` extra YAML lines for local.yaml (e.g. faults). */
export function projectCopy(extraEnv = ''): Copy {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-deploy-'));
  for (const d of ['rules', 'watchlists', 'templates', 'environments', 'fixtures', 'automation', 'workbooks']) {
    if (existsSync(join(repoRoot, d))) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  }
  const envFile = join(dir, 'environments/local.yaml');
  const text = readFileSync(envFile, 'utf8').replace(/^emulator: \{\}$/m, `emulator:\n  state: .tripline/workspace.json${extraEnv}\ndeploy: { retryDelayMs: 5, maxRetryDelayMs: 40, maxRetries: 6 }`);
  writeFileSync(envFile, text);
  return { dir, state: join(dir, '.tripline/workspace.json'), run: (...args) => runCli(args, dir) };
}

export interface Workspace {
  emulator: RunningEmulator;
  client: ArmClient;
  base: string;
}

/** Opens the copy's workspace between two commands (the commands' own emulator is closed by then). */
export async function openWorkspace<T>(state: string, fn: (w: Workspace) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ statePath: state });
  const client = new ArmClient({ endpoint: emulator.url, credential: staticTokenCredential(emulator.token), agent: new Agent({ ca: emulator.ca }), retry: { maxRetries: 0 } });
  const base = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sentinel-local/providers/Microsoft.OperationalInsights/workspaces/law-sentinel-local/providers/Microsoft.SecurityInsights';
  try {
    return await fn({ emulator, client, base });
  } finally {
    await emulator.close();
  }
}

export function edit(file: string, from: RegExp | string, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${file} changed nothing`);
  writeFileSync(file, next);
}
