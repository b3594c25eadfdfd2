// Problem files are repository-relative already; normalize what users may have typed (./x, x\y).
import { isAbsolute, relative } from 'node:path';

export function repoRelative(file: string, root?: string): string {
  let f = root && isAbsolute(file) ? relative(root, file) : file;
  f = f.split('\\').join('/');
  while (f.startsWith('./')) f = f.slice(2);
  return f;
}
