// The rule schema's entity enums and limits are a copy editors can read; they must equal the one table
// validate and the emulator use.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ENTITY_MAPPING_LIMITS, ENTITY_TYPES } from '../../src/rules/entity-model.js';

interface IdentifierBranch {
  if: { properties: { entityType: { const: string } } };
  then: { properties: { fieldMappings: { items: { properties: { identifier: { enum: string[] } } } } } };
}

const mappings = JSON.parse(readFileSync('schemas/rule.schema.json', 'utf8')).properties.entityMappings;

it('the rule schema lists the entity types and identifiers of src/rules/entity-model.ts, in its order', () => {
  expect(mappings.items.properties.entityType.enum).toEqual(Object.keys(ENTITY_TYPES));
  const branches = (mappings.items.allOf as IdentifierBranch[]).map((b) => [b.if.properties.entityType.const, b.then.properties.fieldMappings.items.properties.identifier.enum]);
  expect(branches).toEqual(Object.entries(ENTITY_TYPES).map(([type, model]) => [type, model.identifiers]));
});

it('the rule schema has the mapping limits of src/rules/entity-model.ts', () => {
  expect([mappings.maxItems, mappings.items.properties.fieldMappings.minItems, mappings.items.properties.fieldMappings.maxItems]).toEqual([
    ENTITY_MAPPING_LIMITS.maxMappings,
    1,
    ENTITY_MAPPING_LIMITS.maxIdentifiers,
  ]);
});
