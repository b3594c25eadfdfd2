export { formatText, type SourceTexts, type TextOptions } from './text.js';
export { formatJson, summarize, type ProblemSummary } from './json.js';
export { formatSarif, sarifLog, type SarifLog, type SarifOptions } from './sarif.js';

import type { Problem } from '../core/problems.js';
import { formatJson } from './json.js';
import { formatSarif, type SarifOptions } from './sarif.js';
import { formatText, type SourceTexts } from './text.js';

export type ReportFormat = 'text' | 'json' | 'sarif';

/** One entry point for the CLI's `--format`. */
export function formatProblems(format: ReportFormat, problems: readonly Problem[], options: SarifOptions & { sources?: SourceTexts; color?: boolean } = {}): string {
  if (format === 'json') return formatJson(problems);
  if (format === 'sarif') return formatSarif(problems, options);
  return formatText(problems, options.sources, { ...(options.root ? { root: options.root } : {}), ...(options.color ? { color: true } : {}) });
}
