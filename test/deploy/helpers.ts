// A copy of the repository's content whose `local` environment deploys to an emulator state file inside
// the copy, and direct access to that workspace for out-of-band edits (as a portal user would make).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Narrows a copy to the named rules (file stems) and the automation rules keyed only to them, without
 * workbooks: tests that run many commands on one corner of the pack validate little each time.
 */
export function keepOnly(p: Copy, stems: readonly string[]): void {
  for (const f of readdirSync(join(p.dir, 'rules'))) {
    const stem = f.replace(/(\.tests)?\.yaml$/, '');
    if (f.endsWith('.yaml') && !stems.includes(stem)) rmSync(join(p.dir, 'rules', f));
  }
  const ids = new Set(stems.map((s) => /^id: (\S+)$/m.exec(readFileSync(join(p.dir, 'rules', `${s}.yaml`), 'utf8'))![1]!.toLowerCase()));
  for (const f of readdirSync(join(p.dir, 'automation')).filter((x) => x.endsWith('.yaml'))) {
    const referenced = [...readFileSync(join(p.dir, 'automation', f), 'utf8').matchAll(/^\s+- ([0-9a-f-]{36})/gim)].map((m) => m[1]!.toLowerCase());
    if (!referenced.every((id) => ids.has(id))) rmSync(join(p.dir, 'automation', f));
  }
  rmSync(join(p.dir, 'workbooks'), { recursive: true, force: true });
}
