/**
 * HTTP tests of /api/v1/program on both engines with the bundled lists: roles (analyst creates and submits, admin
 * reviews and decides, viewer reads), an incomplete draft saved and its submission refused (409 listing the
 * findings), the complete example submitted, reviewed, determined and designated, the catalog and the public export.
 */
import { createToken, loadBundledLists, Stackport } from '@stackport/app';
import { DEFAULT_RUBRIC, EXAMPLE_PROPOSAL } from '@stackport/core';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './server.js';

for (const engine of testEngines()) {
  describe(`program routes on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let server: FastifyInstance;
    let t = Date.parse('2026-10-01T09:00:00Z');
    const auth: Record<string, { authorization: string }> = {};
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, role?: string, payload?: unknown) =>
      server.inject({
        method,
        url: `/api/v1${url}`,
        headers: role ? auth[role] : {},
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
      app = new Stackport({
        connection: await connect(loc.location),
        now: () => {
          t += 1000;
          return new Date(t);
        },
      });
      await loadBundledLists(app);
      for (const role of ['viewer', 'analyst', 'admin'] as const) {
        const { token } = await createToken(app, { name: `${role} test`, role }, 'test');
        auth[role] = { authorization: `Bearer ${token}` };
      }
      server = await buildServer({ app, logLevel: 'silent' });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await app?.connection.close();
      await loc?.dispose();
    });

    it('saves an incomplete draft with its missing list and refuses its submission', async () => {
      const draft = { ...structuredClone(EXAMPLE_PROPOSAL), id: 'http-incomplete', targets: [] };
      problem(await call('POST', '/program/proposals', undefined, draft), 401, 'SP_UNAUTHENTICATED');
      problem(await call('POST', '/program/proposals', 'viewer', draft), 403, 'SP_FORBIDDEN');
      const bad = problem(
        await call('POST', '/program/proposals', 'analyst', { ...draft, id: 'x', unknown: 1 }),
        400,
        'SP_BAD_REQUEST',
      );
      expect(bad.detail).toMatch(/published schema/);
      const res = await call('POST', '/program/proposals', 'analyst', draft);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as { proposal: { status: string }; check: { canSubmit: boolean; missing: string[] } };
      expect(body.proposal.status).toBe('draft');
      expect(body.check.canSubmit).toBe(false);
      expect(body.check.missing.length).toBeGreaterThan(0);
      const refused = problem(
        await call('POST', '/program/proposals/http-incomplete/submit', 'analyst'),
        409,
        'SP_CONFLICT',
      );
      expect(refused.errors?.length).toBe(body.check.missing.length);
    });

    it('submits, reviews, determines and designates; the catalog and public export blank confidential sections', async () => {
      const p = {
        ...structuredClone(EXAMPLE_PROPOSAL),
        id: 'http-complete',
        confidentiality: [
          { section: 'consortium', level: 'business-confidential', justification: 'Commercial terms.' },
        ],
      };
      expect((await call('POST', '/program/proposals', 'analyst', p)).statusCode).toBe(201);
      expect((await call('POST', '/program/proposals/http-complete/submit', 'analyst')).statusCode).toBe(200);
      const review = {
        agency: 'DOC',
        scores: { 'full-stack': 4, 'us-content': 5, 'national-security': 4, 'market-rationale': 4, deliverability: 3 },
      };
      problem(await call('POST', '/program/proposals/http-complete/reviews', 'analyst', review), 403, 'SP_FORBIDDEN');
      const rv = await call('POST', '/program/proposals/http-complete/reviews', 'admin', review);
      expect(rv.statusCode, rv.body).toBe(200);
      expect((rv.json() as { proposal: { status: string } }).proposal.status).toBe('under-review');
      const nid = await call('POST', '/program/proposals/http-complete/national-interest', 'admin', {
        inNationalInterest: true,
        rationale: 'Advances US AI leadership in the target markets.',
        agenciesConsulted: ['DOS', 'DOW', 'DOE', 'OSTP'],
      });
      expect(nid.statusCode, nid.body).toBe(200);
      const d = await call('POST', '/program/proposals/http-complete/decision', 'admin', {
        outcome: 'designate',
        conditions: ['Quarterly end-use reporting'],
        expiresOn: '2028-10-01',
      });
      expect(d.statusCode, d.body).toBe(200);
      const cat = await call('GET', '/program/catalog', 'viewer');
      expect(cat.statusCode, cat.body).toBe(200);
      const entries = (cat.json() as { entries: { proposalId: string; members: string[]; conditions: string[] }[] })
        .entries;
      expect(entries).toMatchObject([
        { proposalId: 'http-complete', members: [], conditions: ['Quarterly end-use reporting'] },
      ]);
      const pub = await call('GET', '/program/proposals/http-complete/export?audience=public', 'viewer');
      expect(pub.statusCode, pub.body).toBe(200);
      expect(pub.json()).toMatchObject({ audience: 'public', redactedSections: ['consortium'] });
      // The review form reads the rubric from the server: the core's default rubric.
      const rubric = await call('GET', '/program/rubric', 'viewer');
      expect(rubric.statusCode).toBe(200);
      expect(rubric.json()).toEqual(JSON.parse(JSON.stringify(DEFAULT_RUBRIC)));
      // "Start from the example" reads the core's example from the server, too.
      const example = await call('GET', '/program/example', 'viewer');
      expect(example.statusCode).toBe(200);
      expect(example.json()).toEqual(JSON.parse(JSON.stringify(EXAMPLE_PROPOSAL)));
      const dossier = await call('GET', '/program/proposals/http-complete/dossier.pdf?audience=public', 'viewer');
      expect(dossier.statusCode, dossier.body).toBe(200);
      expect(dossier.headers['content-type']).toBe('application/pdf');
      expect(dossier.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const list = await call('GET', '/program/proposals?status=decided', 'viewer');
      expect((list.json() as { id: string }[]).map((x) => x.id)).toEqual(['http-complete']);
    });
  });
}
