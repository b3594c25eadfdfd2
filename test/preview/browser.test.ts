// The preview page as a browser shows it: every panel's title and its drawn chart marks or table rows,
// matching what the engine computed, with no console error and no request beyond the file itself.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreview, loadPreviewData, type Preview } from '../../src/preview/index.js';
import { loadProject } from '../../src/project/load.js';
import { runCli } from '../helpers/cli.js';
import { launchChromium } from './chromium.js';

const repoRoot = resolve(import.meta.dirname, '../..');
/** Screenshots are kept as test artifacts (out/ is git-ignored). */
const ARTIFACTS = join(repoRoot, 'out/test-artifacts');

let browser: BrowserContext;
let page: Page;
let expected: Preview;
const consoleErrors: string[] = [];
const requests: string[] = [];
let reportUrl: string;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'tripline-preview-')), 'report.html');
  const r = await runCli(['preview', '--out', out], repoRoot);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // What the engine computes for each panel, to compare with what the browser draws.
  expected = await buildPreview(loadProject(repoRoot, { env: 'local' }).project!, loadPreviewData(repoRoot));
  expect(readFileSync(out, 'utf8')).toBe(expected.html);
  reportUrl = pathToFileURL(out).href;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  page.on('pageerror', (e) => void consoleErrors.push(e.message));
  page.on('request', (req) => void requests.push(req.url()));
  await page.goto(reportUrl, { waitUntil: 'load' });
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'preview-report.png'), fullPage: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('tripline preview in Chromium', () => {
  it('shows every panel of the workbook with its title', async () => {
    const shown = await page.locator('section.panel[data-panel]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-panel'), e.querySelector('h3')?.textContent]));
    expect(shown).toEqual(expected.panels.map((p) => [p.name, p.title]));
    expect(expected.panels.length).toBeGreaterThanOrEqual(14);
    for (const p of expected.panels) await expect(page.locator(`#panel-${p.name} h3`).isVisible()).resolves.toBe(true);
  });

  it('draws each table panel with the rows the engine returned', async () => {
    const tables = expected.panels.filter((p) => p.visualization === 'table' && p.table!.rows.length > 0);
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const p of tables) {
      const rows = page.locator(`#panel-${p.name} tbody tr`);
      await expect(rows.count(), p.name).resolves.toBe(p.table!.rows.length);
      await expect(page.locator(`#panel-${p.name} thead th`).allTextContents()).resolves.toEqual(p.table!.columns.map((c) => c.name));
    }
    // A value a SOC reads off the page: the break-glass account whose recorded test is too old.
    await expect(page.locator('#panel-break-glass-test-status tbody tr', { hasText: 'bg-admin02@contoso.onmicrosoft.com' }).innerText()).resolves.toContain('untested');
  });

  it('draws each chart as SVG with one mark per value', async () => {
    const marks = (name: string, mark: string) => page.locator(`#panel-${name} svg g.${mark}.role-mark > path`).count();
    const rows = (name: string) => expected.panels.find((p) => p.name === name)!.table!.rows.length;
    // 24 local hours, business and out-of-hours bars for each.
    expect(rows('pim-by-hour')).toBe(24);
    await expect(marks('pim-by-hour', 'mark-rect')).resolves.toBe(48);
    await expect(marks('assignments-by-role', 'mark-rect')).resolves.toBe(rows('assignments-by-role'));
    await expect(marks('tier0-device-classes', 'mark-arc')).resolves.toBe(rows('tier0-device-classes'));
    await expect(marks('break-glass-trend', 'mark-symbol')).resolves.toBe(rows('break-glass-trend'));
    // The workbook's series labels and colours: out-of-hours bars are bright red.
    await expect(page.locator('#panel-pim-by-hour svg').innerHTML()).resolves.toMatch(/Out of hours/);
    await expect(page.locator('#panel-pim-by-hour svg g.mark-rect.role-mark > path[fill="#e81123"]').count()).resolves.toBe(24);
  });

  it('says so where a query returned nothing, and lists the rules\' test results', async () => {
    for (const p of expected.panels.filter((x) => x.table?.rows.length === 0)) {
      await expect(page.locator(`#panel-${p.name} .empty`).innerText()).resolves.toBe('The query returned no results.');
    }
    expect(expected.tests.passed).toBeGreaterThan(0);
    await expect(page.locator('#rule-tests h3').innerText()).resolves.toBe(`Rule tests: ${expected.tests.passed} passed, ${expected.tests.failed} failed`);
    await expect(page.locator('#rule-tests tbody tr').count()).resolves.toBe(expected.tests.passed + expected.tests.failed);
  });

  it('logs no console error and fetches nothing but the page itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });
});
