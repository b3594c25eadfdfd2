export { loadWorkbooks, loadWorkbook, workbookStems } from './load.js';
export { renderWorkbook, type WorkbookRenderResult } from './render.js';
export { renderWorkbookContent, type RenderedContent, type RenderedString } from './template.js';
export { analyzeWorkbookQueries } from './analyze.js';
export { workbookBody, WORKBOOK_VERSION, type WorkbookBody } from './body.js';
export { workbookQueries, workbookParameters, substituteParameters } from './queries.js';
export type { Workbook, WorkbookMeta } from './types.js';
export { renderWorkbooks, type RenderedWorkbook } from './outputs.js';
export { workbookParameterNames, resolveWorkbookParameters } from './parameters.js';
