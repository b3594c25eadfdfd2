// A small evaluator of the ARM template language, for the functions exported templates use. It parses
// every expression (so unbalanced brackets, quotes or parentheses fail the test) and evaluates it the
// way the deployment engine does in a resource-group deployment, so tests compare what ARM would send
// to the resource provider with what `tripline render` produces. Unknown functions are errors.

export interface DeploymentContext {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
}

type Token = { kind: 'ident' | 'string' | 'int' | 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') i++;
    else if (c === "'") {
      let s = '';
      for (i++; ; i++) {
        if (i >= text.length) throw new Error(`unterminated string in ${text}`);
        if (text[i] === "'" && text[i + 1] === "'") (s += "'"), i++;
        else if (text[i] === "'") break;
        else s += text[i];
      }
      i++;
      tokens.push({ kind: 'string', value: s });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      tokens.push({ kind: 'ident', value: m });
      i += m.length;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+/.exec(text.slice(i))![0];
      tokens.push({ kind: 'int', value: m });
      i += m.length;
    } else if ('(),.[]'.includes(c)) tokens.push({ kind: 'punct', value: c }), i++;
    else throw new Error(`unexpected '${c}' in ${text}`);
  }
  return tokens;
}

type Fn = (args: unknown[], ctx: DeploymentContext) => unknown;

const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
};

function resourceIdOf(ctx: DeploymentContext, type: string, names: string[]): string {
  const [ns, ...types] = type.split('/');
  if (types.length !== names.length) throw new Error(`resourceId: ${type} needs ${types.length} names`);
  const path = types.map((t, i) => `${t}/${names[i]}`).join('/');
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}/providers/${ns}/${path}`;
}

const FUNCTIONS: Record<string, Fn> = {
  parameters: ([n], ctx) => {
    if (!(str(n) in ctx.parameters)) throw new Error(`no parameter ${String(n)}`);
    return ctx.parameters[str(n)];
  },
  variables: ([n], ctx) => {
    if (!(str(n) in ctx.variables)) throw new Error(`no variable ${String(n)}`);
    return ctx.variables[str(n)];
  },
  concat: (args) => args.map(str).join(''),
  format: ([f, ...args]) => str(f).replace(/\{(\d+)\}/g, (_, i: string) => str(args[Number(i)])),
  replace: ([s, from, to]) => str(s).split(str(from)).join(str(to)),
  resourceGroup: (_, ctx) => ({ name: ctx.resourceGroup, location: ctx.location, id: `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}` }),
  resourceId: ([type, ...names], ctx) => resourceIdOf(ctx, str(type), names.map(str)),
  extensionResourceId: ([scope, type, ...names]) => {
    const [ns, ...types] = str(type).split('/');
    return `${str(scope)}/providers/${ns}/${types.map((t, i) => `${t}/${str(names[i])}`).join('/')}`;
  },
};

/** Parses and evaluates one expression (without its brackets). */
export function evaluateExpression(text: string, ctx: DeploymentContext): unknown {
  const tokens = tokenize(text);
  let pos = 0;
  const next = (): Token => tokens[pos++] ?? { kind: 'punct', value: '<end>' };
  const expect = (value: string) => {
    const t = next();
    if (t.value !== value) throw new Error(`expected '${value}', found '${t.value}' in ${text}`);
  };
  const parse = (): unknown => {
    const t = next();
    if (t.kind === 'string') return t.value;
    if (t.kind === 'int') return Number(t.value);
    if (t.kind !== 'ident') throw new Error(`unexpected '${t.value}' in ${text}`);
    const fn = FUNCTIONS[t.value];
    if (!fn) throw new Error(`function ${t.value} is not known to this checker`);
    expect('(');
    const args: unknown[] = [];
    if (tokens[pos]?.value !== ')') for (args.push(parse()); tokens[pos]?.value === ','; pos++, args.push(parse()));
    expect(')');
    let value = fn(args, ctx);
    while (tokens[pos]?.value === '.') {
      pos++;
      value = (value as Record<string, unknown>)[next().value];
    }
    return value;
  };
  const value = parse();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${text}`);
  return value;
}

/** What the deployment engine makes of a template value: expressions evaluated, `[[` unescaped. */
export function evaluateValue(value: unknown, ctx: DeploymentContext): unknown {
  if (typeof value === 'string') {
    if (!(value.startsWith('[') && value.endsWith(']'))) return value;
    return value[1] === '[' ? value.slice(1) : evaluateExpression(value.slice(1, -1), ctx);
  }
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, ctx));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [evaluateValue(k, ctx) as string, evaluateValue(v, ctx)]));
  }
  return value;
}

/** Every expression string (first `[`, last `]`, not `[[`) anywhere in a value. */
export function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('[') && value.endsWith(']') && value[1] !== '[' ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [...expressionsIn(k), ...expressionsIn(v)]);
  return [];
}
