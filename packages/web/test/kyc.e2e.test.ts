/**
 * End-to-end test of the Cloud KYC pages (and of the grouped navigation): a real Stackport server (SQLite in a temp
 * dir, bundled lists) serving the built console, driven by a real Chromium through playwright-core.
 *
 * The store is seeded through the app's own service (KycService): a consistent US individual (approved at opening),
 * a US entity 60 % owned from a D:5 country (a foreign person, pending review), a customer served through a reseller
 * chain whose reseller has no attestation, a second reseller with a current attestation, and 90 days of usage of a
 * 100,000 × H100 × 40 % run on the entity's account. The app's clock is fixed, so the rules on the day, the
 * attestations' state and the usage window are those of the seed. All names and identifiers are made up.
 *
 * Needs the console built (`npm run build -w @stackport/web`) and Chromium at /usr/bin/chromium (or
 * $STACKPORT_CHROMIUM). Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1, otherwise to
 * test-results/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createToken,
  type KycAccountView as KycAccount,
  KycService,
  loadBundledLists,
  Stackport,
} from '@stackport/app';
import { buildServer } from '@stackport/server';
import { connect, type KycAccountSummary } from '@stackport/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrerequisites, launchChromium, SCREENSHOTS } from './harness.js';

const individual = {
  type: 'individual',
  accountId: 'acct-us-1',
  names: ['Jane Q. Miller'],
  addresses: [{ lines: ['1200 High St'], city: 'Columbus', region: 'OH', postalCode: '43201', country: 'US' }],
  paymentMeans: [{ kind: 'card', id: 'tok_card_4242', binCountry: 'US', source: 'own', addedOn: '2026-03-01' }],
  emails: ['jane.miller@example.com'],
  phones: ['+1 614 555 0142'],
  ipAddresses: [{ ip: '198.51.100.23', country: 'US', egress: 'direct' }],
  declaredCountry: 'US',
  citizenships: ['US'],
  residenceCountry: 'US',
  openedOn: '2026-03-02',
} as const;

const ENTITY = 'Brightpath Analytics LLC';
const entity = {
  type: 'entity',
  accountId: 'acct-ent-1',
  names: [ENTITY],
  addresses: [{ lines: ['251 Little Falls Dr'], city: 'Wilmington', region: 'DE', country: 'US' }],
  paymentMeans: [{ kind: 'bank', id: 'ba_001', bankCountry: 'US', source: 'own', addedOn: '2026-02-10' }],
  emails: ['ops@brightpath.example'],
  phones: ['+1 302 555 0100'],
  ipAddresses: [{ ip: '203.0.113.9', country: 'US', egress: 'direct' }],
  declaredCountry: 'US',
  countryOfIncorporation: 'US',
  principalPlaceOfBusiness: 'US',
  beneficialOwners: [
    {
      name: 'Wang Lei',
      type: 'individual',
      sharePct: 60,
      nationalities: ['CN'],
      residenceCountry: 'CN',
      usPermanentResident: false,
    },
    { name: 'Robert Hale', type: 'individual', sharePct: 40, nationalities: ['US'], residenceCountry: 'US' },
  ],
  beneficialOwnersComplete: true,
  verification: [{ method: 'documentary', evidence: 'certificate of formation', verifiedOn: '2026-02-11' }],
  openedOn: '2026-03-02',
} as const;

const resold = {
  type: 'individual',
  accountId: 'acct-resold',
  names: ['Tan Wei Ming'],
  addresses: [{ lines: ['1 Raffles Pl'], country: 'SG' }],
  paymentMeans: [{ kind: 'card', id: 'tok_sg', binCountry: 'SG', source: 'own' }],
  emails: ['twm@example.sg'],
  phones: ['+65 6123 4567'],
  ipAddresses: [{ ip: '203.0.113.77', country: 'SG', egress: 'direct' }],
  declaredCountry: 'SG',
  citizenships: ['SG'],
  residenceCountry: 'SG',
  verification: [{ method: 'documentary', evidence: 'passport', verifiedOn: '2026-03-01' }],
  resellerChain: ['rs-sg-1', 'rs-unknown'],
  openedOn: '2026-03-02',
} as const;

function days(last: string, n: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

describe('cloud KYC pages (real server, real browser)', () => {
  let dataDir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token = '';
  const clock = Date.parse('2026-07-01T09:00:00Z');
  const foreign: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  const main = () => page.getByRole('navigation', { name: 'Main' });

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    checkPrerequisites();
    dataDir = mkdtempSync(join(tmpdir(), 'stackport-web-kyc-'));
    app = new Stackport({ connection: await connect({ dataDir }), now: () => new Date(clock) });
    await loadBundledLists(app);
    token = (await createToken(app, { name: 'analyst e2e', role: 'analyst' }, 'test')).token;

    const kyc = new KycService(app);
    await kyc.registerReseller({ id: 'rs-sg-1', name: 'Lion City Cloud Pte Ltd', country: 'SG' }, 'e2e');
    await kyc.registerReseller(
      {
        id: 'rs-de-1',
        name: 'Rhein Compute GmbH',
        country: 'DE',
        attestations: [
          { program: 'CIP v1', attestedOn: '2025-01-01', expiresOn: '2026-01-01' },
          { program: 'CIP v2', attestedOn: '2026-01-01', expiresOn: '2027-01-01', lastAuditOn: '2026-02-15' },
        ],
        customers: ['acct-de-17', 'acct-de-18'],
      },
      'e2e',
    );
    const us = await kyc.openAccount(individual, 'e2e');
    const ent = await kyc.openAccount(entity, 'e2e');
    const rs = await kyc.openAccount(resold, 'e2e');
    expect([us.status, ent.status, rs.status]).toEqual(['approved', 'pending-review', 'pending-review']);
    expect(rs.findings.map((f) => f.kind)).toContain('reseller-attestation-missing');
    const usage = await kyc.ingestUsage(
      days('2026-06-30', 90).map((day) => ({
        accountId: 'acct-ent-1',
        day,
        acceleratorModel: 'nvidia-h100-sxm',
        count: 100_000,
        hours: 24,
        utilisation: 0.4,
      })),
      'e2e',
    );
    expect(usage.inserted).toBe(90);

    server = await buildServer({ app, logLevel: 'silent' });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:') && !req.url().startsWith('blob:'))
        foreign.push(req.url());
    });
    await page.goto(`${base}/console/`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('token-role').filter({ hasText: 'analyst' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.connection.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the grouped navigation: four groups in the header, menus by mouse and keyboard, the section bar', async () => {
    const groups = main().locator('.nav-group-button');
    expect(await groups.allTextContents()).toEqual([
      expect.stringMatching(/^Screening/),
      expect.stringMatching(/^Licensing/),
      expect.stringMatching(/^Location & fleet/),
      expect.stringMatching(/^Due diligence/),
    ]);
    // Twelve pages, each in one group's menu.
    const pages = await main()
      .locator('.nav-menu a')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    expect(pages).toEqual([
      '#/screen',
      '#/review',
      '#/lists',
      '#/license',
      '#/transactions',
      '#/program',
      '#/location',
      '#/fleet',
      '#/alerts',
      '#/cases',
      '#/synthesis',
      '#/kyc',
      '#/models',
    ]);
    // The header still fits 1280 px with the token.
    const header = await page.evaluate(() => {
      const nav = document.querySelector('nav[aria-label="Main"]') as HTMLElement;
      const who = document.querySelector('.who') as HTMLElement;
      return { scroll: nav.scrollWidth, client: nav.clientWidth, whoRight: who.getBoundingClientRect().right };
    });
    expect(header.scroll).toBeLessThanOrEqual(header.client);
    expect(header.whoRight).toBeLessThanOrEqual(1280);
    // The current group (Screening, after sign-in) has its pages in the section bar.
    const section = page.getByTestId('section-nav');
    expect(await section.getAttribute('data-group')).toBe('screening');
    expect(await section.getByRole('link', { name: 'Screen a name' }).getAttribute('aria-current')).toBe('page');

    // Mouse: the menu opens, a click elsewhere closes it.
    const diligence = main().getByRole('button', { name: /^Due diligence/ });
    await diligence.click();
    expect(await diligence.getAttribute('aria-expanded')).toBe('true');
    expect(await main().getByRole('link', { name: 'Cloud KYC' }).isVisible()).toBe(true);
    await page.locator('.brand').click();
    expect(await diligence.getAttribute('aria-expanded')).toBe('false');
    expect(await main().getByRole('link', { name: 'Cloud KYC' }).count()).toBe(0);

    // Keyboard: ↓ opens and focuses the first page, ↓ moves on, Escape closes and returns to the group, Enter opens.
    await diligence.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Synthesis');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cloud KYC');
    await page.keyboard.press('Escape');
    expect(await diligence.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Due diligence/);
    await page.keyboard.press('Enter');
    expect(await diligence.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cloud KYC');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.title()).toBe('Cloud KYC · Stackport');
    expect(await diligence.getAttribute('aria-expanded')).toBe('false');
    expect(await section.getAttribute('data-group')).toBe('diligence');
    expect(await section.getByRole('link', { name: 'Cloud KYC' }).getAttribute('aria-current')).toBe('page');
    expect(await main().locator('[data-group=diligence]').getAttribute('data-current')).toBe('true');
  });

  it('the accounts queue: pending review by default, recommendation, type, country, person, open findings', async () => {
    expect(await page.getByTestId('proposed-notice').textContent()).toContain('Most of this regime is not law');
    const pending = await api<KycAccountSummary[]>('/kyc/accounts?status=pending-review');
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(pending.length);
    expect(pending.map((a) => a.id).sort()).toEqual(['acct-ent-1', 'acct-resold']);
    const ent = page.locator('[data-testid=account-row][data-account=acct-ent-1]');
    await expect.poll(() => ent.getByTestId('account-person').textContent()).toBe('Foreign person');
    expect(await ent.getByTestId('account-type').textContent()).toBe('entity');
    expect(await ent.getByTestId('account-recommendation').textContent()).toBe('Review');
    expect(await ent.textContent()).toContain('US');
    const stored = await api<KycAccount>('/kyc/accounts/acct-ent-1');
    const open = ent.getByTestId('open-findings');
    expect(await open.getAttribute('data-high')).toBe(String(stored.blockingFindings));
    expect(stored.blockingFindings).toBe(2);
    const rs = page.locator('[data-testid=account-row][data-account=acct-resold]');
    expect(Number(await rs.getByTestId('open-findings').getAttribute('data-high'))).toBeGreaterThanOrEqual(2);

    await page.getByRole('tab', { name: 'Approved' }).click();
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(1);
    const us = page.locator('[data-testid=account-row][data-account=acct-us-1]');
    await expect.poll(() => us.getByTestId('account-person').textContent()).toBe('US person');
    expect(await us.getByTestId('open-findings').textContent()).toBe('none');
    await page.getByRole('tab', { name: 'All' }).click();
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(3);
    await expect.poll(() => page.locator('[data-testid=account-row] [data-testid=account-person]').count()).toBe(3);
    await shot('kyc-queue.png');
    await page.getByRole('tab', { name: 'Pending review' }).click();
    await expect.poll(() => page.getByTestId('account-row').count()).toBe(2);
  });

  it('the entity account: application, foreign-person determination, legal-status badges, screening', async () => {
    await page.getByRole('link', { name: ENTITY }).click();
    await page.getByTestId('account-title').waitFor();
    await expect.poll(() => page.title()).toBe(`${ENTITY} · Cloud KYC · Stackport`);
    expect(await page.getByTestId('account-status').textContent()).toBe('Pending review');
    expect(await page.getByTestId('account-person').textContent()).toBe('Foreign person');

    // Most of this regime is proposed: every rule applied carries its status.
    const basis = page.getByTestId('legal-basis');
    expect(await basis.getAttribute('data-rests-on-proposed')).toBe('true');
    expect(await basis.textContent()).toContain('rests on proposed rules');
    const rules = await page
      .getByTestId('rule-row')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-rule'),
          e.querySelector('[data-testid=legal-status]')?.getAttribute('data-legal-status'),
          e.querySelector('[data-testid=legal-status]')?.textContent,
        ]),
      );
    expect(rules).toEqual([
      ['iaas-cip-program', 'proposed-rule', 'proposed rule'],
      ['iaas-cip-identifying-information', 'proposed-rule', 'proposed rule'],
      ['iaas-cip-foreign-person', 'proposed-rule', 'proposed rule'],
      ['csl-screening', 'guidance', 'guidance'],
    ]);
    expect(await page.getByTestId('rule-dates').first().textContent()).toBe('not in force (no effective date)');

    // The determination with its reasons and the ownership sums.
    const fp = page.getByTestId('foreign-person');
    expect(await fp.getAttribute('data-status')).toBe('foreign-person');
    expect(await fp.getByTestId('fp-reason').allTextContents()).toEqual([
      'Organised under the laws of US',
      'Foreign persons own 60 % in aggregate, more than 50 %',
    ]);
    expect(await fp.getByTestId('ownership').textContent()).toContain('known foreign 60 %');

    // The application: identification, IPs with observed countries, payment means, beneficial owners.
    const application = page.getByTestId('application');
    expect(await application.textContent()).toContain('ops@brightpath.example');
    expect(await application.getByTestId('ip-row').getAttribute('data-country')).toBe('US');
    expect(await application.getByTestId('payment-row').textContent()).toContain('ba_001');
    const wang = application.locator('[data-testid=owner-row][data-owner="Wang Lei"]');
    expect(await wang.textContent()).toContain('60 %');
    expect(await wang.textContent()).toContain('Foreign person');

    // Findings: the owner's country of concern and a screening hit, both high, each with its rule's status.
    const owner = page.locator('[data-testid=finding][data-kind=beneficial-owner-country-of-concern]');
    expect(await owner.getAttribute('data-severity')).toBe('high');
    expect(await owner.getByTestId('legal-status').getAttribute('data-legal-status')).toBe('proposed-rule');
    expect(await owner.textContent()).toContain('Wang Lei');
    const hit = page.locator('[data-testid=finding][data-kind=screening-hit]');
    expect(await hit.getByTestId('legal-status').getAttribute('data-legal-status')).toBe('guidance');
    // The screening hit with its explanation.
    const screened = page.locator('[data-testid=screened-name][data-role=beneficial-owner][data-hits="1"]');
    expect(await screened.textContent()).toContain('Wang Lei');
    await screened.getByRole('button', { name: 'Explain' }).click();
    await screened.getByRole('region', { name: 'Explanation' }).waitFor();
  });

  it('refuses approval over high findings, then resolves one and approves with an override; the history', async () => {
    const decision = page.getByTestId('decision');
    expect(await decision.getByTestId('override-note').textContent()).toContain('2 high-severity findings are open');
    await decision.getByLabel('Reason', { exact: true }).fill('US-organised, documents verified');
    await decision.getByRole('button', { name: 'Approve' }).click();
    const refusal = decision.getByRole('alert', { name: 'Decision refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('409');
    expect(await refusal.textContent()).toContain('2 unresolved high-severity finding(s)');
    expect(await refusal.textContent()).toContain('override reason');
    expect(await page.getByTestId('account-status').textContent()).toBe('Pending review');
    await shot('kyc-refused.png');

    // Resolve the screening hit with a note.
    const hit = page.locator('[data-testid=finding][data-kind=screening-hit]');
    await hit.getByRole('button', { name: 'Resolve…' }).click();
    await hit.getByLabel('Resolution note').fill('False positive: different person, date of birth and city differ');
    await hit.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => hit.getAttribute('data-status')).toBe('resolved');
    expect(await hit.getByTestId('finding-resolution').textContent()).toContain('date of birth and city differ');
    await expect
      .poll(() => decision.getByTestId('override-note').textContent())
      .toContain('1 high-severity finding is');

    // Still one high finding: the approval carries an override reason.
    await decision.getByLabel('Reason', { exact: true }).fill('US-organised, documents verified');
    await decision.getByLabel(/Override reason/).fill('Owner Wang Lei verified by counsel; license conditions apply');
    await decision.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByTestId('account-status').textContent()).toBe('Approved');
    expect(await page.getByRole('alert', { name: 'Decision refused' }).count()).toBe(0);
    expect(await page.getByText('it takes no further decision').count()).toBe(0); // close is still possible
    const events = await page
      .getByTestId('account-event')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-override')]));
    expect(events).toEqual([
      ['opened', null],
      ['resolution', null],
      ['decision', 'true'],
    ]);
    const last = page.locator('[data-testid=account-event][data-kind=decision]');
    expect(await last.textContent()).toContain('pending-review → approved');
    expect(await last.textContent()).toContain('verified by counsel');
    const stored = await api<KycAccount>('/kyc/accounts/acct-ent-1');
    expect(stored.decisions.map((d) => [d.decision, d.override !== null])).toEqual([['approve', true]]);
    expect(stored.decisions[0]?.actor).toMatch(/^analyst e2e/);
    await shot('kyc-account.png');
  });

  it('the reseller registry: attestations and their expiry', async () => {
    await page.goto(`${base}/console/#/kyc?view=resellers`);
    await expect.poll(() => page.title()).toBe('Resellers · Cloud KYC · Stackport');
    const sg = page.locator('[data-testid=reseller-row][data-reseller=rs-sg-1]');
    await sg.waitFor();
    expect(await sg.getByTestId('no-attestation').count()).toBe(1);
    const de = page.locator('[data-testid=reseller-row][data-reseller=rs-de-1]');
    await expect.poll(() => de.getAttribute('data-attested')).toBe('true');
    expect(
      await de.getByTestId('attestation').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
    ).toEqual(['expired', 'current']);
    expect(await de.textContent()).toContain('2026-01-01 → expires 2027-01-01');
    await shot('kyc-resellers.png');
  });

  it('training runs: ≈ 3.08e26 operations over 1e26 with the arithmetic, and the draft report as a PDF', async () => {
    await page
      .getByRole('navigation', { name: 'Cloud KYC views' })
      .getByRole('link', { name: 'Training runs' })
      .click();
    await expect.poll(() => page.title()).toBe('Training runs · Cloud KYC · Stackport');
    const form = page.getByRole('form', { name: 'Run the training-run check' });
    await form.getByLabel(/As of/).fill('2026-06-30');
    await form.getByRole('button', { name: 'Run the check' }).click();
    const row = page.locator('[data-testid=estimate-row][data-account=acct-ent-1]');
    await row.waitFor();
    expect(await row.getAttribute('data-crosses')).toBe('true');
    const ops = Number(await row.getByTestId('estimate-ops').textContent());
    expect(ops).toBeCloseTo(3.078e26, -23);
    expect(await row.textContent()).toContain('2026-04-02 … 2026-06-30');
    expect(await row.textContent()).toContain('308 %');

    const finding = page.locator('[data-testid=training-finding][data-account=acct-ent-1]');
    await finding.waitFor();
    expect(Number(await finding.getByTestId('estimate-ops').textContent())).toBeCloseTo(3.078e26, -23);
    expect(await finding.getByTestId('estimate-vs-threshold').textContent()).toContain('≥ threshold 1.000e+26');
    expect(await finding.getByRole('list', { name: 'Arithmetic' }).textContent()).toMatch(
      /NVIDIA H100.*9\.895e\+14 FLOP\/s × 216,000,000 accelerator-hours × 3600 s\/h × 0\.4000 mean utilisation = 3\.078e\+26 operations/,
    );
    expect(await finding.getByTestId('legal-status').getAttribute('data-legal-status')).toBe('proposed-rule');
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      finding.getByRole('button', { name: 'Draft report (PDF)' }).click(),
    ]);
    expect(report.suggestedFilename()).toMatch(/^kyc-training-run-.*\.pdf$/);
    expect(
      readFileSync((await report.path()) as string)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await finding.getByTestId('report-downloaded').waitFor();
    await shot('kyc-training-runs.png');
  });

  it('the rules on the day: proposed rules, bills, in force and ended', async () => {
    await page.getByRole('navigation', { name: 'Cloud KYC views' }).getByRole('link', { name: 'Rules' }).click();
    const row = (id: string) => page.locator(`[data-testid=all-rule-row][data-rule="${id}"]`);
    await row('iaas-cip-program').waitFor();
    const status = (id: string) => row(id).getByTestId('legal-status').getAttribute('data-legal-status');
    expect(await status('iaas-cip-program')).toBe('proposed-rule');
    expect(await status('chip-security-act')).toBe('bill');
    expect(await status('advanced-computing-license-review-2026')).toBe('in-force');
    expect(await status('eo14110-interim-compute-threshold')).toBe('ended');
    expect(await row('eo14110-interim-compute-threshold').textContent()).toContain('2023-10-30 → 2025-01-20 (ended)');
  });

  it('opens an account from JSON: a bad field is named, a good application opens its page', async () => {
    await page.goto(`${base}/console/#/kyc`);
    await page.getByRole('button', { name: 'Open account…' }).click();
    const form = page.getByRole('form', { name: 'Open an account' });
    const json = form.getByLabel(/Application \(JSON\)/);
    await json.fill(JSON.stringify({ ...individual, accountId: 'acct-web-1', declaredCountry: 'XX' }));
    await form.getByRole('button', { name: 'Open account' }).click();
    const refusal = form.getByRole('alert', { name: 'The application was refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('400');
    expect(await refusal.textContent()).toContain('declaredCountry');
    await json.fill('{ not json');
    await form.getByRole('button', { name: 'Open account' }).click();
    await expect.poll(() => refusal.textContent()).toContain('The application is not JSON');

    await form.getByRole('button', { name: 'Individual', exact: true }).click();
    const template = JSON.parse(await json.inputValue());
    await json.fill(JSON.stringify({ ...template, accountId: 'acct-web-1', names: ['Sam Example'] }));
    await form.getByRole('button', { name: 'Open account' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/kyc\/acct-web-1$/);
    await expect.poll(() => page.getByTestId('account-title').textContent()).toBe('Sam Example');
    const stored = await api<KycAccount>('/kyc/accounts/acct-web-1');
    expect(stored.openedBy).toMatch(/^analyst e2e/);
    expect(await page.getByTestId('account-status').textContent()).toBe(
      stored.status === 'approved' ? 'Approved' : 'Pending review',
    );
  });

  it('loaded nothing from anywhere but the Stackport server', () => {
    expect(foreign).toEqual([]);
  });
});
