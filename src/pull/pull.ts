// `pull`, as Terraform's import: analytics rules, automation rules and watchlists that live only in the
// workspace become files in tripline's formats, and ownership is recorded in the workspace (the metadata
// tripline writes on deploy, with the hash of the item as it is), so the next plan shows them unchanged.
// A drifted managed item's portal edit is written back over its files for review; a templated rule's
// goes to <stem>.pulled.yaml beside it (validate leaves that file out of the pack, with a warning).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fsReason } from '../core/fs.js';
import { error, warning, type Problem } from '../core/problems.js';
import { SENTINEL_STABLE } from '../deploy/arm/api-versions.js';
import type { Connection } from '../deploy/connect.js';
import { contentHash } from '../deploy/normalize.js';
import { metadataBody, metadataName } from '../deploy/ownership.js';
import { normalizeDeployed } from '../deploy/plan.js';
import { key, readDeployed } from '../deploy/read.js';
import { ALERT_RULES, AUTOMATION_RULES, WATCHLISTS, type ContentType, type DeployedItem, type WatchlistItemResource } from '../deploy/types.js';
import { itemPath, sentinelPath } from '../deploy/workspace.js';
import type { Project } from '../project/load.js';
import type { RuleDefinition } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';
import { automationDocument, automationYaml } from './to-automation.js';
import { ruleYaml } from './to-rule.js';
import { watchlistCsv, watchlistMeta, watchlistYaml } from './to-watchlist.js';

export interface PullSelection {
  /** An analytics or automation rule, by id or display name. */
  rule?: string;
  /** A watchlist, by alias or display name. */
  watchlist?: string;
  allUnmanaged?: boolean;
  drifted?: boolean;
}

export type PullAction = 'pulled' | 'drift-written-back' | 'drift-beside-template';

export interface PullResult {
  written: { files: string[]; label: string; action: PullAction }[];
  problems: Problem[];
}

/** What one item becomes: files (repository-relative) and whether its state becomes tripline's baseline. */
interface Pulled {
  item: DeployedItem;
  label: string;
  action: PullAction;
  files: { path: string; text: string }[];
  own: boolean;
  ruleIds?: string[];
}

const PULLED_TYPES: readonly ContentType[] = [ALERT_RULES, AUTOMATION_RULES, WATCHLISTS];
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'item';
const labelOf = (i: DeployedItem): string => String(i.resource.properties?.['displayName'] ?? i.name);
const ORIGIN = 'the workspace';

