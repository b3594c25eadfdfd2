// Writes the demo week into fixtures/demo (see scripts/demo-week/index.ts):
//   npx tsx scripts/generate-demo-week.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateDemoWeek } from './demo-week/index.js';

const root = join(import.meta.dirname, '..');
for (const file of generateDemoWeek()) {
  mkdirSync(dirname(join(root, file.path)), { recursive: true });
  writeFileSync(join(root, file.path), file.text);
  process.stdout.write(`wrote ${file.path} (${file.text.split('\n').length - 1} rows)\n`);
}
