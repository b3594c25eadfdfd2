// `tripline render --out DIR`: the request bodies as they would be sent, one file per content item (a rule
// the environment deploys to Defender as its Microsoft Graph body, under defender/).
// Everything is computed first and written only when the whole run is clean, so a failed run never
// leaves a half-written DIR behind; DIR then holds exactly what this render produced.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fsReason, swapInFolder } from '../core/fs.js';
import { error, type Problem } from '../core/problems.js';
import type { Environment } from '../environments/types.js';
import { alertRuleBody } from '../render/alert-rule-body.js';
import type { RenderedRule } from '../rules/types.js';
import type { Watchlist } from '../watchlists/types.js';
import { routedRules } from './routed-rules.js';

export interface OutputFile {
  path: string;
  content: unknown;
}

export function watchlistBody(w: Watchlist): { properties: Record<string, unknown> } {
  const { displayName, description, provider, itemsSearchKey, ...rest } = w.meta;
  return {
    properties: {
      displayName,
      ...(description ? { description } : {}),
      provider,
      itemsSearchKey,
      ...rest,
      source: w.csvFile.split('/').pop(),
      sourceType: 'Local',
      contentType: 'text/csv',
      numberOfLinesToSkip: 0,
      rawContent: w.csvText.replace(/^\uFEFF/, ''),
    },
  };
}

/** Sentinel analytics rules under rules/, the rules the environment deploys to Defender as their Graph body under defender/. */
export function renderOutputs(rendered: RenderedRule[], watchlists: Watchlist[], env: Environment): OutputFile[] {
  const routed = routedRules(rendered, env);
  return [
    ...routed.sentinel.map((r) => ({ path: `rules/${r.rule.stem}.json`, content: alertRuleBody(r, env) })),
    ...routed.defender.map(({ rendered: r, body }) => ({ path: `defender/${r.rule.stem}.json`, content: body })),
    ...watchlists.map((w) => ({ path: `watchlists/${w.alias}.json`, content: watchlistBody(w) })),
  ];
}

/** Lists what a render wrote into its folder, so the next render may replace exactly that. */
export const RENDER_MANIFEST = '.tripline-render.json';

/**
 * Makes `outDir` hold exactly `files` (plus the manifest): files an earlier render wrote that this one does
 * not produce are gone, so a deploy step globbing the folder cannot revive a deleted rule. A folder holding
 * anything an earlier render did not write is refused. The files are staged beside `outDir` and swapped in,
 * so a failure leaves the folder as it was. Problems are usage problems (exit 2).
 */
export function writeOutputs(outDir: string, files: OutputFile[]): Problem[] {
  const abs = resolve(outDir);
  const refused = checkRenderTarget(abs, outDir);
  if (refused) return [refused];
  let staging: string | undefined;
  try {
    mkdirSync(dirname(abs), { recursive: true });
    staging = mkdtempSync(join(dirname(abs), `.${basename(abs)}.tripline-`));
    for (const f of files) {
      mkdirSync(dirname(join(staging, f.path)), { recursive: true });
      writeFileSync(join(staging, f.path), JSON.stringify(f.content, null, 2) + '\n');
    }
    writeFileSync(join(staging, RENDER_MANIFEST), JSON.stringify({ files: files.map((f) => f.path).sort() }, null, 2) + '\n');
    swapInFolder(staging, abs);
    return [];
  } catch (e) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    return [error('render-out', `cannot write ${outDir}: ${fsReason(e)}`, { file: outDir })];
  }
}


/** A problem when `abs` exists and is not an empty folder or one an earlier render wrote. */
function checkRenderTarget(abs: string, display: string): Problem | undefined {
  const refuse = (why: string) => error('render-out', `${display} ${why}; render replaces the whole folder, so choose a new or empty one`, { file: display });
  let entries: string[];
  try {
    const blocking = fileAncestor(abs);
    if (blocking) return error('render-out', `cannot write ${display}: ${blocking} is a file, not a folder`, { file: display });
    if (!existsSync(abs)) return undefined;
    if (!statSync(abs).isDirectory()) return refuse('exists and is not a folder');
    entries = listFiles(abs);
  } catch (e) {
    return error('render-out', `cannot use ${display}: ${fsReason(e)}`, { file: display });
  }
  if (!entries.length) return undefined;
  if (!entries.includes(RENDER_MANIFEST)) return refuse(`holds files tripline render did not write (${sample(entries)})`);
  const written = new Set(readManifest(join(abs, RENDER_MANIFEST)));
  const foreign = entries.filter((f) => f !== RENDER_MANIFEST && !written.has(f));
  return foreign.length ? refuse(`holds files the last render did not write (${sample(foreign)})`) : undefined;
}

/** The nearest existing ancestor of `abs` when it is a file (so no folder can be made below it). */
function fileAncestor(abs: string): string | undefined {
  for (let dir = dirname(abs); ; dir = dirname(dir)) {
    if (existsSync(dir)) return statSync(dir).isDirectory() ? undefined : relative(process.cwd(), dir) || dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function readManifest(path: string): string[] {
  try {
    const files = (JSON.parse(readFileSync(path, 'utf8')) as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** Every file under `dir`, as forward-slash paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) => {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    return d.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

const sample = (names: string[]): string => names.slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '');
