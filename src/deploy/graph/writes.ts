// Writes of Defender custom detections through Microsoft Graph. Graph keeps no etag, so a write cannot
// be made conditional on what the plan read; the plan's drift check (against the baseline in the
// workspace's tripline metadata) is what guards portal edits. Both writes are safe to retry.
import { ArmError } from '../arm/errors.js';
import { stableStringify } from '../normalize.js';
import { normalizeDeployed, normalizeDesired } from '../plan.js';
import type { DesiredItem } from '../types.js';
import { DETECTION_RULES_PATH, rulePath, type GraphClient, type GraphRule } from './client.js';

/** Creates (POST, the id client-chosen) or updates (PATCH) the rule; returns it as Graph stored it. */
export async function writeDetectionRule(graph: GraphClient, d: DesiredItem, create: boolean): Promise<GraphRule | undefined> {
  if (!create) {
    const { id: _id, '@odata.type': _type, ...patch } = d.body;
    return (await graph.request<GraphRule>('PATCH', rulePath(d.name), patch)).body;
  }
  try {
    return (await graph.request<GraphRule>('POST', DETECTION_RULES_PATH, d.body)).body;
  } catch (e) {
    // A create retried after a dropped answer finds its own rule: the content tells.
    if (!(e instanceof ArmError) || e.status !== 409) throw e;
    const now = await graph.getRule(d.name);
    const same = now && stableStringify(normalizeDesired(d)) === stableStringify(normalizeDeployed({ type: d.type, name: d.name, resource: now }));
    if (same) return now;
    throw new ArmError(`${e.message}\n  a detection rule with this id was made after the plan: run plan again`, 409, e.code);
  }
}

/** Deletes the rule; one already gone (a retried delete) counts as deleted. */
export async function deleteDetectionRule(graph: GraphClient, id: string): Promise<void> {
  try {
    await graph.request('DELETE', rulePath(id));
  } catch (e) {
    if ((e as { status?: number }).status !== 404) throw e;
  }
}
