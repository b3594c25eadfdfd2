// tripline preview: a workbook as a self-contained offline HTML page over recorded rows.
export { loadPreviewData, type PreviewData, type TimeSpan } from './data.js';
export { buildPreview, type Preview } from './build.js';
export { checkOutPath, writeReport } from './write.js';
export type { PanelResult } from './panel.js';
