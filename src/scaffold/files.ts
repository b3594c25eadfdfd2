// Scaffolded files are written all or nothing, and never over an existing file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsReason } from '../core/fs.js';
import { error, type Problem } from '../core/problems.js';

export interface ScaffoldFile {
  /** Repository-relative path. */
  path: string;
  text: string;
}

/** `Break-glass sign-in (NRT)` -> `break-glass-sign-in-nrt`. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function writeScaffold(root: string, files: readonly ScaffoldFile[]): Problem[] {
  const existing = files.filter((f) => existsSync(join(root, f.path)));
  if (existing.length) {
    const more = existing.length > 1 ? ` (and ${existing.length - 1} more of the files it would create)` : '';
    return [error('scaffold-exists', `${existing[0]!.path} already exists${more}: choose another name (nothing was written)`, { file: existing[0]!.path })];
  }
  const written: string[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(join(root, f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.text, { flag: 'wx' });
      written.push(f.path);
    }
    return [];
  } catch (e) {
    return [error('scaffold-write', `cannot write ${files[written.length]!.path}: ${fsReason(e)}`, { file: files[written.length]!.path })];
  }
}
