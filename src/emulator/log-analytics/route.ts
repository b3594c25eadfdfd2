// The Log Analytics query API's paths (reference/sentinel-arm-api.md §9 row 17): `POST
// /v1/workspaces/{workspaceId}/query`, the endpoint LogsQueryClient.queryWorkspace calls. Unlike ARM it
// carries no api-version; the version is the path's first segment.

export interface QueryRoute {
  workspaceId: string;
}

export function parseQueryRoute(pathname: string): QueryRoute | undefined {
  const m = /^\/v1\/workspaces\/([^/]+)\/query\/?$/i.exec(pathname);
  if (!m) return undefined;
  try {
    return { workspaceId: decodeURIComponent(m[1]!).toLowerCase() };
  } catch {
    return undefined;
  }
}

/** Any path under /v1/: answered by the query API (404 PathNotFoundError for what it does not serve). */
export const isQueryApiPath = (pathname: string): boolean => /^\/v1(\/|$)/i.test(pathname);
