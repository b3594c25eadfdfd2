// Parameter values of a workbook in one environment, as for rules: the environment's namespace, then the
// defaults of the workbook's `parameters` schema, validated by that schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { error, type Problem } from '../core/problems.js';
import { toPointer } from '../core/yaml.js';
import type { Environment } from '../environments/types.js';
import type { Workbook } from './types.js';

const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

export function workbookParameterNames(wb: Workbook): string[] {
  return Object.keys(wb.meta.parameters?.properties ?? {});
}

export function resolveWorkbookParameters(wb: Workbook, env: Environment): { values: Record<string, unknown>; problems: Problem[] } {
  const schema = wb.meta.parameters;
  const values: Record<string, unknown> = {};
  if (!schema) return { values, problems: [] };
  for (const name of workbookParameterNames(wb)) if (name in env.parameters) values[name] = structuredClone(env.parameters[name]);
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile({ ...schema, type: 'object' });
    } catch (e) {
      return { values, problems: [error('parameters-schema', `the parameters schema is not a valid JSON Schema: ${(e as Error).message}`, wb.metaSource.locate('/parameters'))] };
    }
    compiled.set(schema, validate);
  }
  if (validate(values)) return { values, problems: [] };
  const problems = (validate.errors ?? []).map((e) => {
    const segments = e.instancePath.split('/').slice(1);
    const name = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : (segments[0] ?? '');
    const where = `workbook '${wb.meta.displayName}' (${wb.metaFile}), parameter '${name}', environment '${env.name}'`;
    if (e.keyword === 'required') {
      return error('parameter-missing', `${where}: no value: set parameters.${name} in ${env.file} or give the parameter a default`, env.source?.locate('/parameters') ?? { file: env.file });
    }
    const at = name in env.parameters && env.source ? env.source.locate(toPointer(['parameters', ...segments])) : wb.metaSource.locate(toPointer(['parameters', 'properties', name]));
    return error('parameter-invalid', `${where}: ${e.instancePath.slice(1).replace(/\//g, '.')} ${e.message ?? 'is invalid'}`, at);
  });
  return { values, problems };
}
