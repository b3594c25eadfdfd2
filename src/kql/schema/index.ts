export { buildGlobals, referencedNames, DATABASE_NAME } from './globals.js';
export { createSchemaContext } from './context.js';
export { loadSchemaContext } from './load.js';
export { loadConfig, parseConfig, CONFIG_FILE, type TriplineConfig } from './config.js';
export { readCustomTables, parseCustomTable } from './custom-tables.js';
export { watchlistColumns } from './symbols.js';
export type { SchemaContext, SchemaContextOptions, UserFunction, FunctionParameter, AnalysisSettings, WarningLevel } from './types.js';
