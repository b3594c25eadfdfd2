// Writing the page: the target is checked before any work (a located problem, not a stack trace), and the
// file appears whole or not at all (written beside it, then renamed).
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { error, type Problem } from '../core/problems.js';

const at = (out: string) => ({ file: out });

/** Why `out` cannot receive the report, or nothing. */
export function checkOutPath(out: string): Problem[] {
  const full = resolve(out);
  const dir = dirname(full);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [error('usage', `--out ${out}: folder ${dirname(out)} does not exist`, at(out))];
  if (existsSync(full) && statSync(full).isDirectory()) return [error('usage', `--out ${out}: is a folder; give a file name such as report.html`, at(out))];
  return [];
}

export function writeReport(out: string, html: string): Problem[] {
  const full = resolve(out);
  const temp = `${full}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, html);
    renameSync(temp, full);
    return [];
  } catch (e) {
    rmSync(temp, { force: true });
    return [error('usage', `--out ${out}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, at(out))];
  }
}
