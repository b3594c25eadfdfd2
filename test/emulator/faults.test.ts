import { describe, expect, it } from 'vitest';
import { EmulatorConfigError, parseFaultSpec, startEmulator } from '../../src/emulator/index.js';
import { client, WS } from './client.js';
import { FaultInjector } from '../../src/emulator/faults.js';

const automation = {
  properties: {
    displayName: 'A',
    order: 1,
    triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created' },
    actions: [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { severity: 'High' } }],
  },
};

describe('fault SPEC', () => {
  it('parses kinds, probabilities and settings', () => {
    expect(parseFaultSpec('429=0.1, 500=0.05,retry-after=2,slow-ms=5')).toEqual({
      faults: [
        { kind: '429', probability: 0.1 },
        { kind: '500', probability: 0.05 },
      ],
      retryAfter: 2,
      slowMs: 5,
    });
    expect(parseFaultSpec('')).toEqual({ faults: [], retryAfter: 1, slowMs: 200 });
    expect(parseFaultSpec('500=1,on=graph-writes')).toEqual({ faults: [{ kind: '500', probability: 1 }], retryAfter: 1, slowMs: 200, on: 'graph-writes' });
  });

  it('on= applies a drawn fault only to requests in its scope, drawing for every request', () => {
    const scoped = new FaultInjector(parseFaultSpec('500=1,on=arm-writes'), 7);
    const requests = [{ graph: false, write: true }, { graph: false, write: false }, { graph: true, write: true }, { graph: false, write: true }];
    expect(requests.map((r) => scoped.draw(r))).toEqual(['500', undefined, undefined, '500']);
    const graph = new FaultInjector(parseFaultSpec('500=1,on=graph'), 7);
    expect(requests.map((r) => graph.draw(r))).toEqual([undefined, undefined, '500', undefined]);
  });

  it.each([
    ['418=0.1', /'418=0.1'.*unknown fault kind '418'/],
    ['500=1.5', /'500=1.5'.*from 0 to 1/],
    ['500=x', /'500=x'/],
    ['reset', /'reset'.*kind=probability/],
    ['retry-after=-1', /'retry-after=-1'/],
    ['500=0.6,503=0.6', /add up to/],
    ['on=sentinel', /'on=sentinel'.*on must be one of all, arm, graph, arm-writes, graph-writes/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(EmulatorConfigError);
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });

  it('startEmulator rejects a bad SPEC', async () => {
    await expect(startEmulator({ faults: 'nope=1' })).rejects.toBeInstanceOf(EmulatorConfigError);
  });
});

describe('fault injection', () => {
  async function faultSequence(seed: number): Promise<(string | undefined)[]> {
    const emu = await startEmulator({ faults: '500=0.3,503=0.2,429=0.2,slow=0.1,slow-ms=1', seed });
    const c = client(emu);
    for (let i = 0; i < 30; i++) await c.send('GET', `${WS}/alertRules`);
    c.agent.destroy();
    await emu.close();
    return emu.requests.map((r) => r.fault);
  }

  it('the same seed and request sequence give the same faults', async () => {
    const a = await faultSequence(7);
    expect(await faultSequence(7)).toEqual(a);
    expect(await faultSequence(8)).not.toEqual(a);
    expect(a.filter(Boolean).length).toBeGreaterThan(5);
  });

  it('slow delays, then answers normally; faults also hit LRO status polls', async () => {
    const emu = await startEmulator({ faults: 'slow=1,slow-ms=60' });
    const c = client(emu);
    const t = Date.now();
    const r = await c.send('PUT', `${WS}/watchlists/w`, { properties: { displayName: 'W', provider: 'Custom', itemsSearchKey: 'k' } });
    expect(r.status).toBe(201);
    expect(Date.now() - t).toBeGreaterThanOrEqual(50);
    emu.setFaults('503=1');
    expect((await c.send('GET', r.headers['azure-asyncoperation']!)).status).toBe(503);
    c.agent.destroy();
    await emu.close();
  });

  it('faults never hit requests that fail authentication', async () => {
    const emu = await startEmulator({ faults: '500=1' });
    const c = client(emu, { token: 'wrong' });
    expect((await c.send('GET', `${WS}/alertRules`)).status).toBe(401);
    expect(emu.requests[0]!.fault).toBeUndefined();
    c.agent.destroy();
    await emu.close();
  });

  it('reset-after-commit applies the write while the client sees a dropped connection', async () => {
    const emu = await startEmulator({ faults: 'reset-after-commit=1' });
    const c = client(emu);
    await expect(c.send('PUT', `${WS}/automationRules/r1`, automation)).rejects.toThrow();
    expect(emu.requests[0]).toMatchObject({ method: 'PUT', status: 0, fault: 'reset-after-commit' });
    emu.setFaults('');
    expect((await c.send('GET', `${WS}/automationRules/r1`)).status).toBe(200);
    emu.setFaults('reset=1');
    await expect(c.send('PUT', `${WS}/automationRules/r2`, automation)).rejects.toThrow();
    emu.setFaults('');
    expect((await c.send('GET', `${WS}/automationRules/r2`)).status).toBe(404);
    c.agent.destroy();
    await emu.close();
  });

  it("the SDK's retry policy recovers from 429 with Retry-After, not from a bare 429", async () => {
    const emu = await startEmulator({ faults: '429=1,retry-after=0' });
    const c = client(emu, { maxRetries: 3 });
    // Every draw is a 429: the SDK retries 3 times, honouring Retry-After, then returns the last 429.
    const r = await c.send('GET', `${WS}/alertRules`);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('0');
    expect(emu.requests).toHaveLength(4);
    // 30%: with seed 3 some requests are throttled and retried, and every call ends in 200.
    emu.setFaults('429=0.3,retry-after=0', 3);
    emu.requests.length = 0;
    for (let i = 0; i < 5; i++) expect((await c.send('GET', `${WS}/alertRules`)).status).toBe(200);
    expect(emu.requests.some((q) => q.status === 429)).toBe(true);
    emu.setFaults('429-bare=1');
    emu.requests.length = 0;
    expect((await c.send('GET', `${WS}/alertRules`)).status).toBe(429);
    expect(emu.requests).toHaveLength(1);
    c.agent.destroy();
    await emu.close();
  });
});
