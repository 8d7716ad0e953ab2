/**
 * End-to-end test of the Location page: a real Stackport server (SQLite in a temp dir) serving the
 * built console, driven by a real Chromium through playwright-core.
 *
 * The verifications it shows are real: LocationService.verify runs the real landmark and agent
 * state machines (Ed25519 keys for every landmark and device, signed challenges, signed landmark
 * records) over an in-memory link with a simulated monotonic clock, so no network process is
 * spawned. The round-trip times are WonderProxy's (2020-07-19/20, /work/shared/data/latency, else
 * the bundled Asia-Pacific subset): a chip in Singapore, the same chip relayed via Shanghai, and a
 * chip in Shanghai registered to a Singapore site. The records, verdicts and geometry go through
 * the same code as `POST /api/v1/verify` and are stored in the server's database.
 *
 * Needs the console built (`npm run build`) and Chromium at /usr/bin/chromium (or $STACKPORT_CHROMIUM).
 * The screenshot goes to docs/screenshots/ with UPDATE_SCREENSHOTS=1, otherwise to
 * test-results/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, type LandmarkTransport, LocationService, openStackport, type Stackport } from '@stackport/app';
import { SoftwareKeyProvider } from '@stackport/core';
import { buildServer } from '@stackport/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanLatency,
  type LatencyData,
  latencyDataAvailable,
  loadAsiaPacificSubset,
  loadRawLatency,
  pairKey,
  type Server,
  serverByName,
  WONDERPROXY_POSITION_UNCERTAINTY_KM,
} from '../../core/src/location/geo/test-data.js';
import { type SimLandmark, simLandmark, simulateMeasurement } from '../../core/src/location/protocol/test-data.js';
import { checkPrerequisites, launchChromium, navTo, SCREENSHOTS } from './harness.js';

/** WonderProxy server name → landmark id and label. */
const LANDMARKS: Record<string, { id: string; label: string }> = {
  Malaysia: { id: 'lm-kul', label: 'Kuala Lumpur' },
  Jakarta: { id: 'lm-jkt', label: 'Jakarta' },
  Bangkok: { id: 'lm-bkk', label: 'Bangkok' },
  HoChiMinhCity: { id: 'lm-sgn', label: 'Ho Chi Minh City' },
  Manila: { id: 'lm-mnl', label: 'Manila' },
  HongKong: { id: 'lm-hkg', label: 'Hong Kong' },
  Tokyo: { id: 'lm-tyo', label: 'Tokyo' },
  Chennai: { id: 'lm-maa', label: 'Chennai' },
  Hangzhou: { id: 'lm-hgh', label: 'Hangzhou' },
  Shenzhen: { id: 'lm-szx', label: 'Shenzhen' },
  Zhangjiakou: { id: 'lm-zqz', label: 'Zhangjiakou' },
};
const OUTSIDE_CHINA = ['lm-kul', 'lm-jkt', 'lm-bkk', 'lm-sgn', 'lm-mnl', 'lm-hkg', 'lm-tyo', 'lm-maa'];
const POLICY = {
  allowedCountries: ['SG', 'MY', 'ID', 'TH', 'VN', 'KH', 'BN', 'PH'],
  countriesOfConcern: ['CN', 'HK', 'MO'],
};

interface SimDevice {
  readonly deviceId: string;
  readonly key: SoftwareKeyProvider;
  /** RTT (ms) from a landmark to this device, before jitter. */
  readonly rttFrom: (landmark: Server) => number;
}

interface ApiVerification {
  id: string;
  deviceId: string;
  verdict: string;
  result: {
    findings: string[];
    location: {
      caps: { landmarkId: string }[];
      countriesTouched: string[];
      reasons: string[];
      region: { empty: boolean };
    } | null;
    landmarks: { landmarkId: string; status: string }[];
  };
  rejections: { reason: string; landmarkId?: string }[];
}

