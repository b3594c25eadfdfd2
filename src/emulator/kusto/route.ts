// Kusto's REST query endpoints as azure-kusto-data calls them: `POST /v2/rest/query` (executeQuery),
// `POST /v1/rest/query` (executeQueryV1), and the unauthenticated `GET /v1/rest/auth/metadata` the
// client reads once per cluster before its first request.

export type KustoPath = 'v1' | 'v2' | 'metadata';

export function parseKustoPath(pathname: string): KustoPath | undefined {
  const p = pathname.replace(/\/+$/, '').toLowerCase();
  if (p === '/v1/rest/query') return 'v1';
  if (p === '/v2/rest/query') return 'v2';
  if (p === '/v1/rest/auth/metadata') return 'metadata';
  return undefined;
}

/**
 * What a cluster answers at /v1/rest/auth/metadata (public cloud values). The client only needs it to
 * decide where to sign in; with a bearer token given directly it is never used for sign-in.
 */
export const AUTH_METADATA = {
  AzureAD: {
    LoginEndpoint: 'https://login.microsoftonline.com',
    LoginMfaRequired: false,
    KustoClientAppId: 'db662dc1-0cfe-4e1c-a843-19a68e65be58',
    KustoClientRedirectUri: 'https://microsoft/kustoclient',
    KustoServiceResourceId: 'https://kusto.kusto.windows.net',
    FirstPartyAuthorityUrl: 'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  },
};
