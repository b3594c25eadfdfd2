// tripline.config.yaml (optional, at the repository root): what the workspace has beyond the built-in
// table pack. Every mistake is a located Problem so `validate` can report them all at once.
//
//   customTables:                      # Azure-Sentinel CustomTables JSON files or folders, or inline
//     - schemas/MyApp_CL.json
//     - { name: Other_CL, columns: [{ name: TimeGenerated, type: datetime }] }
//   functions:                         # workspace functions (saved searches with a function alias)
//     - { name: PrivilegedUsers, parameters: [{ name: since, type: timespan, default: 14d }], body: "..." }
//   analysis:
//     checks: { cost-contains: off, cost-regex: error }
//   externaldata:                      # externaldata URLs (or patterns with *) -> local files
//   geoip:                             # the GeoLite2-City database geo_info_from_ip_address reads
//     database: data/GeoLite2-City.mmdb
//     "https://raw.githubusercontent.com/*/AzureBuiltInRole.csv": data/AzureBuiltInRole.csv
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { error, type Problem } from '../../core/problems.js';
import { readYamlFile, type YamlSource } from '../../core/yaml.js';
import { type ExternalDataMapping, parseExternalDataMap } from '../../externaldata/map.js';
import type { ColumnSchema } from '../table.js';
import { COST_CHECKS } from '../analyze/cost-checks.js';
import { kqlType, readCustomTables } from './custom-tables.js';
import type { AnalysisSettings, FunctionParameter, UserFunction, WarningLevel } from './types.js';

export const CONFIG_FILE = 'tripline.config.yaml';

export interface TriplineConfig {
  customTables: Record<string, ColumnSchema[]>;
  functions: UserFunction[];
  analysis: AnalysisSettings;
  externalData: ExternalDataMapping[];
  /** Absolute path of the .mmdb file for geo_info_from_ip_address (`geoip.database`). */
  geoIpDatabase?: string;
}

