// Validates a YAML document against one of tripline's JSON Schemas (schemas/*.schema.json, the same files
// editors use through yaml-language-server) and turns ajv's errors into problems a detection engineer can
// act on, each located at the YAML node it is about.
import { readFileSync } from 'node:fs';
import ajvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import ajv2020Module from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { error, type Problem } from './problems.js';
import { shippedPath } from './shipped.js';
import { closestName } from './suggest.js';
import { pointerSegments, toPointer, type YamlSource } from './yaml.js';

export type SchemaName = 'rule' | 'environment' | 'watchlist' | 'tests' | 'automation' | 'workbook';

// ajv and ajv-formats are CommonJS modules whose default export is the `default` property under NodeNext.
const Ajv = ajvModule.default;
const Ajv2020 = ajv2020Module.default;
const addFormats = formatsModule.default;

/** Keywords that only editors read (vscode-json-languageservice / yaml-language-server). */
const EDITOR_KEYWORDS = ['patternErrorMessage', 'errorMessage', 'markdownDescription', 'deprecationMessage'];

/** The repository's schemas/ folder: two levels above this module both in src/core and in dist/core. */
export function schemaPath(name: SchemaName): string {
  return shippedPath(`schemas/${name}.schema.json`);
}

const RULE_SCHEMA_ID = 'https://tripline.dev/schemas/rule.schema.json';

function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}

let ajvInstance: InstanceType<typeof Ajv> | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (validate) return validate;
  if (!ajvInstance) {
    // verbose: errors carry the failing schema and data, which the messages below need.
    ajvInstance = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
    addFormats(ajvInstance);
    for (const keyword of EDITOR_KEYWORDS) ajvInstance.addKeyword({ keyword, schemaType: 'string' });
  }
  // The tests schema refers to the rule schema's test case definition by its $id, so the rule schema is
  // always registered first.
  if (!ajvInstance.getSchema(RULE_SCHEMA_ID)) ajvInstance.addSchema(readSchema('rule'));
  validate = name === 'rule' ? ajvInstance.getSchema(RULE_SCHEMA_ID)! : ajvInstance.compile(readSchema(name));
  compiled.set(name, validate);
  return validate;
}

let metaAjv: InstanceType<typeof Ajv2020> | undefined;

/** A rule's `parameters` is itself a JSON Schema (draft 2020-12): check it the way the renderer will compile it. */
function checkParameterSchema(source: YamlSource, parameters: unknown): Problem[] {
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) return [];
  if (!metaAjv) {
    // Unknown keywords and formats are errors (typo guard); type-inference hints would only be noise.
    metaAjv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictTuples: false });
    addFormats(metaAjv);
  }
  const schema = parameters as Record<string, unknown>;
  try {
    // Throws rather than reporting when `$schema` names a meta-schema ajv does not know.
    const valid = metaAjv.validateSchema(schema);
    if (!valid && metaAjv.errors) {
      const shifted = metaAjv.errors.map((e) => ({ ...e, instancePath: '/parameters' + e.instancePath }));
      return toProblems(source, shifted, source.value);
    }
    metaAjv.compile(schema);
    metaAjv.removeSchema(schema);
  } catch (e) {
    return [
      error('schema', `parameters is not a usable JSON Schema: ${(e as Error).message}`, source.locate('/parameters')),
    ];
  }
  return [];
}

/**
 * Validates the document of `source` against schemas/<schemaName>.schema.json. Returns one problem per
 * distinct mistake; an unparseable document (YAML syntax errors, already reported by parseYaml) yields none.
 */
