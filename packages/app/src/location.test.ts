import { kexBindingBytes, SoftwareKeyProvider } from '@stackport/core';
import { connect, freshTestLocation, listAudit, type TestLocation, testEngines } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimLandmark, simLandmark, simulateMeasurement } from '../../core/src/location/protocol/test-data.js';
import { AppError } from './errors.js';
import { defaultCountriesOfConcern, type LandmarkTransport, LocationService, locateOffline } from './location.js';
import { Stackport } from './stackport.js';

// Minimum RTTs (ms) from the WonderProxy data, 2020-07-19/20 (/work/shared/data/latency).
const FROM_SINGAPORE: Record<string, number> = {
  'lm-kul': 6.917,
  'lm-jkt': 12.589,
  'lm-bkk': 28.2065,
  'lm-tyo': 75.806,
};
const SG_TO_SHANGHAI = 198.4675;

const sg = { deviceId: 'gpu-sg-01', key: SoftwareKeyProvider.generate() };
const sh = { deviceId: 'gpu-sh-01', key: SoftwareKeyProvider.generate() };
/** Imported from a fleet registry without its X25519 key: bound later. */
const late = { deviceId: 'gpu-late-01', key: SoftwareKeyProvider.generate() };
const lms: SimLandmark[] = [
  simLandmark('lm-kul', 3.1333, 101.6833),
  simLandmark('lm-jkt', -6.1333, 106.75),
  simLandmark('lm-bkk', 13.75, 100.4833),
  simLandmark('lm-tyo', 35.6833, 139.7667),
];

/** An in-process transport: the real landmark/agent state machines with exact simulated RTTs. */
function transport(
  rtt: (landmarkId: string, deviceId: string, seq: number) => number | null,
  tamper: (rec: unknown, landmarkId: string) => unknown = (r) => r,
): LandmarkTransport & { last: Map<string, unknown> } {
  const last = new Map<string, unknown>();
  return {
    last,
    async measure(l, req) {
      const lm = lms.find((x) => x.info.id === l.id);
      if (!lm) throw new Error('connection refused');
      const dev = [sg, sh, late].find((d) => d.deviceId === req.deviceId);
      if (!dev) throw new Error('device not connected');
      const rec = await simulateMeasurement(lm, dev, req, (seq) => rtt(l.id, dev.deviceId, seq));
      last.set(l.id, rec);
      return tamper(structuredClone(rec), l.id);
    },
  };
}

const honest = transport((lm, dev, seq) => {
  const base = FROM_SINGAPORE[lm] as number;
  return (dev === sh.deviceId ? base + SG_TO_SHANGHAI : base) + 0.05 + seq * 0.01;
});

const deviceInput = (d: typeof sg, country = 'SG') => ({
  deviceId: d.deviceId,
  publicKey: d.key.publicKey(),
  kexPublicKey: d.key.kexPublicKey(),
  kexKeySignature: d.key.kexKeySignature(),
  serial: `SN-${d.deviceId}`,
  model: 'H100 SXM5 80GB',
  eccn: '3A090.a',
  licensee: 'Example Cloud Pte Ltd',
  licenseId: 'D1234567',
  licensedSite: { position: { lat: 1.3667, lon: 103.75 }, country, radiusKm: 50, label: 'SG-1' },
});

