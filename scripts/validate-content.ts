// Dev script: runs the semantic analyzer over a folder of Azure-Sentinel-style rule YAML files as
// published (no templating, no tripline schema checks), to measure the analyzer on real content.
//   npx tsx scripts/validate-content.ts DIR [--format text|json|sarif] [--summary]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Problem } from '../src/core/problems.js';
import { error } from '../src/core/problems.js';
import { parseYaml } from '../src/core/yaml.js';
import { analyzeRule } from '../src/kql/analyze/rule.js';
import { createSchemaContext } from '../src/kql/schema/context.js';
import { formatProblems, type ReportFormat } from '../src/report/index.js';
import type { RuleDocument } from '../src/rules/types.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  process.stderr.write('usage: tsx scripts/validate-content.ts DIR [--format text|json|sarif] [--summary]\n');
  process.exit(2);
}
const fi = args.indexOf('--format');
const format = (fi >= 0 ? args[fi + 1] : 'text') as ReportFormat;

function yamlFiles(d: string): string[] {
  return readdirSync(d).sort().flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/i.test(f) ? [p] : [];
  });
}

const ctx = createSchemaContext();
const problems: Problem[] = [];
const files = yamlFiles(dir);
const failed = new Set<string>();
for (const path of files) {
  const file = relative(dir, path);
  const { source, problems: yamlProblems } = parseYaml(file, readFileSync(path, 'utf8'));
  problems.push(...yamlProblems);
  if (yamlProblems.some((p) => p.severity === 'error')) {
    failed.add(file);
    continue;
  }
  const doc = source.value as RuleDocument | undefined;
  const map = source.scalarOffsetMapper('/query');
  if (!doc || typeof doc.query !== 'string' || !map) {
    problems.push(error('query-missing', 'no query', { file }));
    failed.add(file);
    continue;
  }
  const found = analyzeRule({ rule: { file, stem: file, doc, source }, environment: 'content', target: 'sentinel', parameters: {}, query: doc.query, mapQueryOffset: (offset) => ({ file, ...map(offset) }) }, ctx);
  if (found.some((p) => p.severity === 'error')) failed.add(file);
  problems.push(...found);
}
const sources = new Map(files.map((p) => [relative(dir, p), readFileSync(p, 'utf8')]));
process.stdout.write(formatProblems(format, problems, { sources }));
if (args.includes('--summary')) {
  process.stderr.write(`${files.length} files, ${files.length - failed.size} without errors, ${failed.size} with errors${failed.size ? ':\n  ' + [...failed].join('\n  ') : ''}\n`);
}
