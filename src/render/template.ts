// Handlebars set up for KQL: no HTML escaping, strict lookups, only KQL-literal helpers, partials from
// templates/. Each render gets its own Handlebars environment so partials of one repository never leak
// into another (tests render many repositories in one process).
import Handlebars from 'handlebars';
import { kqlBool, kqlDatetime, kqlDynamic, kqlIdent, kqlInt, kqlString, kqlTimespan } from './kql-literals.js';

export type HandlebarsEnv = typeof Handlebars;

export const KQL_HELPERS: Record<string, (value: unknown) => string> = {
  'kql-string': kqlString,
  'kql-dynamic': kqlDynamic,
  'kql-timespan': kqlTimespan,
  'kql-datetime': kqlDatetime,
  'kql-int': kqlInt,
  'kql-bool': kqlBool,
  'kql-ident': kqlIdent,
};

/** Block and built-in helpers that stay available; anything else is "unknown helper". */
export const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);

export function createTemplateEnv(partials: Record<string, string>): HandlebarsEnv {
  const env = Handlebars.create();
  for (const name of Object.keys(env.helpers)) if (!BUILTIN_HELPERS.has(name)) env.unregisterHelper(name);
  for (const [name, fn] of Object.entries(KQL_HELPERS)) {
    env.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      // Handlebars passes its options object last; a helper called with no value gets only that.
      if (args.length !== 2) throw new Error(`${name} takes exactly one value`);
      return fn(args[0]);
    });
  }
  for (const [name, text] of Object.entries(partials)) env.registerPartial(name, text);
  return env;
}

export const COMPILE_OPTIONS = { noEscape: true, strict: true, knownHelpersOnly: false } as const;
