/**
 * HTTP tests of the location routes on both engines: roles, registration validation as
 * problem+json with `errors[].path`, unknown ids, and a full verification over HTTP. The landmark
 * services are in-process HTTP servers (node:http in this test process, no child process) running the
 * protocol's real state machines with simulated RTTs, reached through the server's default transport.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createToken, Stackport } from '@stackport/app';
import { kexBindingBytes, MeasureRequestSchema, SoftwareKeyProvider } from '@stackport/core';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimLandmark, simLandmark, simulateMeasurement } from '../../core/src/location/protocol/test-data.js';
import { buildServer } from './server.js';

// Minimum RTTs (ms) from Singapore, WonderProxy data 2020-07-19/20.
const LANDMARKS: { lm: SimLandmark; rttMs: number }[] = [
  { lm: simLandmark('lm-kul', 3.1333, 101.6833), rttMs: 6.917 },
  { lm: simLandmark('lm-jkt', -6.1333, 106.75), rttMs: 12.589 },
  { lm: simLandmark('lm-bkk', 13.75, 100.4833), rttMs: 28.2065 },
];
const chip = { deviceId: 'gpu-sg-http', key: SoftwareKeyProvider.generate() };

const deviceBody = (d: { deviceId: string; key: SoftwareKeyProvider }, extra: Record<string, unknown> = {}) => ({
  deviceId: d.deviceId,
  publicKey: d.key.publicKey(),
  kexPublicKey: d.key.kexPublicKey(),
  kexKeySignature: d.key.kexKeySignature(),
  serial: `SN-${d.deviceId}`,
  model: 'H100 SXM5',
  eccn: '3A090.a',
  licensee: 'Example Cloud Pte Ltd',
  licensedSite: { position: { lat: 1.3667, lon: 103.75 }, country: 'SG', radiusKm: 50 },
  ...extra,
});

/** One landmark control API (POST /v1/measure) in this process: the agent is simulated, the RTTs exact. */
async function landmarkService(l: (typeof LANDMARKS)[number]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const parsed = MeasureRequestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (!parsed.success || parsed.data.deviceId !== chip.deviceId) {
          res.writeHead(409, { 'content-type': 'application/json' }).end('{"error":"device not connected"}');
          return;
        }
        const rec = await simulateMeasurement(l.lm, chip, parsed.data, (seq) => l.rttMs + 0.05 + seq * 0.01);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rec));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

