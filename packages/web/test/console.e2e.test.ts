/**
 * End-to-end tests of the web console: a real Stackport server (bundled lists, SQLite in a temp
 * dir) serving the built console, driven by a real Chromium through playwright-core.
 *
 * Needs the console built (`npm run build`) and Chromium at /usr/bin/chromium (or $STACKPORT_CHROMIUM).
 * Takes a full-page screenshot of each page: into docs/screenshots/ with UPDATE_SCREENSHOTS=1
 * (`npm run screenshots`), otherwise into test-results/screenshots/ so test runs leave docs/ alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_DATA_DIR, createToken, openStackport, type Stackport } from '@stackport/app';
import { buildServer } from '@stackport/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrerequisites, launchChromium, SCREENSHOTS } from './harness.js';

const NUDT_QUERY = 'National University of Defence Technology';
const NUDT_LISTED = 'National University of Defense Technology (NUDT)';

describe('web console (real server, real browser)', () => {
  let dataDir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const token: Record<'admin' | 'analyst' | 'viewer', string> = { admin: '', analyst: '', viewer: '' };

  beforeAll(async () => {
    checkPrerequisites();
    dataDir = mkdtempSync(join(tmpdir(), 'stackport-web-e2e-'));
    app = await openStackport({ dataDir, databaseUrl: undefined });
    for (const role of ['admin', 'analyst', 'viewer'] as const) {
      token[role] = (await createToken(app, { name: `${role} e2e`, role }, 'test')).token;
    }

    // A second UN version (the bundled file minus its first individual) so the lists page shows a
    // superseded version and a delta.
    const un = readFileSync(join(BUNDLED_DATA_DIR, 'screening', 'un-consolidated.xml'), 'utf8');
    await app.importList({
      text: un.replace(/<INDIVIDUAL>[\s\S]*?<\/INDIVIDUAL>/, ''),
      fileName: 'un-consolidated-e2e.xml',
      actor: 'admin e2e',
      title: 'UN Security Council Consolidated List',
      publishedAt: '2026-03-06',
      provenance: { note: 'e2e fixture: the bundled snapshot minus one entry' },
    });
    // Saved parties with hits, so the review queue has more than the party the test saves itself.
    await app.createParty(
      { name: 'Huawei Technology', country: 'CN', type: 'organization', reference: 'ERP-10422' },
      'analyst e2e',
    );
    await app.createParty(
      { name: 'Beijing Aeronautics University', country: 'CN', type: 'organization', reference: 'ERP-10587' },
      'analyst e2e',
    );

    server = await buildServer({ app, logLevel: 'silent' });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.connection.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(role: keyof typeof token) {
    await page.goto(`${base}/console/`);
    await page.getByLabel('API token').fill(token[role]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('token-role').textContent()).toBe(role);
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
  }

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  it('signs in with a token, refuses a wrong one, keeps the session in sessionStorage and signs out', async () => {
    await page.goto(`${base}/console/`);
    await expect.poll(() => page.title()).toBe('Sign in · Stackport');
    await shot('sign-in.png');

    await page.getByLabel('API token').fill('sp_this-token-does-not-exist');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refused = page.getByRole('alert', { name: 'Sign-in failed' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/SP_UNAUTHENTICATED.*unknown or revoked token/);
    expect(await page.evaluate(() => sessionStorage.getItem('stackport.token'))).toBeNull();

    await page.getByLabel('API token').fill(token.analyst);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('token-name').textContent()).toBe('analyst e2e');
    expect(await page.getByTestId('token-role').textContent()).toBe('analyst');
    expect(await page.evaluate(() => sessionStorage.getItem('stackport.token'))).toBe(token.analyst);

    // A reload keeps the session (the token is checked again with /me).
    await page.reload();
    await expect.poll(() => page.getByTestId('token-name').textContent()).toBe('analyst e2e');

    await signOut();
    expect(await page.evaluate(() => sessionStorage.getItem('stackport.token'))).toBeNull();
  });

  it('screens a name and explains the hit; shows a bad country code next to the field', async () => {
    await signIn('analyst');
    await page.goto(`${base}/console/#/screen`);
    const form = page.getByRole('form', { name: 'Screen a name' });
    await form.getByLabel('Name').fill(NUDT_QUERY);
    await form.getByLabel('Country').fill('cn');
    await form.getByRole('button', { name: 'Screen' }).click();

    const rows = page.getByTestId('hit-row');
    await rows.first().waitFor();
    const top = rows.first();
    expect(await top.textContent()).toContain(NUDT_LISTED);
    expect(await top.locator('.badge.source').textContent()).toBe('EL');
    expect(await top.locator('.badge.band-alert').textContent()).toBe('alert');
    expect(await page.getByTestId('matcher-version').textContent()).toMatch(/^stackport-matcher\//);
    expect(await page.getByTestId('list-versions').locator('.chip').count()).toBe(2);
    // Scores are in descending order.
    const scores = (await rows.locator('.score-value').allTextContents()).map(Number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    // The strongest hit's explanation is open: token alignment, adjustments and normalised forms.
    const explanation = page.getByRole('region', { name: 'Explanation' }).first();
    await explanation.waitFor();
    const defence = explanation.locator('tbody tr', { hasText: 'defence' });
    const cells = await defence.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['defence', '↔', 'defense']);
    expect(Number(cells[3])).toBeGreaterThan(0.7);
    expect(Number(cells[3])).toBeLessThan(1);
    expect(cells[4]).toBeTruthy();
    expect(await explanation.textContent()).toContain('country CN matches');
    expect(await explanation.textContent()).toContain('national university of defence technology');
    // It collapses and expands from the keyboard-reachable button.
    const toggle = top.getByRole('button', { name: 'Hide explanation' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await shot('screen.png');
    await toggle.click();
    expect(await page.getByRole('region', { name: 'Explanation' }).count()).toBe(0);
    await top.getByRole('button', { name: 'Explain' }).click();
    await page.getByRole('region', { name: 'Explanation' }).first().waitFor();

    // A bad country code: the API's problem+json error shows next to the field.
    await form.getByLabel('Country').fill('XX');
    await form.getByRole('button', { name: 'Screen' }).click();
    const country = form.getByLabel('Country');
    await expect.poll(() => country.getAttribute('aria-invalid')).toBe('true');
    const errId = await country.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errId}"]`).textContent()).toMatch(/unknown country code/);
    expect(await form.getByRole('alert', { name: 'Screening failed' }).textContent()).toMatch(/SP_BAD_REQUEST/);
    expect(await page.getByTestId('hit-row').count()).toBe(0);
  });

  it('saves a party, shows its hit in the queue and decides it as a false positive', async () => {
    await page.goto(`${base}/console/#/review`);
    const open = page.getByRole('tab', { name: /^Open/ });
    await expect.poll(() => open.getAttribute('aria-selected')).toBe('true');
    const before = (await app.hitCounts()).open ?? 0;
    expect(before).toBeGreaterThan(0);
    await expect.poll(() => open.textContent()).toBe(`Open ${before}`);

    const save = page.getByRole('form', { name: /Save a party/ });
    await save.getByLabel('Party name').fill(NUDT_QUERY);
    await save.getByLabel('Country').fill('CN');
    await save.getByLabel('Type').selectOption('organization');
    await save.getByRole('button', { name: 'Save and screen' }).click();
    const flash = page.getByRole('status').filter({ hasText: 'Saved' });
    await flash.waitFor();
    const opened = Number(
      /Saved “National University of Defence Technology”: (\d+) hits? opened/.exec(
        (await flash.textContent()) ?? '',
      )?.[1],
    );
    expect(opened).toBeGreaterThanOrEqual(1);
    expect((await app.hitCounts()).open).toBe(before + opened);
    await expect.poll(() => open.textContent()).toBe(`Open ${before + opened}`);

    const card = page.getByRole('article', { name: `${NUDT_QUERY} ↔ ${NUDT_LISTED}` });
    await card.waitFor();
    expect(await card.textContent()).toContain('EL');
    expect(await card.locator('.badge.band-alert').textContent()).toBe('alert');
    await card.getByRole('button', { name: 'Explain' }).click();
    expect(await card.getByRole('region', { name: 'Explanation' }).textContent()).toContain('defense');
    await shot('review.png');

    // The reason is required.
    await card.getByLabel('False positive').check();
    await card.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => card.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');

    await card
      .getByLabel('Reason')
      .fill('Customer is a Delaware research consortium; different address and registration.');
    await card.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Recorded false positive' }).waitFor();
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => open.textContent()).toBe(`Open ${before + opened - 1}`);

    const fp = page.getByRole('tab', { name: /^False positive/ });
    expect(await fp.textContent()).toBe('False positive 1');
    await fp.click();
    const decided = page.getByRole('article', { name: `${NUDT_QUERY} ↔ ${NUDT_LISTED}` });
    await decided.waitFor();
    expect(await decided.textContent()).toContain('Customer is a Delaware research consortium');
    expect(await decided.textContent()).toContain('analyst e2e');

    // The server agrees.
    const stored = await app.listHits({ status: 'false_positive' });
    expect(stored.map((h) => h.entryName)).toEqual([NUDT_LISTED]);
  });

  it('shows the 403 problem when a viewer tries to decide', async () => {
    await signOut();
    await signIn('viewer');
    await page.goto(`${base}/console/#/review`);
    const counts = await app.hitCounts();
    const card = page.getByTestId('hit-card').first();
    await card.waitFor();
    await card.getByLabel('True match').check();
    await card.getByLabel('Reason').fill('Viewer trying to decide');
    await card.getByRole('button', { name: 'Record decision' }).click();
    const refused = card.getByRole('alert', { name: 'Decision refused' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/403 SP_FORBIDDEN.*needs the analyst role; the token has viewer/);
    expect(await app.hitCounts()).toEqual(counts);
    expect(counts.false_positive).toBe(1);
  });

  it('shows list versions with per-source counts, provenance and the audit chain', async () => {
    await page.goto(`${base}/console/#/lists`);
    const csl = page.getByTestId('active-csl');
    await csl.waitFor();
    expect(await csl.textContent()).toContain('US Consolidated Screening List');
    expect(await csl.getByTestId('source-EL').locator('td').last().textContent()).toBe('919');
    const un = page.getByTestId('active-un');
    expect(await un.textContent()).toContain('UN Security Council Consolidated List');
    expect(await un.getByTestId('source-UN').locator('td').last().textContent()).toBe('1,002');

    const rows = page.getByTestId('version-row');
    expect(await rows.count()).toBe(3);
    const superseded = rows.filter({ hasText: 'superseded' });
    expect(await superseded.count()).toBe(1);
    expect(await superseded.textContent()).toContain('un-consolidated.xml');
    const latestUn = rows.filter({ hasText: 'un-consolidated-e2e.xml' });
    expect(await latestUn.textContent()).toMatch(/\+0\s*~0\s*−1/);
    const cslRow = rows.filter({ hasText: 'csl.csv' });
    expect(await cslRow.textContent()).toContain('sha256 054553ac960f');
    await cslRow.getByRole('button', { name: 'Provenance and checksum' }).click();
    const provenance = page.getByTestId('provenance-csl.csv');
    await provenance.waitFor();
    expect(await provenance.textContent()).toContain(
      '054553ac960f9db1e0b5f767f681fcbe230f32a20c2e67d3cbc87b2404e94e0d',
    );
    expect(await provenance.textContent()).toContain(
      'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv',
    );

    const audit = page.getByTestId('audit-status');
    expect(await audit.textContent()).toMatch(/Intact.*records verified/);
    expect(await page.getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe('/docs');
    expect(await page.getByTestId('status-matcher').textContent()).toMatch(/^stackport-matcher\//);
    await shot('lists.png');
  });
});
