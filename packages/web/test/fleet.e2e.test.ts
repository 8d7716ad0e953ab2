/**
 * End-to-end test of the fleet, alert and case pages: a real Stackport server (SQLite in a temp dir) serving the
 * built console, driven by a real Chromium through playwright-core.
 *
 * The store is seeded through the app's own services, as the server would: the registry is a CSV
 * (formatRegistryCsv) of a simulated fleet (simulateFleet, with known diversions, a silent device and a tampered
 * one), imported with FleetService.importRegistry; the simulated check-ins go through ingestCheckIns; a full
 * detector pass raises the alerts. The app's clock is the simulation's, so check-ins are neither in the future nor
 * before registration, and a pass run from the page evaluates at the same instant.
 *
 * Needs the console built (`npm run build`) and Chromium at /usr/bin/chromium (or $STACKPORT_CHROMIUM).
 * Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1, otherwise to test-results/screenshots/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseService, createToken, FleetService, Stackport } from '@stackport/app';
import { formatRegistryCsv, SoftwareKeyProvider, simulateFleet } from '@stackport/core';
import { buildServer } from '@stackport/server';
import { connect } from '@stackport/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceTimeline, FleetOverview, StoredAlert } from '../src/fleet-api.js';
import { checkPrerequisites, launchChromium, navTo, SCREENSHOTS } from './harness.js';

const sim = simulateFleet({ devices: 24, days: 8, diversions: 3, seed: 5, devicesPerLicensee: 4 });
/** A device moved to a destination far from its site: its check-ins there are VIOLATIONs. */
const moved = sim.truth.find((e) => e.kind === 'move');
const silent = sim.truth.find((e) => e.kind === 'silent');