const TOP_KEYS = new Set(['customTables', 'functions', 'analysis', 'externaldata', 'geoip']);
const LEVELS: readonly WarningLevel[] = ['off', 'warning', 'error'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function emptyConfig(): TriplineConfig {
  return { customTables: {}, functions: [], analysis: { checks: {} }, externalData: [] };
}

/** Loads `<root>/tripline.config.yaml`; a missing file is an empty configuration, not a problem. */
export function loadConfig(root: string, file = CONFIG_FILE): { config: TriplineConfig; problems: Problem[] } {
  const path = isAbsolute(file) ? file : join(root, file);
  if (!existsSync(path)) return { config: emptyConfig(), problems: [] };
  const { source, problems } = readYamlFile(path, file);
  if (!source || problems.length) return { config: emptyConfig(), problems };
  return parseConfig(source, root);
}

export function parseConfig(source: YamlSource, root: string): { config: TriplineConfig; problems: Problem[] } {
  const config = emptyConfig();
  const problems: Problem[] = [];
  const fail = (pointer: string, message: string): void => {
    problems.push(error('config', message, source.locate(pointer)));
  };
  const doc = source.value ?? {};
  if (!isObject(doc)) {
    fail('', `${source.file} must be a mapping with customTables, functions, analysis, externaldata, geoip`);
    return { config, problems };
  }
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) problems.push(error('config', `unknown key "${key}" (expected customTables, functions, analysis, externaldata, geoip)`, source.locateKey(`/${key}`)));
  }
  customTables(doc.customTables, '/customTables');
  functions(doc.functions, '/functions');
  analysis(doc.analysis, '/analysis');
  const ext = parseExternalDataMap(doc.externaldata, root, (ptr) => source.locate(ptr), '/externaldata');
  config.externalData = ext.mappings;
  problems.push(...ext.problems);
  geoip(doc.geoip, '/geoip');
  return { config, problems };

  function geoip(value: unknown, ptr: string): void {
    if (value === undefined || value === null) return;
    if (!isObject(value) || typeof value.database !== 'string' || value.database === '') {
      return fail(ptr, 'geoip is a mapping with database: the path of a GeoLite2-City .mmdb file');
    }
    const path = isAbsolute(value.database) ? value.database : join(root, value.database);
    if (!existsSync(path)) return fail(`${ptr}/database`, `GeoLite2-City database not found: ${value.database}`);
    config.geoIpDatabase = path;
  }

  function customTables(value: unknown, ptr: string): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) return fail(ptr, 'customTables is a list of file paths or {name, columns} entries');
    value.forEach((entry, i) => {
      const at = `${ptr}/${i}`;
      if (typeof entry === 'string') {
        const r = readCustomTables(isAbsolute(entry) ? entry : join(root, entry), root);
        for (const p of r.problems) {
          // A missing file is the config's mistake: point at the entry; content errors point into the file.
          problems.push(p.message.startsWith('custom table file not found') ? { ...p, ...source.locate(at) } : p);
        }
        Object.assign(config.customTables, r.tables);
        return;
      }
      if (!isObject(entry)) return fail(at, 'a custom table is a file path or {name, columns}');
      const name = entry.name;
      if (typeof name !== 'string' || !name) return fail(at, 'custom table needs a name');
      if (!Array.isArray(entry.columns)) return fail(`${at}/columns`, `custom table ${name} needs a columns list`);
      const cols: ColumnSchema[] = [];
      entry.columns.forEach((c: unknown, j: number) => {
        const cat = `${at}/columns/${j}`;
        if (!isObject(c) || typeof c.name !== 'string' || typeof c.type !== 'string') return fail(cat, 'a column is {name, type}');
        const type = kqlType(c.type);
        if (!type) return fail(`${cat}/type`, `unknown column type "${c.type}"`);
        cols.push({ name: c.name, type });
      });
      config.customTables[name] = cols;
    });
  }

  function functions(value: unknown, ptr: string): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) return fail(ptr, 'functions is a list of {name, parameters?, body}');
    value.forEach((entry, i) => {
      const at = `${ptr}/${i}`;
      if (!isObject(entry)) return fail(at, 'a function is {name, parameters?, body}');
      if (typeof entry.name !== 'string' || !IDENT.test(entry.name)) return fail(`${at}/name`, 'function name must be an identifier');
      if (typeof entry.body !== 'string' || !entry.body.trim()) return fail(`${at}/body`, `function ${entry.name} needs a body`);
      const params = parameters(entry.parameters, `${at}/parameters`);
      if (params) config.functions.push({ name: entry.name, parameters: params, body: entry.body });
    });
  }

  function parameters(value: unknown, ptr: string): FunctionParameter[] | undefined {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      fail(ptr, 'parameters is a list of {name, type, default?}');
      return undefined;
    }
    const out: FunctionParameter[] = [];
    let ok = true;
    value.forEach((p, j) => {
      const at = `${ptr}/${j}`;
      if (!isObject(p) || typeof p.name !== 'string' || !IDENT.test(p.name) || typeof p.type !== 'string') {
        ok = false;
        return fail(at, 'a parameter is {name, type, default?} with an identifier name');
      }
      const type = p.type.trim().startsWith('(') ? p.type : kqlType(p.type);
      if (!type) {
        ok = false;
        return fail(`${at}/type`, `unknown parameter type "${p.type}"`);
      }
      const def = p.default;
      out.push({ name: p.name, type, ...(def !== undefined && def !== null ? { default: String(def) } : {}) });
    });
    return ok ? out : undefined;
  }

  function analysis(value: unknown, ptr: string): void {
    if (value === undefined || value === null) return;
    if (!isObject(value)) return fail(ptr, 'analysis is a mapping, e.g. { checks: { cost-contains: off } }');
    for (const key of Object.keys(value)) {
      if (key !== 'checks') problems.push(error('config', `unknown key "${key}" in analysis (expected checks)`, source.locateKey(`${ptr}/${key}`)));
    }
    const checks = value.checks;
    if (checks === undefined || checks === null) return;
    if (!isObject(checks)) return fail(`${ptr}/checks`, 'checks maps a check id to off, warning or error');
    const known = new Set(COST_CHECKS.map((c) => c.id));
    for (const [id, level] of Object.entries(checks)) {
      const at = `${ptr}/checks/${id}`;
      if (!known.has(id)) {
        problems.push(error('config', `unknown check "${id}" (known: ${[...known].join(', ')})`, source.locateKey(at)));
        continue;
      }
      // YAML reads a bare `off` as the string "off" in YAML 1.2, but `false` is accepted as well.
      const norm = level === false ? 'off' : level;
      if (typeof norm !== 'string' || !LEVELS.includes(norm as WarningLevel)) {
        fail(at, `level of ${id} must be off, warning or error`);
        continue;
      }
      config.analysis.checks[id] = norm as WarningLevel;
    }
  }
}
