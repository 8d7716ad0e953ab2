/**
 * HTTP tests of /api/v1/fleet on both engines: roles, the registry as text/csv, quarantine reasons, check-in
 * ingestion, a detector pass, alerts into a case, the evidence bundle and PDFs, and problem+json errors; verifiers
 * and signed check-in batches.
 */
import { createToken, Stackport } from '@stackport/app';
import {
  formatRegistryCsv,
  generateKeyPair,
  SoftwareKeyProvider,
  signCheckInBatch,
  simulateFleet,
} from '@stackport/core';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './server.js';

const sim = simulateFleet({ devices: 12, days: 6, diversions: 3, seed: 5, devicesPerLicensee: 4 });

for (const engine of testEngines()) {
  describe(`fleet routes on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let server: FastifyInstance;
    let t = Date.parse(sim.start);
    const auth: Record<string, { authorization: string }> = {};
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, role?: string, payload?: unknown, type?: string) =>
      server.inject({
        method,
        url: `/api/v1${url}`,
        headers: { ...(role ? auth[role] : {}), ...(type ? { 'content-type': type } : {}) },
        ...(payload !== undefined ? { payload: payload as string } : {}),
      });
    const problem = (res: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.json() as { code: string }).code).toBe(code);
    };

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: () => new Date(t) });
      for (const role of ['viewer', 'analyst', 'admin'] as const) {
        const { token } = await createToken(app, { name: `${role} test`, role }, 'test');
        auth[role] = { authorization: `Bearer ${token}` };
      }
      server = await buildServer({ app, logLevel: 'silent' });
    });
    afterAll(async () => {
      await server?.close();
      await app?.connection.close();
      await loc?.dispose();
    });

    it('imports the registry as text/csv (admin only) and exports it back', async () => {
      const csv = formatRegistryCsv(
        sim.devices.map((d) => ({
          device_id: d.deviceId,
          serial: `SN-${d.deviceId}`,
          model: 'B200',
          eccn: '3A090.a',
          licensee: d.licensee,
          site_lat: d.licensedSite.position.lat,
          site_lon: d.licensedSite.position.lon,
          site_country: d.licensedSite.country,
          public_key: SoftwareKeyProvider.generate().publicKey(),
        })),
      );
      problem(await call('POST', '/fleet/registry', 'analyst', csv, 'text/csv'), 403, 'SP_FORBIDDEN');
      problem(await call('POST', '/fleet/registry', 'admin', 'a,b\n1,2\n', 'text/csv'), 400, 'SP_BAD_REQUEST');
      const res = await call('POST', '/fleet/registry?fileName=fleet.csv', 'admin', `${csv}bad-row\n`, 'text/csv');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accepted: 12, unchanged: 0, rejected: [{ ref: 'line 14' }] });
      const q = await call('GET', '/fleet/rejections?source=registry-csv', 'viewer');
      expect((q.json() as { reason: string }[])[0]?.reason).toMatch(/has 1 fields, the header has 18/);
      const out = await call('GET', '/fleet/registry.csv', 'viewer');
      expect(out.headers['content-type']).toMatch(/text\/csv/);
      expect(out.body.split('\r\n').filter(Boolean)).toHaveLength(13);
      const page = await call('GET', '/fleet/devices?limit=5&after=dev-000004', 'viewer');
      expect((page.json() as { deviceId: string }[]).map((d) => d.deviceId)).toEqual([
        'dev-000005',
        'dev-000006',
        'dev-000007',
        'dev-000008',
        'dev-000009',
      ]);
    });

    it('ingests check-ins, runs a pass, and works an alert through a case to PDFs', async () => {
      t = Date.parse(sim.now);
      problem(await call('POST', '/fleet/check-ins', 'viewer', { checkIns: sim.checkIns }), 403, 'SP_FORBIDDEN');
      problem(await call('POST', '/fleet/check-ins', 'analyst', { checkIns: [] }), 400, 'SP_BAD_REQUEST');
      const ing = await call('POST', '/fleet/check-ins', 'analyst', {
        checkIns: [...sim.checkIns, { ...sim.checkIns[0], deviceId: 'ghost' }],
      });
      expect(ing.statusCode, ing.body).toBe(200);
      expect(ing.json()).toMatchObject({
        accepted: sim.checkIns.length,
        rejected: [{ reason: 'unknown device ghost' }],
      });
      const pass = await call('POST', '/fleet/detect', 'analyst', { at: sim.now });
      expect(pass.statusCode, pass.body).toBe(200);
      const summary = pass.json() as { mode: string; alertsNew: number; devicesExamined: number };
      expect(summary).toMatchObject({ mode: 'full', devicesExamined: 12 });
      expect(summary.alertsNew).toBeGreaterThan(0);

      const overview = (await call('GET', '/fleet/overview', 'viewer')).json() as {
        devices: number;
        countries: { country: string; devices: number }[];
        alerts: { byStatus: Record<string, number> };
      };
      expect(overview.devices).toBe(12);
      expect(overview.countries.reduce((n, c) => n + c.devices, 0)).toBe(12);
      expect(overview.alerts.byStatus.open).toBe(summary.alertsNew);

      const moved = sim.truth.find((e) => e.kind === 'move' || e.kind === 'relay') as { deviceId: string };
      const alerts = (await call('GET', `/fleet/alerts?status=open&deviceId=${moved.deviceId}`, 'viewer')).json() as {
        id: string;
      }[];
      expect(alerts.length).toBeGreaterThan(0);
      const one = (await call('GET', `/fleet/alerts/${alerts[0]?.id}`, 'viewer')).json() as { checkIns: unknown[] };
      expect(one.checkIns.length).toBeGreaterThan(0);
      const timeline = (await call('GET', `/fleet/devices/${moved.deviceId}/timeline?limit=3`, 'viewer')).json() as {
        checkIns: unknown[];
        alerts: unknown[];
      };
      expect(timeline.checkIns).toHaveLength(3);
      expect(timeline.alerts.length).toBe(alerts.length);

      const opened = await call('POST', '/fleet/cases', 'analyst', { alertIds: alerts.map((a) => a.id) });
      expect(opened.statusCode, opened.body).toBe(201);
      const id = (opened.json() as { case: { id: string } }).case.id;
      problem(await call('POST', `/fleet/cases/${id}/status`, 'analyst', { status: 'closed' }), 409, 'SP_CONFLICT');
      problem(await call('POST', `/fleet/cases/${id}/status`, 'analyst', { status: 'lost' }), 400, 'SP_BAD_REQUEST');
      problem(await call('POST', '/fleet/cases/nope/notes', 'analyst', { text: 'x' }), 404, 'SP_NOT_FOUND');
      const inv = await call('POST', `/fleet/cases/${id}/status`, 'analyst', { status: 'investigating' });
      expect((inv.json() as { case: { status: string } }).case.status).toBe('investigating');

      const bundle = await call('POST', `/fleet/cases/${id}/bundle`, 'analyst');
      expect(bundle.statusCode, bundle.body).toBe(200);
      const b = bundle.json() as { sha256: string; checkIns: unknown[] };
      expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
      const pdf = await call('POST', `/fleet/cases/${id}/bundle.pdf`, 'analyst');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.headers['x-bundle-sha256']).toMatch(/^[0-9a-f]{64}$/);
      const draft = await call('POST', `/fleet/cases/${id}/reports/location?format=pdf`, 'analyst');
      expect(draft.statusCode, draft.body).toBe(200);
      expect(draft.headers['content-type']).toBe('application/pdf');
      problem(await call('POST', `/fleet/cases/${id}/reports/weather`, 'analyst'), 400, 'SP_BAD_REQUEST');
      const list = (await call('GET', '/fleet/cases?status=investigating', 'viewer')).json() as { id: string }[];
      expect(list.map((c) => c.id)).toEqual([id]);
    });

    it('registers a verifier (admin), ingests its signed batch, and refuses a tampered one with the reason', async () => {
      const key = generateKeyPair();
      const verifier = { id: 'acme', name: 'ACME Verification', publicKey: key.publicKey, validFrom: sim.start };
      problem(await call('POST', '/fleet/verifiers', 'analyst', verifier), 403, 'SP_FORBIDDEN');
      problem(
        await call('POST', '/fleet/verifiers', 'admin', { ...verifier, publicKey: 'AAAA' }),
        400,
        'SP_BAD_REQUEST',
      );
      const reg = await call('POST', '/fleet/verifiers', 'admin', verifier);
      expect(reg.statusCode, reg.body).toBe(201);
      problem(await call('POST', '/fleet/verifiers', 'admin', verifier), 409, 'SP_CONFLICT');
      const list = (await call('GET', '/fleet/verifiers', 'viewer')).json() as { id: string; publicKey: string }[];
      expect(list).toMatchObject([{ id: 'acme', publicKey: key.publicKey, revokedAt: null }]);

      const checkIns = sim.checkIns.slice(0, 20).map((c) => ({ ...c, checkInId: `${c.checkInId}-signed` }));
      const batch = signCheckInBatch(
        { verifierId: 'acme', batchId: 'r-1', signedAt: new Date(t).toISOString(), checkIns },
        key.privateKey,
      );
      const tampered = JSON.parse(JSON.stringify(batch)) as typeof batch;
      // The region made 1 km smaller after signing.
      (tampered.checkIns[4] as { region: { boundingRadiusKm: number } }).region.boundingRadiusKm -= 1;
      const bad = await call('POST', '/fleet/check-in-batches', 'analyst', tampered);
      problem(bad, 400, 'SP_BAD_REQUEST');
      expect(bad.json()).toMatchObject({
        detail: expect.stringMatching(/batch r-1 refused: the signature does not verify/),
        errors: [{ path: 'signature', message: 'bad-signature' }],
      });
      // A signed batch sent to the unsigned route is refused, never ingested without its signature.
      problem(await call('POST', '/fleet/check-ins', 'analyst', batch), 400, 'SP_BAD_REQUEST');
      problem(await call('POST', '/fleet/check-in-batches', 'viewer', batch), 403, 'SP_FORBIDDEN');
      const ok = await call('POST', '/fleet/check-in-batches', 'analyst', batch);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ accepted: 20, source: 'verifier:acme', batch: { batchId: 'r-1' } });
      const again = await call('POST', '/fleet/check-in-batches', 'analyst', batch);
      expect(again.json()).toMatchObject({ accepted: 0, unchanged: 20 });
      const d = checkIns[0]?.deviceId as string;
      const timeline = (await call('GET', `/fleet/devices/${d}/timeline?limit=500`, 'viewer')).json() as {
        checkIns: { checkInId: string; source: string; batchId?: string }[];
      };
      expect(timeline.checkIns.find((c) => c.checkInId === checkIns[0]?.checkInId)).toMatchObject({
        source: 'verifier:acme',
        batchId: 'r-1',
      });

      problem(await call('POST', '/fleet/verifiers/acme/revoke', 'analyst', { reason: 'x' }), 403, 'SP_FORBIDDEN');
      const rev = await call('POST', '/fleet/verifiers/acme/revoke', 'admin', { reason: 'key compromised' });
      expect(rev.statusCode, rev.body).toBe(200);
      const refused = await call('POST', '/fleet/check-in-batches', 'analyst', batch);
      problem(refused, 400, 'SP_BAD_REQUEST');
      expect(refused.json()).toMatchObject({ errors: [{ path: 'verifierId', message: 'revoked-verifier' }] });

      expect((await call('GET', '/fleet/settings', 'viewer')).json()).toEqual({ allowUnsignedCheckIns: true });
      problem(await call('PUT', '/fleet/settings', 'analyst', { allowUnsignedCheckIns: false }), 403, 'SP_FORBIDDEN');
      const set = await call('PUT', '/fleet/settings', 'admin', { allowUnsignedCheckIns: false });
      expect(set.json()).toEqual({ allowUnsignedCheckIns: false });
      const unsigned = await call('POST', '/fleet/check-ins', 'analyst', { checkIns: sim.checkIns.slice(0, 2) });
      problem(unsigned, 400, 'SP_BAD_REQUEST');
      expect(unsigned.json()).toMatchObject({ detail: expect.stringMatching(/unsigned check-ins are refused/) });
    });
  });
}
