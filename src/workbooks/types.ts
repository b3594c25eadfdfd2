// A workbook as code: workbooks/<stem>.yaml (metadata and the parameters its template takes) and
// workbooks/<stem>.json (the workbook's serializedData, Notebook/1.0, whose strings may be Handlebars
// templates).
import type { JsonSchema } from '../core/json.js';
import type { YamlSource } from '../core/yaml.js';
import type { ParsedJson } from '../core/json-positions.js';

export interface WorkbookMeta {
  /** GUID: the workbook's resource name. */
  id: string;
  displayName: string;
  description?: string;
  category: string;
  tags?: Record<string, string>;
  /** JSON Schema (draft 2020-12) of the environment parameters the template uses. */
  parameters?: JsonSchema;
}

export interface Workbook {
  stem: string;
  /** Repository-relative paths. */
  metaFile: string;
  templateFile: string;
  meta: WorkbookMeta;
  metaSource: YamlSource;
  templateText: string;
  /** The template parsed as JSON, with positions. */
  template: ParsedJson;
}
