// Runs one panel of the privileged-access workbook, rendered for an environment, over fixture files on the
// embedded engine: what the SOC would see in that panel, as rows.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadFixtureFile } from '../../src/fixtures/index.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import { buildGlobals, referencedNames } from '../../src/kql/schema/globals.js';
import type { DataTable, WireValue } from '../../src/kql/table.js';
import { projectSchemaContext } from '../../src/pipeline/validate.js';
import { loadProject } from '../../src/project/load.js';
import { emptyTable } from '../../src/testing/inputs.js';
import { watchlistTable } from '../../src/watchlists/table.js';
import { loadWorkbooks, renderWorkbook, substituteParameters, workbookParameters, workbookQueries } from '../../src/workbooks/index.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const workbook = loadWorkbooks(repoRoot).workbooks.find((w) => w.stem === 'privileged-access')!;

export type Row = Record<string, WireValue>;

/** Runs the workbook item `name`, rendered for `envName`, over fixture files (table -> paths), at `now`. */
export function runPanel(envName: string, name: string, inputs: Record<string, string[]>, now = '2026-03-05T00:00:00Z'): Row[] {
  const project = loadProject(repoRoot, { env: envName }).project!;
  const ctx = projectSchemaContext(project);
  const { content, problems } = renderWorkbook(workbook, project.env, ctx, project.partials);
  expect(problems).toEqual([]);
  const query = workbookQueries(content!).find((q) => q.name === name);
  expect(query, `workbook item ${name}`).toBeDefined();
  const text = substituteParameters(query!.text, workbookParameters(content!)).text;
  const { query: compiled, errors } = compileQuery(text, { globals: buildGlobals(text, ctx) });
  expect(errors).toEqual([]);
  const tables: Record<string, DataTable> = {};
  for (const table of referencedNames(text, ctx).tables) {
    const loaded = (inputs[table] ?? []).map((path) => loadFixtureFile(join(repoRoot, path), table, ctx.catalog, path));
    expect(loaded.flatMap((l) => l.problems).filter((p) => p.severity === 'error')).toEqual([]);
    const columns = loaded[0]?.table?.columns ?? emptyTable(table, ctx.catalog)!.columns;
    tables[table] = { columns, rows: loaded.flatMap((l) => l.table!.rows) };
  }
  const out = compiled!.run({
    tables,
    now,
    functions: {
      _GetWatchlist: (args) => {
        const w = project.watchlists.find((x) => x.alias.toLowerCase() === String(args[0]).toLowerCase())!;
        return watchlistTable({ columns: w.columns, rows: w.rows, searchKey: w.meta.itemsSearchKey });
      },
    },
  });
  return out.rows.map((r) => Object.fromEntries(out.columns.map((c, i) => [c.name, r[i]!])));
}
