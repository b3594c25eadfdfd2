// What one `record` run fetches: a table (with the user's query or all its rows), or everything a rule
// reads for the environment: its tables, plus the watchlists it calls and its parameter values, which
// are written beside the fixture so a pseudonymized recording still triggers the rule.
import { basename, dirname, extname, join } from 'node:path';
import { error, type Problem } from '../core/problems.js';
import { createSchemaContext } from '../kql/schema/context.js';
import type { Project } from '../project/load.js';
import { renderRule } from '../render/render.js';
import type { Extra, RecordSource } from './record.js';
import { queryReads } from './reads.js';

export interface RecordTarget {
  rule?: string;
  table?: string;
  query?: string;
  out: string;
}

export interface RecordPlan {
  sources: RecordSource[];
  extra: Extra;
  problems: Problem[];
}

/** The column carrying ingestion_time() in a recording's query; written to the fixture as `_IngestionTime`. */
export const INGESTION_ALIAS = 'tripline_IngestionTime';

/** Every row of the table, with the ingestion time a fixture needs to replay ingestion delay. */
export const tableQuery = (table: string): string => `${table}\n| extend ${INGESTION_ALIAS} = ingestion_time()`;

function beside(out: string, suffix: string, ext: string): string {
  return join(dirname(out), `${basename(out, extname(out))}.${suffix}${ext}`);
}

export function planRecording(project: Project, target: RecordTarget): RecordPlan {
  if (target.table) return { sources: [{ table: target.table, query: target.query ?? tableQuery(target.table), out: target.out }], extra: {}, problems: [] };
  const wanted = target.rule ?? '';
  const rule = project.rules.find((r) => r.doc.id === wanted || r.stem === wanted || r.doc.name === wanted);
  if (!rule) {
    const known = project.rules.map((r) => r.stem).join(', ');
    return { sources: [], extra: {}, problems: [error('record-rule', `no rule '${wanted}' (rules: ${known})`, { file: '<command line>' })] };
  }
  const rendered = renderRule(rule, { env: project.env, partials: project.partials });
  if (!rendered.rendered) return { sources: [], extra: {}, problems: rendered.problems };
  const ctx = createSchemaContext({
    customTables: project.config.customTables,
    functions: project.config.functions,
    watchlists: new Map(project.watchlists.map((w) => [w.alias, w.columns])),
  });
  const reads = queryReads(rendered.rendered.query, ctx);
  if (!reads.tables.length) return { sources: [], extra: {}, problems: [error('record-rule', `rule '${rule.stem}' reads no workspace table`, { file: rule.file })] };
  const sources = reads.tables.map((table) => ({ table, query: tableQuery(table), out: reads.tables.length === 1 ? target.out : beside(target.out, table, extname(target.out) || '.jsonl') }));
  const watchlists = reads.watchlists
    .map((alias) => project.watchlists.find((w) => w.alias.toLowerCase() === alias.toLowerCase()))
    .filter((w) => w !== undefined)
    .map((w) => ({ alias: w.alias, columns: w.columns, rows: w.rows, out: beside(target.out, w.alias, '.csv') }));
  const values = rendered.rendered.parameters;
  const extra: Extra = { watchlists, ...(Object.keys(values).length ? { parameters: { values, out: beside(target.out, 'parameters', '.yaml') } } : {}) };
  return { sources, extra, problems: [] };
}
