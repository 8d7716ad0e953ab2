/**
 * End-to-end test of the synthesis screening pages: a real Stackport server (SQLite in a temp dir, bundled lists)
 * serving the built console, driven by a real Chromium through playwright-core.
 *
 * SYNTHETIC DATA ONLY: the concern database is core's `syntheticConcernDb` (random sequences registered as concerns,
 * ids SYN-DNA-… / SYN-PROT-…), and the orders are random DNA with pieces of those random concerns embedded. No real
 * sequence of concern is, or may be, used here.
 *
 * The store is seeded through the app's own service (SynthesisService): the concern set, a clear order, a flagged
 * order (forward strand, reverse complement, back-translated protein) and an order from a customer whose institution
 * is on the bundled Entity List and ships to another country. The app's clock is fixed, so the policy in force and
 * the times on the pages are those of the seed.
 *
 * Needs the console built (`npm run build -w @stackport/web`) and Chromium at /usr/bin/chromium (or
 * $STACKPORT_CHROMIUM). Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1, otherwise to
 * test-results/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, loadBundledLists, Stackport, SynthesisService } from '@stackport/app';
import {
  backTranslate,
  embed,
  mulberry32,
  randomDna,
  randomProtein,
  reverseComplement,
  syntheticConcernDb,
  toFasta,
} from '@stackport/core';
import { buildServer } from '@stackport/server';
import { connect } from '@stackport/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConcernSet, SynthesisOrder, SynthesisOrderSummary } from '../src/synthesis-api.js';
import { checkPrerequisites, launchChromium, navTo, SCREENSHOTS } from './harness.js';

const DB = syntheticConcernDb(20_261_120, {
  dnaConcerns: 10,
  dnaLength: [900, 1400],
  proteinConcerns: 4,
  proteinLength: [150, 300],
});
const DB_FASTA = toFasta(DB);
const dnaConcern = (id: string) => DB.find((c) => c.id === id)?.sequence as string;
const PROTEIN = DB.find((c) => c.kind === 'protein') as (typeof DB)[number];
const rng = mulberry32(77);
const NUDT = 'National University of Defense Technology';

const customer = (over: Record<string, string> = {}) => ({
  name: 'Ada Testperson',
  email: 'ada@example.org',
  institution: 'Example Synthetic Biology Institute',
  country: 'DE',
  address: '1 Example Street, Berlin',
  shippingAddress: '1 Example Street, Berlin',
  shippingCountry: 'DE',
  ...over,
});

describe('synthesis screening pages (real server, real browser, synthetic data)', () => {
  let dataDir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token = '';
  let adminToken = '';
  const clock = Date.parse('2026-11-20T09:00:00Z');
  const foreign: string[] = [];
  let clear: SynthesisOrder;
  let flagged: SynthesisOrder;
  let listed: SynthesisOrder;

  const nav = (name: string) => navTo(page, name);
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  async function signIn(p: Page, t: string, role: string) {
    await p.goto(`${base}/console/`);
    await p.getByLabel('API token').fill(t);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByTestId('token-role').filter({ hasText: role }).waitFor();
  }

  beforeAll(async () => {
    checkPrerequisites();
    dataDir = mkdtempSync(join(tmpdir(), 'stackport-web-synthesis-'));
    app = new Stackport({ connection: await connect({ dataDir }), now: () => new Date(clock) });
    await loadBundledLists(app);
    token = (await createToken(app, { name: 'analyst e2e', role: 'analyst' }, 'test')).token;
    adminToken = (await createToken(app, { name: 'admin e2e', role: 'admin' }, 'test')).token;

    const syn = new SynthesisService(app);
    await syn.importConcerns(
      {
        fasta: DB_FASTA,
        name: 'Synthetic e2e concerns',
        fileName: 'synthetic-concerns.fasta',
        provenance: { synthetic: true },
      },
      'e2e',
    );
    clear = await syn.submitOrder(
      {
        reference: 'PO-CLEAR-1',
        customer: customer(),
        endUseStatement: 'Reporter constructs for a teaching lab',
        fasta: toFasta([
          { id: 'plasmid-1', sequence: randomDna(rng, 1500) },
          { id: 'enzyme-2', sequence: randomProtein(rng, 220) },
        ]),
        receivedAt: '2026-11-20T07:30:00Z',
      },
      'e2e',
    );
    // Pieces of random "concerns" (never real ones), each far above the Flag threshold: one on the forward strand,
    // one reverse-complemented, one protein concern back-translated into DNA (found through the six-frame search).
    flagged = await syn.submitOrder(
      {
        reference: 'PO-FLAG-2',
        customer: customer({ name: 'Bob Example', email: 'bob@example.org' }),
        endUseStatement: 'Expression constructs for an antibody screening project',
        fasta: toFasta([
          { id: 'gene-a', sequence: embed(rng, dnaConcern('SYN-DNA-00003').slice(100, 420), 900).sequence },
          { id: 'gene-b', sequence: reverseComplement(dnaConcern('SYN-DNA-00006').slice(200, 480)) },
          { id: 'orf-c', sequence: backTranslate(rng, PROTEIN.sequence.slice(10, 110)) },
          { id: 'vector-d', sequence: randomDna(rng, 800) },
        ]),
        receivedAt: '2026-11-20T08:15:00Z',
      },
      'e2e',
    );
    listed = await syn.submitOrder(
      {
        reference: 'PO-LISTED-3',
        customer: customer({
          name: 'Chen Example',
          email: 'lab@example.cn',
          institution: NUDT,
          country: 'CN',
          address: '1 Example Road, Changsha',
          shippingAddress: '1 Example Road, Hong Kong',
          shippingCountry: 'HK',
        }),
        endUseStatement: 'Primers for a sequencing study',
        fasta: toFasta([{ id: 'primer-pool', sequence: randomDna(rng, 600) }]),
        receivedAt: '2026-11-20T08:40:00Z',
      },
      'e2e',
    );
    expect([clear.outcome, clear.status]).toEqual(['Clear', 'ready']);
    expect([flagged.outcome, flagged.status]).toEqual(['Flag', 'pending-review']);
    expect([listed.outcome, listed.status]).toEqual(['Clear', 'pending-review']);

    server = await buildServer({ app, logLevel: 'silent' });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:') && !req.url().startsWith('blob:'))
        foreign.push(req.url());
    });
    await signIn(page, token, 'analyst');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.connection.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the queue: pending review by default, outcomes, customers, review items; the active concern set', async () => {
    await nav('Synthesis');
    await expect.poll(() => page.title()).toBe('Synthesis · Stackport');
    // Ten pages and the token still fit the header at 1280 px.
    const header = await page.evaluate(() => {
      const nav = document.querySelector('nav[aria-label="Main"]') as HTMLElement;
      const who = document.querySelector('.who') as HTMLElement;
      return { scroll: nav.scrollWidth, client: nav.clientWidth, whoRight: who.getBoundingClientRect().right };
    });
    expect(header.scroll).toBeLessThanOrEqual(header.client);
    expect(header.whoRight).toBeLessThanOrEqual(1280);

    expect(await page.getByTestId('synthetic-notice').textContent()).toMatch(/Synthetic test data.*never real/);
    expect(await page.getByTestId('expert-notice').textContent()).toContain(
      'Flags need an expert decision before fulfilment',
    );
    const pending = await api<SynthesisOrderSummary[]>('/synthesis/orders?status=pending-review');
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(pending.length);
    expect(pending.map((o) => o.id).sort()).toEqual([flagged.id, listed.id].sort());
    const row = page.locator(`[data-testid=order-row][data-order="${flagged.id}"]`);
    expect(await row.getByTestId('order-outcome').textContent()).toBe('Flag');
    expect(await row.getByTestId('order-review-items').textContent()).toBe(String(flagged.reviewItems.length));
    expect(await row.textContent()).toContain('Bob Example');
    expect(await row.textContent()).toContain('2026-11-20 08:15 UTC');
    const listedRow = page.locator(`[data-testid=order-row][data-order="${listed.id}"]`);
    expect(await listedRow.textContent()).toContain(NUDT);
    expect(await listedRow.getByTestId('order-outcome').textContent()).toBe('Clear');

    // The concern set the orders are screened against.
    const [set] = await api<ConcernSet[]>('/synthesis/concern-sets');
    expect(await page.getByTestId('concern-set-name').textContent()).toContain('Synthetic e2e concerns');
    expect(await page.getByTestId('concern-set-version').textContent()).toBe(set?.indexVersion);
    expect(await page.getByTestId('concern-set-counts').textContent()).toMatch(/^10 DNA\/RNA · 4 protein/);
    // An analyst does not import concern databases.
    expect(await page.getByRole('form', { name: 'Import a concern database' }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Ready' }).click();
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(1);
    expect(await page.getByTestId('order-row').getAttribute('data-order')).toBe(clear.id);
    await page.getByRole('tab', { name: 'All' }).click();
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(3);
    await shot('synthesis-queue.png');
    await page.getByRole('tab', { name: 'Pending review' }).click();
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(2);
  });

  it('the flagged order: records, matched regions and windows, versions', async () => {
    const o = await api<SynthesisOrder>(`/synthesis/orders/${flagged.id}`);
    await page
      .locator(`[data-testid=order-row][data-order="${flagged.id}"]`)
      .getByRole('link', { name: 'PO-FLAG-2' })
      .click();
    await page.getByTestId('order-title').waitFor();
    await expect.poll(() => page.title()).toBe('PO-FLAG-2 · Synthesis · Stackport');
    expect(await page.getByTestId('order-status').textContent()).toBe('Pending review');
    expect(await page.getByTestId('order-outcome').first().textContent()).toBe('Flag');
    expect(await page.getByTestId('policy-version').textContent()).toBe(o.policyVersion);
    expect(await page.getByTestId('concern-set-used').textContent()).toBe(o.indexVersion);
    expect(await page.getByTestId('expert-notice').textContent()).toContain(`${o.reviewItems.length} review items`);
    const items = await page
      .getByTestId('review-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(items).toEqual(o.reviewItems.map((i) => i.kind));

    // Every record with its outcome.
    const records = await page
      .getByTestId('record')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-record'), e.getAttribute('data-outcome')]));
    expect(records).toEqual(o.screening.records.map((r) => [r.recordId, r.outcome]));
    expect(Object.fromEntries(records)).toMatchObject({
      'gene-a': 'Flag',
      'gene-b': 'Flag',
      'orf-c': 'Flag',
      'vector-d': 'Clear',
    });
    // Matched regions: concern, strand or frame, offsets, exact/near.
    const record = (id: string) => page.locator(`[data-testid=record][data-record="${id}"]`);
    const regionA = record('gene-a').getByTestId('region-row').first();
    expect(await regionA.getAttribute('data-concern')).toBe('SYN-DNA-00003');
    expect(await regionA.getAttribute('data-match')).toBe('exact');
    expect(await regionA.getByTestId('region-where').textContent()).toBe('strand +');
    const a = o.screening.records.find((r) => r.recordId === 'gene-a')?.regions[0];
    expect(await regionA.textContent()).toContain(`${a?.orderStart}–${a?.orderEnd}`);
    expect(await regionA.textContent()).toContain(`${a?.concernStart}–${a?.concernEnd}`);
    const regionB = record('gene-b').getByTestId('region-row').first();
    expect(await regionB.getAttribute('data-concern')).toBe('SYN-DNA-00006');
    expect(await regionB.getByTestId('region-where').textContent()).toBe('strand −');
    const regionC = record('orf-c').getByTestId('region-row').first();
    expect(await regionC.getAttribute('data-concern')).toBe(PROTEIN.id);
    expect(await regionC.getByTestId('region-where').textContent()).toMatch(/^frame [+-]?\d$/);
    expect(await record('vector-d').getByTestId('region-row').count()).toBe(0);
    // A Flag record's window hits are listed, each exact or near.
    const windowsA = o.screening.records.find((r) => r.recordId === 'gene-a')?.windows ?? [];
    expect(windowsA.length).toBeGreaterThan(0);
    await expect.poll(() => record('gene-a').getByTestId('window-row').count()).toBe(windowsA.length);
    expect(await record('gene-a').getByTestId('window-row').first().getAttribute('data-match')).toMatch(/exact|near/);

    // No split order or exchange check on this order; the customer ships to the institution's country.
    expect(await page.getByTestId('address-check').getAttribute('data-mismatch')).toBe('false');
    expect(await page.getByTestId('split-finding').count()).toBe(0);
  });

  it('refuses fulfilment without an expert decision, then holds and fulfils with one; the history', async () => {
    const decision = page.getByTestId('decision');
    await decision.getByLabel('Reason').fill('Customer is known to us');
    await decision.getByRole('button', { name: 'Fulfil' }).click();
    const refusal = decision.getByRole('alert', { name: 'Decision refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('409');
    expect(await refusal.textContent()).toContain('cannot be fulfilled without an expert decision');
    expect(await refusal.textContent()).toContain('sequence-flag gene-a');
    expect(await page.getByTestId('order-status').textContent()).toBe('Pending review');
    await shot('synthesis-refused.png');

    await decision.getByLabel('Reason').fill('Asked the customer for the end-use details');
    await decision.getByRole('button', { name: 'Hold' }).click();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Held');
    expect(await refusal.count()).toBe(0);
    expect(await decision.getByRole('button', { name: 'Hold' }).isDisabled()).toBe(true);

    await decision.getByLabel('Reason').fill('Expert review: synthetic test order, end use verified with the lab');
    await decision.getByRole('checkbox', { name: /Expert decision/ }).check();
    await decision.getByRole('button', { name: 'Fulfil' }).click();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Fulfilled');
    const events = page.locator('[data-testid=order-event][data-kind=decision]');
    await expect.poll(() => events.count()).toBe(2);
    expect(await events.evaluateAll((els) => els.map((e) => [e.dataset.decision, e.dataset.expert]))).toEqual([
      ['hold', 'false'],
      ['fulfil', 'true'],
    ]);
    expect(await events.nth(1).textContent()).toContain('held → fulfilled');
    expect(await events.nth(1).textContent()).toContain('expert decision');
    expect(await events.nth(1).textContent()).toContain('end use verified with the lab');
    expect(await page.getByText('it takes no further decision').count()).toBe(1);
    const stored = await api<SynthesisOrder>(`/synthesis/orders/${flagged.id}`);
    expect(stored.decisions.map((d) => [d.decision, d.expert])).toEqual([
      ['hold', false],
      ['fulfil', true],
    ]);
    for (const d of stored.decisions) expect(d.actor).toMatch(/^analyst e2e/);
    await shot('synthesis-order.png');
  });

  it('the Entity List institution: the customer hit with its explanation and the shipping mismatch', async () => {
    await page.goto(`${base}/console/#/synthesis/${listed.id}`);
    await page.getByTestId('order-title').waitFor();
    expect(await page.getByTestId('order-status').textContent()).toBe('Pending review');
    const kinds = await page
      .getByTestId('review-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toContain('customer-hit');
    expect(kinds).toContain('address-mismatch');
    const institution = page.locator('[data-testid=screened-party][data-role=institution]');
    const hit = institution.locator('[data-testid=customer-hit][data-source=EL]').first();
    expect(await hit.textContent()).toContain(NUDT);
    await hit.getByRole('button', { name: 'Explain' }).click();
    await hit.getByRole('region', { name: 'Explanation' }).waitFor();
    expect(await page.getByTestId('address-check').getAttribute('data-mismatch')).toBe('true');
    expect(await page.getByTestId('address-check').textContent()).toContain(
      'Shipping country HK differs from the institution’s country CN',
    );
    await shot('synthesis-customer.png');
  });

  it('submits an order: a bad FASTA record is named, a good order appears in the queue', async () => {
    await nav('Synthesis');
    await page.getByRole('button', { name: 'Submit order…' }).click();
    const form = page.getByRole('form', { name: 'Submit an order' });
    await form.getByLabel('Name', { exact: true }).fill('Dana Example');
    await form.getByLabel('E-mail').fill('dana@example.org');
    await form.getByLabel('Institution', { exact: true }).fill('Example Teaching Lab');
    await form.getByLabel('Institution country').fill('NL');
    await form.getByLabel('Order reference').fill('PO-WEB-4');
    await form.getByLabel('Institution address').fill('2 Example Lane, Utrecht');
    await form.getByLabel('End-use statement').fill('Guide RNAs for a teaching course');
    const good = randomDna(rng, 400);
    await form.getByLabel(/Sequences \(FASTA\)/).fill(`>guide-1 ok\n${good}\n>bad-2 typo\nACGTXXACGTACGT\n`);
    await form.getByRole('button', { name: 'Submit and screen' }).click();
    const refusal = form.getByRole('alert', { name: 'The order was refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('400');
    expect(await refusal.textContent()).toContain("'bad-2'");
    expect(await refusal.textContent()).toContain('fasta: record bad-2, line 4, column 5');
    await shot('synthesis-submit.png');
    expect((await api<SynthesisOrderSummary[]>('/synthesis/orders')).length).toBe(3);

    await form.getByLabel(/Sequences \(FASTA\)/).fill(`>guide-1 ok\n${good}\n>guide-2\n${randomDna(rng, 300)}\n`);
    await form.getByRole('button', { name: 'Submit and screen' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/synthesis\?status=ready&added=/);
    const added = decodeURIComponent(page.url().split('added=')[1] ?? '');
    const row = page.locator(`[data-testid=order-row][data-order="${added}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-outcome')).toBe('Clear');
    expect(await row.textContent()).toContain('PO-WEB-4');
    expect(await row.textContent()).toContain('Dana Example');
    const stored = await api<SynthesisOrder>(`/synthesis/orders/${added}`);
    expect(stored.records.map((r) => r.id)).toEqual(['guide-1', 'guide-2']);
    expect(stored.customer).toMatchObject({ shippingCountry: 'NL', shippingAddress: '2 Example Lane, Utrecht' });
    expect(stored.createdBy).toMatch(/^analyst e2e/);
  });

  it('an admin sees the import form: a bad record is named, the same file changes nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await context.newPage();
    admin.setDefaultTimeout(15_000);
    try {
      await signIn(admin, adminToken, 'admin');
      await admin.goto(`${base}/console/#/synthesis`);
      const form = admin.getByRole('form', { name: 'Import a concern database' });
      await form.waitFor();
      const file = form.getByLabel('FASTA file');
      await file.setInputFiles({
        name: 'broken.fasta',
        mimeType: 'text/plain',
        buffer: Buffer.from(`${DB_FASTA}\n>SYN-BAD-1\nACGT9ACGT\n`),
      });
      await form.getByRole('button', { name: 'Import' }).click();
      const refusal = form.getByRole('alert', { name: 'Import refused' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain("'SYN-BAD-1'");
      await file.setInputFiles({
        name: 'synthetic-concerns.fasta',
        mimeType: 'text/plain',
        buffer: Buffer.from(DB_FASTA),
      });
      await form.getByRole('button', { name: 'Import' }).click();
      expect(await form.getByTestId('import-result').textContent()).toContain('Unchanged');
      expect((await api<ConcernSet[]>('/synthesis/concern-sets')).length).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('loaded nothing from anywhere but the Stackport server', () => {
    expect(foreign).toEqual([]);
  });
});
