// The rows of an emulated Log Analytics workspace: fixture files (JSON Lines or CSV, or folders of
// them) named per table, loaded and coerced to the table's schema on the first query and kept.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { extname, join, relative, resolve } from 'node:path';
import { formatProblem } from '../../core/problems.js';
import { fixtureFormat, INGESTION_TIME, loadFixtureColumns } from '../../fixtures/index.js';
import { concatColumnar } from '../../kql/columnar.js';
import type { ColumnarTable } from '../../kql/table.js';
import { tableCatalog } from '../../tables/catalog.js';
import { EmulatorConfigError } from '../errors.js';

export interface QueryWorkspaceConfig {
  /** The Log Analytics workspace GUID the query API answers to. */
  workspaceId: string;
  /** The ARM workspace resource id, whose deployed watchlists `_GetWatchlist` reads. */
  armWorkspaceId?: string;
  /**
   * Table -> fixture file(s) or folder(s), relative to `root`; or the path of a YAML file holding that
   * map. Default: `fixtures/workspace.yaml` under `root` when it exists, else no data.
   */
  data?: DataSpec;
  root?: string;
  /** Result records before the rest is cut off as a partial error (default: the emulator's, 500,000). */
  rowLimit?: number;
  /** Queries are refused with 403 (a workspace the caller may not read). */
  denied?: boolean;
}

export type DataMap = Record<string, string | string[]>;
export type DataSpec = DataMap | string;

export const DEFAULT_DATA_FILE = 'fixtures/workspace.yaml';

function isDataMap(v: unknown): v is DataMap {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v).every((x) => typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'string')));
}

/** The table map of a workspace: given inline, read from a YAML file, or the default file. */
export function resolveDataMap(spec: DataSpec | undefined, root: string): DataMap {
  if (typeof spec === 'object') return spec;
  const file = spec ?? DEFAULT_DATA_FILE;
  const full = resolve(root, file);
  if (!existsSync(full)) {
    if (spec === undefined) return {};
    throw new EmulatorConfigError(`emulator data: ${file}: no such file`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(full, 'utf8'));
  } catch (e) {
    throw new EmulatorConfigError(`emulator data: ${file}: not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isDataMap(doc)) throw new EmulatorConfigError(`emulator data: ${file}: expected a map of table name to a fixture path or a list of them`);
  return doc;
}

export interface WorkspaceTables {
  tables: Record<string, ColumnarTable>;
}

function filesOf(root: string, spec: string): string[] {
  const full = resolve(root, spec);
  if (!existsSync(full)) throw new EmulatorConfigError(`emulator data: ${spec}: no such file or folder`);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full)
    .filter((f) => fixtureFormat(f) !== undefined && extname(f) !== '.json')
    .sort()
    .map((f) => join(full, f));
}

/**
 * Several files of one table under the union of their columns (a missing cell is null). Every real row
 * has an ingestion time: a file without _IngestionTime was ingested as generated.
 */
function concat(parts: ColumnarTable[]): ColumnarTable {
  return concatColumnar(parts, (part, column) =>
    column === INGESTION_TIME && part.columns.some((c) => c.name === 'TimeGenerated') ? part.values(['TimeGenerated'])[0] : undefined,
  );
}

const NO_ROWS: ColumnarTable = { columns: [], rowCount: 0, values: (names) => names.map(() => []) };

/** Loads every table of the workspace; all problems of all files are reported together. */
export function loadWorkspaceTables(config: QueryWorkspaceConfig): WorkspaceTables {
  const root = config.root ?? process.cwd();
  const catalog = tableCatalog();
  const tables: Record<string, ColumnarTable> = {};
  const messages: string[] = [];
  for (const [table, spec] of Object.entries(resolveDataMap(config.data, root))) {
    const parts: ColumnarTable[] = [];
    for (const s of Array.isArray(spec) ? spec : [spec]) {
      let files: string[];
      try {
        files = filesOf(root, s);
      } catch (e) {
        messages.push((e as Error).message);
        continue;
      }
      for (const f of files) {
        // No column is kept until a query reads it (then it is, for the next queries).
        const loaded = loadFixtureColumns(f, table, catalog, relative(root, f), new Set());
        messages.push(...loaded.problems.filter((p) => p.severity === 'error').map(formatProblem));
        if (loaded.table) parts.push(loaded.table);
      }
    }
    tables[table] = parts.length ? concat(parts) : NO_ROWS;
  }
  if (messages.length) throw new EmulatorConfigError(`emulator data of workspace ${config.workspaceId}:\n${messages.join('\n')}`);
  return { tables };
}
