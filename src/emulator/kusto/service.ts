// Kusto's query endpoints answered by the embedded engine, so azure-kusto-data (and `tripline test
// --engine adx`) can be exercised end to end without a cluster. The emulated databases hold no tables:
// queries bring their data inline (`datatable`), as tripline's Kusto backend sends them. Errors take
// Kusto's OneApiErrors shape (`{"error":{"code","message","@type","@message","@permanent"}}`).
import { QueryApiError } from '../log-analytics/errors.js';
import { runQuery } from '../log-analytics/run.js';
import { completionOf, v1Tables, v2Frames } from './frames.js';

export interface KustoReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface KustoQueryRequest {
  version: 'v1' | 'v2';
  body: string;
  clientRequestId?: string;
}

class KustoError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function parseBody(text: string): { db: string; csl: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new KustoError(400, 'BadRequest_InvalidJson', 'Kusto.Data.Exceptions.KustoBadRequestException', 'The request body is not valid JSON.');
  }
  const b = (body ?? {}) as { db?: unknown; csl?: unknown };
  if (typeof b.csl !== 'string' || b.csl.trim() === '') {
    throw new KustoError(400, 'BadRequest_EmptyQuery', 'Kusto.Data.Exceptions.KustoBadRequestException', "The request body must have a non-empty 'csl'.");
  }
  if (typeof b.db !== 'string' || b.db === '') {
    throw new KustoError(400, 'BadRequest_DatabaseNotSpecified', 'Kusto.Data.Exceptions.KustoBadRequestException', "The request body must name a database in 'db'.");
  }
  if (b.csl.trim().startsWith('.')) {
    throw new KustoError(400, 'BadRequest_InvalidEndpoint', 'Kusto.Data.Exceptions.KustoBadRequestException', 'Management commands are sent to /v1/rest/mgmt, which the emulator does not serve.');
  }
  return { db: b.db, csl: b.csl };
}

/** The engine's error, in the words Kusto uses for its kind. */
function fromEngine(e: QueryApiError): KustoError {
  const inner = e.inner;
  const detail = inner?.innererror?.message ?? inner?.message ?? e.message;
  const runtime = inner?.code === 'RuntimeError';
  return new KustoError(
    400,
    'General_BadRequest',
    runtime ? 'Kusto.Data.Exceptions.KustoServiceException' : 'Kusto.Data.Exceptions.SemanticException',
    `${runtime ? 'Query execution has resulted in error' : 'Request is invalid and cannot be processed: Semantic error'}: ${detail}`,
  );
}

export function answerKustoQuery(req: KustoQueryRequest): KustoReply {
  const completion = completionOf(req.clientRequestId);
  const headers = { 'x-ms-client-request-id': completion.clientRequestId, 'x-ms-activity-id': completion.activityId };
  try {
    const { csl } = parseBody(req.body);
    let result;
    try {
      result = runQuery(csl, {}, { columns: new Map(), tables: new Map() }, Date.now());
    } catch (e) {
      if (e instanceof QueryApiError) throw fromEngine(e);
      throw e;
    }
    return { status: 200, body: req.version === 'v2' ? v2Frames(result, completion) : v1Tables(result, completion), headers };
  } catch (e) {
    if (!(e instanceof KustoError)) throw e;
    const message = e.status === 400 ? 'Request is invalid and cannot be executed.' : e.detail;
    return { status: e.status, body: { error: { code: e.code, message, '@type': e.type, '@message': e.detail, '@permanent': true } }, headers };
  }
}
