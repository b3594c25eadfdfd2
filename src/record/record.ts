// `record`: rows from a workspace into fixture files, pseudonymized (unless the caller says otherwise)
// with one key across all tables, watchlists and parameter values of one recording, so the rule still
// matches what it matched. A table whose query fails or comes back partial is reported and not
// written; the others are.
import { error, type Problem } from '../core/problems.js';
import type { DataTable, WireValue } from '../kql/table.js';
import type { TimeRange, Workspace } from '../live/client.js';
import { INGESTION_TIME } from '../fixtures/index.js';
import { INGESTION_ALIAS } from './plan.js';
import { Pseudonymizer } from './pseudonymizer.js';
import { pseudonymizeText, pseudonymizeValue, sweeper } from './values.js';
import { writeRecording, type Recording } from './write.js';

export interface RecordSource {
  table: string;
  query: string;
  /** Output JSON Lines file. */
  out: string;
}

export interface Extra {
  /** A watchlist the rule reads: written as CSV beside the fixture. */
  watchlists?: { alias: string; columns: string[]; rows: Record<string, string>[]; out: string }[];
  /** The rule's parameter values: written as YAML beside the fixture. */
  parameters?: { values: Record<string, unknown>; out: string };
}

export interface RecordOptions {
  environment: string;
  workspace: Workspace;
  range: TimeRange;
  sources: RecordSource[];
  /** The HMAC key; undefined records the data as it is (the header says so). */
  key?: string;
  /** Shift every datetime so that the end of the time range becomes this instant. */
  rebase?: Date;
  extra?: Extra;
}

export interface RecordResult {
  written: { file: string; rows: number }[];
  problems: Problem[];
}

type Row = Record<string, WireValue>;

function rowsOf(t: DataTable, shiftMs: number): Row[] {
  return t.rows.map((r) => {
    const row: Row = {};
    t.columns.forEach((c, i) => {
      const v = r[i] ?? null;
      // Type is implied by the table; null and '' are what a fixture's missing cell means anyway.
      if (v === null || v === '' || c.name === 'Type') return;
      row[c.name === INGESTION_ALIAS ? INGESTION_TIME : c.name] = c.type === 'datetime' && shiftMs && typeof v === 'string' ? new Date(Date.parse(v) + shiftMs).toISOString() : v;
    });
    return row;
  });
}

export async function record(opts: RecordOptions): Promise<RecordResult> {
  const problems: Problem[] = [];
  const shiftMs = opts.rebase ? opts.rebase.getTime() - opts.range.end.getTime() : 0;
  const fetched: { source: RecordSource; rows: Row[] }[] = [];
  for (const source of opts.sources) {
    const res = await opts.workspace.query(source.query, opts.range);
    if (!res.ok) {
      problems.push(error('record-query', `${source.table}: the workspace refused the query${res.status ? ` (${res.status})` : ''}: ${res.message}; nothing written`, { file: source.out }));
    } else if (res.partial) {
      problems.push(error('record-partial', `${source.table}: the workspace returned a partial result (${res.partial}); record a shorter time range; nothing written`, { file: source.out }));
    } else {
      fetched.push({ source, rows: rowsOf(res.table, shiftMs) });
    }
  }
  const recording = pseudonymize(opts, fetched);
  if (recording.collisions.length) {
    problems.push(...recording.collisions.map((c) => error('pseudonym-collision', `${c}: record again with another TRIPLINE_PSEUDONYM_KEY; nothing written`, { file: opts.sources[0]?.out ?? '<record>' })));
    return { written: [], problems };
  }
  return { written: writeRecording(recording), problems };
}

function pseudonymize(opts: RecordOptions, fetched: { source: RecordSource; rows: Row[] }[]): Recording & { collisions: string[] } {
  const base: Recording = {
    header: (source, rows) => ({
      environment: opts.environment,
      workspace: opts.workspace.id,
      table: source.table,
      query: source.query,
      timeRange: { start: opts.range.start.toISOString(), end: opts.range.end.toISOString() },
      rows,
      pseudonymized: opts.key !== undefined,
      ...(opts.key === undefined ? { warning: 'NOT pseudonymized (--no-pseudonymize): real identifiers; do not commit' } : {}),
      ...(opts.rebase ? { rebasedTo: opts.rebase.toISOString() } : {}),
    }),
    tables: fetched,
    watchlists: opts.extra?.watchlists ?? [],
    ...(opts.extra?.parameters ? { parameters: opts.extra.parameters } : {}),
  };
  if (opts.key === undefined) return { ...base, collisions: [] };
  const p = new Pseudonymizer(opts.key);
  const first = {
    tables: fetched.map((t) => ({ source: t.source, rows: t.rows.map((r) => pseudonymizeValue(r, undefined, p) as Row) })),
    watchlists: base.watchlists.map((w) => ({ ...w, rows: w.rows.map((r) => pseudonymizeValue(r, undefined, p) as Record<string, string>) })),
    parameters: opts.extra?.parameters ? { ...opts.extra.parameters, values: pseudonymizeValue(opts.extra.parameters.values as WireValue, undefined, p) as Record<string, unknown> } : undefined,
    workspace: pseudonymizeText(opts.workspace.id, p),
  };
  // Second pass, once every name of every table is known: no original survives in free text either.
  const sweep = sweeper(p);
  return {
    header: (source, rows) => sweep({ ...base.header(source, rows), workspace: first.workspace, query: pseudonymizeText(source.query, p) } as WireValue) as Record<string, WireValue>,
    tables: first.tables.map((t) => ({ source: t.source, rows: t.rows.map((r) => sweep(r) as Row) })),
    watchlists: first.watchlists.map((w) => ({ ...w, rows: w.rows.map((r) => sweep(r) as Record<string, string>) })),
    ...(first.parameters ? { parameters: { ...first.parameters, values: sweep(first.parameters.values as WireValue) as Record<string, unknown> } } : {}),
    collisions: p.collisions,
  };
}
