import { readFileSync } from 'node:fs';
import { BUNDLED_DATA_DIR, createToken, loadBundledLists, Stackport } from '@stackport/app';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './server.js';

for (const engine of testEngines()) {
  describe(`HTTP API on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let server: FastifyInstance;
    const auth: Record<string, { authorization: string }> = {};

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      app = new Stackport({ connection: await connect(loc.location) });
      await loadBundledLists(app);
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

    it('serves health, readiness and Prometheus metrics without a token', async () => {
      expect((await server.inject('/livez')).json()).toEqual({ status: 'ok' });
      expect((await server.inject('/readyz')).json()).toEqual({ status: 'ready', engine });
      await server.inject({ method: 'POST', url: '/api/v1/screen', headers: auth.viewer, payload: { name: 'Acme' } });
      const metrics = await server.inject('/metrics');
      expect(metrics.headers['content-type']).toMatch(/text\/plain/);
      expect(metrics.body).toMatch(
        /stackport_http_requests_total\{method="POST",route="\/api\/v1\/screen",status="200"\} 1/,
      );
      expect(metrics.body).toMatch(/stackport_screenings_total 1/);
    });

    it('publishes an OpenAPI document and serves the API docs from local assets', async () => {
      const doc = (await server.inject('/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/screen', '/api/v1/hits/{id}/decision', '/api/v1/lists/import']),
      );
      const html = await server.inject('/docs/');
      expect(html.statusCode).toBe(200);
      expect(html.body).not.toMatch(/unpkg|jsdelivr|cdnjs/);
      const asset = /src="\.?\/?(?:docs\/)?(static\/[^"]+\.js)"/.exec(html.body)?.[1];
      expect(asset).toBeDefined();
      expect((await server.inject(`/docs/${asset}`)).statusCode).toBe(200);
    });

    it('refuses anonymous and under-privileged calls with problem+json', async () => {
      const anon = await server.inject({ method: 'POST', url: '/api/v1/screen', payload: { name: 'x' } });
      expect(anon.statusCode).toBe(401);
      expect(anon.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(anon.json()).toMatchObject({ code: 'SP_UNAUTHENTICATED', status: 401 });
      const bad = await server.inject({
        method: 'GET',
        url: '/api/v1/status',
        headers: { authorization: 'Bearer sp_nope' },
      });
      expect(bad.json().code).toBe('SP_UNAUTHENTICATED');
      const viewerWrite = await server.inject({
        method: 'POST',
        url: '/api/v1/parties',
        headers: auth.viewer,
        payload: { name: 'Acme' },
      });
      expect(viewerWrite.json()).toMatchObject({ code: 'SP_FORBIDDEN', status: 403 });
      const analystImport = await server.inject({
        method: 'POST',
        url: '/api/v1/lists/import',
        headers: { ...auth.analyst, 'content-type': 'text/csv' },
        payload: 'x',
      });
      expect(analystImport.statusCode).toBe(403);
    });

    it('screens a name and returns the same hits as the service (the CLI path)', async () => {
      const res = await server.inject({
        method: 'POST',
        url: '/api/v1/screen',
        headers: { ...auth.viewer, 'x-request-id': 'req-42' },
        payload: { name: 'Abdul Satar Ghora', country: 'AF' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toBe('req-42');
      const body = res.json();
      expect(body.hits[0]).toMatchObject({ source: 'EL', name: 'Abdul Satar Ghoura', band: 'alert' });
      expect(body.hits[0].explanation.alignment.length).toBeGreaterThan(0);
      const direct = await app.screen({ name: 'Abdul Satar Ghora', country: 'AF' }, 'test');
      expect(body.hits).toEqual(JSON.parse(JSON.stringify(direct.hits)));
    });

    it('reports invalid input field by field with SP_BAD_REQUEST', async () => {
      const res = await server.inject({
        method: 'POST',
        url: '/api/v1/screen',
        headers: auth.viewer,
        payload: { name: '', country: 'XX', type: 'dragon' },
      });
      expect(res.statusCode).toBe(400);
      const problem = res.json();
      expect(problem.code).toBe('SP_BAD_REQUEST');
      expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'body.country',
        'body.name',
        'body.type',
      ]);
      const notJson = await server.inject({
        method: 'POST',
        url: '/api/v1/screen',
        headers: { ...auth.viewer, 'content-type': 'application/json' },
        payload: '{"name":',
      });
      expect(notJson.json()).toMatchObject({ code: 'SP_BAD_REQUEST', status: 400 });
      const huge = await server.inject({
        method: 'POST',
        url: '/api/v1/screen',
        headers: auth.viewer,
        payload: { name: 'x'.repeat(2_000_000) },
      });
      expect(huge.json()).toMatchObject({ code: 'SP_PAYLOAD_TOO_LARGE', status: 413 });
      const missing = await server.inject({ method: 'GET', url: '/api/v1/hits/nope', headers: auth.viewer });
      expect(missing.json()).toMatchObject({ code: 'SP_NOT_FOUND', status: 404 });
      const noRoute = await server.inject('/api/v1/nothing-here');
      expect(noRoute.json()).toMatchObject({ code: 'SP_NOT_FOUND' });
    });

    it('runs the review workflow: save a party, decide its hit, see it in the audit log', async () => {
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/parties',
        headers: auth.analyst,
        payload: { name: 'National University of Defense Technology', country: 'CN' },
      });
      expect(created.statusCode).toBe(201);
      const partyId = created.json().party.id as string;
      const queue = (
        await server.inject({ method: 'GET', url: `/api/v1/hits?status=open&partyId=${partyId}`, headers: auth.viewer })
      ).json();
      expect(queue.hits[0].entryName).toBe('National University of Defense Technology (NUDT)');
      const decided = await server.inject({
        method: 'POST',
        url: `/api/v1/hits/${queue.hits[0].id}/decision`,
        headers: auth.analyst,
        payload: { decision: 'true_match', reason: 'Same institution and address in Changsha' },
      });
      expect(decided.json()).toMatchObject({ status: 'true_match', decidedBy: expect.stringMatching(/^analyst test/) });
      const audit = (
        await server.inject({
          method: 'GET',
          url: `/api/v1/audit?subject=hit:${queue.hits[0].id}`,
          headers: auth.viewer,
        })
      ).json();
      expect(audit.map((r: { action: string }) => r.action)).toEqual(['hit.open', 'hit.decide']);
      expect(
        (await server.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: auth.viewer })).json(),
      ).toMatchObject({ ok: true });
    });

    it('classifies a catalogue part or a spec, and names the bad field of a bad spec', async () => {
      const h100 = await server.inject({
        method: 'POST',
        url: '/api/v1/classify',
        headers: auth.viewer,
        payload: { partId: 'nvidia-h100-sxm', asOf: '2026-11-22' },
      });
      expect(h100.json()).toMatchObject({ status: 'classified', eccn: '3A090.a', metrics: { tpp: 15832 } });
      const a800 = await server.inject({
        method: 'POST',
        url: '/api/v1/classify',
        headers: auth.viewer,
        payload: { partId: 'nvidia-a800-sxm', asOf: '2023-06-01' },
      });
      expect(a800.json().status).toBe('not-listed');
      const bad = await server.inject({
        method: 'POST',
        url: '/api/v1/classify',
        headers: auth.viewer,
        payload: { spec: { kind: 'integrated-circuit', performance: [{ precision: 'FP8', bitLength: 8, tops: -1 }] } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('body.spec.performance.0.tops');
      const both = await server.inject({
        method: 'POST',
        url: '/api/v1/classify',
        headers: auth.viewer,
        payload: { partId: 'x', spec: {} },
      });
      expect(both.json().code).toBe('SP_BAD_REQUEST');
      const parts = (await server.inject({ method: 'GET', url: '/api/v1/parts', headers: auth.viewer })).json();
      expect(parts.map((p: { id: string }) => p.id)).toEqual(
        expect.arrayContaining(['nvidia-h20', 'nvidia-rtx-4090-d']),
      );
    });

    it('determines a case, saves it as an analyst, refuses a viewer save, and runs what-if', async () => {
      const example = (name: string) =>
        JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8'));
      const live = await server.inject({
        method: 'POST',
        url: '/api/v1/determine',
        headers: auth.viewer,
        payload: example('cases/h200-china-export-2026.json'),
      });
      expect(live.statusCode).toBe(200);
      expect(live.json().determination).toMatchObject({
        licenseRequired: 'yes',
        reviewPolicy: { policy: 'case-by-case' },
      });
      const viewerSave = await server.inject({
        method: 'POST',
        url: '/api/v1/transactions',
        headers: auth.viewer,
        payload: example('cases/h200-china-export-2026.json'),
      });
      expect(viewerSave.statusCode).toBe(403);
      const saved = await server.inject({
        method: 'POST',
        url: '/api/v1/transactions?reference=PO-9',
        headers: auth.analyst,
        payload: example('cases/duv-stage-china-2026.json'),
      });
      expect(saved.statusCode).toBe(201);
      const id = saved.json().transactionId as string;
      expect(
        (await server.inject({ method: 'GET', url: `/api/v1/transactions/${id}`, headers: auth.viewer })).json(),
      ).toMatchObject({ reference: 'PO-9', licenseRequired: 'no' });
      const whatIf = await server.inject({
        method: 'POST',
        url: '/api/v1/rules/what-if',
        headers: auth.analyst,
        payload: example('rule-packs/sme-subsystems-d5.json'),
      });
      expect(whatIf.json().changed.map((c: { transactionId: string }) => c.transactionId)).toEqual([id]);
      const bad = await server.inject({
        method: 'POST',
        url: '/api/v1/determine',
        headers: auth.viewer,
        payload: { ...example('cases/h100-uae-2024.json'), destination: 'XX' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('destination');
      const diff = await server.inject({
        method: 'GET',
        url: '/api/v1/rules/diff?from=2026-01-01&to=2026-01-31',
        headers: auth.viewer,
      });
      expect(diff.json().changes.length).toBeGreaterThan(0);
      expect((await server.inject({ method: 'GET', url: '/api/v1/rules', headers: auth.viewer })).json()).toMatchObject(
        { id: expect.any(String), validFrom: '2022-10-07' },
      );
    });

    it('imports a list version over HTTP (admin) and rejects a non-list file', async () => {
      const un = readFileSync(`${BUNDLED_DATA_DIR}screening/un-consolidated.xml`, 'utf8').replace(
        '<FIRST_NAME>ERIC</FIRST_NAME>',
        '<FIRST_NAME>ERICK</FIRST_NAME>',
      );
      const res = await server.inject({
        method: 'POST',
        url: '/api/v1/lists/import?fileName=un-next.xml',
        headers: { ...auth.admin, 'content-type': 'application/xml' },
        payload: un,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().version.delta).toMatchObject({ changed: 1, added: 0, removed: 0 });
      // The re-screen summary covers saved parties and KYC accounts.
      expect(res.json().rescreen).toMatchObject({ kycAccounts: expect.any(Number), kycFindings: 0 });
      const junk = await server.inject({
        method: 'POST',
        url: '/api/v1/lists/import?fileName=j.csv',
        headers: { ...auth.admin, 'content-type': 'text/csv' },
        payload: 'a,b\n1,2\n',
      });
      expect(junk.json()).toMatchObject({ code: 'SP_LIST_FORMAT', status: 422 });
      const versions = (await server.inject({ method: 'GET', url: '/api/v1/lists', headers: auth.viewer })).json();
      expect(versions.filter((v: { dataset: string }) => v.dataset === 'un')).toHaveLength(2);
    });
  });
}
