// Watchlists as code: watchlists/<Alias>.yaml (metadata) + watchlists/<Alias>.csv (items). An
// environment may point an alias at other contents; the search key column must exist and be unique.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { error, hasErrors, type Problem } from '../core/problems.js';
import { readYamlFile } from '../core/yaml.js';
import { validateAgainstSchema } from '../core/schema-validate.js';
import { parseCsv } from '../fixtures/csv.js';
import type { Environment } from '../environments/types.js';
import type { Watchlist, WatchlistMeta } from './types.js';

export function watchlistAliases(root: string): string[] {
  const dir = join(root, 'watchlists');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

export function loadWatchlists(root: string, env?: Environment): { watchlists: Watchlist[]; problems: Problem[] } {
  const watchlists: Watchlist[] = [];
  const problems: Problem[] = [];
  const aliases = watchlistAliases(root);
  for (const alias of aliases) {
    const result = loadWatchlist(root, alias, env?.watchlists[alias]);
    problems.push(...result.problems);
    if (result.watchlist) watchlists.push(result.watchlist);
  }
  if (env) {
    for (const alias of Object.keys(env.watchlists)) {
      if (!aliases.includes(alias)) {
        problems.push(
          error('watchlist-unknown', `environment '${env.name}' sets contents for watchlist '${alias}', but watchlists/${alias}.yaml does not exist`, env.source?.locateKey(`/watchlists/${alias}`) ?? { file: env.file }),
        );
      }
    }
  }
  return { watchlists, problems };
}

export function loadWatchlist(root: string, alias: string, csvOverride?: string): { watchlist?: Watchlist; problems: Problem[] } {
  const metaFile = existsSync(join(root, `watchlists/${alias}.yml`)) ? `watchlists/${alias}.yml` : `watchlists/${alias}.yaml`;
  const read = readYamlFile(join(root, metaFile), metaFile);
  if (!read.source || hasErrors(read.problems)) return { problems: read.problems };
  const problems = validateAgainstSchema(read.source, 'watchlist');
  if (hasErrors(problems)) return { problems };
  const meta = read.source.value as WatchlistMeta;
  const csvFile = csvOverride ?? `watchlists/${alias}.csv`;
  const items = readWatchlistCsv(root, csvFile, meta.itemsSearchKey);
  problems.push(...items.problems);
  if (!items.columns) return { problems };
  return {
    watchlist: { alias, metaFile, meta, metaSource: read.source, csvFile, csvText: items.text, columns: items.columns, rows: items.rows },
    problems,
  };
}

export function readWatchlistCsv(
  root: string,
  csvFile: string,
  searchKey: string,
): { text: string; columns?: string[]; rows: Record<string, string>[]; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(join(root, csvFile), 'utf8');
  } catch {
    return { text: '', rows: [], problems: [error('watchlist-csv-missing', `watchlist items file not found: ${csvFile}`, { file: csvFile })] };
  }
  const doc = parseCsv(text);
  const problems: Problem[] = doc.errors.map((e) => error('watchlist-csv', e.message, { file: csvFile, line: e.line, column: e.column }));
  const [header, ...records] = doc.records;
  if (!header) {
    problems.push(error('watchlist-csv', 'the watchlist CSV has no header row', { file: csvFile, line: 1, column: 1 }));
    return { text, rows: [], problems };
  }
  const columns = header.map((c) => c.value.trim());
  const keyIndex = columns.indexOf(searchKey);
  if (keyIndex < 0) {
    problems.push(
      error('watchlist-search-key', `itemsSearchKey '${searchKey}' is not a column of ${csvFile} (columns: ${columns.join(', ')})`, { file: csvFile, line: 1, column: 1 }),
    );
  }
  const rows: Record<string, string>[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const first = record[0]!;
    if (record.length !== columns.length) {
      problems.push(error('watchlist-csv', `expected ${columns.length} values (${columns.join(', ')}), found ${record.length}`, { file: csvFile, line: first.line, column: first.column }));
      continue;
    }
    const row: Record<string, string> = {};
    columns.forEach((c, i) => (row[c] = record[i]!.value));
    if (keyIndex >= 0) {
      const cell = record[keyIndex]!;
      // Sentinel looks items up by search key case-insensitively.
      const key = cell.value.toLowerCase();
      if (cell.value === '') {
        problems.push(error('watchlist-search-key', `empty ${searchKey}: every item needs a search key value`, { file: csvFile, line: cell.line, column: cell.column }));
      } else if (seen.has(key)) {
        problems.push(error('watchlist-search-key', `duplicate ${searchKey} '${cell.value}' (first on line ${seen.get(key)}): search key values must be unique`, { file: csvFile, line: cell.line, column: cell.column }));
      } else seen.set(key, cell.line);
    }
    rows.push(row);
  }
  return { text, columns, rows, problems };
}
