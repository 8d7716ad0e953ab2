/**
 * End-to-end tests of the license-determination pages: a real Stackport server (bundled lists and
 * rule pack, SQLite in a temp dir) serving the built console, driven by a real Chromium through
 * playwright-core. The case editor's live determination, its field errors and screening gate,
 * saving a transaction, the transaction list, the review record and its PDF.
 *
 * Needs the console built (`npm run build`) and Chromium at /usr/bin/chromium (or $STACKPORT_CHROMIUM).
 * Screenshots (and the record's PDF) go to docs/screenshots/ with UPDATE_SCREENSHOTS=1, otherwise
 * to test-results/screenshots/ so test runs leave docs/ alone.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken, Licensing, openStackport, type Stackport } from '@stackport/app';
import { buildServer } from '@stackport/server';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrerequisites, launchChromium, SCREENSHOTS } from './harness.js';

const WEB_EXAMPLES = fileURLToPath(new URL('../src/examples/', import.meta.url));
const REPO_EXAMPLES = fileURLToPath(new URL('../../../examples/cases/', import.meta.url));

const NUDT = 'National University of Defense Technology';
const REFERENCE = 'SO-24-0601-AE';
const HELD_REFERENCE = 'PO-25-0901-DE';

describe('license determination pages (real server, real browser)', () => {
  let dataDir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let analystToken = '';
  let viewerToken = '';

  beforeAll(async () => {
    checkPrerequisites();
    dataDir = mkdtempSync(join(tmpdir(), 'stackport-web-licensing-'));
    app = await openStackport({ dataDir, databaseUrl: undefined });
    analystToken = (await createToken(app, { name: 'analyst e2e', role: 'analyst' }, 'test')).token;
    viewerToken = (await createToken(app, { name: 'viewer e2e', role: 'viewer' }, 'test')).token;

    server = await buildServer({ app, logLevel: 'silent' });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);

    await page.goto(`${base}/console/`);
    await page.getByLabel('API token').fill(analystToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('token-role').filter({ hasText: 'analyst' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.connection.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const live = () => page.getByTestId('live-determination');
  const answer = () => live().getByTestId('license-required').textContent();
  const party = (i: number) => page.getByTestId('party-card').nth(i);

  async function fillParty(card: Locator, p: { name: string; country: string; hq?: string }) {
    await card.getByLabel('Name').fill(p.name);
    await card.getByLabel('Country').fill(p.country);
    await card.getByLabel('Headquarters').fill(p.hq ?? '');
    await card.getByLabel('Ultimate parent HQ').fill(p.hq ?? '');
  }

  it('keeps the built-in examples equal to examples/cases/*.json', () => {
    const files = readdirSync(REPO_EXAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const web = JSON.parse(readFileSync(join(WEB_EXAMPLES, f), 'utf8'));
      expect(web, f).toEqual(JSON.parse(readFileSync(join(REPO_EXAMPLES, f), 'utf8')));
    }
  });

  it('loads the H100 → UAE 2024 example: license required, case-by-case, NAC ruled out, cited trail', async () => {
    await page.goto(`${base}/console/#/license`);
    await expect.poll(() => page.title()).toBe('License determination · Stackport');
    expect(await page.getByRole('link', { name: 'License determination' }).getAttribute('aria-current')).toBe('page');
    await page.getByLabel('Example case').selectOption('h100-uae-2024');
    await page.getByRole('button', { name: 'Load example' }).click();

    await expect.poll(answer).toBe('YES');
    expect(await page.getByLabel('Destination').inputValue()).toBe('AE');
    expect(await page.getByLabel('Catalogue part').inputValue()).toBe('nvidia-h100-sxm');
    expect(await page.getByTestId('part-facts').textContent()).toContain('Accelerators');
    expect(await live().getByTestId('review-policy').textContent()).toBe('Case-by-case');
    expect(await live().getByTestId('outcome').textContent()).toBe('resolved');
    expect(await live().getByTestId('headline-eccn').textContent()).toBe('3A090.a');
    expect(await live().getByTestId('layers-agree').count()).toBe(1);
    const nac = live()
      .getByTestId('exception-ruled-out')
      .filter({ has: page.locator('.rule-id', { hasText: /^NAC$/ }) });
    expect(await nac.count()).toBe(1);
    expect(await nac.textContent()).toMatch(/datacenter.*15 CFR 740\.8\(a\)\(1\)/);
    expect(await live().getByTestId('requirement').first().textContent()).toContain('RS-AC-2023');
    expect(await live().getByTestId('gate-status').textContent()).toBe('clear');

    // The reasoning trail: ordered steps, several citing 15 CFR.
    const steps = live().getByTestId('reasoning-step');
    expect(await steps.count()).toBeGreaterThanOrEqual(5);
    const cited = await steps.locator('.cite-cfr').allTextContents();
    expect(cited.filter((c) => c.startsWith('15 CFR')).length).toBeGreaterThanOrEqual(4);
    expect(await steps.first().textContent()).toMatch(/^Transaction: export from US to AE on 2024-06-01/);
    // Classification: ECCN, TPP and its reasoning.
    const classification = live().getByTestId('classification');
    expect(await classification.textContent()).toContain('15,832');
    expect(await live().getByTestId('classification-step').count()).toBeGreaterThan(0);
  });

  it('shows both layers side by side when they differ (Germany, after AI Diffusion)', async () => {
    await page.getByLabel('Ship date').fill('2025-09-01');
    await page.getByLabel('Destination').fill('DE');
    for (const i of [0, 1]) await fillParty(party(i), { name: 'Rhein AI Compute GmbH', country: 'DE', hq: 'DE' });

    await expect.poll(answer).toBe('NO');
    const layers = live().getByTestId('section-layers');
    expect(await layers.getByTestId('layer-asWritten-license').textContent()).toBe('YES');
    expect(await layers.getByTestId('layer-enforced-license').textContent()).toBe('NO');
    expect(await layers.textContent()).toContain('AI_DIFFUSION_TEXT_NOT_ENFORCED');
    expect(await live().getByTestId('outcome').textContent()).toBe('interpreted');
    const flag = live().getByTestId('flag').filter({ hasText: 'AI_DIFFUSION_TEXT_NOT_ENFORCED' });
    expect(await flag.textContent()).toMatch(/Ambiguity.*will not enforce/);
    // The as-written requirement is marked as not enforced; AIA/LPP/ACM are as-written candidates.
    const req = live().getByTestId('requirement').filter({ hasText: 'RS-AC-IIIA' });
    expect(await req.textContent()).toMatch(/as written only.*not-enforced/);
    expect(await live().getByTestId('exception-candidate').filter({ hasText: 'LPP' }).count()).toBe(1);
    await shot('case-editor.png');
  });

  it('shows an unknown destination next to the field', async () => {
    await page.getByLabel('Destination').fill('XX');
    const destination = page.getByLabel('Destination');
    await expect.poll(() => destination.getAttribute('aria-invalid')).toBe('true');
    const errId = await destination.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errId}"]`).textContent()).toMatch(/UNKNOWN_COUNTRY.*unknown country "XX"/);
    expect(await live().getByRole('alert', { name: 'Determination failed' }).textContent()).toMatch(/SP_BAD_REQUEST/);
    expect(await live().getByTestId('license-required').count()).toBe(0);

    await destination.fill('DE');
    await expect.poll(answer).toBe('NO');
    expect(await destination.getAttribute('aria-invalid')).toBeNull();
  });

  it('holds a no-license answer at unknown when a party has unresolved screening hits', async () => {
    // The H20 needs no license to Germany.
    await page.getByLabel('Catalogue part').selectOption('nvidia-h20');
    await expect.poll(() => live().getByTestId('headline-eccn').textContent()).toMatch(/^3A991 or EAR99/);
    await expect.poll(answer).toBe('NO');
    expect(await live().getByTestId('gate-status').textContent()).toBe('clear');

    await page.getByRole('button', { name: '+ Add party' }).click();
    await fillParty(party(2), { name: NUDT, country: 'CN' });
    await expect.poll(() => live().getByTestId('gate-status').textContent()).toBe('unresolved');
    expect(await answer()).toBe('UNKNOWN');
    expect(await live().getByTestId('held-at-unknown').textContent()).toMatch(/rules alone answer NO.*held at UNKNOWN/);
    expect(await live().getByTestId('gate-note').textContent()).toMatch(/answer is held at unknown/);
    const row = live().getByTestId('gate-party').filter({ hasText: NUDT });
    expect(await row.textContent()).toMatch(/unresolved.*EL.*National University of Defense Technology \(NUDT\)/);

    // Saved as it stands, the record keeps the held answer and the unresolved gate.
    await page.getByLabel('Reference').fill(HELD_REFERENCE);
    await page.getByRole('button', { name: 'Save as transaction' }).click();
    const record = page.getByTestId('review-record');
    await record.waitFor();
    expect(await record.getByTestId('record-license').textContent()).toBe('UNKNOWN');
    expect(await record.getByTestId('gate-status').textContent()).toBe('unresolved');
    expect(await record.getByTestId('held-at-unknown').count()).toBe(1);
  });

  it('saves a transaction, lists it and opens its review record', async () => {
    await page.getByRole('link', { name: 'License determination' }).click();
    await page.getByLabel('Example case').selectOption('h100-uae-2024');
    await page.getByRole('button', { name: 'Load example' }).click();
    await expect.poll(() => page.getByLabel('Destination').inputValue()).toBe('AE');
    await expect.poll(answer).toBe('YES');
    await expect.poll(() => live().getAttribute('data-state')).toBe('ready');
    await page.getByLabel('Reference').fill(REFERENCE);
    await page.getByRole('button', { name: 'Save as transaction' }).click();

    await expect.poll(() => page.url()).toMatch(/#\/transactions\/[0-9a-f-]{36}$/);
    const id = decodeURIComponent(page.url().split('/').pop() ?? '');
    const record = page.getByTestId('review-record');
    await record.waitFor();
    expect(await record.getByTestId('record-reference').textContent()).toBe(REFERENCE);
    expect(await record.getByTestId('record-rule-pack').textContent()).toMatch(/^stackport-ear-ai-stack@\d/);
    expect(await record.getByTestId('record-license').textContent()).toBe('YES');
    expect(await record.textContent()).toContain(id);
    expect(await record.textContent()).toContain('Gulf DC Operator LLC');
    const steps = record.getByTestId('reasoning-step');
    expect(await steps.count()).toBeGreaterThanOrEqual(5);
    expect((await steps.locator('.cite-cfr').allTextContents()).some((c) => c.startsWith('15 CFR 742.6'))).toBe(true);
    const nac = record
      .getByTestId('exception-ruled-out')
      .filter({ has: page.locator('.rule-id', { hasText: /^NAC$/ }) });
    expect(await nac.count()).toBe(1);
    expect(await record.getByTestId('gate-matcher').textContent()).toMatch(/^stackport-matcher\//);
    expect(await record.getByRole('heading', { name: /Review and approval/ }).count()).toBe(1);

    // The server agrees.
    const saved = await new Licensing(app).transactions();
    expect(saved.map((t) => [t.id, t.reference, t.licenseRequired, t.reviewPolicy])).toEqual([
      [id, REFERENCE, 'yes', 'case-by-case'],
      [expect.any(String), HELD_REFERENCE, 'unknown', null],
    ]);

    await page.getByRole('link', { name: 'Transactions', exact: true }).click();
    const row = page.getByTestId('tx-row').filter({ hasText: REFERENCE });
    await row.waitFor();
    expect(await page.getByTestId('tx-row').count()).toBe(2);
    expect(await page.getByTestId('tx-row').last().textContent()).toMatch(/PO-25-0901-DE.*2025-09-01.*DE.*UNKNOWN/);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe('2024-06-01');
    expect(cells[2]).toBe('3A090.a');
    expect(cells[3]).toBe('AE');
    expect(cells[4]).toBe('YES');
    expect(cells[5]).toBe('Case-by-case');
    expect(cells[6]).toMatch(/^analyst e2e( \(token \w+\))?\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    await shot('transactions.png');

    await row.getByRole('link', { name: REFERENCE }).click();
    await page.getByTestId('review-record').waitFor();
    expect(page.url()).toContain(`#/transactions/${id}`);
    // The list versions are named once the lists have loaded.
    await expect
      .poll(() => page.getByTestId('review-record').locator('.record-meta .chip').first().textContent())
      .toMatch(/^(CSL|UN) /);
    await shot('review-record.png');
  });

  it('prints the review record to a PDF without the navigation', async () => {
    const print = page.getByRole('button', { name: 'Print / Save as PDF' });
    expect(await print.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    try {
      const display = (selector: string) =>
        page.evaluate((s) => {
          const el = document.querySelector(s);
          return el ? getComputedStyle(el).display : 'missing';
        }, selector);
      expect(await display('.topbar')).toBe('none');
      expect(await display('nav[aria-label="Main"]')).toBe('none');
      // …and so nothing of the header is laid out at all.
      expect(await page.evaluate(() => document.querySelector('.topbar')?.getClientRects().length)).toBe(0);
      expect(await display('.record-toolbar')).toBe('none');
      expect(await display('.record')).not.toBe('none');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
      expect(await page.getByTestId('review-record').locator('.record-url').textContent()).toContain(
        '/console/#/transactions/',
      );

      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
      writeFileSync(join(SCREENSHOTS, 'review-record.pdf'), pdf);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(await print.isVisible()).toBe(true);
  });

  it('lets a viewer determine and read records, but not save (403 next to the button)', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').fill(viewerToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('token-role').filter({ hasText: 'viewer' }).waitFor();

    await page.goto(`${base}/console/#/transactions`);
    await page.getByTestId('tx-row').first().waitFor();
    expect(await page.getByTestId('tx-row').count()).toBe(2);

    await page.goto(`${base}/console/#/license`);
    await page.getByRole('button', { name: 'Load example' }).click();
    await expect.poll(answer).toBe('YES');
    await expect.poll(() => live().getAttribute('data-state')).toBe('ready');
    await page.getByRole('button', { name: 'Save as transaction' }).click();
    const refused = page.getByRole('alert', { name: 'Save failed' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/403 SP_FORBIDDEN.*needs the analyst role/);
    expect((await new Licensing(app).transactions()).length).toBe(2);
  });
});
