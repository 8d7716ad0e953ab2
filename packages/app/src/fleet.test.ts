import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import {
  type CheckIn,
  canonicalJson as coreCanonicalJson,
  evaluateDetection,
  type FleetDevice,
  formatRegistryCsv,
  generateKeyPair,
  runDetectors,
  type SignedCheckInBatch,
  SoftwareKeyProvider,
  signCheckInBatch,
  simulateFleet,
} from '@stackport/core';
import {
  connect,
  countCheckIns,
  freshTestLocation,
  listAlerts,
  listAudit,
  type TestLocation,
  takeLease,
  testEngines,
  verifyAudit,
} from '@stackport/store';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService, canonicalJson, type EvidenceBundle } from './cases.js';
import { FleetService } from './fleet.js';
import { Stackport } from './stackport.js';

const HOUR = 3_600_000;

/** A registry CSV for simulated devices, each with a fresh Ed25519 identity key. */
function registryCsv(devices: readonly FleetDevice[]): string {
  return formatRegistryCsv(
    devices.map((d) => ({
      device_id: d.deviceId,
      serial: `SN-${d.deviceId}`,
      model: 'H100 SXM5 80GB',
      eccn: '3A090.a',
      license_id: `L-${d.licensee}`,
      licensee: d.licensee,
      end_user: `${d.licensee} AI Lab`,
      site_lat: d.licensedSite.position.lat,
      site_lon: d.licensedSite.position.lon,
      site_country: d.licensedSite.country,
      site_radius_km: d.licensedSite.radiusKm,
      site_label: d.licensedSite.label ?? '',
      check_in_hours: d.expectedCheckInHours,
      public_key: SoftwareKeyProvider.generate().publicKey(),
    })),
  );
}

/** A clock the test moves. */
function clock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), set: (iso: string) => (t = Date.parse(iso)) };
}

