// Where externaldata URLs come from offline: `externaldata:` in tripline.config.yaml and in a test case
// maps a URL, or a URL pattern with `*`, to a local file (relative to the file that declares it). The
// engine asks for a URL's text; an unmapped URL stays unmapped (a located error), never a network call.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { error, type Problem, type SourceLocation } from '../core/problems.js';

export interface ExternalDataMapping {
  /** The URL, or a pattern where `*` stands for any text. */
  url: string;
  /** Absolute path of the local file. */
  file: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `externaldata: { <url or pattern>: <file> }`; each file must exist. */
export function parseExternalDataMap(value: unknown, baseDir: string, locate: (pointer: string) => SourceLocation, pointer: string): { mappings: ExternalDataMapping[]; problems: Problem[] } {
  const mappings: ExternalDataMapping[] = [];
  const problems: Problem[] = [];
  if (value === undefined || value === null) return { mappings, problems };
  if (!isObject(value)) {
    problems.push(error('externaldata', 'externaldata maps each URL (or URL pattern with *) to a local file: { "https://...": data/feed.csv }', locate(pointer)));
    return { mappings, problems };
  }
  for (const [url, file] of Object.entries(value)) {
    const at = `${pointer}/${url.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof file !== 'string' || !file) {
      problems.push(error('externaldata', `externaldata ${url}: expected the path of a local file`, locate(at)));
      continue;
    }
    const path = isAbsolute(file) ? file : join(baseDir, file);
    if (!existsSync(path) || !statSync(path).isFile()) problems.push(error('externaldata', `externaldata ${url}: file not found: ${file}`, locate(at)));
    else mappings.push({ url, file: path });
  }
  return { mappings, problems };
}

/** A mapping's URL matches: equal, or a pattern where `*` stands for any text. */
export function urlMatches(pattern: string, url: string): boolean {
  if (!pattern.includes('*')) return pattern === url;
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(url);
}

/** The text behind a URL: the first list that maps it wins (a test case's before the configuration's). */
export function externalDataResolver(...lists: ExternalDataMapping[][]): (url: string) => string | undefined {
  return (url) => {
    for (const list of lists) {
      const exact = list.find((m) => m.url === url) ?? list.find((m) => urlMatches(m.url, url));
      if (exact) return readFileSync(exact.file, 'utf8');
    }
    return undefined;
  };
}
