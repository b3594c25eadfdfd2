// tripline test --engine adx: the same cases on the real Kusto engine through azure-kusto-data. No cluster
// is reachable here, so the emulator serves Kusto's REST query endpoints with the embedded engine and the
// client runs against it over HTTPS in a child process that trusts the emulator's CA.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { answerKustoQuery } from '../../src/emulator/kusto/service.js';
import { compileQuery } from '../../src/kql/engine/index.js';
import type { DataTable } from '../../src/kql/table.js';
import { loadProject } from '../../src/project/load.js';
import { kustoText } from '../../src/testing/engines/kusto-text.js';
import { datatableLiteral } from '../../src/testing/engines/literals.js';
import { runOnEngine } from '../../src/testing/engines/run.js';
import type { Execution, QueryBackend } from '../../src/testing/engines/types.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from './helpers.js';

let emu: RunningEmulator;
let caFile: string;

beforeAll(async () => {
  emu = await startEmulator();
  caFile = join(mkdtempSync(join(tmpdir(), 'tripline-kusto-')), 'ca.pem');
  writeFileSync(caFile, emu.ca);
});
afterAll(() => emu.close());

/** A script run with tsx in a child process that trusts the emulator's CA (the test process must keep serving). */
function child(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, TRIPLINE_KUSTO_TOKEN: emu.token }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const RULE = 'rules/break-glass-sign-in.yaml';

describe('the emulator as a Kusto cluster, through azure-kusto-data', () => {
  it('answers v2 and v1 queries in the shapes the client parses', async () => {
    const query = 'datatable(Name:string, N:long, At:datetime, D:dynamic, Ok:bool) ["a", 1, datetime(2026-01-02T03:04:05Z), dynamic({"k":[1,2]}), true, "b", long(null), datetime(null), dynamic(null), false] | order by Name asc';
    const r = await child('test/helpers/kusto-child.ts', [emu.url, 'tripline', query]);
    const out = JSON.parse(r.stdout) as { v2: { columns: string[][]; rows: unknown[][] }; v1: { columns: string[][]; rows: unknown[][] }; v2Tables: string[]; v1Tables: string[] };
    expect(out.v2Tables).toEqual(['@ExtendedProperties', 'PrimaryResult', 'QueryCompletionInformation']);
    expect(out.v1Tables).toEqual(['Table_0', 'Table_1', 'Table_2', 'Table_3']); // v1 names tables by position; the last is the table of contents
    expect(out.v2.columns).toEqual([['Name', 'string'], ['N', 'long'], ['At', 'datetime'], ['D', 'dynamic'], ['Ok', 'bool']]);
    expect(out.v2.rows).toEqual([
      ['a', 1, '2026-01-02T03:04:05.0000000Z', { k: [1, 2] }, true],
      ['b', null, null, null, false],
    ]);
    expect(out.v1.columns.map((c) => c[0])).toEqual(['Name', 'N', 'At', 'D', 'Ok']);
    expect(out.v1.rows[0]).toEqual(['a', 1, '2026-01-02T03:04:05.0000000Z', '{"k":[1,2]}', true]);
    const paths = emu.requests.map((q) => `${q.method} ${q.path} ${q.status}`);
    expect(paths).toContain('GET /v1/rest/auth/metadata 200');
    expect(paths).toContain('POST /v2/rest/query 200');
    expect(paths).toContain('POST /v1/rest/query 200');
  });

  it("refuses a query the engine rejects with Kusto's OneApiErrors body", async () => {
    const r = await child('test/helpers/kusto-child.ts', [emu.url, 'tripline', 'NoSuchTable | take 1']);
    const out = JSON.parse(r.stdout) as { status: number; error: { error: Record<string, unknown> } };
    expect(out.status).toBe(400);
    expect(out.error.error['code']).toBe('General_BadRequest');
    expect(String(out.error.error['@message'])).toMatch(/NoSuchTable/);
  });

  it('tripline test --engine adx --compare runs the cases there and finds no difference', async () => {
    const r = await child('test/helpers/cli-child.ts', ['test', RULE, '--engine', 'adx', '--cluster', emu.url, '--database', 'tripline', '--compare']);
    expect(r.stderr).not.toMatch(/    at /); // no stack trace
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5 passed, 0 failed/);
    expect(r.stdout).toContain(`every case returned the same results on the embedded engine and ${emu.url}/tripline`);
    expect(r.stderr).toMatch(/\d+ queries sent to /);
    expect(r.stderr + r.stdout).not.toContain(emu.token);
  });
});

