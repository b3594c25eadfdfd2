// The embedded KQL engine: runs a query on Kusto.Language's bound syntax tree (no second parser).
//
// API for other stages:
//
//   compileQuery(kql, { globals?, tables? }) -> { query?: CompiledQuery, errors: KqlError[] }
//     Parses and binds once. Kusto.Language error diagnostics and constructs the engine does not support
//     are returned as errors (1-based line/column within `kql`, 0-based offset). `globals` is a Kusto
//     GlobalState (e.g. from src/kql/schema/); without it one is built from `tables` (name -> columns).
//
//   query.run({ tables, now, functions? }) -> DataTable
//     Runs the compiled query; safe to call many times. `tables` are DataTables or ColumnarTables
//     (src/kql/table.ts), treated as immutable (their converted form is cached by identity; of a
//     ColumnarTable only the columns the query reads are fetched up front, others when used). A hidden `_IngestionTime`
//     column is what ingestion_time() returns (fallback TimeGenerated). `now` fixes now()/ago() for
//     the whole run. `functions` implements tabular functions the globals declare, e.g.
//     `_GetWatchlist: (args) => DataTable`. Runtime failures throw KqlRuntimeError (a KqlError).
//     Output values are WireValues: datetime ISO 8601 UTC, timespan [-][d.]hh:mm:ss[.fffffff],
//     dynamic as JSON values, numbers as numbers (non-finite reals as "NaN"/"Infinity").
//
//   query.reads -> the columns of each input table the query reads (see plan/columns.ts).
import { type ColumnSchema, type DataTable, type InputTable, isColumnar, type WireValue } from '../table.js';
import { kusto } from '../kusto.js';
import { Scope } from './compile/context.js';
import { compileBlock, makeCx } from './compile/query.js';
import { type ColumnReads, columnReads } from './plan/columns.js';
import { translateQuery } from './plan/translate.js';
import { fromDataTable, toDataTable } from './compile/wire.js';
import { CompileError, type KqlError, KqlRuntimeError, LocatedError, toKqlError } from './errors.js';
import { acceptedDiagnostic } from './accepted-diagnostics.js';
import { fromColumnar } from './input.js';
import { bindOpenSchemas, firstOpenEvaluate } from './open-schema.js';
import type { SNode } from './syntax.js';
import type { Table } from './table.js';
import { dateFromMs, parseDatetime } from './values.js';

export type { KqlError } from './errors.js';
export type { ColumnReads } from './plan/columns.js';
export { KqlRuntimeError } from './errors.js';

export type GlobalState = Kusto.Language.GlobalState;

export interface CompileOptions {
  globals?: GlobalState;
  tables?: Record<string, ColumnSchema[]>;
  /** `kql` already parsed and analyzed (validate's analysis), so it is not parsed again. */
  code?: Kusto.Language.KustoCode;
}

export interface RunContext {
  tables: Record<string, InputTable>;
  now: Date | string;
  functions?: Record<string, (args: WireValue[]) => DataTable>;
  /** The text behind an externaldata URI (a local file the URL is mapped to); undefined: not mapped. */
  externalData?: (uri: string) => string | undefined;
  /** The GeoLite2-City .mmdb file for geo_info_from_ip_address (tripline.config.yaml geoip.database). */
  geoIpDatabase?: string;
}

export interface CompiledQuery {
  /** Output schema as bound at compile time (may differ for open schemas such as bag_unpack). */
  readonly columns: ColumnSchema[];
  /** The columns of each input table the query reads (the rest need not be loaded). */
  readonly reads: ColumnReads;
  run(ctx: RunContext): DataTable;
}

const SCALAR: Record<string, keyof typeof Kusto.Language.Symbols.ScalarTypes> = {
  bool: 'Bool', int: 'Int', long: 'Long', real: 'Real', decimal: 'Decimal', string: 'String',
  datetime: 'DateTime', timespan: 'TimeSpan', guid: 'Guid', dynamic: 'Dynamic',
};

const globalsCache = new Map<string, GlobalState>();

/** A GlobalState with one database holding the given tables. */
export function globalsForTables(tables: Record<string, ColumnSchema[]> = {}): GlobalState {
  const key = JSON.stringify(tables);
  const hit = globalsCache.get(key);
  if (hit) return hit;
  const K = kusto();
  const S = K.Symbols;
  const syms = Object.entries(tables).map(([name, cols]) => {
    const cs = cols.map((c) => new S.ColumnSymbol(c.name, S.ScalarTypes[SCALAR[c.type] ?? 'Dynamic'] as Kusto.Language.Symbols.TypeSymbol, null, null, null, null));
    return new S.TableSymbol.$ctor4(name, cs);
  });
  const g = K.GlobalState.Default!.WithDatabase(new S.DatabaseSymbol.ctor('tripline', syms))!;
  if (globalsCache.size > 50) globalsCache.clear();
  globalsCache.set(key, g);
  return g;
}

