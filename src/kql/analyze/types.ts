// Analysis results in query coordinates (offsets into the query text); rule analysis maps them to the
// rule file afterwards, so the same results serve bare queries (`tripline run`) and rules.
import type { Severity } from '../../core/problems.js';

export interface QueryDiagnostic {
  severity: Severity;
  /** Kusto.Language's code (`KS142` unknown name, `KS204` unknown table...) or a tripline check id. */
  code: string;
  message: string;
  /** Offset into the query text. */
  start: number;
  length: number;
}

export interface ResultColumn {
  name: string;
  /** Kusto type name: bool, int, long, real, decimal, string, datetime, timespan, guid, dynamic, or unknown. */
  type: string;
}

export interface QueryResultSchema {
  columns: ResultColumn[];
  /** The schema depends on the data (`bag_unpack`, `pivot`, an unknown watchlist): columns may be missing. */
  open: boolean;
}

export interface QueryAnalysis {
  diagnostics: QueryDiagnostic[];
  /** The schema of the query's tabular result; undefined when the query ends in a scalar or failed to bind. */
  result?: QueryResultSchema;
  /** The analyzed syntax tree with its bound semantics, for callers that go further (engine, tests). */
  code: Kusto.Language.KustoCode;
}
