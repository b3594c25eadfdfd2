// SigninLogs JSON Lines (or the same rows as CSV) for the large-fixture benchmarks: six columns a row,
// about 216 bytes a JSON line (500k rows ~ 108 MB), from a seeded generator so every run sees the same file.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mulberry32 } from '../src/core/random.js';

const APPS = ['Azure CLI', 'Azure Portal', 'Microsoft Teams', 'Office 365 Exchange Online', 'Microsoft Azure PowerShell', 'Graph Explorer', 'Visual Studio Code', 'Microsoft Authentication Broker'];
const FAILURES = ['50126', '50053', '50074', '50076', '53003', '50140', '700016'];
const LOCATIONS = ['AU', 'US', 'GB', 'DE', 'IN', 'JP', 'NL', 'BR', 'CA', 'SG'];
const USERS = 5000;

const START = Date.parse('2026-03-01T00:00:00Z');

const COLUMNS = ['TimeGenerated', 'UserPrincipalName', 'AppDisplayName', 'ResultType', 'IPAddress', 'Location'] as const;

function signinRow(i: number, rnd: () => number): Record<(typeof COLUMNS)[number], string> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const user = Math.floor(rnd() * USERS);
  // Mixed case, so the query's tolower() and =~ have work to do.
  const upn = `${user % 7 === 0 ? 'Admin' : 'user'}${user}@contoso-security-ops.onmicrosoft.com`;
  const app = rnd() < 0.5 && user % 11 === 0 ? pick(['Azure CLI', 'azure cli', 'AZURE CLI']) : pick(APPS);
  const ms = START + i * 240 + Math.floor(rnd() * 240);
  const time = new Date(ms).toISOString().replace(/\.(\d{3})Z$/, `.$1${String(Math.floor(rnd() * 10000)).padStart(4, '0')}Z`);
  return {
    TimeGenerated: time,
    UserPrincipalName: upn,
    AppDisplayName: app,
    ResultType: rnd() < 0.8 ? '0' : pick(FAILURES),
    IPAddress: `203.0.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`,
    Location: pick(LOCATIONS),
  };
}

/** One row as a JSON line, or as a CSV record (no value holds a comma or a quote). */
function signinLine(i: number, rnd: () => number, format: 'jsonl' | 'csv'): string {
  const row = signinRow(i, rnd);
  return format === 'jsonl' ? JSON.stringify(row) : COLUMNS.map((c) => row[c]).join(',');
}

/** Writes `rows` rows to `path` (a CSV with its header line); returns its size in bytes. */
export function writeSigninLogs(path: string, rows: number, format: 'jsonl' | 'csv' = 'jsonl', seed = 12): number {
  const rnd = mulberry32(seed);
  const fd = openSync(path, 'w');
  let bytes = format === 'csv' ? writeSync(fd, COLUMNS.join(',') + '\n') : 0;
  try {
    let buf: string[] = [];
    for (let i = 0; i < rows; i++) {
      buf.push(signinLine(i, rnd, format));
      if (buf.length === 10_000 || i === rows - 1) {
        bytes += writeSync(fd, buf.join('\n') + '\n');
        buf = [];
      }
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}