describe('location verification page (real server, real browser)', () => {
  let dataDir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let viewerToken = '';
  const ids: Record<string, string> = {};
  const foreign: string[] = [];

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${viewerToken}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    checkPrerequisites();
    dataDir = mkdtempSync(join(tmpdir(), 'stackport-web-location-'));
    app = await openStackport({ dataDir, databaseUrl: undefined });
    viewerToken = (await createToken(app, { name: 'viewer e2e', role: 'viewer' }, 'test')).token;

    // Real RTTs: the full WonderProxy day when present, else the bundled subset (same rows).
    const data: LatencyData = latencyDataAvailable() ? cleanLatency(loadRawLatency()) : loadAsiaPacificSubset();
    const rtt = (a: Server, b: Server) => {
      const v = data.rtt.get(pairKey(a.id, b.id));
      if (v === undefined) throw new Error(`no RTT ${a.name}–${b.name}`);
      return v;
    };
    const singapore = serverByName(data, 'Singapore');
    const shanghai = serverByName(data, 'Shanghai');
    const servers = new Map<string, Server>();
    const sims: SimLandmark[] = [];
    for (const [name, { id, label }] of Object.entries(LANDMARKS)) {
      const s = serverByName(data, name);
      servers.set(id, s);
      const sim = simLandmark(id, s.position.lat, s.position.lon, WONDERPROXY_POSITION_UNCERTAINTY_KM);
      sims.push({ ...sim, info: { ...sim.info, label } });
    }
    const devices: SimDevice[] = [
      { deviceId: 'gpu-sg-01', key: SoftwareKeyProvider.generate(), rttFrom: (l) => rtt(l, singapore) },
      {
        // In Singapore, but every answer goes via Shanghai: landmark → Shanghai → Singapore and back.
        deviceId: 'gpu-sg-02',
        key: SoftwareKeyProvider.generate(),
        rttFrom: (l) => rtt(l, shanghai) + rtt(shanghai, singapore),
      },
      { deviceId: 'gpu-sg-03', key: SoftwareKeyProvider.generate(), rttFrom: (l) => rtt(l, shanghai) },
    ];
    // The real landmark/agent state machines, in process, with a simulated monotonic clock.
    const transport: LandmarkTransport = {
      async measure(l, req) {
        const sim = sims.find((x) => x.info.id === l.id);
        const dev = devices.find((d) => d.deviceId === req.deviceId);
        const at = servers.get(l.id);
        if (!sim || !dev || !at) throw new Error('connection refused');
        const base = dev.rttFrom(at);
        return simulateMeasurement(sim, dev, req, (seq) => base + 0.04 + ((seq * 7) % 5) * 0.03);
      },
    };
    const location = new LocationService(app, { transport });
    for (const sim of sims)
      await location.registerLandmark(
        { ...sim.info, operator: 'WonderProxy (RTT data)', url: `http://${sim.info.id}.landmarks.invalid:7400` },
        'e2e',
      );
    for (const [i, d] of devices.entries())
      await location.registerDevice(
        {
          deviceId: d.deviceId,
          publicKey: d.key.publicKey(),
          kexPublicKey: d.key.kexPublicKey(),
          kexKeySignature: d.key.kexKeySignature(),
          serial: `SN-7F3A-00${i + 1}`,
          model: 'NVIDIA H100 SXM5 80GB',
          eccn: '3A090.a',
          licensee: 'Example Cloud Pte Ltd',
          licenseId: 'D1234567',
          licensedSite: {
            position: singapore.position,
            country: 'SG',
            radiusKm: 50,
            label: 'Singapore DC-1',
          },
        },
        'e2e',
      );
    ids.relayed = (
      await location.verify({ deviceId: 'gpu-sg-02', landmarks: OUTSIDE_CHINA, ...POLICY }, 'e2e analyst')
    ).id;
    ids.shanghai = (
      await location.verify(
        { deviceId: 'gpu-sg-03', landmarks: Object.values(LANDMARKS).map((l) => l.id), ...POLICY },
        'e2e analyst',
      )
    ).id;
    ids.singapore = (
      await location.verify({ deviceId: 'gpu-sg-01', landmarks: OUTSIDE_CHINA, ...POLICY }, 'e2e analyst')
    ).id;

    server = await buildServer({ app, logLevel: 'silent' });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // Nothing but the Stackport server: no tiles, no CDN.
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:')) foreign.push(req.url());
    });

    await page.goto(`${base}/console/`);
    await page.getByLabel('API token').fill(viewerToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('token-role').filter({ hasText: 'viewer' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.connection.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the devices with their licensed site and last verdict', async () => {
    await navTo(page, 'Location');
    await expect.poll(() => page.title()).toBe('Location · Stackport');
    const rows = page.getByTestId('device-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    const sg = page.locator('[data-testid=device-row][data-device=gpu-sg-01]');
    const text = await sg.textContent();
    expect(text).toContain('SN-7F3A-001');
    expect(text).toContain('NVIDIA H100 SXM5 80GB');
    expect(text).toContain('3A090.a');
    expect(text).toContain('Example Cloud Pte Ltd');
    expect(text).toContain('Singapore DC-1');
    expect(await sg.locator('.badge.country').textContent()).toBe('SG');
    const last = await api<ApiVerification[]>('/verifications?deviceId=gpu-sg-01');
    expect(await sg.getByTestId('last-verdict').locator('.verdict').textContent()).toBe(last[0]?.verdict);
    // The registry of landmarks is listed too.
    expect(await page.getByRole('table', { name: 'Landmarks' }).locator('tbody tr').count()).toBe(11);
  });

  it('shows a device and its verifications', async () => {
    await page
      .locator('[data-testid=device-row][data-device=gpu-sg-01]')
      .getByRole('link', { name: 'SN-7F3A-001' })
      .click();
    await page.getByTestId('device-facts').waitFor();
    expect(await page.getByTestId('device-facts').textContent()).toContain('3A090.a');
    const rows = page.getByTestId('verification-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-verification')).toBe(ids.singapore);
  });

  it('the Singapore chip: the API verdict, one spherical cap per landmark, the region, touched countries without CN', async () => {
    const v = await api<ApiVerification>(`/verifications/${ids.singapore}`);
    expect(v.verdict).toBe('ALLOW');
    const loc = v.result.location;
    if (!loc) throw new Error('no location');
    await page.getByTestId('verification-row').first().getByRole('link').first().click();
    await page.getByTestId('verdict').waitFor();
    expect(await page.getByTestId('verdict').textContent()).toBe(v.verdict);
    await expect.poll(() => page.title()).toMatch(/^ALLOW · SN-7F3A-001/);

    // The maps: one cap path per landmark (each accepted landmark has one cap), the region and its outline.
    const world = page.getByTestId('world-map');
    await world.waitFor();
    const caps = world.getByTestId('cap');
    expect(await caps.count()).toBe(loc.caps.length);
    expect(loc.caps.length).toBe(OUTSIDE_CHINA.length);
    expect((await caps.evaluateAll((els) => els.map((e) => e.getAttribute('data-landmark')))).sort()).toEqual(
      [...OUTSIDE_CHINA].sort(),
    );
    for (const map of [world, page.getByTestId('zoom-map')]) {
      const outline = map.getByTestId('region-outline');
      expect(await outline.count()).toBe(1);
      expect((await outline.getAttribute('d'))?.length ?? 0).toBeGreaterThan(20);
      expect(await map.getByTestId('region-fill').count()).toBe(1);
    }
    // Caps are spherical circles projected by d3 (many vertices), not SVG <circle>s.
    const capD = (await caps.first().getAttribute('d')) ?? '';
    expect(capD.split(/[LM]/).length).toBeGreaterThan(50);
    expect(await world.locator('circle.map-cap').count()).toBe(0);
    // The licensed site and the landmarks are drawn; touched countries are highlighted, CN is not.
    expect(await page.getByTestId('zoom-map').getByTestId('site-marker').count()).toBe(1);
    expect(await world.getByTestId('landmark-marker').count()).toBe(OUTSIDE_CHINA.length);
    expect(await world.locator('.map-touched-concern').count()).toBe(0);
    expect(await world.locator('[data-country~=SG].map-touched').count()).toBeGreaterThan(0);
    expect(await world.locator('[data-country~=CN].map-concern').count()).toBe(1);

    // Touched countries as listed = the API's, without CN.
    const touched = await page.getByTestId('touched-country').allTextContents();
    expect(touched).toEqual(loc.countriesTouched);
    expect(touched).not.toContain('CN');
    expect(touched).toContain('SG');

    // Verdict facts.
    expect(await page.getByTestId('soundness').textContent()).toContain('Sound');
    expect(await page.getByTestId('robustness').textContent()).toMatch(
      /Does not survive removing 1 landmark.*weakest: lm-kul, lm-jkt/,
    );
    expect(await page.getByTestId('site-in-region').textContent()).toContain('Yes');
    const findings = await page.getByTestId('findings').locator('li').allTextContents();
    expect(findings).toEqual(v.result.findings);
    expect(findings).toContain('not in CN: no point of the feasible region is in CN');
    expect(await page.getByTestId('reasons').locator('li').allTextContents()).toEqual(loc.reasons);

    // The landmark table: min RTT, samples, cap radius as RTT part + margin.
    const rows = page.getByTestId('landmark-row');
    expect(await rows.count()).toBe(OUTSIDE_CHINA.length);
    const kul = page.locator('[data-testid=landmark-row][data-landmark=lm-kul]');
    expect(await kul.textContent()).toMatch(/Kuala Lumpur.*accepted.*6\.9\d\d ms.*16/);
    expect(await kul.getByTestId('cap-radius').textContent()).toMatch(/^[\d,]+ km[\d,]+ km RTT \+ [\d,]+ km margin$/);
    expect(await page.getByTestId('rejection').count()).toBe(0);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(SCREENSHOTS, 'location.png'), fullPage: true });
  });

  it('relayed via Shanghai: the stored verdict (never ALLOW), its reasons and the rejected landmarks', async () => {
    const v = await api<ApiVerification>(`/verifications/${ids.relayed}`);
    expect(v.verdict).not.toBe('ALLOW');
    await page.goto(`${base}/console/#/location/gpu-sg-02/${ids.relayed}`);
    await page.getByTestId('verdict').waitFor();
    expect(await page.getByTestId('verdict').textContent()).toBe(v.verdict);
    expect(await page.getByTestId('findings').locator('li').allTextContents()).toEqual(v.result.findings);
    expect(v.result.findings).toContain('possibly in CN: the feasible region reaches CN');
    expect(await page.getByTestId('reasons').locator('li').allTextContents()).toEqual(v.result.location?.reasons);
    const touched = await page.getByTestId('touched-country').allTextContents();
    expect(touched).toEqual(v.result.location?.countriesTouched);
    expect(touched).toContain('CN');
    // Answers later than the 250 ms deadline are rejected, per landmark, with the reason.
    const rejected = v.result.landmarks.filter((l) => l.status === 'rejected').map((l) => l.landmarkId);
    expect(rejected.length).toBeGreaterThan(0);
    for (const id of rejected) {
      const row = page.locator(`[data-testid=landmark-row][data-landmark=${id}]`);
      expect(await row.textContent()).toContain('rejected');
      expect(await row.getByTestId('rejection').first().textContent()).toContain('nonce-expired');
    }
    expect(await page.getByTestId('world-map').getByTestId('cap').count()).toBe(v.result.location?.caps.length);
  });

  it('a chip in Shanghai with a Singapore licensed site: VIOLATION, the site outside the region', async () => {
    const v = await api<ApiVerification>(`/verifications/${ids.shanghai}`);
    expect(['VIOLATION', 'INCONCLUSIVE']).toContain(v.verdict);
    await page.goto(`${base}/console/#/location/gpu-sg-03/${ids.shanghai}`);
    await page.getByTestId('verdict').waitFor();
    expect(await page.getByTestId('verdict').textContent()).toBe(v.verdict);
    expect(await page.getByTestId('reasons').locator('li').allTextContents()).toEqual(v.result.location?.reasons);
    expect(await page.getByTestId('site-in-region').textContent()).toContain('No');
    expect(await page.getByTestId('touched-country').allTextContents()).toContain('CN');
    expect(await page.getByTestId('world-map').locator('[data-country~=CN].map-touched-concern').count()).toBe(1);
    expect(await page.getByTestId('world-map').getByTestId('cap').count()).toBe(Object.keys(LANDMARKS).length);
  });

  it('loaded nothing from anywhere but the Stackport server', () => {
    expect(foreign).toEqual([]);
  });
});
