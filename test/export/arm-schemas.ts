// The official ARM JSON schemas (test/data/arm-schemas, draft-04) registered under their own `id` URLs,
// so that `$ref`s to https://schema.management.azure.com/schemas/common/definitions.json resolve
// offline. Validators are looked up by URL + JSON pointer, e.g. SI_STABLE + '#/definitions/WatchlistProperties'.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';

const dir = join(import.meta.dirname, '../data/arm-schemas');
const BASE = 'https://schema.management.azure.com/schemas';
export const SI_STABLE = `${BASE}/2025-09-01/Microsoft.SecurityInsights.json`;
export const SI_PREVIEW = `${BASE}/2025-07-01-preview/Microsoft.SecurityInsights.json`;
export const INSIGHTS = `${BASE}/2023-06-01/Microsoft.Insights.Application.json`;

type Schema = Record<string, unknown> & { definitions: Record<string, unknown> };

export function loadSchema(file: string): Schema {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Schema;
}

const FILES = ['common-definitions.json', 'SI-2025-09-01.json', 'SI-2025-07-01-preview.json', 'Insights.Application-2023-06-01.json'];

// A CommonJS module whose class is both module.exports and its `default`.
const Ajv04 = ajvDraft04.default;

export interface SchemaSet {
  validator(ref: string): ValidateFunction;
}

/** `patch` may change a schema (by file name) before it is registered. */
export function schemaSet(patch: (file: string, schema: Schema) => void = () => {}): SchemaSet {
  const ajv = new Ajv04({ allErrors: true, strict: false });
  for (const f of FILES) {
    const schema = loadSchema(f);
    patch(f, schema);
    ajv.addSchema(schema);
  }
  return {
    validator(ref: string): ValidateFunction {
      const v = ajv.getSchema(ref);
      if (!v) throw new Error(`no schema at ${ref}`);
      return v;
    },
  };
}

/**
 * The generated AutomationRuleAction definition is defective at every current api-version
 * (sentinel-arm-api.md §7): its first allOf branch says `additionalProperties: false` with only `order`
 * and `actionType`, so every real action, which must carry `actionConfiguration`, is rejected. The
 * REST API (and the older generated schema) allows it: let that branch accept actionConfiguration,
 * whose shape the per-type branches (second allOf) still check.
 */
export function patchAutomationRuleAction(file: string, schema: Schema): void {
  if (!file.startsWith('SI-')) return;
  const action = schema.definitions['AutomationRuleAction'] as { allOf: { properties: Record<string, unknown> }[] };
  action.allOf[0]!.properties['actionConfiguration'] = {};
}
