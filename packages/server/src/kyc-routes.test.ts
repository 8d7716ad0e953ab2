/**
 * HTTP tests of /api/v1/kyc on both engines: roles, an application refused with its fields named in problem+json,
 * account opening and the review queue, the approval rule (409 without override), resellers (admin only), usage
 * ingestion with a quarantined row, the training-run check, the draft report as PDF, and the rules by date.
 */
import { createToken, Stackport } from '@stackport/app';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './server.js';

const entity = {
  type: 'entity',
  accountId: 'acct-http-1',
  names: ['Northwind Model Labs Inc'],
  addresses: [{ lines: ['1 Market St'], city: 'San Francisco', country: 'US' }],
  paymentMeans: [{ kind: 'bank', id: 'ba_http', bankCountry: 'US', source: 'own' }],
  emails: ['ops@northwind.example'],
  phones: ['+1 415 555 0100'],
  ipAddresses: [{ ip: '203.0.113.40', country: 'US', egress: 'direct' }],
  declaredCountry: 'US',
  countryOfIncorporation: 'US',
  principalPlaceOfBusiness: 'US',
  beneficialOwners: [
    { name: 'Li Na Example', type: 'individual', sharePct: 60, nationalities: ['CN'], usPermanentResident: false },
    { name: 'Sam Example', type: 'individual', sharePct: 40, nationalities: ['US'] },
  ],
  beneficialOwnersComplete: true,
  verification: [{ method: 'documentary', evidence: 'certificate of incorporation', verifiedOn: '2026-04-01' }],
  openedOn: '2026-04-01',
};

for (const engine of testEngines()) {
  describe(`kyc routes on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let server: FastifyInstance;
    const t = Date.parse('2026-07-01T12:00:00Z');
    const auth: Record<string, { authorization: string }> = {};
    const call = (method: 'GET' | 'POST', url: string, role?: string, payload?: unknown) =>
      server.inject({
        method,
        url: `/api/v1${url}`,
        headers: { ...(role ? auth[role] : {}) },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
    const problem = (res: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.json() as { code: string }).code).toBe(code);
      return res.json() as { detail: string; errors?: { path: string; message: string }[] };
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

    it('opens an account (analyst), names bad fields, and lists the review queue (viewer)', async () => {
      problem(await call('POST', '/kyc/accounts', undefined, entity), 401, 'SP_UNAUTHENTICATED');
      problem(await call('POST', '/kyc/accounts', 'viewer', entity), 403, 'SP_FORBIDDEN');
      const bad = problem(
        await call('POST', '/kyc/accounts', 'analyst', { ...entity, declaredCountry: 'ZZ', names: [] }),
        400,
        'SP_BAD_REQUEST',
      );
      expect(bad.detail).toMatch(/declaredCountry/);
      expect(bad.detail).toMatch(/names/);
      const res = await call('POST', '/kyc/accounts', 'analyst', entity);
      expect(res.statusCode, res.body).toBe(201);
      const a = res.json() as { status: string; findings: { kind: string }[] };
      expect(a.status).toBe('pending-review');
      expect(a.findings.map((f) => f.kind)).toContain('beneficial-owner-country-of-concern');
      problem(await call('POST', '/kyc/accounts', 'analyst', entity), 409, 'SP_CONFLICT');
      const queue = await call('GET', '/kyc/accounts?status=pending-review', 'viewer');
      expect((queue.json() as { id: string }[]).map((x) => x.id)).toEqual(['acct-http-1']);
      expect((await call('GET', '/kyc/accounts/acct-http-1', 'viewer')).statusCode).toBe(200);
      problem(await call('GET', '/kyc/accounts/nope', 'viewer'), 404, 'SP_NOT_FOUND');
    });

    it('refuses approval over high findings without an override', async () => {
      const p = problem(
        await call('POST', '/kyc/accounts/acct-http-1/decisions', 'analyst', {
          decision: 'approve',
          reason: 'ok then',
        }),
        409,
        'SP_CONFLICT',
      );
      expect(p.detail).toMatch(/high-severity/);
      const ok = await call('POST', '/kyc/accounts/acct-http-1/decisions', 'analyst', {
        decision: 'approve',
        reason: 'documents verified',
        override: 'Owner verified; remote-access conditions accepted by counsel',
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((ok.json() as { status: string }).status).toBe('approved');
    });

    it('manages resellers as admin only', async () => {
      const body = { id: 'rs-1', name: 'Example Reseller GmbH', country: 'DE' };
      problem(await call('POST', '/kyc/resellers', 'analyst', body), 403, 'SP_FORBIDDEN');
      expect((await call('POST', '/kyc/resellers', 'admin', body)).statusCode).toBe(201);
      const att = await call('POST', '/kyc/resellers/rs-1/attestations', 'admin', {
        program: 'CIP 2026',
        attestedOn: '2026-01-01',
        expiresOn: '2027-01-01',
      });
      expect(att.statusCode, att.body).toBe(200);
      expect((await call('GET', '/kyc/resellers', 'viewer')).json()).toHaveLength(1);
    });

    it('ingests usage, checks training runs, and serves the draft report as PDF', async () => {
      const days = Array.from({ length: 90 }, (_, i) =>
        new Date(Date.parse('2026-04-02T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10),
      );
      const records = days.map((day) => ({
        accountId: 'acct-http-1',
        day,
        acceleratorModel: 'nvidia-h100-sxm',
        count: 100_000,
        hours: 24,
        utilisation: 0.4,
      }));
      problem(await call('POST', '/kyc/usage', 'viewer', { records }), 403, 'SP_FORBIDDEN');
      const ing = await call('POST', '/kyc/usage', 'analyst', { records: [...records, { accountId: 'x' }] });
      expect(ing.statusCode, ing.body).toBe(200);
      expect(ing.json()).toMatchObject({ inserted: 90, rejected: [{ row: 91 }] });
      problem(await call('POST', '/kyc/usage', 'analyst', { rows: [] }), 400, 'SP_BAD_REQUEST');
      const check = await call('POST', '/kyc/training-runs/check', 'analyst', { asOf: '2026-06-30' });
      expect(check.statusCode, check.body).toBe(200);
      const f = (check.json() as { findings: { id: string; kind: string }[] }).findings.find(
        (x) => x.kind === 'large-training-run',
      )!;
      const pdf = await call('GET', `/kyc/reports/${f.id}`, 'viewer');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const json = await call('GET', '/kyc/reports/acct-http-1?format=json', 'viewer');
      expect((json.json() as { findingId: string }).findingId).toBe(f.id);
    });

    it('lists the rules with their legal status on a date', async () => {
      const res = await call('GET', '/kyc/rules?date=2026-07-01', 'viewer');
      const body = res.json() as { date: string; rules: { id: string; legalStatus: string }[] };
      expect(body.date).toBe('2026-07-01');
      expect(body.rules.find((r) => r.id === 'iaas-cip-program')?.legalStatus).toBe('proposed-rule');
      problem(await call('GET', '/kyc/rules?date=July', 'viewer'), 400, 'SP_BAD_REQUEST');
    });
  });
}
