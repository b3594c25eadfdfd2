// A throw-away repository for the test-runner tests: the files given (path -> text) under a temporary
// root, with the `local` environment on the emulator unless they bring their own.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const LOCAL_ENV = 'subscriptionId: 00000000-0000-0000-0000-000000000000\nresourceGroup: rg\nworkspaceName: law-test\ncredential: emulator\n';

export function writeRepo(name: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), `tripline-${name}-`));
  for (const [p, text] of Object.entries({ 'environments/local.yaml': LOCAL_ENV, ...files })) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