function nowTicks(now: Date | string): bigint {
  if (now instanceof Date) return dateFromMs(now.getTime());
  const t = parseDatetime(now);
  if (t === null) throw new KqlRuntimeError(`invalid now: ${now}`, { line: 1, column: 1, offset: 0 });
  return t;
}

export function compileQuery(kql: string, options: CompileOptions = {}): { query?: CompiledQuery; errors: KqlError[] } {
  const K = kusto();
  const code = options.code ?? K.KustoCode.ParseAndAnalyze(kql, options.globals ?? globalsForTables(options.tables))!;
  const globals = code.Globals!;
  const errors: KqlError[] = [];
  const diags = code.GetDiagnostics()!;
  for (let i = 0; i < diags.Count; i++) {
    const d = diags.getItem(i);
    if (d.Severity !== 'Error' || acceptedDiagnostic(kql, code.Syntax as unknown as SNode, d)) continue;
    errors.push(toKqlError(kql, d.Message ?? 'syntax error', d.Start, d.Length));
  }
  if (errors.length) return { errors };
  const root = code.Syntax as unknown as SNode;
  // After an open plugin the query is bound again when the plugin has run: what follows it may only
  // compile once its columns are typed, so compiling it now would reject what validate accepts.
  const open = firstOpenEvaluate(root) !== null;
  let plan: Plan | undefined;
  try {
    plan = compileBlock(translateQuery(root), makeCx(new Scope()));
  } catch (e) {
    if (open && e instanceof CompileError) plan = undefined;
    else if (e instanceof CompileError) return { errors: [toKqlError(kql, e.message, e.offset, e.length)] };
    else return { errors: [toKqlError(kql, (e as Error).message, 0)] };
  }
  const resultType = code.ResultType as unknown as SNode['ResultType'];
  const columns: ColumnSchema[] = [];
  if (resultType && resultType.Columns) {
    for (let i = 0; i < resultType.Columns.Count; i++) {
      const c = resultType.Columns.getItem(i);
      columns.push({ name: c.Name, type: (c.Type?.Name ?? 'dynamic') as ColumnSchema['type'] });
    }
  }
  const reads = columnReads(root, columns.map((c) => c.name));
  const readsOf = (table: string): ReadonlySet<string> | 'all' => (reads.anyTable ? 'all' : reads.tables.get(table) ?? new Set());
  const compiled = plan;
  return { errors, query: { columns, reads, run: open ? reboundRun(kql, globals) : (ctx) => runPlan(compiled!, kql, readsOf, ctx) } };
}

type Plan = ReturnType<typeof compileBlock>;

function runPlan(plan: Plan, kql: string, readsOf: (table: string) => ReadonlySet<string> | 'all', ctx: RunContext): DataTable {
  const tables: Record<string, Table> = {};
  for (const [name, t] of Object.entries(ctx.tables)) tables[name] = isColumnar(t) ? fromColumnar(t, readsOf(name)) : fromDataTable(t);
  const rt = { now: nowTicks(ctx.now), tables, functions: ctx.functions ?? {}, externalData: ctx.externalData, geoIpDatabase: ctx.geoIpDatabase, cache: new Map<unknown, unknown>() };
  try {
    return toDataTable(plan(rt));
  } catch (e) {
    if (e instanceof KqlRuntimeError) throw e;
    const at = e instanceof LocatedError ? e.at : undefined;
    const err = toKqlError(kql, (e as Error).message, at ? at.start : 0, at?.width);
    throw new KqlRuntimeError(err.message, err);
  }
}

/** Runs a query with open plugins: each plugin's input first, then the query bound with their columns. */
function reboundRun(kql: string, globals: GlobalState): (ctx: RunContext) => DataTable {
  const bound = new Map<string, CompiledQuery>();
  const parse = (text: string): SNode => kusto().KustoCode.Parse(text, globals)!.Syntax as unknown as SNode;
  const relocated = (e: KqlError, toOriginal: (offset: number) => number): KqlRuntimeError => {
    const err = toKqlError(kql, e.message, toOriginal(e.offset), e.length);
    return new KqlRuntimeError(err.message, err);
  };
  const run = (text: string, toOriginal: (offset: number) => number, ctx: RunContext): DataTable => {
    let query = bound.get(text);
    if (!query) {
      const c = compileQuery(text, { globals });
      if (!c.query) throw relocated(c.errors[0]!, toOriginal);
      query = c.query;
      bound.set(text, query);
    }
    try {
      return query.run(ctx);
    } catch (e) {
      throw e instanceof KqlRuntimeError ? relocated(e, toOriginal) : e;
    }
  };
  return (ctx) => {
    const rebound = bindOpenSchemas(kql, parse, (probe, toOriginal) => run(probe, toOriginal, ctx).columns);
    return run(rebound.text, rebound.toOriginal, ctx);
  };
}
