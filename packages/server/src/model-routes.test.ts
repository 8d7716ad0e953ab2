/**
 * HTTP tests of /api/v1/models, /api/v1/model-policies and /api/v1/evaluations on both engines, with core's fixture
 * families: roles, registration from a scan report (new → 201, re-scan → 200), a bad report refused with nothing
 * stored, a CN policy flagging DeepSeek and allowing Llama, the AI-BOM in both formats, runs and their reports, and
 * no route that starts a run against a URL.
 */
import { createToken, EvaluationService, Stackport } from '@stackport/app';
import { CycloneDxAibomSchema, Spdx3AibomSchema } from '@stackport/core';
import { connect, freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_FIXTURES, scanFixture } from '../../core/src/models/test-data.js';
import { buildServer } from './server.js';

const reportOf = async (prefix: string) => {
  const f = FAMILY_FIXTURES.find((x) => x.name.startsWith(prefix))!;
  return JSON.parse(JSON.stringify(await scanFixture(f.files(), f.name)));
};

for (const engine of testEngines()) {
  describe(`model routes on ${engine}`, () => {
    let loc: TestLocation;
    let app: Stackport;
    let server: FastifyInstance;
    const t = Date.parse('2026-11-23T12:00:00Z');
    const auth: Record<string, { authorization: string }> = {};
    const ids: Record<string, string> = {};
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

    it('registers a scan report (analyst); the same weights again are a re-scan', async () => {
      const report = await reportOf('DeepSeek-V3');
      problem(await call('POST', '/models', undefined, { report }), 401, 'SP_UNAUTHENTICATED');
      problem(await call('POST', '/models', 'viewer', { report }), 403, 'SP_FORBIDDEN');
      const res = await call('POST', '/models', 'analyst', { report });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as { created: boolean; model: { id: string; familyId: string; status: string } };
      expect(body.model).toMatchObject({ familyId: 'deepseek', status: 'unchecked' });
      ids.deepseek = body.model.id;
      const again = await call('POST', '/models', 'analyst', { report: { ...report, root: '/elsewhere' } });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ created: false, model: { id: ids.deepseek, scanCount: 2 } });
      for (const p of ['Llama 3.1', 'Qwen2.5', 'Phi-3 GGUF']) {
        const r = await call('POST', '/models', 'analyst', { report: await reportOf(p) });
        expect(r.statusCode, r.body).toBe(201);
        ids[p] = (r.json() as { model: { id: string } }).model.id;
      }
    });

    it('refuses a bad report with problem+json and stores nothing', async () => {
      const before = (await call('GET', '/models', 'viewer')).json() as unknown[];
      const report = await reportOf('Mistral 7B');
      const p = problem(
        await call('POST', '/models', 'analyst', {
          report: { ...report, files: [{ ...report.files[0], sha256: 'zz' }] },
        }),
        400,
        'SP_BAD_REQUEST',
      );
      expect(p.detail).toMatch(/sha256/);
      for (const f of report.files) f.sha256 = null;
      problem(await call('POST', '/models', 'analyst', { report }), 400, 'SP_BAD_REQUEST');
      problem(await call('POST', '/models', 'analyst', { path: '/etc/passwd' }), 400, 'SP_BAD_REQUEST');
      expect(((await call('GET', '/models', 'viewer')).json() as unknown[]).length).toBe(before.length);
    });

    it('adds a policy (admin) that forbids CN: DeepSeek and Qwen forbidden, Llama allowed', async () => {
      const policy = {
        id: 'acme-model-origin',
        version: '2026-07',
        title: 'No models from countries of concern',
        source: 'https://example.com/policy',
        effectiveFrom: '2026-07-01',
        countriesOfConcern: ['CN'],
      };
      problem(await call('POST', '/model-policies', 'analyst', policy), 403, 'SP_FORBIDDEN');
      problem(await call('POST', '/model-policies', 'admin', { ...policy, source: undefined }), 400, 'SP_BAD_REQUEST');
      const res = await call('POST', '/model-policies', 'admin', policy);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ inForce: true, reevaluated: 4, outcomes: { forbidden: 2, allowed: 2 } });
      problem(await call('POST', '/model-policies', 'admin', policy), 409, 'SP_CONFLICT');
      const list = (await call('GET', '/model-policies', 'viewer')).json() as { version: string; inForce: boolean }[];
      expect(list).toMatchObject([{ version: '2026-07', inForce: true }]);

      const flagged = (await call('GET', '/models?flagged=true', 'viewer')).json() as { id: string }[];
      expect(flagged.map((m) => m.id).sort()).toEqual([ids.deepseek, ids['Qwen2.5']].sort());
      const cn = (await call('GET', '/models?country=CN', 'viewer')).json() as { originCountry: string }[];
      expect(cn).toHaveLength(2);
      const llama = (await call('GET', '/models?family=llama', 'viewer')).json() as { status: string }[];
      expect(llama).toMatchObject([{ status: 'allowed' }]);
    });

    it('shows a model with decisions, AI-BOM and eval runs; the AI-BOM in both formats', async () => {
      const res = await call('GET', `/models/${ids.deepseek}`, 'viewer');
      expect(res.statusCode, res.body).toBe(200);
      const m = res.json() as { status: string; decisions: unknown[]; aibom: unknown; evalRuns: unknown[] };
      expect(m.status).toBe('forbidden');
      expect(m.decisions).toHaveLength(1);
      expect(m.evalRuns).toEqual([]);
      expect(CycloneDxAibomSchema.safeParse(m.aibom).success).toBe(true);
      const phi = (await call('GET', `/models/${ids['Phi-3 GGUF']}`, 'viewer')).json() as { flags: { code: string }[] };
      expect(phi.flags.map((f) => f.code)).toContain('DECLARED_MISMATCH');

      const cdx = await call('GET', `/models/${ids.deepseek}/aibom`, 'viewer');
      expect(cdx.statusCode).toBe(200);
      expect(cdx.headers['content-type']).toMatch(/application\/vnd\.cyclonedx\+json/);
      expect(CycloneDxAibomSchema.safeParse(JSON.parse(cdx.body)).success).toBe(true);
      const spdx = await call('GET', `/models/${ids.deepseek}/aibom?format=spdx`, 'viewer');
      expect(spdx.headers['content-type']).toMatch(/application\/ld\+json/);
      expect(Spdx3AibomSchema.safeParse(JSON.parse(spdx.body)).success).toBe(true);
      problem(await call('GET', `/models/${ids.deepseek}/aibom?format=xml`, 'viewer'), 400, 'SP_BAD_REQUEST');
      problem(await call('GET', '/models/MDL-nope', 'viewer'), 404, 'SP_NOT_FOUND');
      problem(await call('GET', '/models', undefined), 401, 'SP_UNAUTHENTICATED');
    });

    it('lists evaluation runs, shows scores, renders the report; no route starts a run', async () => {
      const answer = JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'I cannot do that.' } }] });
      const evals = new EvaluationService(app, {
        fetch: async () => new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } }),
      });
      const run = await evals.run({
        endpoint: { url: 'http://127.0.0.1:9', model: 'qwen2.5' },
        suites: ['sp-agent-security'],
        retries: 0,
        actor: 'tester',
        modelId: ids['Qwen2.5']!,
      });
      const runs = (await call('GET', '/evaluations', 'viewer')).json() as { id: string; modelId: string }[];
      expect(runs).toMatchObject([{ id: run.runId, modelId: ids['Qwen2.5'] }]);
      const s = await call('GET', `/evaluations/${run.runId}`, 'viewer');
      expect(s.statusCode, s.body).toBe(200);
      const body = s.json() as { scores: unknown[]; counts: { answered: number }; run: { config: { run: unknown } } };
      expect(body.scores.length).toBeGreaterThan(0);
      expect(body.counts.answered).toBe(run.answered);
      expect(JSON.stringify(body.run.config)).not.toContain('"items"');
      const html = await call('GET', `/evaluations/${run.runId}/report`, 'viewer');
      expect(html.headers['content-type']).toMatch(/text\/html/);
      expect(html.body).toContain('<html');
      const pdf = await call('GET', `/evaluations/${run.runId}/report?format=pdf`, 'viewer');
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.headers['x-pdf-sha256']).toMatch(/^[0-9a-f]{64}$/);
      problem(await call('GET', '/evaluations/EVR-nope', 'viewer'), 404, 'SP_NOT_FOUND');
      problem(
        await call('POST', '/evaluations', 'admin', { endpoint: { url: 'http://169.254.169.254', model: 'x' } }),
        404,
        'SP_NOT_FOUND',
      );
      const m = (await call('GET', `/models/${ids['Qwen2.5']}`, 'viewer')).json() as { evalRuns: { id: string }[] };
      expect(m.evalRuns.map((r) => r.id)).toEqual([run.runId]);
    });

    it('links an existing run to another model (analyst)', async () => {
      const [run] = (await call('GET', '/evaluations', 'viewer')).json() as { id: string }[];
      problem(
        await call('POST', `/models/${ids.deepseek}/evaluations`, 'viewer', { runId: run!.id }),
        403,
        'SP_FORBIDDEN',
      );
      const res = await call('POST', `/models/${ids.deepseek}/evaluations`, 'analyst', { runId: run!.id });
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { evalRuns: { id: string }[] }).evalRuns.map((r) => r.id)).toEqual([run!.id]);
    });
  });
}
