/**
 * /api/v1/models, /api/v1/model-policies and /api/v1/evaluations: the model registry (issue 7) and the evaluation
 * runs. A model is registered from a scan report (JSON) made where the weights are (`stackport models scan`); the
 * server never reads a path. Evaluation runs are started from the CLI only (`stackport models eval run`): no route
 * makes the server call a URL it was given (that would be server-side request forgery).
 * Viewers read; analysts register models and link runs; admins add policy versions.
 * @module
 */
import {
  EvaluationService,
  MAX_SCAN_REPORT_BYTES,
  ModelLinkEvalSchema,
  ModelPolicyInputSchema,
  ModelRegisterSchema,
  ModelRegistryService,
  renderHtml,
  renderPdfWithHash,
  type Stackport,
} from '@stackport/app';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth.js';
import { described, IdParams, problemResponses } from '../responses.js';

const errors = problemResponses;

export async function modelRoutes(fastify: FastifyInstance, opts: { app: Stackport }) {
  const { app } = opts;
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const viewer = requireRole(app, 'viewer');
  const analyst = requireRole(app, 'analyst');
  const admin = requireRole(app, 'admin');
  const registry = new ModelRegistryService(app);
  const evals = new EvaluationService(app);
  const tags = ['models'];
  const evalTags = ['evaluations'];

  r.post(
    '/models',
    {
      preHandler: analyst,
      bodyLimit: MAX_SCAN_REPORT_BYTES,
      schema: {
        tags,
        summary: 'Register a model from a scan report (the JSON of `stackport models scan --json`)',
        description:
          'Body: `{report, asOf?}`. The server re-runs the analysis over the files’ parsed summaries, identifies the model by the hashes of its weight files (same weights → same model; a re-scan records what changed), checks the origin policies in force on `asOf` (default today) and stores model, scan, decisions and audit record in one transaction. A bad report is refused (400) and nothing is stored. File paths are never read on the server.',
        body: ModelRegisterSchema,
        response: { 200: described('A re-scan of known weights'), 201: described('A new model'), ...errors },
      },
    },
    async (req, reply) => {
      const out = await registry.register(req.body, actorOf(req));
      return reply.code(out.created ? 201 : 200).send(out);
    },
  );
  r.get(
    '/models',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Registered models, most recently scanned first',
        description: '`flagged=true`: the current outcome is flagged or forbidden under a policy in force.',
        querystring: z.object({
          country: z.string().min(2).max(2).optional().describe('Origin country (ISO 3166-1 alpha-2)'),
          family: z.string().min(1).max(100).optional().describe('Family id: deepseek, qwen, llama…'),
          flagged: z.enum(['true', 'false']).optional(),
          status: z.enum(['unchecked', 'allowed', 'flagged', 'forbidden']).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
        response: { 200: described('Models (without scan reports and AI-BOMs)'), ...errors },
      },
    },
    async (req) => {
      const { flagged, ...rest } = req.query;
      return registry.models({ ...rest, ...(flagged ? { flagged: flagged === 'true' } : {}) });
    },
  );
  r.get(
    '/models/:id',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'A model: fingerprint, flags, files with hashes, policy decisions, scan history, eval runs, AI-BOM',
        params: IdParams,
        response: { 200: described('The model'), ...errors },
      },
    },
    async (req) => registry.model(req.params.id),
  );
  r.get(
    '/models/:id/aibom',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'The AI bill of materials of the latest scan: CycloneDX 1.6 (default) or SPDX 3.0.1 JSON-LD',
        params: IdParams,
        querystring: z.object({ format: z.enum(['cyclonedx', 'spdx']).default('cyclonedx') }),
        response: { 200: described('The AI-BOM'), ...errors },
      },
    },
    async (req, reply) => {
      const bom = await registry.aibom(req.params.id, req.query.format);
      return reply
        .type(req.query.format === 'spdx' ? 'application/ld+json' : 'application/vnd.cyclonedx+json')
        .header('content-disposition', `attachment; filename="${req.params.id}.${req.query.format}.json"`)
        .send(JSON.stringify(bom, null, 2));
    },
  );
  r.post(
    '/models/:id/evaluations',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Link an existing evaluation run to the model (runs themselves start from the CLI)',
        params: IdParams,
        body: ModelLinkEvalSchema,
        response: { 200: described('The model with its eval runs'), ...errors },
      },
    },
    async (req) => registry.linkEvalRun(req.params.id, req.body, actorOf(req)),
  );

  r.post(
    '/model-policies',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Add a dated model origin policy version and check every registered model against it',
        description:
          'A version is never edited: add a new one (409 for an existing id + version). `source` is required. When the version is in force today, every model’s status follows the policies now in force; otherwise the models are checked as of its start date and their status is unchanged. One transaction with its audit record.',
        body: ModelPolicyInputSchema,
        response: { 201: described('The version and the re-evaluation summary'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await registry.addPolicy(req.body, actorOf(req))),
  );
  r.get(
    '/model-policies',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Model origin policy versions, latest start first, marked when in force today',
        response: { 200: described('Policy versions'), ...errors },
      },
    },
    async () => registry.policies(),
  );

  r.get(
    '/evaluations',
    {
      preHandler: viewer,
      schema: {
        tags: evalTags,
        summary: 'Evaluation runs, newest first (started from the CLI: `stackport models eval run`)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
        response: { 200: described('Runs'), ...errors },
      },
    },
    async (req) => evals.listRuns(req.query.limit ?? 100),
  );
  r.get(
    '/evaluations/:id',
    {
      preHandler: viewer,
      schema: {
        tags: evalTags,
        summary: 'A run with its scores (± SE, 95% CI), paired language differences, failed and missing items',
        params: IdParams,
        response: { 200: described('The run and its scores'), ...errors },
      },
    },
    async (req) => {
      const s = await evals.scores(req.params.id);
      const { config, ...run } = s.run;
      return {
        run: { ...run, config: { run: (config as { run?: unknown }).run ?? null } },
        counts: {
          items: s.items.length,
          answered: s.answers.length,
          failed: s.errors.length,
          missing: s.missing.length,
        },
        scores: s.rows,
        differences: s.differences,
        errors: s.errors,
        missing: s.missing,
      };
    },
  );
  r.get(
    '/evaluations/:id/report',
    {
      preHandler: viewer,
      schema: {
        tags: evalTags,
        summary: 'The printable report of a run: HTML (default) or PDF',
        params: IdParams,
        querystring: z.object({ format: z.enum(['html', 'pdf']).default('html') }),
      },
    },
    async (req, reply) => {
      const doc = await evals.report(req.params.id);
      if (req.query.format === 'html') return reply.type('text/html; charset=utf-8').send(renderHtml(doc));
      const pdf = await renderPdfWithHash(doc);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${req.params.id}.pdf"`)
        .header('x-pdf-sha256', pdf.sha256)
        .send(Buffer.from(pdf.bytes));
    },
  );
}
