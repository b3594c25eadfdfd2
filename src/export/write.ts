// Writing the export folder all at once: the files go to a staging folder beside DIR, which then takes
// DIR's place by rename. A failed run never leaves a half-written DIR, and templates of content that
// was deleted since the last export do not linger (a CI job deploying DIR/**/*.json would revive them).
// Because the old DIR is removed, it may only hold what an earlier export wrote.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { swapInFolder } from '../core/fs.js';
import { ConfigError, error } from '../core/problems.js';

const FOLDERS = new Set(['rules', 'watchlists', 'automation', 'workbooks']);

/** Entries of `dir` that an export did not write (so replacing `dir` would lose them). */
function foreignEntries(dir: string): string[] {
  const foreign: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'README.md' && statSync(path).isFile()) continue;
    if (FOLDERS.has(name) && statSync(path).isDirectory()) {
      for (const f of readdirSync(path)) if (!f.endsWith('.json') || !statSync(join(path, f)).isFile()) foreign.push(`${name}/${f}`);
      continue;
    }
    foreign.push(name);
  }
  return foreign;
}

function checkTarget(outDir: string, display: string): void {
  if (!existsSync(outDir)) return;
  const problem = (message: string) => new ConfigError([error('export-out', message, { file: display })]);
  if (!statSync(outDir).isDirectory()) throw problem(`${display} exists and is not a folder`);
  const foreign = foreignEntries(outDir);
  if (foreign.length) {
    throw problem(`${display} holds files tripline export did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); export replaces the whole folder, so choose a new or empty one`);
  }
}

function stage(parent: string, name: string, files: readonly { path: string; text: string }[]): string {
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${name}.tripline-`));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(staging, f.path)), { recursive: true });
      writeFileSync(join(staging, f.path), f.text);
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return staging;
}

/** Replaces `outDir` with exactly `files`; throws ConfigError (exit 2) when `outDir` holds other files. */
export function writeExport(outDir: string, files: readonly { path: string; text: string }[]): void {
  const abs = resolve(outDir);
  checkTarget(abs, outDir);
  const staging = stage(dirname(abs), basename(abs), files);
  try {
    swapInFolder(staging, abs);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
