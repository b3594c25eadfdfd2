import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { WS } from './client.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tripline-emu-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

function get(url: string, ca: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

async function serveOnce(state: string): Promise<{ status: number; token: string; out: string }> {
  const io = capture();
  const done = main(['node', 'tripline', 'emulator', '--port', '0', '--state', state]);
  await vi.waitFor(() => expect(io.out()).toContain('listening on'), { timeout: 5000 });
  const url = /listening on (https:\/\/\S+)/.exec(io.out())![1]!;
  const token = fs.readFileSync(`${state}.token`, 'utf8').trim();
  const status = await get(`${url}${WS}/alertRules?api-version=2025-09-01`, fs.readFileSync(`${state}.crt`, 'utf8'), token);
  process.emit('SIGINT');
  expect(await done).toBe(0);
  return { status, token, out: io.out() };
}

describe('tripline emulator', () => {
  it('writes <state>.crt and a 0600 <state>.token, never prints the token, and reuses the token on restart', async () => {
    const state = path.join(tmp, 'emu', 'state.json');
    const first = await serveOnce(state);
    expect(first.status).toBe(200);
    expect(first.out).toContain('curl --cacert');
    expect(first.out).toContain('NODE_EXTRA_CA_CERTS=');
    expect(first.out).not.toContain(first.token);
    if (process.platform !== 'win32') expect(fs.statSync(`${state}.token`).mode & 0o777).toBe(0o600);
    const second = await serveOnce(state);
    expect(second.token).toBe(first.token);
    expect(second.status).toBe(200);
  });

  it('exits 2 with a message for a bad fault SPEC or state file', async () => {
    const io = capture();
    expect(await main(['node', 'tripline', 'emulator', '--port', '0', '--state', path.join(tmp, 's.json'), '--faults', 'boom=1'])).toBe(2);
    expect(io.err()).toContain("invalid fault SPEC part 'boom=1'");
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"version": 1,');
    expect(await main(['node', 'tripline', 'emulator', '--port', '0', '--state', bad])).toBe(2);
    expect(io.err()).toContain(`${bad}:1:15`);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('exits 2 when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const io = capture();
    expect(await main(['node', 'tripline', 'emulator', '--port', String(port), '--state', path.join(tmp, 'p.json')])).toBe(2);
    expect(io.err()).toContain(`cannot listen on port ${port}`);
    await new Promise((r) => blocker.close(r));
  });
});
