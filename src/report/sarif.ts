// SARIF 2.1.0 for GitHub code scanning: one run, tool `tripline`, one reporting descriptor per problem
// code, and results located at the rule file's line and column so pull requests get inline annotations.
import { sortProblems, type Problem, type Severity } from '../core/problems.js';
import { COST_CHECKS } from '../kql/analyze/cost-checks.js';
import { repoRelative } from './paths.js';

export interface SarifOptions {
  /** Repository root, to make absolute problem paths relative. */
  root?: string;
  toolVersion?: string;
  /** Descriptions for problem codes that tripline does not know (from other tools or stages). */
  describe?: (code: string) => string | undefined;
}

const DESCRIPTIONS: Record<string, string> = {
  'output-column': 'A column the rule reads from the query result (entity mapping, custom detail, alert details override) is not in the result.',
  'output-column-type': 'A column the rule reads from the query result has a type Sentinel cannot use there.',
  'unknown-watchlist': "_GetWatchlist names a watchlist that is not in the repository's watchlists/ folder.",
  config: 'tripline.config.yaml is not valid.',
  'custom-table': 'A custom table definition is not valid.',
  ...Object.fromEntries(COST_CHECKS.map((c) => [c.id, c.reason])),
};

function describe(code: string, options: SarifOptions): string {
  return options.describe?.(code) ?? DESCRIPTIONS[code] ?? (/^KS\d+$/.test(code) ? `Kusto.Language diagnostic ${code}` : code);
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

// SARIF URIs are URI references: encode each path segment (spaces are common in Sentinel content paths).
function uri(file: string, root?: string): string {
  return repoRelative(file, root).split('/').map(encodeURIComponent).join('/');
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: unknown[];
}

export function sarifLog(problems: readonly Problem[], options: SarifOptions = {}): SarifLog {
  const sorted = sortProblems(problems);
  const codes = [...new Set(sorted.map((p) => p.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((id) => {
    const firstLevel = sorted.find((p) => p.code === id)?.severity ?? 'error';
    const text = describe(id, options);
    return { id, shortDescription: { text: text.length > 120 ? `${text.slice(0, 117)}...` : text }, fullDescription: { text }, defaultConfiguration: { level: LEVEL[firstLevel] } };
  });
  const results = sorted.map((p) => {
    const region: Record<string, number> = {};
    if (p.line !== undefined && p.line >= 1) {
      region.startLine = p.line;
      region.startColumn = Math.max(1, p.column ?? 1);
      if (p.endLine !== undefined && p.endLine >= p.line) {
        region.endLine = p.endLine;
        if (p.endColumn !== undefined) region.endColumn = Math.max(1, p.endColumn);
      }
    }
    return {
      ruleId: p.code,
      ruleIndex: ruleIndex.get(p.code) ?? 0,
      level: LEVEL[p.severity],
      message: { text: p.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uri(p.file, options.root), uriBaseId: '%SRCROOT%' },
            ...(Object.keys(region).length ? { region } : {}),
          },
        },
      ],
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tripline',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules,
          },
        },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

export function formatSarif(problems: readonly Problem[], options: SarifOptions = {}): string {
  return JSON.stringify(sarifLog(problems, options), null, 2) + '\n';
}
