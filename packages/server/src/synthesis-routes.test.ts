/**
 * HTTP tests of /api/v1/synthesis on both engines, with SYNTHETIC concerns only: roles, the concern database as
 * FASTA text, order intake with a bad record named in problem+json, a Flag to pending-review, the decision rules,
 * the bulletin round trip and the retention purge.
 */
import { createToken, Stackport } from '@stackport/app';
import { embed, mulberry32, randomDna, syntheticConcernDb, toFasta } from '@stackport/core';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './server.js';

const DB = syntheticConcernDb(31, {
  dnaConcerns: 6,
  dnaLength: [800, 1000],
  proteinConcerns: 2,
  proteinLength: [100, 150],
});
const H = DB[0]!.sequence;
/** A concern only the second version of the database has (synthetic, like the rest). */
const NEW = { id: 'SYN-DNA-70001', sequence: randomDna(mulberry32(70_001), 900), kind: 'dna' as const };
const rng = mulberry32(4);
const customer = {
  name: 'Grace Example',
  email: 'grace@example.org',
  institution: 'Example Institute of Testing',
  country: 'FR',
  address: '2 Rue Exemple, Lyon',
  shippingAddress: '2 Rue Exemple, Lyon',
  shippingCountry: 'FR',
};
const endUseStatement = 'Assay development for a synthetic test panel';

