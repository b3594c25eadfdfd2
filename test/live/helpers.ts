// An emulated environment for live-data tests: its own state file in a temporary folder and the
// repository root for fixture paths.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Environment, EmulatorSettings } from '../../src/environments/types.js';

export const ROOT = resolve(__dirname, '../..');

export function emulatedEnv(name: string, emulator: Partial<EmulatorSettings> = {}, extra: Partial<Environment> = {}): Environment {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-live-'));
  return {
    name,
    file: `environments/${name}.yaml`,
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: 'rg-live',
    workspaceName: `law-${name}`,
    credential: 'emulator',
    emulator: { state: join(dir, 'state.json'), ...emulator },
    parameters: {},
    watchlists: {},
    rules: {},
    ...extra,
  };
}
