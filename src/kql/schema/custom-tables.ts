// Custom tables in the Azure-Sentinel repository's CustomTables format, accepted unchanged:
// `{"Name": "T", "Properties": [{"Name": "C", "Type": "String"}]}`. That repository writes keys in either
// case and types as .NET names (String, DateTime, Double, Int32...), so both are normalized here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { error, type Problem } from '../../core/problems.js';
import type { ColumnSchema, KqlScalarType } from '../table.js';

const TYPE_NAMES: Record<string, KqlScalarType> = {
  string: 'string', guid: 'guid', uniqueid: 'guid', datetime: 'datetime', date: 'datetime',
  timespan: 'timespan', time: 'timespan', bool: 'bool', boolean: 'bool',
  int: 'int', int32: 'int', int16: 'int', byte: 'int', sbyte: 'int',
  long: 'long', int64: 'long', real: 'real', double: 'real', float: 'real', single: 'real',
  decimal: 'decimal', dynamic: 'dynamic', object: 'dynamic',
};

export function kqlType(name: string): KqlScalarType | undefined {
  return TYPE_NAMES[name.toLowerCase().replace(/^system\./, '')];
}

function field(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const found = Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : obj[found];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one CustomTables JSON document; `file` names it in problems. */
export function parseCustomTable(json: unknown, file: string): { name?: string; columns: ColumnSchema[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (message: string): { columns: ColumnSchema[]; problems: Problem[] } => ({
    columns: [],
    problems: [error('custom-table', message, { file })],
  });
  if (!isObject(json)) return bad('a custom table file holds one object {"Name", "Properties": [...]}');
  const name = field(json, 'Name');
  const props = field(json, 'Properties');
  if (typeof name !== 'string' || name === '') return bad('custom table has no "Name"');
  if (!Array.isArray(props)) return bad(`custom table ${name} has no "Properties" list`);
  const columns: ColumnSchema[] = [];
  props.forEach((p, i) => {
    const at = { file, pointer: `/Properties/${i}` };
    if (!isObject(p)) return problems.push(error('custom-table', `${name}: column ${i} is not an object`, at));
    const cname = field(p, 'Name');
    const ctype = field(p, 'Type');
    if (typeof cname !== 'string' || cname === '') return problems.push(error('custom-table', `${name}: column ${i} has no name`, at));
    const type = typeof ctype === 'string' ? kqlType(ctype) : undefined;
    if (!type) return problems.push(error('custom-table', `${name}.${cname}: unknown column type ${JSON.stringify(ctype)}`, at));
    columns.push({ name: cname, type });
  });
  return { name, columns, problems };
}

/** Reads a CustomTables JSON file, or every *.json file of a directory. */
export function readCustomTables(path: string, root: string): { tables: Record<string, ColumnSchema[]>; problems: Problem[] } {
  const display = relative(root, path) || path;
  const tables: Record<string, ColumnSchema[]> = {};
  const problems: Problem[] = [];
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path).filter((f) => f.toLowerCase().endsWith('.json')).sort().map((f) => join(path, f))
      : [path];
  } catch {
    return { tables, problems: [error('custom-table', `custom table file not found: ${display}`, { file: display })] };
  }
  for (const f of files) {
    const shown = relative(root, f) || f;
    let json: unknown;
    try {
      // The repository's files sometimes start with a byte-order mark.
      json = JSON.parse(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      problems.push(error('custom-table', `not valid JSON: ${(e as Error).message}`, { file: shown }));
      continue;
    }
    const t = parseCustomTable(json, shown);
    problems.push(...t.problems);
    if (t.name) tables[t.name] = t.columns;
  }
  return { tables, problems };
}
