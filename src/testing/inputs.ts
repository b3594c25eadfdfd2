// The tables a test case runs on: fixture files (loaded once per run of the suite), inline rows, empty
// tables for whatever else the query names, and watchlists as `_GetWatchlist` returns them.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { error, hasErrors, type Problem } from '../core/problems.js';
import { toPointer } from '../core/yaml.js';
import { coerceRows, type Keep, loadFixtureColumns } from '../fixtures/index.js';
import { unknownTableProblem } from '../fixtures/rows.js';
import type { ColumnarTable, DataTable, InputTable } from '../kql/table.js';
import type { TableCatalog } from '../tables/catalog.js';
import { readWatchlistCsv } from '../watchlists/load.js';
import { watchlistTable, watchlistTables } from '../watchlists/table.js';
import type { Watchlist } from '../watchlists/types.js';
import type { TestCase } from './types.js';

export class FixtureCache {
  private readonly tables = new Map<string, { table?: ColumnarTable; problems: Problem[] }>();

  constructor(
    private readonly root: string,
    private readonly catalog: TableCatalog,
  ) {}

  /** A regular file (a folder of that name is not a fixture). */
  exists(path: string): boolean {
    try {
      return statSync(join(this.root, path)).isFile();
    } catch {
      return false;
    }
  }

  /**
   * A fixture's table, loaded once; `keep` names the columns to hold from the first load (a later case
   * reading others gets them read from the file then, and kept).
   */
  load(path: string, table: string, keep: Keep): { table?: ColumnarTable; problems: Problem[] } {
    const key = `${table}\u0000${path}`;
    let entry = this.tables.get(key);
    if (!entry) {
      entry = loadFixtureColumns(join(this.root, path), table, this.catalog, path, keep);
      this.tables.set(key, entry);
    }
    return entry;
  }
}

/** The case's input tables; of fixture files, the columns `keep` names are held in memory. */
export function caseTables(
  tc: TestCase,
  fixtures: FixtureCache,
  catalog: TableCatalog,
  keep: (table: string) => Keep,
): { tables: Record<string, InputTable>; problems: Problem[] } {
  const tables: Record<string, InputTable> = {};
  const problems: Problem[] = [];
  for (const [name, spec] of Object.entries(tc.input)) {
    const at = tc.source.locate(toPointer([...pointerSegments(tc.pointer), 'input', name]));
    // Problems of the case itself are located in the tests file, at the line that names the table or file.
    if (!catalog.table(name)) {
      problems.push(unknownTableProblem(name, catalog, tc.source.locateKey(toPointer([...pointerSegments(tc.pointer), 'input', name]))));
      continue;
    }
    if (typeof spec === 'string' && !fixtures.exists(spec)) {
      problems.push(error('fixture-missing', `fixture file not found: ${spec} (paths are relative to the repository root)`, at));
      continue;
    }
    const result =
      typeof spec === 'string'
        ? fixtures.load(spec, name, keep(name))
        : coerceRows(spec, name, catalog, (i, column) =>
            tc.source.locate(toPointer([...pointerSegments(tc.pointer), 'input', name, i, ...(column ? [column] : [])])),
          );
    // A fixture file's notes (portal export clean-ups) are not problems of the test.
    problems.push(...result.problems.filter((p) => p.severity !== 'note'));
    if (result.table) tables[name] = result.table;
  }
  return { tables, problems };
}

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/');
}

export function emptyTable(name: string, catalog: TableCatalog): DataTable | undefined {
  const columns = catalog.table(name);
  return columns ? { columns, rows: [] } : undefined;
}

export interface CaseWatchlists {
  tables: Map<string, DataTable>;
  /** Lower-cased alias -> where its contents came from. */
  sources: Map<string, string>;
  problems: Problem[];
}

/** Watchlist tables for a case: the given (base) contents unless the case replaces them. */
export function caseWatchlists(root: string, tc: TestCase, watchlists: Watchlist[]): CaseWatchlists {
  const tables = watchlistTables(watchlists);
  const sources = new Map(watchlists.map((w) => [w.alias.toLowerCase(), w.csvFile]));
  const problems: Problem[] = [];
  for (const [alias, spec] of Object.entries(tc.watchlists)) {
    const known = watchlists.find((w) => w.alias.toLowerCase() === alias.toLowerCase());
    const at = tc.source.locate(`${tc.pointer}/watchlists/${alias}`);
    if (!known) {
      problems.push(error('test-watchlist', `watchlist '${alias}' is not defined in watchlists/ (known: ${watchlists.map((w) => w.alias).join(', ') || 'none'})`, tc.source.locateKey(`${tc.pointer}/watchlists/${alias}`)));
      continue;
    }
    const key = known.meta.itemsSearchKey;
    if (typeof spec === 'string') {
      const items = readWatchlistCsv(root, spec, key);
      problems.push(...items.problems);
      if (items.columns && !hasErrors(items.problems)) tables.set(alias.toLowerCase(), watchlistTable({ columns: items.columns, rows: items.rows, searchKey: key }));
      sources.set(alias.toLowerCase(), `${spec}, set by the case`);
      continue;
    }
    // Inline items: every value is a string, as in the CSV; columns are the union of the items' keys.
    const columns = [...new Set(spec.flatMap((r) => Object.keys(r)))];
    if (spec.length && !columns.includes(key)) {
      problems.push(error('test-watchlist', `inline items of watchlist '${alias}' need its search key column ${key}`, at));
      continue;
    }
    const rows = spec.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === undefined || r[c] === null ? '' : String(r[c])])));
    tables.set(alias.toLowerCase(), watchlistTable({ columns: columns.length ? columns : known.columns, rows, searchKey: key }));
    sources.set(alias.toLowerCase(), `${spec.length} inline item${spec.length === 1 ? '' : 's'}, set by the case`);
  }
  return { tables, sources, problems };
}
