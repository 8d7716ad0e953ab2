/**
 * End-to-end test of the AI Exports Program pages: a real Stackport server (SQLite in a temp dir, bundled lists, the
 * real screening, classification and license modules) serving the built console, driven by a real Chromium through
 * playwright-core. An analyst creates a proposal from the example with the outbound-investment attestation removed:
 * a draft with that part listed as missing; submission is refused with the server's problem+json; the finding is
 * justified (it stays visible as justified) and the proposal submits, showing the frozen sha256. An admin (a second
 * token) records the agencies' reviews, the national interest determination, and designates with a condition and an
 * expiry: the package appears in the catalog. The app's clock is fixed on the example's check date.
 *
 * Needs the console built (`npm run build -w @stackport/web`) and Chromium at /usr/bin/chromium (or
 * $STACKPORT_CHROMIUM). Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1, otherwise to
 * test-results/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, loadBundledLists, Stackport } from '@stackport/app';
import { EXAMPLE_AS_OF, EXAMPLE_PROPOSAL, type Proposal } from '@stackport/core';
import { buildServer } from '@stackport/server';
import { connect } from '@stackport/store';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrerequisites, launchChromium, navTo, SCREENSHOTS } from './harness.js';

const ID = 'prop-e2e-0001';
const CONDITION = 'Quarterly end-use reports to BIS for the DE and FR sites';

describe('AI Exports Program pages (real server, real browser)', () => {
  let dataDir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let analyst = '';
  let admin = '';
  const foreign: string[] = [];
  const clock = Date.parse(`${EXAMPLE_AS_OF}T09:00:00Z`);

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const shoot = process.env.UPDATE_SCREENSHOTS === '1';

  async function signIn(token: string, role: string) {
    await page.goto(`${base}/console/`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('token-role').filter({ hasText: role }).waitFor();
  }

  beforeAll(async () => {
    checkPrerequisites();
    dataDir = mkdtempSync(join(tmpdir(), 'stackport-web-program-'));
    app = new Stackport({ connection: await connect({ dataDir }), now: () => new Date(clock) });
    await loadBundledLists(app);
    analyst = (await createToken(app, { name: 'consortium analyst', role: 'analyst' }, 'test')).token;
    admin = (await createToken(app, { name: 'interagency reviewer', role: 'admin' }, 'test')).token;
    server = await buildServer({ app, logLevel: 'silent' });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:')) foreign.push(req.url());
    });
    await signIn(analyst, 'analyst');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.connection.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a draft from the example with a required part removed: saved, the missing part listed', async () => {
    await navTo(page, 'AI Exports Program');
    await page.getByRole('heading', { name: 'AI Exports Program', level: 1 }).waitFor();
    expect(await page.getByTestId('section-nav').getAttribute('data-group')).toBe('licensing');
    await page.getByRole('button', { name: 'New proposal…' }).click();
    await page.getByRole('button', { name: 'Start from the example' }).click();
    const editor = page.getByLabel('Proposal (JSON)');
    await expect.poll(() => editor.inputValue()).not.toBe('');
    const example = JSON.parse(await editor.inputValue()) as Proposal;
    expect(example).toEqual(EXAMPLE_PROPOSAL); // the core's example, served by GET /program/example
    const incomplete: Proposal = {
      ...example,
      id: ID,
      attestations: example.attestations.filter((a) => a.kind !== 'outbound-investment'),
    };
    await editor.fill(JSON.stringify(incomplete, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(`**/console/#/program/${ID}`);

    await expect.poll(() => page.getByTestId('program-state').first().textContent()).toBe('Draft');
    const blocking = page.getByTestId('findings-blocking');
    const missing = blocking.locator('[data-key="ATTESTATION_MISSING@attestations"]');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('outbound-investment');
    expect(await missing.textContent()).toContain('EO 14320');
    expect(await page.getByTestId('findings-summary').textContent()).toMatch(/^1 blocking · 0 justified/);
    // The check's artefacts: the license matrix over the targets, the US-content share, the screening context.
    const matrix = page.getByTestId('license-matrix');
    expect(await matrix.locator('thead th').allTextContents()).toEqual([
      'Component (BOM line)',
      'ECCN',
      'JP',
      'DE',
      'FR',
    ]);
    expect(await page.getByTestId('us-content').textContent()).toContain('≥ 51 % presumption met');
    expect(await page.getByTestId('us-arithmetic').textContent()).toBeTruthy();
    expect(await page.getByTestId('screening').textContent()).toContain('List versions:');

    // The builder's structured summary.
    await page.getByRole('link', { name: 'Builder' }).click();
    const summary = page.getByTestId('summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Quillfeather Compute Inc.');
    expect(await summary.getByText('anchor', { exact: true }).count()).toBe(1);
    for (const l of ['hardware', 'data', 'models', 'security', 'applications'])
      expect(await page.getByTestId(`layer-${l}`).textContent()).not.toContain('missing');
    if (shoot) await shot('program-builder.png');

    // The list shows the draft with its blocking count.
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'AI Exports Program' })
      .click();
    const row = page.locator(`[data-testid="proposal-row"][data-id="${ID}"]`);
    await expect.poll(() => row.getByTestId('blocking-count').textContent()).toBe('1');
    expect(await row.getByTestId('program-state').textContent()).toBe('Draft');
  });

  it('refuses submission with the blocking findings, then a justification lets it submit frozen', async () => {
    await page.locator(`[data-testid="proposal-row"][data-id="${ID}"]`).getByRole('link').click();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const refused = page.getByRole('alert', { name: 'Submission refused' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('SP_CONFLICT');
    expect(await refused.textContent()).toContain('compliance attestation missing: outbound-investment');
    if (shoot) await shot('program-check.png');

    const finding = page.getByTestId('findings-blocking').locator('[data-key="ATTESTATION_MISSING@attestations"]');
    await finding.getByRole('button', { name: 'Justify…' }).click();
    await finding
      .getByLabel('Justification')
      .fill('The outbound-investment attestation is filed under seal with the Treasury notice.');
    await finding.getByRole('button', { name: 'Record justification' }).click();
    const justified = page.getByTestId('findings-justified').locator('[data-key="ATTESTATION_MISSING@attestations"]');
    await justified.waitFor();
    expect(await justified.textContent()).toContain('filed under seal');
    expect(await page.getByTestId('findings-summary').textContent()).toMatch(/^0 blocking · 1 justified/);

    await page.getByRole('button', { name: 'Submit for review' }).click();
    const hash = page.getByTestId('frozen-hash');
    await hash.waitFor();
    expect(await hash.textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('program-state').first().textContent()).toBe('Submitted');
    // Still listed as justified on the frozen version.
    expect(await justified.count()).toBe(1);
    const shown = (await (
      await fetch(`${base}/api/v1/program/proposals/${ID}`, { headers: { authorization: `Bearer ${analyst}` } })
    ).json()) as { versions: { contentSha256: string; frozen: boolean }[] };
    expect(shown.versions[0]).toMatchObject({ frozen: true, contentSha256: await hash.textContent() });
  });

  it('as admin: agency reviews, the national interest determination, designation; the catalog lists it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(admin, 'admin');
    await page.goto(`${base}/console/#/program/${ID}?tab=review`);
    const form = page.getByRole('form', { name: 'Agency review' });
    for (const [agency, score] of [
      ['DOC', '4'],
      ['DOS', '5'],
    ] as const) {
      await form.getByLabel('Agency').selectOption(agency);
      const inputs = form.locator('input[type="number"]');
      for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill(score);
      await form.getByLabel('Comment').fill(`${agency}: credible full-stack package.`);
      await form.getByRole('button', { name: 'Record review' }).click();
      await page
        .getByTestId('reviews')
        .getByRole('cell', { name: `${agency}: credible full-stack package.` })
        .waitFor();
    }
    expect(await page.getByTestId('reviews').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('program-state').first().textContent()).toBe('Under review');

    const nid = page.getByRole('form', { name: 'National interest determination' });
    await nid.getByLabel('Rationale').fill('Advances US AI leadership with allies in Japan and the EU.');
    await nid.getByRole('button', { name: 'Record determination' }).click();
    await page.getByTestId('nids').waitFor();
    expect(await page.getByTestId('nids').textContent()).toContain('DOS, DOW, DOE, OSTP');

    const decide = page.getByRole('form', { name: 'Decision' });
    await decide.getByLabel('Conditions').fill(CONDITION);
    await decide.getByLabel('Expires on').fill('2028-10-01');
    if (shoot) await shot('program-review.png');
    await decide.getByRole('button', { name: 'Designate' }).click();
    const designation = page.getByTestId('designation');
    await designation.waitFor();
    expect(await designation.textContent()).toContain('2026-10-01 → 2028-10-01');
    expect(await designation.textContent()).toContain(CONDITION);
    expect(await page.getByTestId('program-state').first().textContent()).toBe('Decided');

    // The public dossier downloads as a PDF from the proposal head.
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse((r) => r.url().includes('/dossier.pdf?audience=public')),
      page.getByRole('button', { name: /Dossier PDF \(public/ }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(download.suggestedFilename()).toMatch(/-dossier\.pdf$/);
    expect(
      readFileSync((await download.path()) as string)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    await page.getByRole('link', { name: 'History' }).click();
    const history = await page.getByTestId('history').textContent();
    for (const a of ['created', 'submitted', 'review-started', 'agency-review', 'nid-recorded', 'designated'])
      expect(history).toContain(a);

    await page.goto(`${base}/console/#/program?view=catalog`);
    const entry = page.getByTestId('catalog-entry');
    await entry.waitFor();
    expect(await entry.count()).toBe(1);
    expect(await entry.textContent()).toContain('Quillfeather AI Consortium');
    expect(await entry.getByTestId('catalog-conditions').textContent()).toContain(CONDITION);
    if (shoot) await shot('program-catalog.png');
    expect(foreign).toEqual([]);
  });
});