for (const engine of testEngines()) {
  describe(`location routes on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let server: FastifyInstance;
    const services: Server[] = [];
    const auth: Record<string, { authorization: string }> = {};
    const call = (method: 'GET' | 'POST', url: string, role?: string, payload?: unknown) =>
      server.inject({
        method,
        url: `/api/v1${url}`,
        headers: role ? auth[role] : {},
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      });
    const problem = (res: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const body = res.json() as { code: string; errors?: { path: string; message: string }[] };
      expect(body.code).toBe(code);
      return (body.errors ?? []).map((e) => e.path);
    };

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location) });
      for (const role of ['viewer', 'analyst', 'admin'] as const) {
        const { token } = await createToken(app, { name: `${role} test`, role }, 'test');
        auth[role] = { authorization: `Bearer ${token}` };
      }
      server = await buildServer({ app, logLevel: 'silent' });
      for (const l of LANDMARKS) {
        const svc = await landmarkService(l);
        services.push(svc.server);
        const res = await call('POST', '/landmarks', 'admin', { ...l.lm.info, url: svc.url, label: l.lm.info.id });
        expect(res.statusCode, res.body).toBe(201);
      }
    });
    afterAll(async () => {
      await server?.close();
      for (const s of services) await new Promise((r) => s.close(r));
      await app?.connection.close();
      await loc?.dispose();
    });

    it('roles: anonymous 401; viewer reads; analyst verifies; only admin registers', async () => {
      for (const url of ['/landmarks', '/devices', '/verifications', '/devices/x', '/verifications/x'])
        problem(await call('GET', url), 401, 'SP_UNAUTHENTICATED');
      problem(await call('POST', '/verify', undefined, { deviceId: chip.deviceId }), 401, 'SP_UNAUTHENTICATED');
      const list = await call('GET', '/landmarks', 'viewer');
      expect(list.statusCode).toBe(200);
      expect((list.json() as { id: string }[]).map((l) => l.id)).toEqual(['lm-bkk', 'lm-jkt', 'lm-kul']);
      expect((await call('GET', '/devices', 'viewer')).json()).toEqual([]);
      expect((await call('GET', '/verifications', 'viewer')).json()).toEqual([]);
      problem(await call('POST', '/devices', 'viewer', deviceBody(chip)), 403, 'SP_FORBIDDEN');
      problem(await call('POST', '/devices', 'analyst', deviceBody(chip)), 403, 'SP_FORBIDDEN');
      problem(
        await call('POST', '/landmarks', 'analyst', { ...LANDMARKS[0]?.lm.info, id: 'lm-x' }),
        403,
        'SP_FORBIDDEN',
      );
      problem(await call('POST', '/verify', 'viewer', { deviceId: chip.deviceId }), 403, 'SP_FORBIDDEN');
      const reg = await call('POST', '/devices', 'admin', deviceBody(chip));
      expect(reg.statusCode, reg.body).toBe(201);
      expect(reg.json()).toMatchObject({
        deviceId: chip.deviceId,
        kexPublicKey: chip.key.kexPublicKey(),
        licensedSite: { country: 'SG', radiusKm: 50 },
      });
      const one = await call('GET', `/devices/${chip.deviceId}`, 'viewer');
      expect(one.json()).toMatchObject({ deviceId: chip.deviceId, publicKey: chip.key.publicKey() });
    });

    it('registration validation: problem+json with errors[].path', async () => {
      const lm = LANDMARKS[0]?.lm.info as SimLandmark['info'];
      expect(
        problem(
          await call('POST', '/landmarks', 'admin', { ...lm, id: 'lm-bad', position: { lat: 91, lon: 200 } }),
          400,
          'SP_BAD_REQUEST',
        ).sort(),
      ).toEqual(['body.position.lat', 'body.position.lon']);
      expect(
        problem(
          await call('POST', '/landmarks', 'admin', {
            ...lm,
            id: 'lm-bad',
            publicKey: Buffer.alloc(32).toString('base64'),
          }),
          400,
          'SP_BAD_REQUEST',
        ),
      ).toEqual(['body.publicKey']);
      expect(
        problem(await call('POST', '/landmarks', 'admin', { ...lm, url: 'http://x:1' }), 409, 'SP_CONFLICT'),
      ).toEqual([]);
      const fresh = { deviceId: 'gpu-new', key: SoftwareKeyProvider.generate() };
      const cases: [Record<string, unknown>, string][] = [
        [{ licensedSite: { ...deviceBody(fresh).licensedSite, country: 'XX' } }, 'body.licensedSite.country'],
        [
          { licensedSite: { ...deviceBody(fresh).licensedSite, position: { lat: -91, lon: 0 } } },
          'body.licensedSite.position.lat',
        ],
        [{ publicKey: 'abc' }, 'body.publicKey'],
        // The identity key may not be a small-order point (an all-zero key verifies forged signatures).
        [{ publicKey: Buffer.alloc(32).toString('base64') }, 'body.publicKey'],
        [{ kexPublicKey: Buffer.alloc(32).toString('base64') }, 'body.kexPublicKey'],
        [{ kexPublicKey: 'not base64!' }, 'body.kexPublicKey'],
        [{ kexKeySignature: chip.key.kexKeySignature() }, 'body.kexKeySignature'],
        [{ kexKeySignature: undefined }, 'body.kexKeySignature'],
        [{ eccn: 'nope' }, 'body.eccn'],
        [{ deviceId: '-bad id' }, 'body.deviceId'],
      ];
      for (const [patch, path] of cases)
        expect(
          problem(await call('POST', '/devices', 'admin', deviceBody(fresh, patch)), 400, 'SP_BAD_REQUEST'),
          JSON.stringify(patch),
        ).toContain(path);
      // Duplicates: the same id, the same identity key, the same X25519 key.
      expect(problem(await call('POST', '/devices', 'admin', deviceBody(chip)), 409, 'SP_CONFLICT')).toEqual([]);
      expect(
        problem(
          await call('POST', '/devices', 'admin', deviceBody({ ...chip, deviceId: 'gpu-dup' })),
          409,
          'SP_CONFLICT',
        ),
      ).toEqual(['publicKey']);
      const thief = SoftwareKeyProvider.generate();
      const stolenKex = deviceBody(
        { deviceId: 'gpu-thief', key: thief },
        {
          kexPublicKey: chip.key.kexPublicKey(),
          kexKeySignature: Buffer.from(
            thief.signNow(kexBindingBytes(thief.publicKey(), chip.key.kexPublicKey())),
          ).toString('base64'),
        },
      );
      expect(problem(await call('POST', '/devices', 'admin', stolenKex), 409, 'SP_CONFLICT')).toEqual(['kexPublicKey']);
      expect((await call('GET', '/devices', 'viewer')).json()).toHaveLength(1);
    });

    it('unknown device or landmark: 404; bad verify requests: 400; a device without an X25519 key: 409', async () => {
      problem(await call('GET', '/devices/gpu-nope', 'viewer'), 404, 'SP_NOT_FOUND');
      problem(await call('POST', '/verify', 'analyst', { deviceId: 'gpu-nope' }), 404, 'SP_NOT_FOUND');
      expect(
        problem(
          await call('POST', '/verify', 'analyst', { deviceId: chip.deviceId, landmarks: ['lm-nope'] }),
          404,
          'SP_NOT_FOUND',
        ),
      ).toEqual(['landmarks']);
      expect(
        problem(
          await call('POST', '/verify', 'analyst', { deviceId: chip.deviceId, challenges: 3 }),
          400,
          'SP_BAD_REQUEST',
        ),
      ).toEqual(['body.challenges']);
      expect(
        problem(
          await call('POST', '/verify', 'analyst', { deviceId: chip.deviceId, countriesOfConcern: ['XX'] }),
          400,
          'SP_BAD_REQUEST',
        ),
      ).toEqual(['body.countriesOfConcern.0']);
      const legacy = { deviceId: 'gpu-v1', key: SoftwareKeyProvider.generate() };
      const { kexPublicKey: _k, kexKeySignature: _s, ...v1 } = deviceBody(legacy);
      expect((await call('POST', '/devices', 'admin', v1)).statusCode).toBe(201);
      expect(problem(await call('POST', '/verify', 'analyst', { deviceId: 'gpu-v1' }), 409, 'SP_CONFLICT')).toEqual([
        'deviceId',
      ]);
      problem(await call('GET', '/verifications/no-such-id', 'viewer'), 404, 'SP_NOT_FOUND');
      problem(await call('GET', '/verifications?limit=0', 'viewer'), 400, 'SP_BAD_REQUEST');
    });

    it('verifies over HTTP (in-process landmark services), then lists and shows the stored verification', async () => {
      const res = await call('POST', '/verify', 'analyst', {
        deviceId: chip.deviceId,
        challenges: 10,
        countriesOfConcern: ['CN', 'HK', 'MO'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const v = res.json() as {
        id: string;
        verdict: string;
        findings: string[];
        rejections: unknown[];
        landmarks: { landmarkId: string; status: string; minRttMs: number; samples: number }[];
      };
      expect(v.rejections).toEqual([]);
      expect(v.verdict).toBe('ALLOW');
      expect(v.findings).toContain('not in CN: no point of the feasible region is in CN');
      for (const l of v.landmarks) {
        expect(l).toMatchObject({ status: 'accepted', samples: 10 });
        const rtt = LANDMARKS.find((x) => x.lm.info.id === l.landmarkId)?.rttMs as number;
        expect(l.minRttMs).toBeCloseTo(rtt + 0.05, 6);
      }
      const list = await call('GET', `/verifications?deviceId=${chip.deviceId}&limit=5`, 'viewer');
      expect(list.statusCode).toBe(200);
      expect((list.json() as { id: string; verdict: string }[])[0]).toMatchObject({ id: v.id, verdict: 'ALLOW' });
      expect((await call('GET', '/verifications?deviceId=gpu-other', 'viewer')).json()).toEqual([]);
      const detail = await call('GET', `/verifications/${v.id}`, 'viewer');
      expect(detail.statusCode).toBe(200);
      const stored = detail.json() as {
        verdict: string;
        evidence: { session: Record<string, string>; records: { record: { v: number; samples: unknown[] } }[] };
      };
      expect(stored.verdict).toBe('ALLOW');
      expect(stored.evidence.records.map((r) => [r.record.v, r.record.samples.length])).toEqual([
        [2, 10],
        [2, 10],
        [2, 10],
      ]);
      // The verification is the device's fleet check-in: same id, same verdict, the region's bounding cap.
      const timeline = await call('GET', `/fleet/devices/${chip.deviceId}/timeline`, 'viewer');
      expect(timeline.statusCode, timeline.body).toBe(200);
      const t = timeline.json() as {
        checkIns: { checkInId: string; verdict: string; source: string; region: Record<string, unknown> }[];
      };
      expect(t.checkIns).toHaveLength(1);
      expect(t.checkIns[0]).toMatchObject({
        checkInId: v.id,
        verdict: 'ALLOW',
        source: 'verification',
        region: { licensedSiteInRegion: true, countriesTouched: expect.arrayContaining(['SG']) },
      });
      const cap = t.checkIns[0]?.region as { center: { lat: number; lon: number }; boundingRadiusKm: number };
      expect(cap.boundingRadiusKm).toBeGreaterThan(0);
      expect(cap.center.lat).toBeGreaterThan(-10);
      expect(cap.center.lat).toBeLessThan(15);
      expect(Object.keys(stored.evidence.session)).toEqual(
        expect.arrayContaining(['serverKexPublicKey', 'serverKexPrivateKey', 'deviceKexPublicKey']),
      );
    });

    it('the OpenAPI document describes the location routes and the X25519 registration fields', async () => {
      const doc = (await server.inject('/openapi.json')).json() as {
        paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }>;
      };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/verify', '/api/v1/devices', '/api/v1/verifications/{id}']),
      );
      expect(JSON.stringify(doc.paths['/api/v1/devices']?.post?.requestBody)).toMatch(/kexKeySignature/);
    });
  });
}
