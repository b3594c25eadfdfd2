// Handlebars set up for KQL: no HTML escaping, strict lookups, only KQL-literal helpers, partials from
// templates/. Each render gets its own Handlebars environment so partials of one repository never leak
// into another (tests render many repositories in one process).
import Handlebars from 'handlebars';
import { kqlBool, kqlDatetime, kqlDynamic, kqlIdent, kqlInt, kqlString, kqlTimespan } from './kql-literals.js';

export type HandlebarsEnv = typeof Handlebars;

export const COMPILE_OPTIONS = { noEscape: true, strict: true, knownHelpersOnly: false } as const;

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

/** An error raised while rendering, with the template position Handlebars knew. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly loc?: hbs.AST.SourceLocation,
    public partial?: string,
  ) {
    super(message);
  }
}

/** Partials are given as text or, to trace their output (source-map.ts), as instrumented ASTs. */
export function createTemplateEnv(partials: Record<string, string | hbs.AST.Program>): HandlebarsEnv {
  const env = Handlebars.create();
  for (const name of Object.keys(env.helpers)) if (!BUILTIN_HELPERS.has(name)) env.unregisterHelper(name);
  for (const [name, fn] of Object.entries(KQL_HELPERS)) {
    env.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      // Handlebars passes its options object last; it carries the call's position in the template.
      const options = args[args.length - 1] as { loc?: hbs.AST.SourceLocation };
      if (args.length !== 2) throw new TemplateError(`${name} takes exactly one value`, options.loc);
      try {
        return fn(args[0]);
      } catch (e) {
        throw new TemplateError((e as Error).message, options.loc);
      }
    });
  }
  for (const [name, text] of Object.entries(partials)) {
    const compiled = env.compile(text, COMPILE_OPTIONS);
    // Errors inside a partial are positioned in the partial's own file.
    env.registerPartial(name, (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return compiled(context, options);
      } catch (e) {
        if (e instanceof TemplateError) {
          e.partial ??= name;
          throw e;
        }
        const m = / - (\d+):(\d+)$/.exec((e as Error).message);
        const loc = m ? { source: '', start: { line: Number(m[1]), column: Number(m[2]) }, end: { line: 0, column: 0 } } : undefined;
        throw new TemplateError((e as Error).message.replace(/ - \d+:\d+$/, ''), loc, name);
      }
    });
  }
  return env;
}