for (const engine of testEngines()) {
  describe(`fleet monitoring on ${engine}`, () => {
    const sim = simulateFleet({ devices: 48, days: 12, diversions: 6, seed: 11, devicesPerLicensee: 8 });
    const c = clock(sim.start);
    let loc: TestLocation;
    let app: Stackport;
    let fleet: FleetService;
    let cases: CaseService;

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: c.now });
      fleet = new FleetService(app);
      cases = new CaseService(app);
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('imports the registry CSV; a re-import changes nothing; the export re-imports unchanged', async () => {
      const csv = registryCsv(sim.devices);
      const first = await fleet.importRegistry({ text: csv, fileName: 'fleet.csv' }, 'officer');
      expect(first).toMatchObject({ accepted: 48, unchanged: 0, rejected: [] });
      const again = await fleet.importRegistry({ text: csv }, 'officer');
      expect(again).toMatchObject({ accepted: 0, unchanged: 48, rejected: [] });
      const exported = await fleet.exportRegistry();
      const third = await fleet.importRegistry({ text: exported }, 'officer');
      expect(third).toMatchObject({ accepted: 0, unchanged: 48, rejected: [] });
      const d = (await fleet.devices({ limit: 1 }))[0];
      expect(d).toMatchObject({ deviceId: 'dev-000000', eccn: '3A090.a', expectedCheckInHours: 24 });
      expect(d?.endUser).toMatch(/AI Lab$/);
    });

    it('quarantines bad registry rows with their reasons and changes nothing already stored', async () => {
      const before = await fleet.exportRegistry();
      const good = before.split('\r\n')[1] as string;
      const cols = good.split(',');
      const conflicting = [...cols];
      conflicting[9] = 'FR'; // same device id, another country: a registry file never overwrites
      const badCountry = [...cols];
      badCountry[0] = 'new-1';
      badCountry[9] = 'XX';
      badCountry[15] = SoftwareKeyProvider.generate().publicKey();
      const reusedKey = [...cols];
      reusedKey[0] = 'new-2';
      const fine = [...cols];
      fine[0] = 'new-3';
      fine[15] = SoftwareKeyProvider.generate().publicKey();
      const text = [
        before.split('\r\n')[0],
        conflicting.join(','),
        badCountry.join(','),
        reusedKey.join(','),
        `${fine.join(',')},extra`,
        fine.join(','),
        fine.join(','),
        'new-4,"unterminated',
      ].join('\n');
      const r = await fleet.importRegistry({ text, fileName: 'bad.csv' }, 'officer');
      expect(r.accepted).toBe(1);
      const reasons = r.rejected.map((x) => `${x.ref}: ${x.reason}`);
      expect(reasons).toEqual([
        expect.stringMatching(/^line 5: has 19 fields/),
        expect.stringMatching(/^line 7: device_id new-3 repeats line 6/),
        expect.stringMatching(/^line 8: malformed CSV: unterminated/),
        expect.stringMatching(/^line 3: licensedSite\.country: an ISO 3166-1 alpha-2/),
        expect.stringMatching(/^line 2: device dev-000000 is already registered with different data/),
        expect.stringMatching(/^line 4: its key is already registered to device dev-000000/),
      ]);
      const quarantined = await fleet.rejections({ importId: r.importId });
      expect(quarantined).toHaveLength(6);
      expect(quarantined.find((q) => q.ref === 'line 3')?.raw).toMatchObject({
        device_id: 'new-1',
        site_country: 'XX',
      });
      // The stored device kept its country; only new-3 was added.
      const after = await fleet.exportRegistry();
      expect(after.split('\r\n').filter((l) => !l.startsWith('new-3'))).toEqual(before.split('\r\n'));
      await expect(fleet.importRegistry({ text: 'device_id,serial\nx,y\n' }, 'officer')).rejects.toMatchObject({
        code: 'SP_BAD_REQUEST',
        message: expect.stringMatching(/lacks required columns: model, eccn, licensee/),
      });
    });

    it('ingests check-ins idempotently and in any order; bad ones are quarantined; stored ones never change', async () => {
      const day0 = sim.checkIns.filter((x) => Date.parse(x.at) < Date.parse(sim.start) + 24 * HOUR);
      c.set(new Date(Date.parse(sim.start) + 24 * HOUR).toISOString());
      const shuffled = [...day0].reverse();
      const r1 = await fleet.ingestCheckIns({ checkIns: shuffled }, 'verifier');
      expect(r1).toMatchObject({ accepted: day0.length, unchanged: 0, rejected: [] });
      const retry = await fleet.ingestCheckIns({ checkIns: [...day0.slice(0, 5), day0[0]] }, 'verifier');
      expect(retry).toMatchObject({ accepted: 0, unchanged: 6, rejected: [] });
      const first = day0[0] as CheckIn;
      const bad = [
        { ...first, deviceId: 'no-such-device', checkInId: 'x1' },
        { ...first, region: { ...first.region, countriesTouched: ['KP'] } },
        { ...first, checkInId: 'future', at: '2099-01-01T00:00:00Z' },
        { ...first, checkInId: 'before', at: '2000-01-01T00:00:00Z' },
        { ...first, checkInId: 'nan', region: { ...first.region, boundingRadiusKm: -1 } },
        { deviceId: first.deviceId },
      ];
      const r2 = await fleet.ingestCheckIns({ checkIns: bad, fileName: 'bad.json' }, 'verifier');
      expect(r2.accepted).toBe(0);
      expect(r2.rejected.map((x) => x.reason)).toEqual([
        expect.stringMatching(/^at 2099-01-01T00:00:00.000Z is in the future/),
        expect.stringMatching(/^region\.boundingRadiusKm: /),
        expect.stringMatching(/^checkInId: /),
        expect.stringMatching(/^unknown device no-such-device/),
        expect.stringMatching(/^conflicts with the stored check-in/),
        expect.stringMatching(/^at 2000-01-01T00:00:00.000Z is before the device was registered/),
      ]);
      const { checkIns } = await fleet.timeline(first.deviceId);
      expect(checkIns.find((x) => x.checkInId === first.checkInId)?.region.countriesTouched).toEqual(
        first.region.countriesTouched,
      );
      expect(await countCheckIns(app.connection.db)).toBe(day0.length);
      await expect(fleet.ingestCheckIns({ checkIns: [] }, 'verifier')).rejects.toMatchObject({
        code: 'SP_BAD_REQUEST',
      });
    });

    it('a failure mid-ingest leaves nothing half-written', async () => {
      const failing: KyselyPlugin = {
        transformQuery(args) {
          const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
          if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'audit_log')
            throw new Error('disk full (injected)');
          return args.node;
        },
        async transformResult(args) {
          return args.result;
        },
      };
      const broken = new Stackport({
        connection: { ...app.connection, db: app.connection.db.withPlugin(failing) },
        now: c.now,
      });
      const day1 = sim.checkIns.filter(
        (x) =>
          Date.parse(x.at) >= Date.parse(sim.start) + 24 * HOUR && Date.parse(x.at) < Date.parse(sim.start) + 48 * HOUR,
      );
      c.set(new Date(Date.parse(sim.start) + 48 * HOUR).toISOString());
      const before = await countCheckIns(app.connection.db);
      await expect(new FleetService(broken).ingestCheckIns({ checkIns: day1 }, 'verifier')).rejects.toThrow(
        /disk full/,
      );
      expect(await countCheckIns(app.connection.db)).toBe(before);
      const dev = (await fleet.devices({ limit: 1 }))[0]?.deviceId as string;
      const { checkIns } = await fleet.timeline(dev);
      expect(checkIns.every((x) => Date.parse(x.at) < Date.parse(sim.start) + 24 * HOUR)).toBe(true);
    });

    it('daily incremental passes over the stored fleet find what the pure detectors find on the whole history', async () => {
      const startMs = Date.parse(sim.start);
      // Day 0 is stored; a first pass, then each later day: ingest (shuffled, with a retried batch), pass.
      c.set(new Date(startMs + 24 * HOUR).toISOString());
      const first = await fleet.detect({ at: c.now().toISOString() }, 'monitor');
      expect(first.mode).toBe('full');
      expect(first.devicesExamined).toBe(49);
      for (let day = 1; day < 12; day++) {
        const from = startMs + day * 24 * HOUR;
        const batch = sim.checkIns.filter((x) => Date.parse(x.at) >= from && Date.parse(x.at) < from + 24 * HOUR);
        c.set(new Date(from + 24 * HOUR).toISOString());
        const half = Math.floor(batch.length / 2);
        await fleet.ingestCheckIns({ checkIns: batch.slice(half) }, 'verifier');
        await fleet.ingestCheckIns({ checkIns: batch.slice(0, half + 3) }, 'verifier');
        const pass = await fleet.detect({ at: c.now().toISOString() }, 'monitor');
        expect(pass.mode).toBe('incremental');
        expect(pass.devicesExamined).toBeLessThanOrEqual(49);
      }
      const stored = await listAlerts(app.connection.db, { limit: 10_000, offset: 0 });
      const reference = runDetectors({ devices: sim.devices, checkIns: sim.checkIns, now: sim.now });
      const pairs = (xs: readonly { detector: string; deviceId: string }[]) =>
        [...new Set(xs.map((a) => `${a.detector} ${a.deviceId}`))].sort();
      const simulated = new Set(sim.devices.map((d) => d.deviceId));
      expect(pairs(stored.filter((a) => simulated.has(a.deviceId)))).toEqual(pairs(reference));
      // new-3 (registered by the quarantine test) never checked in: silent from its registration.
      expect(pairs(stored.filter((a) => !simulated.has(a.deviceId)))).toEqual(['silent new-3']);
      const ev = evaluateDetection(sim.truth, stored, { devices: sim.devices, days: 12 });
      expect(ev.diversions.injected).toBe(6);
      expect(ev.diversions.recall).toBe(1);
      expect(ev.diversions.withinOneInterval).toBe(6);

      // A full pass over the same data, and a repeated incremental pass, change nothing.
      const full = await fleet.detect({ at: c.now().toISOString(), mode: 'full' }, 'monitor');
      expect(full).toMatchObject({ mode: 'full', alertsNew: 0, alertsUpdated: 0 });
      const again = await fleet.detect({ at: c.now().toISOString() }, 'monitor');
      expect(again).toMatchObject({ alertsNew: 0, alertsUpdated: 0 });
      expect(await listAlerts(app.connection.db, { limit: 10_000, offset: 0 })).toHaveLength(stored.length);
    });

    it('runs alerts through a case to an evidence bundle, a PDF summary and a draft report, all audited', async () => {
      const open = await cases.alerts({ status: 'open', limit: 500 });
      const diverted = sim.truth.find((t) => t.kind === 'move') as { deviceId: string };
      const mine = open.filter((a) => a.deviceId === diverted.deviceId);
      expect(mine.length).toBeGreaterThan(0);
      const opened = await cases.open(
        { alertIds: mine.map((a) => a.id), assignee: 'alice', note: 'first look' },
        'officer',
      );
      expect(opened.case).toMatchObject({ status: 'open', assignee: 'alice', deviceIds: [diverted.deviceId] });
      expect(opened.allowedTransitions).toEqual(['investigating', 'closed']);
      expect(opened.reportsIndicated.map((r) => r.kind)).toContain('location');
      // An alert belongs to one case.
      await expect(cases.open({ alertIds: [mine[0]?.id] }, 'officer')).rejects.toMatchObject({ code: 'SP_CONFLICT' });
      // Transitions need reasons where an auditor asks for one; illegal ones are refused.
      await expect(cases.setStatus(opened.case.id, { status: 'reported' }, 'officer')).rejects.toMatchObject({
        code: 'SP_CONFLICT',
      });
      await cases.setStatus(opened.case.id, { status: 'investigating' }, 'officer');
      await expect(cases.setStatus(opened.case.id, { status: 'reported' }, 'officer')).rejects.toThrow(
        /report reference/,
      );
      await cases.note(opened.case.id, { text: 'customer says the servers were moved for maintenance' }, 'alice');
      await cases.assign(opened.case.id, { assignee: 'bob' }, 'officer');

      const bundle: EvidenceBundle = await cases.bundle(opened.case.id, 'officer');
      expect(bundle.format).toBe('stackport.evidence-bundle/1');
      expect(bundle.alerts.map((a) => a.id).sort()).toEqual(mine.map((a) => a.id).sort());
      const cited = new Set(mine.flatMap((a) => a.evidence.checkInIds));
      expect(new Set(bundle.checkIns.map((x) => x.checkInId))).toEqual(cited);
      const { sha256, ...body } = bundle;
      expect(createHash('sha256').update(canonicalJson(body)).digest('hex')).toBe(sha256);
      expect(bundle.events.map((e) => e.kind)).toEqual(['opened', 'status', 'note', 'assign']);

      const pdf = await cases.bundlePdf(opened.case.id, 'officer');
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      const report = await cases.draftReport(opened.case.id, 'location', 'officer');
      expect(report.document.title).toMatch(/DRAFT report: Product in a location other than the licensed/);
      expect(JSON.stringify(report.document)).toContain('not in force');
      await expect(cases.draftReport(opened.case.id, 'weather', 'officer')).rejects.toMatchObject({
        code: 'SP_BAD_REQUEST',
      });

      await cases.setStatus(opened.case.id, { status: 'reported', note: 'BIS, 2026-11-21, ref X-1' }, 'officer');
      const closed = await cases.setStatus(opened.case.id, { status: 'closed', note: 'license amended' }, 'officer');
      expect(closed.case).toMatchObject({ status: 'closed', resolution: 'license amended' });
      expect(closed.events.map((e) => e.kind)).toEqual([
        'opened',
        'status',
        'note',
        'assign',
        'bundle',
        'bundle',
        'bundle',
        'report',
        'status',
        'status',
      ]);
      const trail = await listAudit(app.connection.db, { subject: `case:${opened.case.id}` });
      expect(trail.map((r) => r.action)).toEqual(closed.events.map((e) => `fleet.case.${e.kind}`));
      expect((await verifyAudit(app.connection.db)).ok).toBe(true);

      // Dismissing needs a reason and an open alert.
      const other = (await cases.alerts({ status: 'open', limit: 1 }))[0];
      if (other) {
        await expect(cases.dismissAlert(other.id, {}, 'officer')).rejects.toMatchObject({ code: 'SP_BAD_REQUEST' });
        expect((await cases.dismissAlert(other.id, { reason: 'maintenance window' }, 'officer')).status).toBe(
          'dismissed',
        );
      }
    });

    it('runs one detector pass at a time on a store, across connections; a dead holder frees it at expiry', async () => {
      // A second connection to the same store stands for a second process (a cron job beside the server).
      const other = new Stackport({ connection: await connect(loc.location), now: c.now });
      try {
        const otherFleet = new FleetService(other);
        const both = await Promise.allSettled([fleet.detect({}, 'monitor'), otherFleet.detect({}, 'cron')]);
        expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toMatchObject({ code: 'SP_CONFLICT' });
        expect(String(refused.reason.message)).toMatch(/already running on this store/);
        // The lease went with the pass: passes one after the other both run.
        expect((await otherFleet.detect({}, 'cron')).mode).toBeDefined();
        expect((await fleet.detect({}, 'monitor')).mode).toBeDefined();

        // A holder that died mid-pass (its lease was never released) blocks until the lease expires.
        const now = c.now();
        await takeLease(
          app.connection.db,
          'fleet.detect',
          'pass-dead',
          now.toISOString(),
          new Date(now.getTime() + 5 * 60_000).toISOString(),
        );
        await expect(otherFleet.detect({}, 'cron')).rejects.toMatchObject({ code: 'SP_CONFLICT' });
        c.set(new Date(now.getTime() + 5 * 60_000 + 1).toISOString());
        expect((await otherFleet.detect({}, 'cron')).mode).toBeDefined();
        expect(await other.connection.db.selectFrom('leases').selectAll().execute()).toEqual([]);
      } finally {
        await other.connection.close();
      }
    });
  });
}