for (const engine of testEngines()) {
  describe(`synthesis routes on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let server: FastifyInstance;
    const t = Date.parse('2026-05-04T12:00:00Z');
    const auth: Record<string, { authorization: string }> = {};
    const call = (method: 'GET' | 'POST', url: string, role?: string, payload?: unknown, type?: string) =>
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

    it('imports the concern database as FASTA text (admin only)', async () => {
      const fasta = toFasta(DB);
      problem(await call('POST', '/synthesis/concern-sets', undefined, fasta, 'text/plain'), 401, 'SP_UNAUTHENTICATED');
      problem(await call('POST', '/synthesis/concern-sets', 'analyst', fasta, 'text/plain'), 403, 'SP_FORBIDDEN');
      const bad = problem(
        await call('POST', '/synthesis/concern-sets', 'admin', '>c1\nACGT\n>c1\nACGT\n', 'text/x-fasta'),
        400,
        'SP_BAD_REQUEST',
      );
      expect(bad.detail).toMatch(/record id 'c1' at line 3 duplicates/);
      const res = await call('POST', '/synthesis/concern-sets?name=synthetic', 'admin', fasta, 'text/plain');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ unchanged: false, set: { name: 'synthetic', dnaCount: 6, proteinCount: 2 } });
      const sets = await call('GET', '/synthesis/concern-sets', 'viewer');
      expect((sets.json() as unknown[]).length).toBe(1);
    });

    it('refuses a bad order naming the record, and screens a flagged one into the review queue', async () => {
      problem(
        await call('POST', '/synthesis/orders', 'viewer', { customer, endUseStatement, fasta: '>a\nACGT\n' }),
        403,
        'SP_FORBIDDEN',
      );
      const bad = problem(
        await call('POST', '/synthesis/orders', 'analyst', {
          customer,
          endUseStatement,
          fasta: '>good\nACGTACGT\n>broken\nACGT!!ACGT\n',
        }),
        400,
        'SP_BAD_REQUEST',
      );
      expect(bad.detail).toMatch(/'broken'/);
      expect(bad.errors?.[0]?.path).toBe('fasta: record broken, line 4, column 5');
      const schema = problem(
        await call('POST', '/synthesis/orders', 'analyst', {
          customer: { ...customer, country: 'XX' },
          endUseStatement,
          fasta: '>a\nACGT\n',
        }),
        400,
        'SP_BAD_REQUEST',
      );
      expect(schema.detail).toMatch(/country/);
      expect((await call('GET', '/synthesis/orders', 'viewer')).json()).toEqual([]);

      const fasta = toFasta([
        { id: 'frag', sequence: embed(rng, H.slice(200, 480), 700).sequence },
        { id: 'filler', sequence: randomDna(rng, 500) },
      ]);
      const res = await call('POST', '/synthesis/orders', 'analyst', {
        customer,
        endUseStatement,
        fasta,
        reference: 'PO-9',
      });
      expect(res.statusCode, res.body).toBe(201);
      const order = res.json() as { id: string; outcome: string; status: string; reviewItems: { kind: string }[] };
      expect(order).toMatchObject({ outcome: 'Flag', status: 'pending-review' });
      const queue = await call('GET', '/synthesis/orders?status=pending-review', 'viewer');
      expect((queue.json() as { id: string }[]).map((o) => o.id)).toEqual([order.id]);
      const one = await call('GET', `/synthesis/orders/${order.id}`, 'viewer');
      expect(one.json()).toMatchObject({ id: order.id, reference: 'PO-9', decisions: [] });
      problem(await call('GET', '/synthesis/orders/nope', 'viewer'), 404, 'SP_NOT_FOUND');

      const refused = problem(
        await call('POST', `/synthesis/orders/${order.id}/decisions`, 'analyst', {
          decision: 'fulfil',
          reason: 'looks fine',
        }),
        409,
        'SP_CONFLICT',
      );
      expect(refused.detail).toMatch(/expert decision/);
      problem(
        await call('POST', `/synthesis/orders/${order.id}/decisions`, 'analyst', {
          decision: 'ship',
          reason: 'looks fine',
        }),
        400,
        'SP_BAD_REQUEST',
      );
      const denied = await call('POST', `/synthesis/orders/${order.id}/decisions`, 'analyst', {
        decision: 'deny',
        reason: 'sequence of concern, no legitimate use shown',
        expert: true,
      });
      expect(denied.statusCode, denied.body).toBe(200);
      expect(denied.json()).toMatchObject({ status: 'denied', decisions: [{ decision: 'deny', expert: true }] });
    });

    it('exports a bulletin and checks an order against it', async () => {
      const res = await call('POST', '/synthesis/bulletins', 'analyst', {
        customer: 'grace@example.org',
        provider: 'provider-A',
        key: 'route-test-exchange-key',
      });
      expect(res.statusCode, res.body).toBe(200);
      const bulletin = res.json() as { format: string; concernWindows: string[] };
      expect(bulletin.format).toBe('stackport-synthesis-exchange/1');
      expect(bulletin.concernWindows.length).toBeGreaterThan(0);
      problem(
        await call('POST', '/synthesis/bulletins', 'analyst', {
          customer: 'nobody',
          provider: 'p',
          key: 'route-test-exchange-key',
        }),
        404,
        'SP_NOT_FOUND',
      );
      const orders = (await call('GET', '/synthesis/orders', 'viewer')).json() as { id: string }[];
      const check = await call('POST', `/synthesis/orders/${orders[0]!.id}/bulletin-checks`, 'analyst', {
        bulletin,
        key: 'route-test-exchange-key',
      });
      expect(check.statusCode, check.body).toBe(200);
      expect(check.json()).toMatchObject({ sameCustomer: true, status: 'denied' });
      problem(
        await call('POST', `/synthesis/orders/${orders[0]!.id}/bulletin-checks`, 'analyst', { bulletin: {}, key: 'x' }),
        400,
        'SP_BAD_REQUEST',
      );
    });

    it('purges nothing younger than three years (admin only)', async () => {
      problem(await call('POST', '/synthesis/purge', 'analyst', {}), 403, 'SP_FORBIDDEN');
      const res = await call('POST', '/synthesis/purge', 'admin', {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ purged: [] });
      problem(await call('POST', '/synthesis/purge', 'admin', { now: '2031-01-01T00:00:00Z' }), 400, 'SP_BAD_REQUEST');
    });

    it('a new concern database version re-screens stored orders: counts, findings on the order, follow-ups', async () => {
      const submit = async (account: string, seq: string) => {
        const res = await call('POST', '/synthesis/orders', 'analyst', {
          customer: { ...customer, account },
          endUseStatement,
          fasta: toFasta([{ id: 'r1', sequence: seq }]),
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string; status: string };
      };
      const open = await submit('acct-open', embed(rng, NEW.sequence.slice(0, 300), 800).sequence);
      const shipped = await submit('acct-shipped', embed(rng, NEW.sequence.slice(400, 700), 800).sequence);
      expect([open.status, shipped.status]).toEqual(['ready', 'ready']);
      const fulfil = await call('POST', `/synthesis/orders/${shipped.id}/decisions`, 'analyst', {
        decision: 'fulfil',
        reason: 'clear screening',
      });
      expect(fulfil.statusCode, fulfil.body).toBe(200);

      const fasta = toFasta([...DB, NEW]);
      const imp = await call('POST', '/synthesis/concern-sets', 'admin', { fasta, name: 'synthetic v2' });
      expect(imp.statusCode, imp.body).toBe(200);
      expect(imp.json()).toMatchObject({
        unchanged: false,
        rescreen: {
          delta: { added: 1, changed: 0, removed: 0 },
          findings: 2,
          flags: 2,
          ordersToReview: 1,
          reopened: 1,
          followUps: 1,
          followUpOrders: [shipped.id],
        },
      });
      const again = await call('POST', '/synthesis/concern-sets', 'admin', { fasta });
      expect(again.json()).toMatchObject({ unchanged: true, rescreen: { findings: 0 } });

      const one = (await call('GET', `/synthesis/orders/${open.id}`, 'viewer')).json() as Record<string, unknown>;
      expect(one).toMatchObject({
        status: 'pending-review',
        reviewItems: [{ kind: 'rescreen-flag', ref: NEW.id }],
        rescreenFindings: [{ concernId: NEW.id, outcome: 'Flag', followUp: false }],
      });
      const follow = await call('GET', '/synthesis/orders?followUp=true', 'viewer');
      expect((follow.json() as { id: string; followUps: number }[]).map((o) => [o.id, o.followUps])).toEqual([
        [shipped.id, 1],
      ]);
      const after = (await call('GET', `/synthesis/orders/${shipped.id}`, 'viewer')).json() as Record<string, unknown>;
      expect(after).toMatchObject({ status: 'fulfilled', rescreenFindings: [{ concernId: NEW.id, followUp: true }] });
    });
  });
}