export function validateAgainstSchema(source: YamlSource, schemaName: SchemaName): Problem[] {
  if (source.value === undefined && source.doc.errors.length > 0) return [];
  const value = source.value === undefined ? null : source.value;
  const validate = validatorFor(schemaName);
  const problems = validate(value) ? [] : toProblems(source, validate.errors ?? [], value);
  if (schemaName === 'rule' && isRecord(value) && 'parameters' in value) {
    problems.push(...checkParameterSchema(source, value.parameters));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// From ajv errors to problems

interface Issue {
  pointer: string;
  /** Locate at the key of the entry at `pointer` rather than at its value. */
  atKey: boolean;
  message: string;
}

function toProblems(source: YamlSource, errors: readonly ErrorObject[], root: unknown): Problem[] {
  const issues = collapseAlternatives(errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames'))
    .map((e) => describe(e, root));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const issue of issues) {
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = issue.atKey ? source.locateKey(issue.pointer) : source.locate(issue.pointer);
    problems.push(error('schema', issue.message, at));
  }
  return problems;
}

/**
 * anyOf/oneOf failures make ajv report every branch's errors plus the combinator's own. When exactly one
 * branch fits the value's type, its errors are the real story; otherwise one "must be X or Y" says it all.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let list = [...errors];
  for (;;) {
    const idx = list.findIndex((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !e.params['collapsed']);
    if (idx < 0) return list;
    const alt = list[idx]!;
    const done: ErrorObject = { ...alt, params: { ...alt.params, collapsed: true } };
    if (alt.keyword === 'oneOf' && alt.params['passingSchemas']) {
      list = list.map((e, i) => (i === idx ? done : e));
      continue;
    }
    const prefix = alt.schemaPath + '/';
    const owner = alt.schemaPath.replace(/\/(anyOf|oneOf)$/, '');
    const inside = (e: ErrorObject) => e.instancePath === alt.instancePath || e.instancePath.startsWith(alt.instancePath + '/');
    // ajv emits a combinator's branch errors right before it; a branch that is a $ref reports schema paths
    // of the referenced definition, so those are recognised by position rather than by path.
    const branchIdx = new Set<number>();
    for (let i = idx - 1; i >= 0; i--) {
      const e = list[i]!;
      if (!inside(e) || (!e.schemaPath.startsWith(prefix) && e.schemaPath.startsWith(owner))) break;
      branchIdx.add(i);
    }
    list.forEach((e, i) => {
      if (e.schemaPath.startsWith(prefix)) branchIdx.add(i);
    });
    const byBranch = new Map<string, ErrorObject[]>();
    for (const i of [...branchIdx].sort((a, b) => a - b)) {
      const e = list[i]!;
      const branch = e.schemaPath.startsWith(prefix) ? e.schemaPath.slice(prefix.length).split('/')[0]! : '$ref';
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const fitting = [...byBranch.values()].filter(
      (errs) => !errs.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath),
    );
    const replacement = fitting.length === 1 ? fitting[0]! : [done];
    list = list.flatMap((e, i) => (i === idx ? replacement : branchIdx.has(i) ? [] : [e]));
  }
}

function describe(e: ErrorObject, root: unknown): Issue {
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const what = pathInWords(e.instancePath);
  const data = e.data;
  const at = (message: string, pointer = e.instancePath, atKey = false): Issue => ({ pointer, atKey, message });
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const known = Object.keys((parent['properties'] as Record<string, unknown> | undefined) ?? {});
      const guess = closestName(key, known);
      const where = e.instancePath === '' ? '' : ` in ${what}`;
      const hint = guess ? ` (did you mean '${guess}'?)` : known.length > 0 && known.length <= 12 ? ` (expected one of ${known.join(', ')})` : '';
      return at(`unknown key '${key}'${where}${hint}`, e.instancePath + toPointer([key]), true);
    }
    case 'required': {
      const key = String(e.params['missingProperty']);
      const where = e.instancePath === '' ? '' : ` in ${what}`;
      const why = typeof parent['description'] === 'string' && e.schemaPath.includes('/then/') ? ` (${parent['description']})` : '';
      return at(`missing required key '${key}'${where}${why}`);
    }
    case 'enum': {
      const allowed = (e.params['allowedValues'] as unknown[]).map(String);
      const entityType = identifierEntityType(e.instancePath, root);
      if (entityType) return at(invalidIdentifier(data, entityType, allowed));
      const guess = typeof data === 'string' ? closestName(data, allowed) : undefined;
      return at(`${what} ${show(data)} is not allowed: it must be one of ${allowed.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}`);
    }
    case 'const':
      return at(`${what} must be ${show(e.params['allowedValue'])}`);
    case 'type':
      return at(`${what} must be ${typeInWords(String(e.params['type']))} (found ${kindOf(data)})`);
    case 'pattern': {
      const custom = parent['patternErrorMessage'];
      const rule = typeof custom === 'string' ? custom : `must match the pattern ${String(e.params['pattern'])}`;
      if (e.propertyName !== undefined) {
        return at(`${what} key '${e.propertyName}' ${rule}`, e.instancePath + toPointer([e.propertyName]), true);
      }
      return at(`${what} ${show(data)} ${rule}`);
    }
    case 'maxLength':
      if (e.propertyName !== undefined) {
        return at(`${what} key '${e.propertyName}' is too long: at most ${e.params['limit']} characters`, e.instancePath + toPointer([e.propertyName]), true);
      }
      return at(`${what} is too long: at most ${e.params['limit']} characters (found ${String(data).length})`);
    case 'minLength':
      return e.params['limit'] === 1 ? at(`${what} must not be empty`) : at(`${what} must be at least ${e.params['limit']} characters long`);
    case 'maxItems': {
      const limit = Number(e.params['limit']);
      const count = Array.isArray(data) ? data.length : 0;
      return at(`${what} has ${count} entries; at most ${limit} are allowed`, e.instancePath + toPointer([limit]));
    }
    case 'minItems':
      return at(`${what} must have at least ${e.params['limit']} ${Number(e.params['limit']) === 1 ? 'entry' : 'entries'}`);
    case 'maxProperties': {
      const limit = Number(e.params['limit']);
      const keys = isRecord(data) ? Object.keys(data) : [];
      const first = keys[limit];
      return first === undefined
        ? at(`${what} has ${keys.length} entries; at most ${limit} are allowed`)
        : at(`${what} has ${keys.length} entries; at most ${limit} are allowed`, e.instancePath + toPointer([first]), true);
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return at(`${what} must be at least ${e.params['limit']}${e.keyword === 'exclusiveMinimum' ? ' (exclusive)' : ''} (found ${show(data)})`);
    case 'maximum':
    case 'exclusiveMaximum':
      return at(`${what} must be at most ${e.params['limit']}${e.keyword === 'exclusiveMaximum' ? ' (exclusive)' : ''} (found ${show(data)})`);
    case 'format':
      return at(`${what} ${show(data)} must be ${formatInWords(String(e.params['format']))}`);
    case 'anyOf':
    case 'oneOf': {
      if (e.params['passingSchemas']) return at(`${what} matches more than one of its allowed forms`);
      const forms = Array.isArray(e.schema) ? (e.schema as unknown[]).map(formInWords) : [];
      return at(`${what} must be ${forms.length ? forms.join(' or ') : 'one of its allowed forms'} (found ${kindOf(data)})`);
    }
    default:
      return at(`${what} ${e.message ?? 'is invalid'}`);
  }
}

/** For an identifier inside entityMappings, the entity type it belongs to (for a message that names it). */
/**
 * Sentinel refuses an identifier that differs from a valid one only in case (see
 * docs/reference/sentinel-entity-identifiers.md), so a case slip is told the exact spelling to write.
 */
function invalidIdentifier(data: unknown, entityType: string, allowed: readonly string[]): string {
  const subject = `identifier ${show(data)} is not valid for entity type ${entityType}`;
  const spelt = typeof data === 'string' ? allowed.find((a) => a.toLowerCase() === data.toLowerCase()) : undefined;
  if (spelt) return `${subject}: Sentinel matches identifiers case-sensitively; write '${spelt}'`;
  const guess = typeof data === 'string' ? closestName(data, allowed) : undefined;
  return `${subject}: it must be one of ${allowed.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}`;
}

function identifierEntityType(instancePath: string, root: unknown): string | undefined {
  const segs = pointerSegments(instancePath);
  if (segs.length !== 5 || segs[0] !== 'entityMappings' || segs[2] !== 'fieldMappings' || segs[4] !== 'identifier') return undefined;
  const mapping = valueAt(root, toPointer(segs.slice(0, 2)));
  return isRecord(mapping) && typeof mapping['entityType'] === 'string' ? mapping['entityType'] : undefined;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isRecord(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `/entityMappings/0/fieldMappings/1/identifier` -> `entityMappings[0].fieldMappings[1].identifier`. */
export function pathInWords(instancePath: string): string {
  const segs = pointerSegments(instancePath);
  if (segs.length === 0) return 'the document';
  let out = '';
  for (const seg of segs) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === undefined) return 'nothing';
  return JSON.stringify(v);
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${show(v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}

function typeInWords(type: string): string {
  return type
    .split(',')
    .map((t) => {
      switch (t) {
        case 'string':
          return 'text';
        case 'integer':
          return 'a whole number';
        case 'number':
          return 'a number';
        case 'boolean':
          return 'true or false';
        case 'array':
          return 'a list';
        case 'object':
          return 'a mapping (key: value)';
        case 'null':
          return 'empty';
        default:
          return t;
      }
    })
    .join(' or ');
}

function formInWords(schema: unknown): string {
  if (!isRecord(schema)) return 'a value';
  if (typeof schema['description'] === 'string' && schema['description'].length <= 40) return schema['description'].replace(/\.$/, '').toLowerCase();
  if (typeof schema['type'] === 'string') return typeInWords(schema['type']);
  return 'a value';
}

function formatInWords(format: string): string {
  switch (format) {
    case 'date-time':
      return 'a date and time in ISO 8601 with a time zone, e.g. 2026-03-02T03:00:00Z';
    case 'uri':
      return 'an absolute URL, e.g. https://management.azure.com';
    default:
      return `a valid ${format}`;
  }
}
