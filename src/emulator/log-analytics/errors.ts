// Errors of the Log Analytics query API: a OneAPI error object `{"error":{"message","code",
// "correlationId","innererror"?}}` (reference/arm-examples/la-query.400.json), unlike ARM's CloudError.
import { randomUUID } from 'node:crypto';

export interface InnerError {
  code: string;
  message: string;
  innererror?: InnerError & { line?: number; pos?: number };
  line?: number;
  pos?: number;
}

export class QueryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly inner?: InnerError,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: Record<string, unknown> } {
    return {
      error: { message: this.message, code: this.code, correlationId: randomUUID(), ...(this.inner ? { innererror: this.inner } : {}) },
    };
  }
}
