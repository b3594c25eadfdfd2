// ARM template values: literal JSON plus template-language expressions. Every string in a template is
// a candidate expression for the deployment engine, so a template is built from plain values and
// `ArmExpression`s and serialized in one place (`toTemplateJson`), which escapes every literal. That
// way no builder can forget the escaping, and an expression can never be mistaken for a literal.

/** A template-language expression, written without its enclosing brackets. */
export class ArmExpression {
  constructor(readonly text: string) {}
}

export const expr = (text: string): ArmExpression => new ArmExpression(text);

/** An expression-language string literal: single-quoted, a quote doubled. */
export function armString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `parameters('workspace')`: the one parameter every exported template takes. */
export const WORKSPACE = "parameters('workspace')";
export const WORKSPACE_ID = `resourceId('Microsoft.OperationalInsights/workspaces', ${WORKSPACE})`;

/**
 * The deployment engine treats a string as an expression exactly when its first character is `[` and
 * its last `]` (ExpressionParser.IsLanguageExpression in Azure.Deployments.Expression), and reads a
 * string starting `[[` of that shape as the literal without its first bracket. A string starting with
 * `[` that does not end with `]` is already literal: doubling its bracket would change its value.
 */
export function isLanguageExpression(value: string): boolean {
  return value.length > 0 && value.startsWith('[') && value.endsWith(']');
}

export function escapeLiteral(value: string): string {
  return isLanguageExpression(value) ? `[${value}` : value;
}

/** What the engine makes of a template string that is not a function call (the inverse of escapeLiteral). */
export function unescapeLiteral(value: string): string {
  return isLanguageExpression(value) && value[1] === '[' ? value.slice(1) : value;
}

export type TemplateJson = string | number | boolean | null | TemplateJson[] | { [key: string]: TemplateJson };

/**
 * Serializable template JSON: literals escaped, expressions bracketed. Object keys are escaped too:
 * the engine evaluates expressions in property names as well (e.g. computed tag names).
 */
export function toTemplateJson(value: unknown): TemplateJson {
  if (value instanceof ArmExpression) return `[${value.text}]`;
  if (typeof value === 'string') return escapeLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map(toTemplateJson);
  if (typeof value === 'object') {
    const out: { [key: string]: TemplateJson } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[escapeLiteral(k)] = toTemplateJson(v);
    return out;
  }
  throw new TypeError(`not a JSON value: ${String(value)}`);
}
