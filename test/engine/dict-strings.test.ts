// A fixture's string columns of few distinct values load dictionary-encoded (codes into their distinct
// values); grouping, distinct, dcount, make_set, string predicates with constants and join keys read the
// codes. Every query answers exactly as over the same rows given as plain strings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixtureColumns } from '../../src/fixtures/index.js';
import { concatColumnar, selectRows } from '../../src/kql/columnar.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import { type ColumnarTable, type ColumnSchema, type DataTable, isTypedValues, type WireValue } from '../../src/kql/table.js';
import { tableCatalog } from '../../src/tables/catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'tripline-dict-strings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema: ColumnSchema[] = [
  { name: 'App', type: 'string' },
  { name: 'User', type: 'string' },
  { name: 'Result', type: 'string' },
  { name: 'N', type: 'long' },
];
const apps = ['Azure CLI', 'azure cli', 'Portal', '', 'Ünïcode App', 'Azure PowerShell'];
const users = ['Alice@X.com', 'alice@x.com', 'BOB@x.com', 'carol@x.com', 'ALICE@X.COM', ''];
// Rows without App or Result (missing: ""), and a Result only from row 5 on (codes made late).
const rows = Array.from({ length: 300 }, (_, i) => ({
  ...(i % 7 === 3 ? {} : { App: apps[(i * 5) % apps.length] }),
  User: users[(i * i) % users.length],
  ...(i >= 5 && i % 4 !== 1 ? { Result: String(i % 9 === 0 ? 0 : 50000 + (i % 3)) } : {}),
  N: i,
}));
const path = join(dir, 'Signins.jsonl');
writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const plain: DataTable = {
  columns: schema,
  rows: rows.map((r) => [r.App ?? '', r.User!, r.Result ?? '', r.N]),
};

const QUERIES = [
  'S | summarize n = count(), s = sum(N) by App',
  'S | summarize n = count() by App, User, Result',
  'S | distinct User',
  'S | summarize d = dcount(User), u = make_set(User), a = make_set(App) by Result',
  'S | where App has "azure" and Result != "0" | summarize n = count() by User',
  'S | where App contains_cs "Azure" or App == "Portal" or App =~ "ünïcode app" | project N, App',
  'S | where User in~ ("alice@x.com", "") and App !in ("Portal") | project N, User',
  'S | where App startswith "azure" | summarize count() by App | order by App asc',
  'S | where N > 100 | summarize n = count() by App, User | order by n desc, App asc, User asc',
  'S | join kind=inner (datatable(App: string, Owner: string) ["Portal", "it", "azure cli", "dev", "", "none"]) on App | project N, App, Owner',
  'S | join kind=leftouter (S | where N < 50 | summarize k = count() by App) on App | project N, App, App1, k',
  'S | where N % 3 == 0 | join kind=rightouter (S | where N % 5 == 0 | distinct User) on User | summarize n = count() by User1, User',
  'S | summarize n = count() by U = tolower(User), A = toupper(App) | order by U asc, A asc',
  'S | extend U = tolower(User) | where U == "alice@x.com" | summarize n = count() by U, App',
];

const compiled = QUERIES.map((kql) => compileQuery(kql, { tables: { S: schema } }));
type Input = Parameters<NonNullable<(typeof compiled)[number]['query']>['run']>[0]['tables'][string];

function answers(table: Input): unknown[] {
  return compiled.map(({ query, errors }) => {
    expect(errors).toEqual([]);
    return query!.run({ tables: { S: table }, now: '2026-03-03T00:00:00Z' });
  });
}

describe('dictionary-encoded string columns', () => {
  it('load as codes in order of first appearance and answer as plain strings do', () => {
    const loaded = loadFixtureColumns(path, 'S', tableCatalog({ S: schema }));
    expect(loaded.problems).toEqual([]);
    const table = loaded.table!;
    const held = table.typedValues!(['App', 'User', 'Result']);
    held.forEach((v, j) => {
      const values = plain.rows.map((r) => r[j]);
      expect(isTypedValues(v) && v.kind === 'dict' && v.dict).toEqual([...new Set(values)]);
    });
    const boxed = table.values(schema.map((c) => c.name));
    expect(plain.rows.map((_, i) => boxed.map((c) => c[i]))).toEqual(plain.rows);
    expect(answers(table)).toEqual(answers(plain));
  });

  it('hold a column of more distinct values than the dictionary takes as plain strings', () => {
    const many = join(dir, 'Many.jsonl');
    const n = (1 << 16) + 2;
    writeFileSync(many, Array.from({ length: n }, (_, i) => `{"App":"a${i % (n - 1)}"}`).join('\n') + '\n');
    const table = loadFixtureColumns(many, 'S', tableCatalog({ S: schema })).table!;
    const [app] = table.typedValues!(['App']);
    expect(Array.isArray(app)).toBe(true);
    const strings = app as WireValue[];
    expect([strings[0], strings[n - 2], strings[n - 1]]).toEqual(['a0', `a${n - 2}`, 'a0']);
  });

  it('stay encoded through a concatenation of files and a row selection', () => {
    const part = (dict: string[], codes: number[]): ColumnarTable => ({
      columns: [{ name: 'App', type: 'string' }],
      rowCount: codes.length,
      values: () => [codes.map((c) => dict[c]!)],
      typedValues: () => [{ kind: 'dict', codes: Uint16Array.from(codes), dict }],
    });
    const both = selectRows(concatColumnar([part(['a', 'b', ''], [1, 0, 2, 1]), part(['c', 'b'], [0, 1, 1])]), [6, 0, 4, 2, 5]);
    const [v] = both.typedValues!(['App']);
    expect(isTypedValues(v!) && v.kind === 'dict' && Array.from(v.codes, (c) => v.dict[c])).toEqual(both.values(['App'])[0]);
    expect(both.values(['App'])[0]).toEqual(['b', 'b', 'c', '', 'b']);
  });
});
