// The environment's `credential` as an @azure/identity TokenCredential. Secrets come only from the
// process environment and are handed to the SDK, never printed or stored; a missing input is a
// configuration problem located at the environment's `credential` key.
import type { TokenCredential } from '@azure/core-auth';
import { error, type Problem } from '../../core/problems.js';
import type { Environment } from '../../environments/types.js';

export interface CredentialResult {
  credential?: TokenCredential;
  /** Values an error message must never show. */
  secrets: string[];
  problems: Problem[];
}

type ProcessEnv = Record<string, string | undefined>;

/** A fixed bearer token: the emulator's, or TRIPLINE_EMULATOR_TOKEN for a standalone `tripline emulator`. */
export function staticTokenCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
}

type Identity = typeof import('@azure/identity');

/**
 * @azure/identity takes about as long to load as the rest of the CLI: it is loaded on the first token
 * request, so commands that never sign in to Azure (and `--help`) do not pay for it.
 */
function signIn(make: (identity: Identity) => TokenCredential): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  return {
    getToken: async (scopes, options) => (await (credential ??= import('@azure/identity').then(make))).getToken(scopes, options),
  };
}

export function environmentCredential(env: Environment, penv: ProcessEnv = process.env, emulatorToken?: string): CredentialResult {
  const at = env.source?.locateKey('/credential') ?? { file: env.file };
  const missing = (what: string): CredentialResult => ({
    secrets: [],
    problems: [error('credential-input', `credential '${env.credential}' of environment '${env.name}' needs ${what}`, at)],
  });
  const tenantId = env.tenantId ?? penv['AZURE_TENANT_ID'];
  const clientId = env.clientId ?? penv['AZURE_CLIENT_ID'];
  switch (env.credential) {
    case 'emulator': {
      const token = emulatorToken ?? penv['TRIPLINE_EMULATOR_TOKEN'];
      if (!token) return missing("the emulator's token: give the environment an `emulator:` key, or set TRIPLINE_EMULATOR_TOKEN to the contents of a standalone emulator's <state>.token");
      return { credential: staticTokenCredential(token), secrets: [token], problems: [] };
    }
    case 'default':
      return { credential: signIn((id) => new id.DefaultAzureCredential()), secrets: [], problems: [] };
    case 'cli':
      return { credential: signIn((id) => new id.AzureCliCredential(tenantId ? { tenantId } : {})), secrets: [], problems: [] };
    case 'client-secret': {
      const secret = penv['AZURE_CLIENT_SECRET'];
      if (!tenantId || !clientId || !secret) return missing('tenantId and clientId (environment file or AZURE_TENANT_ID/AZURE_CLIENT_ID) and AZURE_CLIENT_SECRET in the process environment');
      return { credential: signIn((id) => new id.ClientSecretCredential(tenantId, clientId, secret)), secrets: [secret], problems: [] };
    }
    case 'workload-identity':
      return workloadIdentity(tenantId, clientId, penv, missing);
    case 'azure-pipelines': {
      const connection = penv['AZURESUBSCRIPTION_SERVICE_CONNECTION_ID'];
      const systemToken = penv['SYSTEM_ACCESSTOKEN'];
      if (!tenantId || !clientId || !connection || !systemToken) {
        return missing('tenantId, clientId, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID and SYSTEM_ACCESSTOKEN (map $(System.AccessToken) into the step)');
      }
      return { credential: signIn((id) => new id.AzurePipelinesCredential(tenantId, clientId, connection, systemToken)), secrets: [systemToken], problems: [] };
    }
  }
}

/**
 * GitHub Actions writes no token file: exchange its OIDC token (audience api://AzureADTokenExchange)
 * through ClientAssertionCredential. Elsewhere (AKS, a federated token file) WorkloadIdentityCredential.
 */
function workloadIdentity(
  tenantId: string | undefined,
  clientId: string | undefined,
  penv: ProcessEnv,
  missing: (what: string) => CredentialResult,
): CredentialResult {
  const requestUrl = penv['ACTIONS_ID_TOKEN_REQUEST_URL'];
  const requestToken = penv['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
  if (requestUrl && requestToken) {
    if (!tenantId || !clientId) return missing('tenantId and clientId (environment file or AZURE_TENANT_ID/AZURE_CLIENT_ID)');
    const getAssertion = async (): Promise<string> => {
      const res = await fetch(`${requestUrl}&audience=api://AzureADTokenExchange`, { headers: { authorization: `bearer ${requestToken}` } });
      if (!res.ok) throw new Error(`the GitHub Actions OIDC token request failed with ${res.status}: does the job have 'permissions: id-token: write'?`);
      return ((await res.json()) as { value: string }).value;
    };
    return { credential: signIn((id) => new id.ClientAssertionCredential(tenantId, clientId, getAssertion)), secrets: [requestToken], problems: [] };
  }
  if (!penv['AZURE_FEDERATED_TOKEN_FILE']) {
    return missing("a federated token: run in GitHub Actions with 'permissions: id-token: write', or set AZURE_FEDERATED_TOKEN_FILE");
  }
  if (!tenantId || !clientId) return missing('tenantId and clientId (environment file or AZURE_TENANT_ID/AZURE_CLIENT_ID)');
  return { credential: signIn((id) => new id.WorkloadIdentityCredential({ tenantId, clientId })), secrets: [], problems: [] };
}
