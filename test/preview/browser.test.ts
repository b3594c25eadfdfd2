// Both pages as a browser shows them, over the demo week: the preview (every panel drawn with the marks or
// rows the engine computed, the alerts every rule raised) and the html test report (every case, its alerts),
// with no console error and no request beyond the file itself. Screenshots are kept as test artifacts.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_KINDS } from '../../src/preview/charts.js';
import { buildPreview, loadPreviewData, type Preview } from '../../src/preview/index.js';
import { writeReport } from '../../src/preview/write.js';
import { loadProject } from '../../src/project/load.js';
import { runCli } from '../helpers/cli.js';
import { launchChromium } from './chromium.js';

const repoRoot = resolve(import.meta.dirname, '../..');
/** Screenshots are kept as test artifacts (out/ is git-ignored). */
const ARTIFACTS = join(repoRoot, 'out/test-artifacts');

interface Opened {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
}

let browser: BrowserContext;
let expected: Preview;
let preview: Opened;
let report: Opened;

async function open(file: string, screenshot: string): Promise<Opened> {
  const page = await browser.newPage();
  const opened: Opened = { page, url: pathToFileURL(file).href, requests: [], errors: [] };
  page.on('console', (m) => void (m.type() === 'error' && opened.errors.push(m.text())));
  page.on('pageerror', (e) => void opened.errors.push(e.message));
  page.on('request', (req) => void opened.requests.push(req.url()));
  await page.goto(opened.url, { waitUntil: 'load' });
  await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true });
  return opened;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-pages-'));
  const project = loadProject(repoRoot, { env: 'local' }).project!;
  expected = await buildPreview(project, loadPreviewData(repoRoot));
  expect(expected.problems).toEqual([]);
  expect(writeReport(join(dir, 'preview.html'), expected.html)).toEqual([]);
  const tested = await runCli(['test', '--reporter', 'html', '--out', join(dir, 'report.html')], repoRoot);
  expect(tested.code).toBe(0);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  preview = await open(join(dir, 'preview.html'), 'preview-report.png');
  report = await open(join(dir, 'report.html'), 'test-report.png');
});

afterAll(async () => {
  await browser?.close();
});

