// JSON values and schemas as they appear in rule files, kept structurally typed.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  default?: unknown;
  description?: string;
  [keyword: string]: unknown;
}
