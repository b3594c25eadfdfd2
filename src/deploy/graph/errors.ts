// What a failed Microsoft Graph request means to the person running tripline. Graph answers
// {"error":{"code","message","innerError"}} (reference/defender-custom-detections.md §1); for 401/403
// the message says which permission or Defender role to grant. Built from the status, body, method and
// path only, so no token reaches it.
import { ArmError, type ErrorBody } from '../arm/errors.js';

export const GRAPH_PERMISSION = 'the Microsoft Graph application permission CustomDetection.ReadWrite.All (with admin consent)';
export const DEFENDER_ROLE = 'a Defender XDR role that manages custom detections (Security Administrator, or Detection tuning (Manage) in Unified RBAC)';

export function graphError(method: string, path: string, status: number, body: ErrorBody | undefined): ArmError {
  const code = body?.error?.code;
  const said = body?.error?.message ? `: ${body.error.message}` : '';
  const what = `${method} ${path} failed with ${status}${code ? ` ${code}` : ''}${said}`;
  if (status === 401) {
    return new ArmError(`${what}\n  Microsoft Graph did not accept the credential: check the environment's credential, tenantId and clientId (no token is shown)`, status, code);
  }
  if (status === 403) {
    return new ArmError(`${what}\n  the deploying identity cannot manage Defender custom detections: grant ${GRAPH_PERMISSION}, or for a signed-in user ${DEFENDER_ROLE}`, status, code);
  }
  return new ArmError(what, status, code);
}
