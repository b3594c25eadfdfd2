import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { client, PREVIEW, WB, WS, type Client } from './client.js';

let emu: RunningEmulator;
let c: Client;
beforeAll(async () => {
  emu = await startEmulator();
  c = client(emu);
});
afterAll(async () => {
  c?.agent.destroy();
  await emu?.close();
});

const example = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'examples', file), 'utf8')) as Record<string, unknown>;

it.each([
  ['rule-scheduled.put.json', `${WS}/alertRules/6f2c1a0e-8b7d-4c3e-9f10-2a3b4c5d6e7f`, undefined],
  ['rule-nrt.put.json', `${WS}/alertRules/0b8f5a3c-1d2e-4f60-8a7b-9c0d1e2f3a4b`, PREVIEW],
  ['watchlist.put.json', `${WS}/watchlists/breakglass`, undefined],
  ['automationrule.put.json', `${WS}/automationRules/5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a`, undefined],
  ['workbook.put.json', `${WB}/7c1e5a3d-9b2f-4d68-a0e4-3f6b8c2d1e95`, undefined],
])('accepts the reference example %s', async (file, url, apiVersion) => {
  const r = await c.send('PUT', url, example(file), apiVersion ? { apiVersion } : {});
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  // Everything sent reached the wire unchanged.
  expect(JSON.parse(emu.requests.at(-1)!.body!)).toEqual(example(file));
});