describe('tripline preview of the demo week in Chromium', () => {
  it('shows every panel of the workbook with its title, none of them empty', async () => {
    const shown = await preview.page.locator('section.panel[data-panel]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-panel'), e.querySelector('h3')?.textContent]));
    expect(shown).toEqual(expected.panels.map((p) => [p.name, p.title]));
    expect(expected.panels.length).toBe(17);
    expect(expected.panels.filter((p) => !p.table?.rows.length).map((p) => p.name)).toEqual([]);
  });

  it('draws each table panel with the rows the engine returned', async () => {
    const tables = expected.panels.filter((p) => !CHART_KINDS.has(p.visualization));
    expect(tables.length).toBe(11);
    for (const p of tables) {
      await expect(preview.page.locator(`#panel-${p.name} tbody tr`).count(), p.name).resolves.toBe(p.table!.rows.length);
      await expect(preview.page.locator(`#panel-${p.name} thead th`).allTextContents()).resolves.toEqual(p.table!.columns.map((c) => c.name));
    }
    // Values a SOC reads off the page.
    await expect(preview.page.locator('#panel-break-glass-test-status tbody tr', { hasText: 'bg-admin02@contoso.onmicrosoft.com' }).innerText()).resolves.toContain('untested');
    await expect(preview.page.locator('#panel-pim-refused-by-user tbody tr').innerText()).resolves.toContain('adm-jon.ito@contoso.com');
  });

  it('draws each chart as SVG with one mark per value', async () => {
    const charts = expected.panels.filter((p) => CHART_KINDS.has(p.visualization));
    expect(charts.map((p) => p.name)).toEqual(['break-glass-trend', 'assignments-trend', 'assignments-by-role', 'pim-by-hour', 'tier0-device-classes', 'alerts-trend']);
    const MARK = { timechart: 'g.mark-symbol.role-mark > path', barchart: 'g.mark-rect.role-mark > path', piechart: 'g.mark-arc.role-mark > path' } as Record<string, string>;
    for (const p of charts) {
      expect(p.marks, p.name).toBeGreaterThan(0);
      await expect(preview.page.locator(`#panel-${p.name} svg ${MARK[p.visualization]}`).count(), p.name).resolves.toBe(p.marks);
    }
    const panel = (name: string) => expected.panels.find((p) => p.name === name)!;
    expect([panel('pim-by-hour').marks, panel('tier0-device-classes').marks]).toEqual([48, panel('tier0-device-classes').table!.rows.length]);
    // 24 local hours, business and out-of-hours bars for each; the workbook's colour for out-of-hours.
    await expect(preview.page.locator('#panel-pim-by-hour svg g.mark-rect.role-mark > path[fill="#e81123"]').count()).resolves.toBe(24);
  });

  it('lists the alerts every rule raised over the week, and the alert panels read them', async () => {
    const counts = await preview.page.locator('section.rule-alerts').evaluateAll((els) => els.map((e) => [e.getAttribute('data-rule'), Number(e.getAttribute('data-alerts')), e.querySelectorAll('tbody tr').length]));
    expect(counts).toEqual(expected.alerts.map((r) => [r.rule.stem, r.alerts.length, r.alerts.length]));
    // What the demo week's story should raise (fixtures/demo/README.md).
    expect(Object.fromEntries(expected.alerts.map((r) => [r.rule.stem, r.alerts.length]))).toEqual({
      'admin-sign-in-from-unmanaged-device': 1, // Sofia on the hotel machine
      'break-glass-account-not-tested': 7, // bg-admin02, once per daily run
      'break-glass-sign-in-nrt': 3, // bg-admin01's test: one interactive and two non-interactive sign-ins, minutes apart
      'break-glass-sign-in': 2, // the same test, in two 15-minute runs
      'new-permanent-privileged-assignment': 3, // Exchange Administrator, Owner, User Administrator
      'pim-activation-outside-business-hours': 2, // Alice on Tuesday night, Sofia on Saturday
      'pim-repeated-failed-activations': 1, // Jon's three refused attempts
      'tier0-admin-sign-in-from-non-paw': 2, // Ravi's laptop, Sofia's hotel machine
      'tier0-account-logon-outside-tier0-devices': 0, // the demo week has no Defender for Endpoint data
    });
    // Grouped by account within each rule's lookback: the not-tested, NRT and scheduled break-glass alerts make one incident each.
    expect(expected.panels.find((p) => p.name === 'incidents')!.table!.rows).toHaveLength(12);
    const total = expected.alerts.reduce((n, r) => n + r.alerts.length, 0);
    const trend = expected.panels.find((p) => p.name === 'alerts-trend')!.table!;
    const alertsAt = trend.columns.findIndex((c) => c.name === 'Alerts');
    expect(trend.rows.reduce((n, r) => n + Number(r[alertsAt]), 0)).toBe(total);
    await expect(preview.page.locator('#panel-incidents tbody tr', { hasText: 'adm-jon.ito@contoso.com' }).count()).resolves.toBe(1);
  });

  it("lists the rules' test results", async () => {
    expect(expected.tests.failed).toBe(0);
    await expect(preview.page.locator('#rule-tests h3').innerText()).resolves.toBe(`Rule tests: ${expected.tests.passed} passed, 0 failed`);
  });

  it('logs no console error and fetches nothing but the page itself', () => {
    expect(preview.errors).toEqual([]);
    expect(preview.requests).toEqual([preview.url]);
  });
});

describe('tripline test --reporter html in Chromium', () => {
  it('shows every rule and case with its status and the alerts it raised', async () => {
    const shown = await report.page.locator('section.rule').evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-rule'), [...e.querySelectorAll('article.case')].map((c) => [c.getAttribute('data-case'), c.getAttribute('data-status'), c.querySelectorAll('.alert').length])]),
    );
    // A rule with a defender: key runs each case on both platforms; the report marks the Defender outcome.
    expect(shown).toEqual(
      expected.reports.map((r) => [r.rule.stem, r.results.map((res) => [res.platform === 'defender' ? `${res.case.name} [Defender]` : res.case.name, res.status, res.runs.filter((run) => res.runs.length === 1 || run.alerts.length).reduce((n, run) => n + run.alerts.length, 0)])]),
    );
    expect(shown.flatMap(([, cases]) => cases as unknown[]).length).toBe(expected.tests.passed);
    await expect(report.page.locator('#summary').innerText()).resolves.toBe(`${expected.tests.passed} passed, 0 failed (9 rules)`);
  });

  it('logs no console error and fetches nothing but the page itself', () => {
    expect(report.errors).toEqual([]);
    expect(report.requests).toEqual([report.url]);
  });
});
