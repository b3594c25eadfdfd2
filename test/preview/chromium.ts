// Debian's headless Chromium driven by playwright-core: never a downloaded browser, no network, a fresh
// profile (--user-data-dir) per launch. Without /usr/bin/chromium the tests fail with how to install it (never skipped).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** A persistent context on a fresh profile folder: playwright owns --user-data-dir, so it is given here. */
export async function launchChromium(viewport = { width: 1200, height: 900 }): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Debian's chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (.ci/run installs it)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'tripline-chromium-'));
  return chromium.launchPersistentContext(profile, {
    viewport,
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}
