// Entity-mapping limits and identifiers agree from the rule file to the workspace: what validate accepts
// deploys through the real SDK to the emulator, which refuses as the service does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SENTINEL_STABLE } from '../../src/deploy/arm/api-versions.js';
import { edit, keepOnly, openWorkspace, projectCopy } from './helpers.js';

const BREAK_GLASS = 'cc45de50-d867-4ac0-b21a-498e8f4e1d4b';
const MORE = `  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: UserId
      - identifier: CloudAppAccountId
        columnName: UserId
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
`;

describe('entity mappings from rule file to workspace', { timeout: 120_000 }, () => {
  it('6 mappings with CloudAppAccountId deploy; 11 are a located error and nothing changes', async () => {
    const p = projectCopy();
    keepOnly(p, ['break-glass-sign-in']);
    const rule = join(p.dir, 'rules/break-glass-sign-in.yaml');
    edit(rule, /^customDetails:$/m, `${MORE}customDetails:`);
    const deployed = await p.run('deploy', '--yes');
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    const deployedMappings = () => openWorkspace(p.state, async (w) => (await w.client.get<any>(`${w.base}/alertRules/${BREAK_GLASS}`, SENTINEL_STABLE)).properties.entityMappings);
    const mappings = await deployedMappings();
    expect(mappings).toHaveLength(6);
    expect(mappings[4].fieldMappings[1]).toEqual({ identifier: 'CloudAppAccountId', columnName: 'UserId' });

    edit(rule, /^customDetails:$/m, `${MORE}${MORE}${MORE.split('\n').slice(6).join('\n')}customDetails:`);
    const refused = await p.run('deploy', '--yes');
    expect(refused.code).toBe(1);
    const starts = readFileSync(rule, 'utf8').split('\n').flatMap((l, n) => (/^  - entityType:/.test(l) ? [n + 1] : []));
    expect(starts).toHaveLength(11);
    expect(refused.stdout + refused.stderr).toContain(`rules/break-glass-sign-in.yaml\n  ${starts[10]}:5  error  entityMappings has 11 entries; at most 10 are allowed  schema`);
    expect(await deployedMappings()).toEqual(mappings);
  });
});