/** A rule file whose query is a template (or has parameters) must not be flattened into its rendering. */
const templated = (r: RuleDefinition): boolean => r.doc.parameters !== undefined || /\{\{/.test(r.doc.query);

interface RepositoryFile {
  file: string;
  rule?: RuleDefinition;
  watchlist?: Watchlist;
}

/** The repository file each managed item comes from, by type and resource name. */
function repositoryFiles(project: Project): Map<string, RepositoryFile> {
  const files = new Map<string, RepositoryFile>();
  for (const r of project.rules) files.set(key(ALERT_RULES, r.doc.id), { file: r.file, rule: r });
  for (const a of project.automation) files.set(key(AUTOMATION_RULES, a.doc.id), { file: a.file });
  for (const w of project.watchlists) files.set(key(WATCHLISTS, w.alias), { file: w.metaFile, watchlist: w });
  return files;
}

export async function pull(project: Project, c: Connection, repository: string, sel: PullSelection, outDir: string): Promise<PullResult> {
  const state = await readDeployed(c.client, c.workspace, []);
  const inRepo = repositoryFiles(project);
  const result: PullResult = { written: [], problems: [] };
  const picked = select(state.items.filter((i) => PULLED_TYPES.includes(i.type)), sel, inRepo, repository, result.problems).filter((i) => {
    if (expressible(i)) return true;
    result.problems.push(notExpressible(i, sel.rule !== undefined));
    return false;
  });
  await Promise.all(
    picked.filter((i) => i.type === WATCHLISTS && !i.items).map(async (w) => {
      w.items = await c.client.list<WatchlistItemResource>(`${itemPath(c.workspace, WATCHLISTS, w.name)}/watchlistItems`, SENTINEL_STABLE);
    }),
  );
  const taken = new Set<string>();
  const pulled = picked.map((item) => {
    const known = inRepo.get(key(item.type, item.name));
    return known ? writeBack(item, known, c.workspaceId) : pullNew(project.root, item, outDir, c.workspaceId, taken);
  });
  result.problems.push(...unresolvedReferences(pulled, inRepo));
  const failed = writeFiles(project.root, pulled.flatMap((p) => p.files));
  if (failed) return { written: [], problems: [...result.problems, failed] };
  for (const p of pulled) {
    if (p.own) await own(c, repository, p.item);
    result.written.push({ files: p.files.map((f) => f.path), label: p.label, action: p.action });
  }
  return result;
}

/** Rule files hold Scheduled and NRT rules; Fusion, ML behavior analytics and incident-creation rules are built-ins. */
const expressible = (i: DeployedItem): boolean => i.type !== ALERT_RULES || i.resource.kind === 'Scheduled' || i.resource.kind === 'NRT';

function notExpressible(i: DeployedItem, named: boolean): Problem {
  const message = `analytics rule '${labelOf(i)}' (${i.name}) is of kind ${String(i.resource.kind)}: rule files hold Scheduled and NRT rules, so it is left in the workspace`;
  return named ? error('pull-kind', message, { file: '<command line>' }) : warning('pull-kind', message, { file: '<command line>' });
}

/** Ownership is recorded only once every file is written: a failed write leaves the workspace as it was. */
function writeFiles(root: string, files: { path: string; text: string }[]): Problem | undefined {
  for (const f of files) {
    try {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.text);
    } catch (e) {
      return error('file-write', `cannot write the pulled file: ${fsReason(e)}`, { file: f.path });
    }
  }
  return undefined;
}

function select(items: DeployedItem[], sel: PullSelection, inRepo: Map<string, unknown>, repository: string, problems: Problem[]): DeployedItem[] {
  const named = (types: ContentType[], name: string, what: string): DeployedItem[] => {
    const found = items.filter((i) => types.includes(i.type) && (i.name.toLowerCase() === name.toLowerCase() || labelOf(i) === name));
    if (!found.length) problems.push(error('pull-unknown', `the workspace has no ${what} '${name}'`, { file: '<command line>' }));
    return found;
  };
  if (sel.rule) return named([ALERT_RULES, AUTOMATION_RULES], sel.rule, 'analytics or automation rule');
  if (sel.watchlist) return named([WATCHLISTS], sel.watchlist, 'watchlist');
  if (sel.allUnmanaged) return items.filter((i) => !i.ownership && !inRepo.has(key(i.type, i.name)));
  if (sel.drifted) {
    return items.filter((i) => inRepo.has(key(i.type, i.name)) && i.ownership?.repository === repository && i.ownership.hash !== contentHash(normalizeDeployed(i)));
  }
  return [];
}

function pullNew(root: string, item: DeployedItem, outDir: string, workspaceId: string, taken: Set<string>): Pulled {
  const label = labelOf(item);
  const free = (folder: string, stem: string, ext: string): string => {
    let path = relative(root, join(folder, `${stem}${ext}`)).split('\\').join('/');
    if (existsSync(join(root, path)) || taken.has(path)) path = relative(root, join(folder, `${stem}-${item.name.slice(0, 8).toLowerCase()}${ext}`)).split('\\').join('/');
    taken.add(path);
    return path;
  };
  const base = { item, label, action: 'pulled' as const, own: true };
  if (item.type === ALERT_RULES) return { ...base, files: [{ path: free(outDir, slug(label), '.yaml'), text: ruleYaml(item.resource, ORIGIN) }] };
  if (item.type === AUTOMATION_RULES) {
    const { doc, ruleIds } = automationDocument(item.resource, workspaceId);
    return { ...base, ruleIds, files: [{ path: free(join(root, 'automation'), slug(label), '.yaml'), text: automationYaml(doc, ORIGIN) }] };
  }
  // The file name is the alias (_GetWatchlist('<Alias>')), so it cannot be made unique by a suffix.
  return { ...base, files: watchlistFiles(item, `watchlists/${item.name}.yaml`, `watchlists/${item.name}.csv`) };
}

function watchlistFiles(item: DeployedItem, metaFile: string, csvFile: string, previous?: Watchlist): { path: string; text: string }[] {
  return [
    { path: metaFile, text: watchlistYaml(watchlistMeta(item), ORIGIN) },
    { path: csvFile, text: watchlistCsv(item, previous) },
  ];
}

function writeBack(item: DeployedItem, known: RepositoryFile, workspaceId: string): Pulled {
  const base = { item, label: labelOf(item), action: 'drift-written-back' as const, own: true };
  const over = `${ORIGIN} over the previous version of this file`;
  if (item.type === WATCHLISTS) return { ...base, files: watchlistFiles(item, known.file, known.watchlist?.csvFile ?? known.file.replace(/\.ya?ml$/i, '.csv'), known.watchlist) };
  if (item.type === AUTOMATION_RULES) {
    const { doc, ruleIds } = automationDocument(item.resource, workspaceId);
    return { ...base, ruleIds, files: [{ path: known.file, text: automationYaml(doc, over) }] };
  }
  if (known.rule && templated(known.rule)) {
    // Not owned: the template stays the source, so the item stays drifted until the edit is folded in.
    const path = known.file.replace(/\.ya?ml$/i, '.pulled.yaml');
    const origin = `${ORIGIN} (rendered; fold the change into ${known.file}, which is a template, then delete this file)`;
    return { ...base, action: 'drift-beside-template', own: false, files: [{ path, text: ruleYaml(item.resource, origin) }] };
  }
  return { ...base, files: [{ path: known.file, text: ruleYaml(item.resource, over) }] };
}

/** An automation rule naming analytics rules the repository will not have fails validate: say which to pull. */
function unresolvedReferences(pulled: Pulled[], inRepo: Map<string, unknown>): Problem[] {
  const coming = new Set(pulled.filter((p) => p.item.type === ALERT_RULES).map((p) => p.item.name.toLowerCase()));
  const problems: Problem[] = [];
  for (const p of pulled) {
    for (const id of p.ruleIds ?? []) {
      if (inRepo.has(key(ALERT_RULES, id)) || coming.has(id.toLowerCase())) continue;
      problems.push(warning('pull-reference', `automation rule '${p.label}' refers to analytics rule ${id}, which the repository does not have: pull it too (tripline pull --rule ${id})`, { file: p.files[0]!.path }));
    }
  }
  return problems;
}

async function own(c: Connection, repository: string, item: DeployedItem): Promise<void> {
  const hash = contentHash(normalizeDeployed(item));
  const body = metadataBody(item.type, item.name, item.resource.id ?? '', repository, hash);
  await c.client.request('PUT', `${sentinelPath(c.workspace)}/metadata/${metadataName(item.type, item.name)}`, SENTINEL_STABLE, body);
}