describe('the Kusto text of a run', () => {
  const table: DataTable = {
    columns: [
      { name: 'TimeGenerated', type: 'datetime' }, { name: 'User', type: 'string' }, { name: 'Props', type: 'dynamic' },
      { name: 'Took', type: 'timespan' }, { name: 'Score', type: 'real' }, { name: 'Id', type: 'guid' }, { name: 'Odd name', type: 'long' },
    ],
    rows: [
      ['2026-03-03T22:50:00.1234567Z', 'a "quoted"\nuser', { x: 'y', n: [1, null] }, '01:02:03', 1.5, '6b1d2e3f-0000-4000-8000-000000000001', 7],
      ['2026-03-03T20:00:00Z', '', null, null, null, null, null],
    ],
  };

  it('inlines every value so the engine reads back the same rows', () => {
    const { query, errors } = compileQuery(datatableLiteral(table), {});
    expect(errors).toEqual([]);
    expect(query!.run({ tables: {}, now: new Date() })).toEqual(table);
  });

  it('pins now() and ago() to the run and binds watchlists, whatever the clock of the engine running it', () => {
    const x = {
      query: "SigninLogs | where TimeGenerated > ago(1h) and TimeGenerated <= now() | where User !in ((_GetWatchlist('Skip') | project SearchKey)) | project User",
      tables: { SigninLogs: table },
      watchlists: new Map([['skip', { columns: [{ name: 'SearchKey', type: 'string' as const }], rows: [['nobody']] }]]),
      now: new Date('2026-03-03T23:00:00Z'),
    } as unknown as Execution;
    const text = kustoText(x);
    expect(text).not.toMatch(/ago\(|now\(|_GetWatchlist/);
    const { query, errors } = compileQuery(text, {});
    expect(errors).toEqual([]);
    expect(query!.run({ tables: {}, now: new Date('2030-01-01T00:00:00Z') }).rows).toEqual([['a "quoted"\nuser']]);
  });

  it("answers v2 with the frames azure-kusto-data reads and a OneApiErrors body on a bad query", () => {
    const ok = answerKustoQuery({ version: 'v2', body: JSON.stringify({ db: 'd', csl: 'print x=1' }) });
    const frames = ok.body as { FrameType: string; TableKind?: string }[];
    expect(frames.map((f) => f.TableKind ?? f.FrameType)).toEqual(['DataSetHeader', 'QueryProperties', 'PrimaryResult', 'QueryCompletionInformation', 'DataSetCompletion']);
    const bad = answerKustoQuery({ version: 'v2', body: JSON.stringify({ db: 'd', csl: '.show tables' }) });
    expect(bad.status).toBe(400);
  });
});

describe('runs on another engine', () => {
  const project = (): NonNullable<ReturnType<typeof loadProject>['project']> => loadProject(ROOT, { env: 'local', paths: [RULE] }).project!;

  /** A backend that answers with the emulator's engine but loses the last row of every non-empty result. */
  function lossy(): QueryBackend & { sent: string[] } {
    const sent: string[] = [];
    return {
      name: 'lossy',
      sent,
      async query(text) {
        sent.push(text);
        const body = answerKustoQuery({ version: 'v2', body: JSON.stringify({ db: 'd', csl: text }) }).body as { TableKind?: string; Columns: { ColumnName: string; ColumnType: string }[]; Rows: never[][] }[];
        const primary = body.find((f) => f.TableKind === 'PrimaryResult')!;
        return { columns: primary.Columns.map((c) => ({ name: c.ColumnName, type: c.ColumnType as 'string' })), rows: primary.Rows.slice(0, -1) };
      },
      close: () => undefined,
    };
  }

  it("checks the expectations on the other engine's results and, with compare, reports every case that differs", async () => {
    const p = project();
    const backend = lossy();
    const run = await runOnEngine(p, p.rules, {}, backend, true);
    const results = run.reports.flatMap((r) => r.results);
    // The firing cases lose a row each run, so their alert counts no longer hold; the quiet ones still pass.
    expect(results.filter((r) => r.status === 'failed').map((r) => r.case.name)).toContain('fires on interactive and non-interactive break-glass sign-ins, failed or successful, one alert per account and IP');
    expect(results.find((r) => r.case.name.startsWith('does not fire'))!.status).toBe('passed');
    const differing = new Set(run.differences.map((d) => d.case));
    expect(differing.has('fires on interactive and non-interactive break-glass sign-ins, failed or successful, one alert per account and IP')).toBe(true);
    expect(differing.has('does not fire when ordinary and Tier-0 admins sign in')).toBe(false);
    expect(run.differences[0]!.difference.onlyIn[0]!.side).toBe('embedded');
    expect(run.queries).toBe(new Set(backend.sent).size);
  });

  it('makes a backend failure the case error, with the backend named', async () => {
    const p = project();
    const failing: QueryBackend = { name: 'down', query: () => Promise.reject(new Error('HTTP 503')), close: () => undefined };
    const run = await runOnEngine(p, p.rules, {}, failing, false);
    const first = run.reports[0]!.results[0]!;
    expect(first.status).toBe('error');
    expect(first.problems.map((q) => q.message).join('\n')).toContain('down: HTTP 503');
  });

  it('--engine adx without a cluster is a usage error', async () => {
    const r = await runCli(['test', RULE, '--engine', 'adx', '--database', 'd'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--engine adx needs --cluster URL and --database NAME');
    const c = await runCli(['test', RULE, '--compare'], ROOT);
    expect(c.code).toBe(2);
  });
});
