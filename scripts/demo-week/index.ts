// The demo week (fixtures/demo): one week of a small tenant's privileged-access activity, made from a seed so
// that it is reproducible and reviewable as code. `tripline preview` shows it by default; a test regenerates
// it and compares it with the committed files.
import { auditLogs } from './audit.js';
import { azureActivity } from './azure-activity.js';
import { ADMINS, BREAK_GLASS, staff } from './cast.js';
import { identityInfo } from './identity.js';
import { Rng } from './random.js';
import { signIns, type Row } from './signins.js';

export const DEMO_DIR = 'fixtures/demo';
export const DEMO_SEED = 13;

export interface DemoFile {
  /** Repository-relative. */
  path: string;
  text: string;
}

const jsonl = (rows: Row[]): string =>
  rows
    .map((r, i) => ({ r, i, t: String(r['TimeGenerated']) }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i))
    .map(({ r }) => JSON.stringify(r))
    .join('\n') + '\n';

export function generateDemoWeek(seed = DEMO_SEED): DemoFile[] {
  const rng = new Rng(seed);
  const people = staff(rng);
  const everyone = [...ADMINS, ...BREAK_GLASS, ...people];
  const signins = signIns(rng, [...ADMINS, ...people]);
  const tables: Record<string, Row[]> = {
    AADNonInteractiveUserSignInLogs: signins.nonInteractive,
    AuditLogs: auditLogs(rng, people),
    AzureActivity: azureActivity(rng, people),
    IdentityInfo: identityInfo(everyone),
    SigninLogs: signins.interactive,
  };
  return Object.entries(tables).map(([table, rows]) => ({ path: `${DEMO_DIR}/${table}.jsonl`, text: jsonl(rows) }));
}
