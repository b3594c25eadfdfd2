// `pull`, as Terraform's import: analytics rules that live only in the workspace become rule files, and
// ownership is recorded in the workspace (the metadata tripline writes on deploy, with the hash of the
// item as it is), so the next plan shows them unchanged. A drifted managed rule's portal edit is
// written back over its file for review; a templated rule's goes to <stem>.pulled.yaml beside it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { error, type Problem } from '../core/problems.js';
import { SENTINEL_STABLE } from '../deploy/arm/api-versions.js';
import type { Connection } from '../deploy/connect.js';
import { contentHash } from '../deploy/normalize.js';
import { metadataBody, metadataName } from '../deploy/ownership.js';
import { normalizeDeployed } from '../deploy/plan.js';
import { readDeployed } from '../deploy/read.js';
import { ALERT_RULES, type DeployedItem } from '../deploy/types.js';
import { sentinelPath } from '../deploy/workspace.js';
import type { RuleDefinition } from '../rules/types.js';
import { ruleYaml } from './to-rule.js';

export interface PullSelection {
  rule?: string;
  allUnmanaged?: boolean;
  drifted?: boolean;
}

export interface PullResult {
  written: { file: string; rule: string; action: 'pulled' | 'drift-written-back' | 'drift-beside-template' }[];
  problems: Problem[];
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'rule';

/** A rule file whose query is a template (or has parameters) must not be flattened into its rendering. */
const templated = (r: RuleDefinition): boolean => r.doc.parameters !== undefined || /\{\{/.test(r.doc.query);

export async function pull(root: string, c: Connection, repository: string, rules: readonly RuleDefinition[], sel: PullSelection, outDir: string): Promise<PullResult> {
  const state = await readDeployed(c.client, c.workspace, []);
  const deployed = state.items.filter((i) => i.type === ALERT_RULES);
  const inRepo = new Map(rules.map((r) => [r.doc.id.toLowerCase(), r]));
  const result: PullResult = { written: [], problems: [] };
  const unmanaged = deployed.filter((i) => !i.ownership && !inRepo.has(i.name.toLowerCase()));
  let picked: DeployedItem[] = [];
  if (sel.rule) {
    picked = deployed.filter((i) => i.name.toLowerCase() === sel.rule!.toLowerCase() || i.resource.properties?.['displayName'] === sel.rule);
    if (!picked.length) result.problems.push(error('pull-rule', `the workspace has no analytics rule '${sel.rule}'`, { file: '<command line>' }));
  } else if (sel.allUnmanaged) picked = unmanaged;
  for (const item of picked) {
    const known = inRepo.get(item.name.toLowerCase());
    if (known) await writeBack(root, c, repository, item, known, result);
    else await pullNew(root, c, repository, item, outDir, result);
  }
  if (sel.drifted) {
    for (const item of deployed) {
      const r = inRepo.get(item.name.toLowerCase());
      if (r && item.ownership?.repository === repository && item.ownership.hash !== contentHash(normalizeDeployed(item))) await writeBack(root, c, repository, item, r, result);
    }
  }
  return result;
}

async function own(c: Connection, repository: string, item: DeployedItem): Promise<void> {
  const hash = contentHash(normalizeDeployed(item));
  const body = metadataBody(ALERT_RULES, item.name, item.resource.id ?? '', repository, hash);
  await c.client.request('PUT', `${sentinelPath(c.workspace)}/metadata/${metadataName(ALERT_RULES, item.name)}`, SENTINEL_STABLE, body);
}

async function pullNew(root: string, c: Connection, repository: string, item: DeployedItem, outDir: string, result: PullResult): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const name = String(item.resource.properties?.['displayName'] ?? item.name);
  let file = join(outDir, `${slug(name)}.yaml`);
  if (existsSync(file)) file = join(outDir, `${slug(name)}-${item.name.slice(0, 8).toLowerCase()}.yaml`);
  writeFileSync(file, ruleYaml(item.resource, 'the workspace'));
  await own(c, repository, item);
  result.written.push({ file: relative(root, file), rule: name, action: 'pulled' });
}

async function writeBack(root: string, c: Connection, repository: string, item: DeployedItem, r: RuleDefinition, result: PullResult): Promise<void> {
  if (templated(r)) {
    const file = join(root, r.file.replace(/\.ya?ml$/i, '.pulled.yaml'));
    // It shares the rule's id on purpose: validate fails until the edit is folded into the template
    // and this file removed, so the portal change cannot be forgotten nor silently overwritten.
    writeFileSync(file, ruleYaml(item.resource, `the workspace (rendered; fold the change into ${r.file}, which is a template, then delete this file)`));
    result.written.push({ file: relative(root, file), rule: r.doc.name, action: 'drift-beside-template' });
    return;
  }
  writeFileSync(join(root, r.file), ruleYaml(item.resource, 'the workspace over the previous version of this file'));
  // The file now says what the workspace holds: the portal edit is the new baseline.
  await own(c, repository, item);
  result.written.push({ file: r.file, rule: r.doc.name, action: 'drift-written-back' });
}
