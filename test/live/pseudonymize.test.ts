// Pseudonyms keep the shape and class of what they replace and are consistent under one key.
import { isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Pseudonymizer } from '../../src/record/pseudonymizer.js';
import { pseudonymizeValue, sweeper } from '../../src/record/values.js';

const KEY = 'test-key-0123456789abcdef';
const isPrivate4 = (ip: string): boolean => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);

describe('pseudonymizer', () => {
  it('keeps UPN shape, GUID shape and IP class; same input, same pseudonym', () => {
    const p = new Pseudonymizer(KEY);
    const upn = p.upn('Alice.Admin@contoso.com');
    expect(upn).toMatch(/^user-[0-9a-f]{16}@tenant-[0-9a-f]{10}\.pseudo\.example$/);
    expect(p.upn('alice.admin@CONTOSO.com')).toBe(upn);
    expect(p.guid('3b8be461-ba13-4f31-a897-fff71dc8f7e5')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const ip of ['10.1.2.3', '192.168.7.9', '172.20.0.1']) expect(isPrivate4(p.ip(ip))).toBe(true);
    for (const ip of ['203.0.113.45', '8.8.8.8', '52.1.2.3']) {
      const out = p.ip(ip);
      expect(isIPv4(out) && !isPrivate4(out) && out !== ip).toBe(true);
    }
    expect(p.ip('fe80::1c2:3ff:fe4:5')).toMatch(/^fe80:0:0:0:/);
    expect(p.ip('fd12:3456::1')).toMatch(/^fd/);
    const g = p.ip('2001:4860:4860::8888');
    expect(isIPv6(g) && /^[23]/.test(g) && g !== '2001:4860:4860:0:0:0:0:8888').toBe(true);
    expect(new Pseudonymizer('another-key-0123456789').upn('alice.admin@contoso.com')).not.toBe(upn);
    expect(p.collisions).toEqual([]);
  });

  it('pseudonymizes names by key, identifiers by shape, nested JSON text and free text', () => {
    const p = new Pseudonymizer(KEY);
    const row = {
      Identity: 'Alice Admin',
      DeviceDetail: { deviceId: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'PAW-ALICE-01' },
      TargetResources: JSON.stringify([{ type: 'Role', displayName: 'Global Administrator' }, { type: 'User', displayName: 'Alice Admin', userPrincipalName: 'alice@contoso.com' }]),
      ResultDescription: 'Alice Admin signed in from 203.0.113.9 as alice@contoso.com',
      _ResourceId: '/subscriptions/0b7a3c2d-1e2f-4a5b-8c9d-0e1f2a3b4c5d/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-alice',
    };
    const first = pseudonymizeValue(row, undefined, p);
    const out = sweeper(p)(first); // the sweep knows the names the first pass saw
    const text = JSON.stringify(out);
    for (const original of ['Alice Admin', 'PAW-ALICE-01', 'alice@contoso.com', 'contoso', '203.0.113.9', 'a1b2c3d4-0000-4000-8000-000000000001', '0b7a3c2d', 'rg-prod', 'vm-alice']) {
      expect(text.toLowerCase()).not.toContain(original.toLowerCase());
    }
    expect(text).toContain('Global Administrator');
    expect(text).toContain('Microsoft.Compute/virtualMachines');
  });
});
