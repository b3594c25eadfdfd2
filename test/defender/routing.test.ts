// Which platform each rule deploys to per environment, and the problems routing brings: the targets
// key, a rule deployed to both (warning), an automation rule keyed to a rule that moved to Defender.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desiredState } from '../../src/deploy/desired.js';
import { ALERT_RULES, DETECTION_RULES } from '../../src/deploy/types.js';
import { edit, keepOnly, projectCopy } from '../deploy/helpers.js';

const PIM = 'b9c0347f-a9c8-4bad-8f97-816dff7aff1b';
const PIM_FILE = 'rules/pim-activation-outside-business-hours.yaml';

function copyWithDefenderKey(settings: string): ReturnType<typeof projectCopy> {
  const p = projectCopy();
  keepOnly(p, ['pim-activation-outside-business-hours', 'break-glass-sign-in']);
  edit(join(p.dir, PIM_FILE), /\n*$/, `\ndefender:\n${settings}\n`);
  return p;
}

describe('routing rules to targets', () => {
  it('a rule with a defender: key: Sentinel where the environment does not target defender, else Defender only (the automation rule keyed to it warned); alsoSentinel deploys both with a warning', () => {
    const p = copyWithDefenderKey('  recommendedActions: Call the user.');
    const local = desiredState(p.dir, 'local');
    expect(local.targets).toEqual(['sentinel']);
    expect(local.routes.find((r) => r.rule === PIM)).toEqual({ rule: PIM, name: 'PIM activation outside business hours', file: PIM_FILE, targets: ['sentinel'], reason: "has a defender: key, but environment 'local' does not target defender" });
    expect(local.items.filter((i) => i.type === DETECTION_RULES)).toEqual([]);
    expect(local.routes.filter((r) => r.rule !== PIM).map((r) => `${r.targets.join()} ${r.reason}`)).toEqual(['sentinel no defender: key']);

    const s = desiredState(p.dir, 'unified');
    expect(s.routes.find((r) => r.rule === PIM)?.targets).toEqual(['defender']);
    expect(s.items.filter((i) => i.file === PIM_FILE).map((i) => `${i.type} ${i.name}`)).toEqual([`${DETECTION_RULES} tripline-${PIM}`]);
    const automation = s.problems.find((x) => x.code === 'defender-automation');
    expect(automation).toMatchObject({ severity: 'warning', file: 'automation/pim-out-of-hours-tasks.yaml', line: expect.any(Number) });
    expect(automation!.message).toMatch(/refers to rules\/pim-activation-outside-business-hours.yaml, which environment 'unified' deploys as a Defender custom detection only/);

    const both = copyWithDefenderKey('  alsoSentinel: true');
    const b = desiredState(both.dir, 'unified');
    expect(b.items.filter((i) => i.file === PIM_FILE).map((i) => i.type)).toEqual([ALERT_RULES, DETECTION_RULES]);
    const warned = b.problems.find((x) => x.code === 'defender-both');
    expect(warned).toMatchObject({ severity: 'warning', file: PIM_FILE, line: expect.any(Number) });
    expect(warned!.message).toMatch(/the SOC gets every alert twice, and automation rules keyed to the analytics rule id miss the Defender incidents/);
    expect(b.problems.some((x) => x.code === 'defender-automation')).toBe(false);
  });

  it('an impossible conversion is a located error where the rule goes to Defender, and nothing is desired', () => {
    const p = copyWithDefenderKey('  recommendedActions: Call the user.');
    edit(join(p.dir, PIM_FILE), /^triggerThreshold: 0$/m, 'triggerThreshold: 2');
    const s = desiredState(p.dir, 'unified');
    expect(s.items).toEqual([]);
    expect(s.problems.find((x) => x.severity === 'error')).toMatchObject({ file: PIM_FILE, line: expect.any(Number), message: expect.stringMatching(/threshold/) });
  });

  it('targets must include sentinel: a located configuration error', () => {
    const p = projectCopy();
    edit(join(p.dir, 'environments/unified.yaml'), /^targets: .*$/m, 'targets: [defender]');
    const s = desiredState(p.dir, 'unified');
    expect(s.configProblems).toMatchObject([{ severity: 'error', code: 'environment-targets', file: 'environments/unified.yaml', line: expect.any(Number), column: 1 }]);
    expect(s.configProblems[0]!.message).toMatch(/targets must include sentinel .*: write \[sentinel, defender\]/);
  });
});