/** Ed25519-verifies `signature` over `message` with a raw base64 public key, using node:crypto only. */
function independentVerify(publicKey: string, message: Buffer, signature: string): boolean {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') },
    format: 'jwk',
  });
  return cryptoVerify(null, message, key, Buffer.from(signature, 'base64'));
}

for (const engine of testEngines()) {
  describe(`signed check-in batches on ${engine}`, () => {
    const sim = simulateFleet({ devices: 16, days: 8, diversions: 3, seed: 21, devicesPerLicensee: 4 });
    const c = clock(sim.start);
    const key = generateKeyPair();
    const DAY = 24 * HOUR;
    const validUntil = new Date(Date.parse(sim.start) + 30 * DAY).toISOString();
    let loc: TestLocation;
    let app: Stackport;
    let fleet: FleetService;
    let cases: CaseService;
    const refusal = (reason: string) => ({
      code: 'SP_BAD_REQUEST',
      details: [expect.objectContaining({ message: reason })],
    });
    const stored = async () => ({
      checkIns: await countCheckIns(app.connection.db),
      batches: (await app.connection.db.selectFrom('check_in_batches').selectAll().execute()).length,
    });
    const batchOf = (batchId: string, checkIns: readonly unknown[], signedAt = sim.now, verifierId = 'acme') =>
      signCheckInBatch({ verifierId, batchId, signedAt, checkIns: [...checkIns] }, key.privateKey);
    /** What the service receives over the wire. */
    const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location), now: c.now });
      fleet = new FleetService(app);
      cases = new CaseService(app);
      await fleet.importRegistry({ text: registryCsv(sim.devices) }, 'officer');
    });
    afterAll(async () => {
      await app?.connection.close();
      await loc?.dispose();
    });

    it('registers verifiers (admin data, audited) and refuses a repeated id or key', async () => {
      const v = await fleet.registerVerifier(
        { id: 'acme', name: 'ACME Verification GmbH', publicKey: key.publicKey, validFrom: sim.start, validUntil },
        'admin',
      );
      expect(v).toMatchObject({
        id: 'acme',
        publicKey: key.publicKey,
        validUntil,
        revokedAt: null,
        createdBy: 'admin',
      });
      await expect(
        fleet.registerVerifier({ id: 'acme', name: 'again', publicKey: generateKeyPair().publicKey }, 'admin'),
      ).rejects.toMatchObject({ code: 'SP_CONFLICT' });
      await expect(
        fleet.registerVerifier({ id: 'acme-2', name: 'same key', publicKey: key.publicKey }, 'admin'),
      ).rejects.toMatchObject({
        code: 'SP_CONFLICT',
        message: expect.stringMatching(/already registered to verifier acme/),
      });
      await expect(
        fleet.registerVerifier(
          { id: 'zero', name: 'small order', publicKey: Buffer.alloc(32).toString('base64') },
          'admin',
        ),
      ).rejects.toMatchObject({ code: 'SP_BAD_REQUEST' });
      await expect(
        fleet.registerVerifier(
          {
            id: 'backwards',
            name: 'x',
            publicKey: generateKeyPair().publicKey,
            validFrom: validUntil,
            validUntil: sim.start,
          },
          'admin',
        ),
      ).rejects.toMatchObject({ code: 'SP_BAD_REQUEST' });
      // A second verifier whose validity ended on day 1.
      await fleet.registerVerifier(
        {
          id: 'short',
          name: 'Short-lived',
          publicKey: generateKeyPair().publicKey,
          validFrom: sim.start,
          validUntil: new Date(Date.parse(sim.start) + DAY).toISOString(),
        },
        'admin',
      );
      expect((await fleet.verifiers()).map((x) => x.id)).toEqual(['acme', 'short']);
      const trail = await listAudit(app.connection.db, { subject: 'verifier:acme' });
      expect(trail.map((r) => r.action)).toEqual(['fleet.verifier.register']);
    });

    it('refuses a batch altered after signing, of an unknown verifier or signed outside the validity window; stores nothing', async () => {
      c.set(sim.now);
      const good = batchOf('b-1', sim.checkIns);
      // One check-in altered after signing: its region made half as large (an inflated region hidden).
      const tampered = wire(good);
      const victim = tampered.checkIns[7] as CheckIn & { region: { boundingRadiusKm: number } };
      victim.region.boundingRadiusKm /= 2;
      await expect(fleet.ingestSignedBatch(tampered, 'analyst')).rejects.toMatchObject({
        ...refusal('bad-signature'),
        message: expect.stringMatching(/batch b-1 refused: the signature does not verify .* altered after signing/),
      });
      // A check-in dropped, or one appended, breaks the signature too.
      const dropped = { ...wire(good), checkIns: wire(good).checkIns.slice(1) };
      await expect(fleet.ingestSignedBatch(dropped, 'analyst')).rejects.toMatchObject(refusal('bad-signature'));
      // A field added after signing is not part of the format.
      await expect(fleet.ingestSignedBatch({ ...wire(good), note: 'x' }, 'analyst')).rejects.toMatchObject({
        code: 'SP_BAD_REQUEST',
        message: expect.stringMatching(/not a valid signed check-in batch/),
      });
      await expect(
        fleet.ingestSignedBatch(wire(batchOf('b-x', sim.checkIns, sim.now, 'ghost')), 'analyst'),
      ).rejects.toMatchObject(refusal('unknown-verifier'));
      // Signed by `short` after its validity ended (real key of another verifier: the window is checked first).
      const late = signCheckInBatch(
        { verifierId: 'short', batchId: 'late', signedAt: sim.now, checkIns: sim.checkIns.slice(0, 5) },
        key.privateKey,
      );
      await expect(fleet.ingestSignedBatch(wire(late), 'analyst')).rejects.toMatchObject(refusal('expired'));
      const early = batchOf('early', sim.checkIns.slice(0, 5), new Date(Date.parse(sim.start) - DAY).toISOString());
      await expect(fleet.ingestSignedBatch(wire(early), 'analyst')).rejects.toMatchObject(refusal('not-yet-valid'));
      expect(await stored()).toEqual({ checkIns: 0, batches: 0 });
      expect(await fleet.rejections({})).toEqual([]);
    });

    it('ingests a good batch with source verifier:<id> and its batch id; re-sending it is idempotent', async () => {
      const items = [...sim.checkIns, { ...(sim.checkIns[0] as CheckIn), deviceId: 'ghost', checkInId: 'g1' }];
      const good = batchOf('b-1', items);
      const r = await fleet.ingestSignedBatch(wire(good), 'analyst', { fileName: 'b-1.json' });
      expect(r).toMatchObject({
        accepted: sim.checkIns.length,
        unchanged: 0,
        source: 'verifier:acme',
        batch: { verifierId: 'acme', batchId: 'b-1', signature: good.signature },
        // Check-ins are still validated one by one: a verifier's signature does not make a device known.
        rejected: [{ ref: 'ghost/g1', reason: 'unknown device ghost' }],
      });
      const d = sim.devices[0]?.deviceId as string;
      const { checkIns } = await fleet.timeline(d);
      expect(checkIns.length).toBeGreaterThan(0);
      expect(checkIns.every((x) => x.source === 'verifier:acme' && x.batchId === 'b-1')).toBe(true);
      // The service routes a signed body given to ingestCheckIns to the signed path.
      const again = await fleet.ingestCheckIns(wire(good), 'analyst');
      expect(again).toMatchObject({ accepted: 0, unchanged: sim.checkIns.length, source: 'verifier:acme' });
      expect(await stored()).toEqual({ checkIns: sim.checkIns.length, batches: 1 });
      // The same batch id with other content is a conflict, not a second batch.
      await expect(
        fleet.ingestSignedBatch(wire(batchOf('b-1', sim.checkIns.slice(0, 3))), 'analyst'),
      ).rejects.toMatchObject({ code: 'SP_CONFLICT' });
      const audit = await listAudit(app.connection.db, { subject: `import:${r.importId}` });
      expect(audit[0]?.data).toMatchObject({ source: 'verifier:acme', batchId: 'b-1', signature: good.signature });
      expect((await verifyAudit(app.connection.db)).ok).toBe(true);
    });

    it('puts the verifier key and the signed batch in the evidence bundle; the signature re-verifies from the bundle alone', async () => {
      await fleet.detect({ at: sim.now, mode: 'full' }, 'monitor');
      const moved = sim.truth.find((t) => t.kind === 'move') as { deviceId: string };
      const alerts = (await cases.alerts({ status: 'open', limit: 500 })).filter((a) => a.deviceId === moved.deviceId);
      expect(alerts.length).toBeGreaterThan(0);
      const opened = await cases.open({ alertIds: alerts.map((a) => a.id) }, 'officer');
      const bundle = JSON.parse(JSON.stringify(await cases.bundle(opened.case.id, 'officer'))) as EvidenceBundle;
      expect(bundle.verifiers.map((v) => [v.id, v.publicKey])).toEqual([['acme', key.publicKey]]);
      expect(bundle.signedBatches.map((b) => [b.verifierId, b.batchId])).toEqual([['acme', 'b-1']]);
      // An auditor with the bundle alone: for each check-in, its batch, its verifier's key, the signature.
      expect(bundle.checkIns.length).toBeGreaterThan(0);
      for (const ci of bundle.checkIns) {
        expect(ci.source).toBe('verifier:acme');
        const batch = bundle.signedBatches.find(
          (b) => `verifier:${b.verifierId}` === ci.source && b.batchId === ci.batchId,
        );
        const verifier = bundle.verifiers.find((v) => v.id === batch?.verifierId);
        if (!batch || !verifier) throw new Error(`no batch for ${ci.checkInId}`);
        const { signature, ...signedPart } = batch;
        const message = Buffer.from(coreCanonicalJson(signedPart), 'utf8');
        expect(independentVerify(verifier.publicKey, message, signature)).toBe(true);
        const inBatch = batch.checkIns.find(
          (x) => (x as CheckIn).deviceId === ci.deviceId && (x as CheckIn).checkInId === ci.checkInId,
        ) as CheckIn;
        expect(inBatch.at).toBe(ci.at);
        expect(inBatch.region.boundingRadiusKm).toBe(ci.region.boundingRadiusKm);
        expect(inBatch.verdict).toBe(ci.verdict);
      }
      // A bundle whose batch was edited does not re-verify.
      const edited = bundle.signedBatches[0] as SignedCheckInBatch;
      const { signature, ...rest } = { ...edited, checkIns: edited.checkIns.slice(1) };
      expect(independentVerify(key.publicKey, Buffer.from(coreCanonicalJson(rest), 'utf8'), signature)).toBe(false);
      const { sha256, ...body } = bundle;
      expect(createHash('sha256').update(canonicalJson(body)).digest('hex')).toBe(sha256);
    });

    it('refuses every batch of a revoked verifier; unsigned check-ins are marked, and refused when the setting says so', async () => {
      const later = sim.checkIns.slice(0, 2).map((x) => ({ ...x, checkInId: `${x.checkInId}-later` }));
      const revoked = await fleet.revokeVerifier('acme', { reason: 'key compromised' }, 'admin');
      expect(revoked).toMatchObject({ revokedBy: 'admin', revocationReason: 'key compromised' });
      await expect(fleet.revokeVerifier('acme', { reason: 'again' }, 'admin')).rejects.toMatchObject({
        code: 'SP_CONFLICT',
      });
      await expect(fleet.revokeVerifier('nobody', { reason: 'x' }, 'admin')).rejects.toMatchObject({
        code: 'SP_NOT_FOUND',
      });
      const before = await stored();
      // Even a batch signed before the revocation: a revoked key may have been used to backdate.
      await expect(fleet.ingestSignedBatch(wire(batchOf('b-2', later)), 'analyst')).rejects.toMatchObject(
        refusal('revoked-verifier'),
      );
      expect(await stored()).toEqual(before);

      expect(await fleet.settings()).toEqual({ allowUnsignedCheckIns: true });
      const r = await fleet.ingestCheckIns({ checkIns: later }, 'analyst');
      expect(r).toMatchObject({ accepted: 2, source: 'unsigned', warnings: [expect.stringMatching(/unsigned/)] });
      const { checkIns } = await fleet.timeline(later[0]?.deviceId as string);
      expect(checkIns.find((x) => x.checkInId === later[0]?.checkInId)).toMatchObject({ source: 'unsigned' });
      expect(checkIns.find((x) => x.checkInId === later[0]?.checkInId)?.batchId).toBeUndefined();

      await fleet.setSettings({ allowUnsignedCheckIns: false }, 'admin');
      await expect(fleet.ingestCheckIns({ checkIns: later }, 'analyst')).rejects.toMatchObject({
        code: 'SP_BAD_REQUEST',
        message: expect.stringMatching(/unsigned check-ins are refused on this store/),
      });
      expect((await listAudit(app.connection.db, { subject: 'fleet' })).map((x) => x.action)).toContain(
        'fleet.settings',
      );
      await fleet.setSettings({ allowUnsignedCheckIns: true }, 'admin');
    });
  });
}
