// What a failed ARM request means to the person running tripline: the service's own code and message,
// and for 401/403 what to fix. Tokens and secrets never reach these messages: they are built from the
// status, the error body and the request's method and path only.
import { isRestError } from '@azure/core-rest-pipeline';

export const DEPLOYER_ROLE =
  "Microsoft Sentinel Contributor on the workspace's resource group (role ab8e14d6-4a74-4a29-9ba8-549422addade)";

export class ArmError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error?: { code?: string; message?: string };
}

export function armError(method: string, path: string, status: number, body: ErrorBody | undefined): ArmError {
  const code = body?.error?.code;
  const said = body?.error?.message ? `: ${body.error.message}` : '';
  const what = `${method} ${path} failed with ${status}${code ? ` ${code}` : ''}${said}`;
  if (status === 401) {
    return new ArmError(
      `${what}\n  the credential was not accepted: check the environment's credential, tenantId and clientId (no token is shown); the identity it signs in as needs ${DEPLOYER_ROLE}`,
      status,
      code,
    );
  }
  if (status === 403) {
    return new ArmError(`${what}\n  the deploying identity lacks permission: it needs ${DEPLOYER_ROLE}`, status, code);
  }
  return new ArmError(what, status, code);
}

/** A request that never got an answer (connection refused or dropped after the retries), or a credential that could not get a token. */
export function transportError(method: string, path: string, e: unknown): ArmError {
  if (e instanceof ArmError) return e;
  if (isRestError(e) && e.statusCode === undefined) {
    return new ArmError(`${method} ${path} failed: no answer from the service (${e.code ?? 'connection error'}) after retries`, undefined, e.code);
  }
  const name = (e as Error)?.name ?? 'Error';
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationError' || name === 'AggregateAuthenticationError') {
    return new ArmError(`could not get a token for ${method} ${path}: ${firstLine((e as Error).message)}`, 401, name);
  }
  return new ArmError(`${method} ${path} failed: ${firstLine((e as Error)?.message ?? String(e))}`, undefined, undefined);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