describe('fleet, alert and case pages (real server, real browser)', () => {
  let dataDir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token = '';
  let clock = Date.parse(sim.start);
  const foreign: string[] = [];

  const nav = (name: string) => navTo(page, name);

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    checkPrerequisites();
    if (!moved || !silent) throw new Error('the simulation has no moved or silent device');
    dataDir = mkdtempSync(join(tmpdir(), 'stackport-web-fleet-'));
    app = new Stackport({ connection: await connect({ dataDir }), now: () => new Date(clock) });
    token = (await createToken(app, { name: 'analyst e2e', role: 'analyst' }, 'test')).token;

    const fleet = new FleetService(app);
    const csv = formatRegistryCsv(
      sim.devices.map((d, i) => ({
        device_id: d.deviceId,
        serial: `SN-${String(i + 1).padStart(4, '0')}`,
        model: 'NVIDIA B200',
        eccn: '3A090.a',
        license_id: `D${1000 + Math.floor(i / 4)}`,
        licensee: `Licensee ${d.licensee}`,
        site_lat: d.licensedSite.position.lat,
        site_lon: d.licensedSite.position.lon,
        site_country: d.licensedSite.country,
        site_radius_km: d.licensedSite.radiusKm,
        site_label: `${d.licensedSite.label} DC`,
        check_in_hours: d.expectedCheckInHours,
        public_key: SoftwareKeyProvider.generate().publicKey(),
      })),
    );
    const imported = await fleet.importRegistry({ text: csv, fileName: 'fleet.csv' }, 'e2e');
    expect(imported.accepted).toBe(sim.devices.length);
    clock = Date.parse(sim.now);
    const ingested = await fleet.ingestCheckIns({ checkIns: sim.checkIns }, 'e2e');
    expect(ingested.accepted).toBe(sim.checkIns.length);
    const pass = await fleet.detect({ at: sim.now, mode: 'full' }, 'e2e');
    expect(pass.alertsNew).toBeGreaterThan(0);
    // A case already exists, so the case list has something before the browser opens one.
    const cases = new CaseService(app);
    const tamper = await cases.alerts({ status: 'open', detector: 'tamper' });
    if (tamper[0]) await cases.open({ alertIds: [tamper[0].id], title: 'Tamper flag raised by the agent' }, 'e2e');

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

  it('the fleet map: devices per licensed-site country and alerts per country', async () => {
    const o = await api<FleetOverview>('/fleet/overview');
    await nav('Fleet');
    await expect.poll(() => page.title()).toBe('Fleet · Stackport');
    const map = page.getByTestId('fleet-map');
    await map.waitFor();
    expect(await page.getByTestId('fleet-devices').textContent()).toBe(String(sim.devices.length));
    expect(await page.getByTestId('open-alerts').textContent()).toBe(String(o.alerts.byStatus.open ?? 0));
    // Every licensed-site country is coloured, with its device count.
    expect(o.countries.length).toBeGreaterThan(1);
    for (const c of o.countries) {
      const shape = map.locator(`[data-testid=fleet-country][data-country~=${c.country}]`);
      expect(await shape.count(), c.country).toBeGreaterThan(0);
      expect(await shape.first().getAttribute('data-devices')).toBe(String(c.devices));
    }
    expect(await map.getByTestId('fleet-country').count()).toBe(o.countries.length);
    // One alert marker per country with alerts not dismissed.
    const withAlerts = o.alerts.byCountry.filter((c) => c.open > 0).map((c) => c.country);
    expect(withAlerts.length).toBeGreaterThan(0);
    const markers = await map
      .getByTestId('alert-marker')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-country')));
    expect(markers.sort()).toEqual([...withAlerts].sort());
    // The countries table agrees, and picking a country lists its devices.
    expect(await page.getByTestId('country-row').count()).toBe(o.countries.length);
    const first = o.countries[0]?.country as string;
    await page.locator(`[data-testid=country-row][data-country=${first}]`).getByRole('button').click();
    await expect
      .poll(() => page.getByTestId('fleet-device-row').count())
      .toBe(sim.devices.filter((d) => d.licensedSite.country === first).length);
    await page.getByRole('button', { name: 'All countries' }).click();
    await expect.poll(() => page.getByTestId('fleet-device-row').count()).toBe(sim.devices.length);
    // An analyst can run a pass; at the same instant, with nothing new, it finds nothing new.
    await page.getByRole('button', { name: 'Run detector pass' }).click();
    expect(await page.getByTestId('pass-result').textContent()).toMatch(/incremental.*0 new alerts/);
    await page.screenshot({ path: join(SCREENSHOTS, 'fleet-overview.png'), fullPage: true });
  });

  it('a moved device: its timeline, verdicts, caps on the map and alerts', async () => {
    const id = moved?.deviceId as string;
    const t = await api<DeviceTimeline>(`/fleet/devices/${id}/timeline?limit=500`);
    await page.locator(`[data-testid=fleet-device-row][data-device=${id}]`).getByRole('link').click();
    await page.getByTestId('device-facts').waitFor();
    await expect.poll(() => page.title()).toBe(`${id} · Fleet · Stackport`);
    expect(await page.getByTestId('licensed-site').textContent()).toContain(t.device.licensedSite.country);
    const rows = page.getByTestId('checkin-row');
    expect(await rows.count()).toBe(t.checkIns.length);
    const verdicts = await page.getByTestId('checkin-verdict').allTextContents();
    expect(verdicts).toEqual(t.checkIns.map((c) => c.verdict));
    expect(verdicts).toContain('VIOLATION');
    // Before the move the region still held the site: the oldest check-in is no VIOLATION.
    expect(verdicts.at(-1)).not.toBe('VIOLATION');
    // Imported without a verifier's signature, and said so on every row.
    expect(t.checkIns.every((c) => c.source === 'unsigned')).toBe(true);
    expect(new Set(await page.getByTestId('checkin-source').allTextContents())).toEqual(new Set(['unsigned import']));
    // Each check-in's bounding cap is drawn, coloured by verdict, with the licensed site.
    const map = page.getByTestId('device-map');
    await map.waitFor();
    const caps = map.getByTestId('checkin-cap');
    expect(await caps.count()).toBe(t.checkIns.filter((c) => c.region.center).length);
    expect(await map.locator('[data-testid=checkin-cap][data-verdict=VIOLATION]').count()).toBe(
      verdicts.filter((v) => v === 'VIOLATION').length,
    );
    expect(((await caps.first().getAttribute('d')) ?? '').split(/[LM]/).length).toBeGreaterThan(50);
    expect(await map.getByTestId('site-marker').count()).toBe(1);
    // Its alerts.
    expect(t.alerts.length).toBeGreaterThan(0);
    const alertIds = await page
      .getByRole('table', { name: 'Device alerts' })
      .getByTestId('alert-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-alert')));
    expect(alertIds).toEqual(t.alerts.map((a) => a.id));
    await page.screenshot({ path: join(SCREENSHOTS, 'fleet-device.png'), fullPage: true });
  });

  it('the alert queue: filters, dismissal with a reason', async () => {
    await nav('Alerts');
    await expect.poll(() => page.title()).toBe('Alerts · Stackport');
    const open = await api<StoredAlert[]>('/fleet/alerts?status=open&limit=200');
    await expect.poll(() => page.getByTestId('alert-row').count()).toBe(open.length);
    // Filter by detector.
    await page.getByLabel('Detector').selectOption('silent');
    const silentAlerts = open.filter((a) => a.detector === 'silent');
    expect(silentAlerts.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('alert-row').count()).toBe(silentAlerts.length);
    // Dismiss one: without a reason the server refuses, with one it goes.
    const target = silentAlerts[0] as StoredAlert;
    const row = page.locator(`[data-testid=alert-row][data-alert=${target.id}]`);
    await row.getByRole('button', { name: 'Dismiss…' }).click();
    const form = page.getByRole('form', { name: `Dismiss alert ${target.id}` });
    await form.getByRole('button', { name: 'Dismiss the alert' }).click();
    await expect.poll(() => form.getByRole('alert', { name: 'Dismissal refused' }).textContent()).toContain('400');
    await form.getByRole('textbox').fill('Site power maintenance: the licensee told us in advance (ticket 4411).');
    await form.getByRole('button', { name: 'Dismiss the alert' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await api<{ alert: StoredAlert }>(`/fleet/alerts/${target.id}`)).alert.status).toBe('dismissed');
    await page.getByLabel('Status').selectOption('dismissed');
    await expect.poll(() => row.getAttribute('data-status')).toBe('dismissed');
    await page.getByLabel('Detector').selectOption('');
    await page.getByLabel('Status').selectOption('open');
  });

  it('selects a diverted device’s alerts and opens a case; refusals show the server’s detail', async () => {
    const id = moved?.deviceId as string;
    const mine = await api<StoredAlert[]>(`/fleet/alerts?status=open&deviceId=${id}`);
    expect(mine.length).toBeGreaterThan(0);
    const device = page.getByLabel('Device');
    await device.fill(id);
    await device.press('Enter');
    await expect.poll(() => page.getByTestId('alert-row').count()).toBe(mine.length);
    for (const a of mine) await page.getByRole('checkbox', { name: `Select alert ${a.id}` }).check();
    await expect(page.getByRole('button', { name: 'Open a case' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'fleet-alerts.png'), fullPage: true });
    await page.getByRole('button', { name: 'Open a case' }).click();
    await page.getByTestId('case-status').waitFor();
    expect(page.url()).toMatch(/#\/cases\/case_/);
    expect(await page.getByTestId('case-status').textContent()).toBe('Open');
    const caseAlerts = await page
      .getByRole('table', { name: 'Case alerts' })
      .getByTestId('alert-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-alert')));
    expect(caseAlerts.sort()).toEqual(mine.map((a) => a.id).sort());
    expect(await page.getByTestId('case-device').getAttribute('data-device')).toBe(id);

    // Closing needs a resolution: the server refuses, and its problem detail is shown.
    const status = page.getByTestId('status-change');
    await status.getByRole('button', { name: 'Close' }).click();
    const refusal = status.getByRole('alert', { name: 'Status change refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('closing a case needs a resolution');
    expect(await refusal.textContent()).toContain('409');
    expect(await page.getByTestId('case-status').textContent()).toBe('Open');

    await status.getByRole('button', { name: 'Investigate' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('Investigating');
    expect(await refusal.count()).toBe(0);
    expect(await status.getByRole('button').allTextContents()).toEqual(['Mark reported', 'Close']);

    await page.getByRole('textbox', { name: 'Add to the history' }).fill('Customer contacted; awaiting site audit.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect
      .poll(() => page.locator('[data-testid=case-event][data-kind=note]').textContent())
      .toContain('Customer contacted; awaiting site audit.');
    await page.getByLabel('Who works the case').fill('export.officer@example.com');
    await page.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.getByTestId('case-assignee').textContent()).toBe('export.officer@example.com');
  });

  it('downloads the evidence PDF and shows draft reports as drafts under a bill not in force', async () => {
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse((r) => r.url().endsWith('/bundle.pdf')),
      page.getByRole('button', { name: 'Download PDF summary' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(download.suggestedFilename()).toMatch(/^case_.*-evidence\.pdf$/);
    const bytes = readFileSync((await download.path()) as string);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const sha = response.headers()['x-bundle-sha256'] as string;
    expect(await page.getByTestId('export-result').textContent()).toContain(sha);
    await expect
      .poll(() => page.locator('[data-testid=case-event][data-kind=bundle]').last().textContent())
      .toContain(sha);

    const notice = page.getByTestId('draft-notice');
    expect(await notice.textContent()).toMatch(/DRAFT — not in force.*Chip Security Act.*bill, not law/);
    const kinds = await page
      .getByTestId('report-indicated')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toContain('location');
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('[data-testid=report-indicated][data-kind=location]')
        .getByRole('button', { name: 'Draft report (PDF)' })
        .click(),
    ]);
    expect(report.suggestedFilename()).toMatch(/-location-draft\.pdf$/);
    expect(
      readFileSync((await report.path()) as string)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await expect.poll(() => page.locator('[data-testid=case-event][data-kind=report]').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'fleet-case.png'), fullPage: true });
  });

  it('lists the cases', async () => {
    await nav('Cases');
    await expect.poll(() => page.title()).toBe('Cases · Stackport');
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(2);
    expect(await page.getByTestId('case-row').first().textContent()).toContain('Investigating');
  });

  it('loaded nothing from anywhere but the Stackport server', () => {
    expect(foreign).toEqual([]);
  });
});
