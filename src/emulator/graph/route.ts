// Microsoft Graph paths the emulator serves: the Defender XDR custom detection rules collection and its
// items, under /beta and /v1.0 (reference/defender-custom-detections.md §1).

export type GraphVersion = 'beta' | 'v1.0';

export interface GraphRoute {
  version: GraphVersion;
  /** The rule id of an item route; absent for the collection. */
  id?: string;
}

const COLLECTION = ['security', 'rules', 'detectionrules'];

/** A Graph detection-rule route, or undefined for any other path. */
export function parseGraphRoute(pathname: string): GraphRoute | undefined {
  let s: string[];
  try {
    s = pathname.split('/').filter((x) => x !== '').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const version = s[0] === 'beta' || s[0] === 'v1.0' ? s[0] : undefined;
  if (!version || s.length < 4 || s.length > 5) return undefined;
  if (!COLLECTION.every((c, i) => s[i + 1]!.toLowerCase() === c)) return undefined;
  return s.length === 5 ? { version, id: s[4]! } : { version };
}

/** Every Graph path starts with its version segment. */
export function isGraphPath(pathname: string): boolean {
  return /^\/(beta|v1\.0)\//.test(pathname);
}
