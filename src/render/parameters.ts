// Parameter values for one rule in one environment: test-case overrides, then the environment's
// namespace, then the schema's defaults; the rule's own `parameters` schema validates the result.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { error, type Problem, type SourceLocation } from '../core/problems.js';
import { toPointer } from '../core/yaml.js';
import type { Environment } from '../environments/types.js';
import type { RuleDefinition } from '../rules/types.js';

const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

export interface ParameterResolution {
  values: Record<string, unknown>;
  problems: Problem[];
}

export function declaredParameters(rule: RuleDefinition): string[] {
  return Object.keys(rule.doc.parameters?.properties ?? {});
}

export function resolveParameters(
  rule: RuleDefinition,
  env: Environment,
  overrides: Record<string, unknown> = {},
  overridesAt?: SourceLocation,
): ParameterResolution {
  const schema = rule.doc.parameters;
  const values: Record<string, unknown> = {};
  if (!schema) return { values, problems: [] };
  const origin: Record<string, 'override' | 'environment' | 'default'> = {};
  for (const name of declaredParameters(rule)) {
    if (name in overrides) {
      values[name] = structuredClone(overrides[name]);
      origin[name] = 'override';
    } else if (name in env.parameters) {
      values[name] = structuredClone(env.parameters[name]);
      origin[name] = 'environment';
    }
  }
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile({ ...schema, type: 'object' });
    } catch (e) {
      return {
        values,
        problems: [error('parameters-schema', `the parameters schema is not a valid JSON Schema: ${(e as Error).message}`, rule.source.locate('/parameters'))],
      };
    }
    compiled.set(schema, validate);
  }
  const problems: Problem[] = [];
  if (!validate(values)) {
    for (const e of validate.errors ?? []) problems.push(describe(e, rule, env, origin, overridesAt));
  }
  return { values, problems };
}

function describe(
  e: ErrorObject,
  rule: RuleDefinition,
  env: Environment,
  origin: Record<string, string>,
  overridesAt?: SourceLocation,
): Problem {
  const segments = e.instancePath.split('/').slice(1);
  const name = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : segments[0] ?? '';
  const where = `rule '${rule.doc.name ?? rule.stem}' (${rule.file}), parameter '${name}', environment '${env.name}'`;
  if (e.keyword === 'required') {
    return error(
      'parameter-missing',
      `${where}: no value: set parameters.${name} in ${env.file} or give the parameter a default`,
      env.source?.locate('/parameters') ?? { file: env.file },
    );
  }
  const what = `${e.instancePath.slice(1).replace(/\//g, '.')} ${e.message ?? 'is invalid'}`;
  if (origin[name] === 'override' && overridesAt) return error('parameter-invalid', `${where}: ${what} (the value the test case sets)`, overridesAt);
  if (origin[name] === 'environment' && env.source) {
    return error('parameter-invalid', `${where}: ${what} (the value ${env.file} sets)`, env.source.locate(toPointer(['parameters', ...segments])));
  }
  // No one set a value: the rule's own default is wrong, whatever the environment.
  const defaultAt = rule.source.locate(toPointer(['parameters', 'properties', name, 'default', ...segments.slice(1)]));
  return error('parameter-default', `rule '${rule.doc.name ?? rule.stem}', parameter '${name}': its default does not match its own schema: ${what}`, defaultAt);
}
