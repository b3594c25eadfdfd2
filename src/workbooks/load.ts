// workbooks/<stem>.yaml + workbooks/<stem>.json -> Workbook. The metadata is schema-checked; the template
// must be JSON already (Handlebars lives inside its strings), so a syntax error is found before any render.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineStarts } from '../render/source-map.js';
import { error, hasErrors, type Problem } from '../core/problems.js';
import { validateAgainstSchema } from '../core/schema-validate.js';
import { readYamlFile } from '../core/yaml.js';
import { parseJsonWithPositions, positionAt } from '../core/json-positions.js';
import type { Workbook, WorkbookMeta } from './types.js';

export function workbookStems(root: string): { stems: string[]; problems: Problem[] } {
  const dir = join(root, 'workbooks');
  if (!existsSync(dir)) return { stems: [], problems: [] };
  const files = readdirSync(dir).sort();
  const stems = files.filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, ''));
  const problems = files
    .filter((f) => f.endsWith('.json') && !stems.includes(f.slice(0, -5)))
    .map((f) => error('workbook-metadata-missing', `workbook template without metadata: add workbooks/${f.slice(0, -5)}.yaml (id, displayName)`, { file: `workbooks/${f}` }));
  return { stems, problems };
}

export function loadWorkbook(root: string, stem: string): { workbook?: Workbook; problems: Problem[] } {
  const metaFile = existsSync(join(root, `workbooks/${stem}.yml`)) ? `workbooks/${stem}.yml` : `workbooks/${stem}.yaml`;
  const read = readYamlFile(join(root, metaFile), metaFile);
  if (!read.source || hasErrors(read.problems)) return { problems: read.problems };
  const problems = validateAgainstSchema(read.source, 'workbook');
  const templateFile = `workbooks/${stem}.json`;
  let templateText: string;
  try {
    templateText = readFileSync(join(root, templateFile), 'utf8');
  } catch {
    problems.push(error('workbook-template-missing', `workbook template not found: ${templateFile} (the workbook's serializedData JSON)`, { file: metaFile, line: 1, column: 1 }));
    return { problems };
  }
  const template = parseJsonWithPositions(templateText.replace(/^\uFEFF/, ''));
  if (template.error) {
    const at = positionAt(lineStarts(templateText), template.error.offset);
    problems.push(error('workbook-json', `the workbook template is not valid JSON: ${template.error.message} (Handlebars expressions belong inside JSON strings)`, { file: templateFile, ...at }));
  }
  if (hasErrors(problems)) return { problems };
  const doc = read.source.value as WorkbookMeta;
  const meta: WorkbookMeta = { ...doc, category: doc.category ?? 'sentinel' };
  return { workbook: { stem, metaFile, templateFile, meta, metaSource: read.source, templateText, template }, problems };
}

export function loadWorkbooks(root: string): { workbooks: Workbook[]; problems: Problem[] } {
  const { stems, problems } = workbookStems(root);
  const workbooks: Workbook[] = [];
  for (const stem of stems) {
    const r = loadWorkbook(root, stem);
    problems.push(...r.problems);
    if (r.workbook) workbooks.push(r.workbook);
  }
  // The id is the resource name: two workbooks with one id would overwrite each other.
  const seen = new Map<string, Workbook>();
  const duplicates = new Set<Workbook>();
  for (const w of workbooks) {
    const first = seen.get(w.meta.id.toLowerCase());
    if (first) {
      duplicates.add(w);
      problems.push(error('workbook-duplicate-id', `workbook id ${w.meta.id} is also the id of ${first.metaFile}; every workbook needs its own GUID`, w.metaSource.locate('/id')));
    } else seen.set(w.meta.id.toLowerCase(), w);
  }
  return { workbooks: workbooks.filter((w) => !duplicates.has(w)), problems };
}