for (const engine of testEngines()) {
  describe(`location services on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let svc: LocationService;

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: () => new Date() });
      svc = new LocationService(app, { transport: honest });
      for (const l of lms) await svc.registerLandmark({ ...l.info, url: `http://127.0.0.1:1/${l.info.id}` }, 'admin');
      await svc.registerDevice(deviceInput(sg), 'admin');
      await svc.registerDevice(deviceInput(sh), 'admin');
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('validates registrations: bad key, ECCN, country, duplicates, one key per device', async () => {
      const bad = async (p: Promise<unknown>, code: string, path?: string) => {
        const e = await p.then(
          () => undefined,
          (x: unknown) => x,
        );
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe(code);
        if (path) expect((e as AppError).details.map((d) => d.path)).toContain(path);
      };
      await bad(
        svc.registerDevice({ ...deviceInput(sg), deviceId: 'x', publicKey: 'abc' }, 'a'),
        'SP_BAD_REQUEST',
        'publicKey',
      );
      await bad(svc.registerDevice({ ...deviceInput(sg), deviceId: 'x', eccn: 'foo' }, 'a'), 'SP_BAD_REQUEST', 'eccn');
      await bad(
        svc.registerDevice(
          { ...deviceInput(sg), deviceId: 'x', licensedSite: { ...deviceInput(sg).licensedSite, country: 'XX' } },
          'a',
        ),
        'SP_BAD_REQUEST',
        'licensedSite.country',
      );
      await bad(svc.registerDevice(deviceInput(sg), 'a'), 'SP_CONFLICT');
      await bad(svc.registerDevice({ ...deviceInput(sg), deviceId: 'other' }, 'a'), 'SP_CONFLICT', 'publicKey');
      // The X25519 key: signed by the identity key, not small-order, both fields or neither, one per device.
      const fresh = SoftwareKeyProvider.generate();
      const freshInput = { ...deviceInput({ deviceId: 'fresh', key: fresh }) };
      await bad(
        svc.registerDevice({ ...freshInput, kexKeySignature: sg.key.kexKeySignature() }, 'a'),
        'SP_BAD_REQUEST',
        'kexKeySignature',
      );
      await bad(
        svc.registerDevice({ ...freshInput, kexPublicKey: Buffer.alloc(32).toString('base64') }, 'a'),
        'SP_BAD_REQUEST',
        'kexPublicKey',
      );
      await bad(
        svc.registerDevice({ ...freshInput, kexKeySignature: undefined }, 'a'),
        'SP_BAD_REQUEST',
        'kexKeySignature',
      );
      const stolen = SoftwareKeyProvider.generate();
      // Another identity key signing the Singapore device's X25519 key cannot register it again.
      await bad(
        svc.registerDevice(
          {
            ...deviceInput({ deviceId: 'thief', key: stolen }),
            kexPublicKey: sg.key.kexPublicKey(),
            kexKeySignature: Buffer.from(
              stolen.signNow(kexBindingBytes(stolen.publicKey(), sg.key.kexPublicKey())),
            ).toString('base64'),
          },
          'a',
        ),
        'SP_CONFLICT',
        'kexPublicKey',
      );
      await bad(
        svc.registerLandmark({ ...lms[0]!.info, position: { lat: 91, lon: 0 } }, 'a'),
        'SP_BAD_REQUEST',
        'position.lat',
      );
      await bad(svc.registerLandmark({ ...lms[0]!.info, url: 'ftp://x' }, 'a'), 'SP_BAD_REQUEST', 'url');
      await bad(svc.registerLandmark({ ...lms[0]!.info, url: 'http://127.0.0.1:1' }, 'a'), 'SP_CONFLICT');
      await bad(svc.verify({ deviceId: 'nope' }, 'a'), 'SP_NOT_FOUND');
      await bad(svc.verify({ deviceId: sg.deviceId, landmarks: ['lm-nope'] }, 'a'), 'SP_NOT_FOUND');
      await bad(svc.verify({ deviceId: sg.deviceId, challenges: 3 }, 'a'), 'SP_BAD_REQUEST', 'challenges');
      expect((await svc.devices()).map((d) => d.deviceId)).toEqual([sg.deviceId, sh.deviceId]);
      expect(await svc.device(sg.deviceId)).toMatchObject({
        kexPublicKey: sg.key.kexPublicKey(),
        kexKeySignature: sg.key.kexKeySignature(),
        eccn: '3A090.a',
        licensedSite: { country: 'SG', radiusKm: 50 },
      });
    });

    it('a chip in Singapore: ALLOW, not in China; stored with evidence and audited', async () => {
      const r = await svc.verify({ deviceId: sg.deviceId, countriesOfConcern: ['CN', 'HK', 'MO'] }, 'analyst');
      expect(r.rejections).toEqual([]);
      expect(r.verdict).toBe('ALLOW');
      expect(r.findings).toContain('not in CN: no point of the feasible region is in CN');
      expect(r.location?.countriesTouched).not.toContain('CN');
      expect(r.landmarks.every((l) => l.status === 'accepted' && l.samples === 16)).toBe(true);
      const stored = await svc.verification(r.id);
      expect(stored).toMatchObject({ deviceId: sg.deviceId, verdict: 'ALLOW', sessionId: r.sessionId });
      expect((stored.evidence as { records: unknown[] }).records).toHaveLength(4);
      const audit = await listAudit(app.connection.db, {});
      expect(audit.at(-1)).toMatchObject({ action: 'location.verify', subject: `device:${sg.deviceId}` });
      expect((await svc.verifications({ deviceId: sg.deviceId })).map((v) => v.id)).toContain(r.id);
    });

    it('a chip in Shanghai relayed through Singapore is never ALLOW', async () => {
      const r = await svc.verify({ deviceId: sh.deviceId, countriesOfConcern: ['CN', 'HK', 'MO'] }, 'analyst');
      expect(r.verdict).not.toBe('ALLOW');
      expect(r.findings).toContain('possibly in CN: the feasible region reaches CN');
      // Tokyo: 75.8 + 198.5 ms > 250 ms deadline: every answer late.
      expect(r.rejectionCounts['nonce-expired']).toBeGreaterThanOrEqual(16);
    });

    it('rejects replayed, forged-landmark, swapped, wrong-landmark and malformed records; never a verdict from them', async () => {
      const old = honest.last.get('lm-kul');
      const evil = transport(
        (lm) => FROM_SINGAPORE[lm] as number,
        (rec, id) => {
          const r = rec as { record: { deviceId: string; samples: { sentNs: string }[] }; signature: string };
          if (id === 'lm-kul') return old; // a record from an earlier session
          if (id === 'lm-jkt') {
            r.record.samples[0]!.sentNs = (BigInt(r.record.samples[0]!.sentNs) + 1000n).toString(); // edited after signing
            return r;
          }
          if (id === 'lm-bkk') return { ...r, record: { ...r.record, landmarkId: 'lm-tyo' } };
          return JSON.stringify(r).slice(0, 100); // truncated
        },
      );
      const s2 = new LocationService(app, { transport: evil });
      const r = await s2.verify({ deviceId: sg.deviceId }, 'analyst');
      expect(r.location).toBeNull();
      expect(r.verdict).toBe('INCONCLUSIVE');
      expect(r.rejectionCounts).toEqual({ 'nonce-unknown': 1, 'bad-signature': 1, 'wrong-landmark': 1, malformed: 1 });
      expect(r.tamperingSuspected).toBe(true);
      expect(r.findings[0]).toMatch(/no landmark measurement passed verification/);
      expect(r.landmarks.every((l) => l.status === 'rejected')).toBe(true);
    });

    it('counts responses signed by another device key and unreachable landmarks', async () => {
      const swapped = transport(
        (lm) => FROM_SINGAPORE[lm] as number,
        (rec, id) => {
          if (id === 'lm-tyo') throw new Error('connect ECONNREFUSED');
          return rec;
        },
      );
      // The Shanghai device's key answers for the Singapore device at one landmark: record is for sh.
      const s3 = new LocationService(app, {
        transport: {
          measure: async (l, req) =>
            l.id === 'lm-kul'
              ? simulateMeasurement(lms[0]!, { ...sh, deviceId: sg.deviceId }, req, () => 1)
              : swapped.measure(l, req, 1000),
        },
      });
      const r = await s3.verify({ deviceId: sg.deviceId, countriesOfConcern: ['CN'] }, 'analyst');
      expect(r.rejectionCounts['bad-signature']).toBe(1); // transcript signed with the wrong key
      expect(r.landmarks.find((l) => l.landmarkId === 'lm-tyo')).toMatchObject({
        status: 'unreachable',
        error: /ECONNREFUSED/,
      });
      expect(r.landmarks.filter((l) => l.status === 'accepted').map((l) => l.landmarkId)).toEqual(['lm-bkk', 'lm-jkt']);
      expect(r.location?.caps.map((c) => c.landmarkId).sort()).toEqual(['lm-bkk', 'lm-jkt']);
    });

    it('a device registered without an X25519 key cannot be verified; the evidence re-verifies offline', async () => {
      const legacy = SoftwareKeyProvider.generate();
      const { kexPublicKey: _k, kexKeySignature: _s, ...input } = deviceInput({ deviceId: 'gpu-v1', key: legacy });
      const saved = await svc.registerDevice(input, 'admin');
      expect(saved.kexPublicKey).toBeUndefined();
      const e = await svc.verify({ deviceId: 'gpu-v1' }, 'analyst').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('SP_CONFLICT');
      expect((e as AppError).message).toMatch(/X25519/);
      // A stored verification's evidence (records + session with its ephemeral key) re-verifies offline.
      const r = await svc.verify({ deviceId: sg.deviceId, countriesOfConcern: ['CN', 'HK', 'MO'] }, 'analyst');
      const ev = (await svc.verification(r.id)).evidence as { session: Record<string, unknown>; records: unknown[] };
      expect(ev.session.serverKexPrivateKey).toEqual(expect.any(String));
      const offline = locateOffline(
        {
          policy: { countriesOfConcern: ['CN', 'HK', 'MO'] },
          landmarks: lms.map((l) => l.info),
          session: {
            sessionId: ev.session.sessionId,
            sessionNonce: ev.session.sessionNonce,
            deviceId: ev.session.deviceId,
            devicePublicKey: ev.session.devicePublicKey,
            deviceKexPublicKey: ev.session.deviceKexPublicKey,
            serverKexPublicKey: ev.session.serverKexPublicKey,
            serverKexPrivateKey: ev.session.serverKexPrivateKey,
          },
          records: ev.records,
        },
        '2026-11-22',
      );
      expect(offline).toMatchObject({ verdict: r.verdict, signed: true, rejections: [] });
    });

    it('binds an X25519 key later (signed by the identity key, never replaced); the device then verifies', async () => {
      const { kexPublicKey: _k, kexKeySignature: _s, ...input } = deviceInput(late);
      await svc.registerDevice(input, 'admin');
      const other = SoftwareKeyProvider.generate();
      const wrong = await svc
        .bindKexKey(
          late.deviceId,
          { kexPublicKey: late.key.kexPublicKey(), kexKeySignature: other.kexKeySignature() },
          'admin',
        )
        .catch((x: unknown) => x);
      expect((wrong as AppError).code).toBe('SP_BAD_REQUEST');
      const taken = await svc
        .bindKexKey(
          late.deviceId,
          { kexPublicKey: sg.key.kexPublicKey(), kexKeySignature: sg.key.kexKeySignature() },
          'admin',
        )
        .catch((x: unknown) => x);
      expect((taken as AppError).code).toBe('SP_BAD_REQUEST'); // sg's key, signed by sg: not this device's signature
      const bound = await svc.bindKexKey(
        late.deviceId,
        { kexPublicKey: late.key.kexPublicKey(), kexKeySignature: late.key.kexKeySignature() },
        'admin',
      );
      expect(bound.kexPublicKey).toBe(late.key.kexPublicKey());
      const again = await svc
        .bindKexKey(
          late.deviceId,
          { kexPublicKey: other.kexPublicKey(), kexKeySignature: other.kexKeySignature() },
          'admin',
        )
        .catch((x: unknown) => x);
      expect((again as AppError).code).toBe('SP_CONFLICT');
      const r = await svc.verify({ deviceId: late.deviceId, countriesOfConcern: ['CN', 'HK', 'MO'] }, 'analyst');
      expect(r.verdict).toBe('ALLOW');
      const trail = await listAudit(app.connection.db, { subject: `device:${late.deviceId}` });
      expect(trail.map((x) => x.action)).toEqual(['device.register', 'device.kex-key', 'location.verify']);
    });

    it('default countries of concern follow Country Group D:5 on the date, plus MO and HK', () => {
      const c = defaultCountriesOfConcern('2026-11-22');
      expect(c).toEqual(expect.arrayContaining(['CN', 'RU', 'IR', 'KP', 'MO', 'HK']));
      expect(c).not.toContain('KH');
      expect(c).not.toContain('SG');
    });
  });
}
