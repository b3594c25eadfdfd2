// Files that ship with tripline (data/, schemas/), found relative to this module: it sits two levels
// below the package root both as src/core/*.ts and as the built dist/core/*.js.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function shippedPath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

export function readShippedJson<T>(relative: string): T {
  return JSON.parse(readFileSync(shippedPath(relative), 'utf8')) as T;
}
