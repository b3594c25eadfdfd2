// File-system failures as words a user acts on, never as a stack trace: every reader and writer of
// the project turns Node's error codes into a located problem with this text.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { error, type Problem } from './problems.js';

/** "file not found", "is a folder, not a file", ... for an error thrown by node:fs. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EEXIST':
      return 'already exists';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** Writes a report file; a problem (located at the path) instead of an exception when it cannot. */
export function writeReport(path: string, text: string): Problem | undefined {
  try {
    writeFileSync(path, text);
    return undefined;
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `folder ${dirname(path)} not found` : fsReason(e);
    return error('file-write', `cannot write ${path}: ${reason}`, { file: path });
  }
}

/**
 * Replaces folder `target` with `staging`, a fully written sibling, by renames: readers see the old
 * folder or the new one, never a mix, and on failure the old one is put back.
 */
export function swapInFolder(staging: string, target: string): void {
  if (!existsSync(target)) return renameSync(staging, target);
  const old = `${staging}.old`;
  renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (e) {
    renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
