import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorConfigError, startEmulator } from '../../src/emulator/index.js';
import { client, WS } from './client.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tripline-emu-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const automation = {
  properties: {
    displayName: 'A',
    order: 1,
    triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created' },
    actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { severity: 'High' } }],
  },
};

async function startError(statePath: string): Promise<EmulatorConfigError> {
  const e = await startEmulator({ statePath }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EmulatorConfigError);
  return e as EmulatorConfigError;
}

describe('state persistence', () => {
  it('a second emulator on the same state file sees the first one’s writes; no temp file is left', async () => {
    const file = path.join(tmp, 'nested', 'dir', 'state.json');
    const one = await startEmulator({ statePath: file });
    const c1 = client(one);
    const created = await c1.send('PUT', `${WS}/automationRules/a1`, automation);
    expect(created.status).toBe(201);
    await Promise.all(['a2', 'a3', 'a4'].map((n) => c1.send('PUT', `${WS}/automationRules/${n}`, automation)));
    c1.agent.destroy();
    await one.close();
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.version).toBe(1);
    expect(Object.keys(saved.resources)).toHaveLength(4);

    const two = await startEmulator({ statePath: file });
    const c2 = client(two);
    const got = await c2.send('GET', `${WS}/automationRules/a1`);
    expect(got.status).toBe(200);
    expect(got.body.etag).toBe(created.body.etag);
    expect((await c2.send('GET', `${WS}/automationRules`)).body.value).toHaveLength(4);
    c2.agent.destroy();
    await two.close();
  });

  it('a state file that is not JSON is refused with file:line:column and left untouched', async () => {
    const file = path.join(tmp, 'broken.json');
    const text = '{\n  "version": 1,\n  "resources": { x }\n}\n';
    fs.writeFileSync(file, text);
    const e = await startError(file);
    expect(e.message).toContain(`${file}:3:18:`);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('a state file of the wrong shape names the JSON pointer and what is expected', async () => {
    const file = path.join(tmp, 'shape.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, resources: { '/a/b': { id: '/a/b', name: 'b', type: 't', properties: 3 } } }));
    const e = await startError(file);
    expect(e.message).toBe(`${file}#/resources/~1a~1b/properties: invalid emulator state: expected an object`);
    fs.writeFileSync(file, JSON.stringify({ version: 2 }));
    expect((await startError(file)).message).toContain('#/version: invalid emulator state: expected the number 1');
  });
});
