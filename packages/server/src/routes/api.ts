/**
 * The /api/v1 routes. Each maps one Stackport operation; the CLI exposes the same ones.
 * @module
 */
import {
  AppError,
  ClassifyRequestSchema,
  createToken,
  DecisionSchema,
  Licensing,
  PartyInputSchema,
  revoke,
  ScreenRequestSchema,
  type Stackport,
  TokenInputSchema,
  tokens,
} from '@stackport/app';
import { CaseFileSchema, DraftRulePackSchema, HIT_STATUSES } from '@stackport/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth.js';
import type { Metrics } from '../metrics.js';
import { described, IdParams, Problem, ScreenResponse } from '../responses.js';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const ok = (description: string) => ({
  200: described(description),
  201: described(description),
  204: z.null().describe('No content'),
  ...errors,
});
const Paging = {
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};

/** Largest list file accepted by POST /lists/import. */
export const MAX_LIST_BYTES = 200 * 1024 * 1024;

export async function apiRoutes(fastify: FastifyInstance, opts: { app: Stackport; metrics: Metrics }) {
  const { app, metrics } = opts;
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const viewer = requireRole(app, 'viewer');
  const analyst = requireRole(app, 'analyst');
  const admin = requireRole(app, 'admin');
  const licensing = new Licensing(app);

  r.get(
    '/me',
    {
      preHandler: viewer,
      schema: { tags: ['access'], summary: 'The calling token: name and role', response: ok('See the summary') },
    },
    async (req) => req.token,
  );

  r.get(
    '/status',
    {
      preHandler: viewer,
      schema: {
        tags: ['lists'],
        summary: 'Active list versions, index size, hit counts',
        response: ok('See the summary'),
      },
    },
    () => app.status(),
  );

  r.post(
    '/screen',
    {
      preHandler: viewer,
      schema: {
        tags: ['screening'],
        summary: 'Screen one name against the active lists',
        description:
          'Returns hits at or above the review threshold, sorted by score, each with its explanation. The search is logged.',
        body: ScreenRequestSchema,
        response: { 200: ScreenResponse, ...errors },
      },
    },
    async (req) => {
      metrics.screenings.inc();
      return app.screen(req.body, actorOf(req));
    },
  );

  r.get(
    '/lists',
    {
      preHandler: viewer,
      schema: {
        tags: ['lists'],
        summary: 'All list versions with provenance, per-source counts and import problems',
        querystring: z.object({ active: z.enum(['true', 'false']).optional() }),
        response: ok('See the summary'),
      },
    },
    async (req) => app.listVersions({ activeOnly: req.query.active === 'true' }),
  );

  r.post(
    '/lists/import',
    {
      preHandler: admin,
      bodyLimit: MAX_LIST_BYTES,
      schema: {
        tags: ['lists'],
        summary: 'Import a new list version (CSL CSV or UN XML) as the raw request body',
        description:
          'Saved parties are re-screened against added and changed entries; affected hits reopen. All in one transaction.',
        querystring: z.object({ fileName: z.string().min(1).max(200).default('upload') }),
        response: ok('See the summary'),
      },
    },
    async (req, reply) => {
      if (typeof req.body !== 'string')
        throw new AppError(
          'SP_BAD_REQUEST',
          'send the list file as the body with Content-Type text/csv, text/xml or application/xml',
        );
      const result = await app.importList({ text: req.body, fileName: req.query.fileName, actor: actorOf(req) });
      return reply.code(result.unchanged ? 200 : 201).send(result);
    },
  );

  r.get(
    '/parties',
    {
      preHandler: viewer,
      schema: {
        tags: ['parties'],
        summary: 'Saved parties',
        querystring: z.object(Paging),
        response: ok('See the summary'),
      },
    },
    async (req) => app.listParties({ limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );

  r.post(
    '/parties',
    {
      preHandler: analyst,
      schema: {
        tags: ['parties'],
        summary: 'Save a party (customer, consignee, end user) and screen it',
        body: PartyInputSchema,
        response: ok('See the summary'),
      },
    },
    async (req, reply) => reply.code(201).send(await app.createParty(req.body, actorOf(req))),
  );

  r.get(
    '/parties/:id',
    {
      preHandler: viewer,
      schema: {
        tags: ['parties'],
        summary: 'A party with its hits, screenings and ownership finding',
        params: IdParams,
        response: ok('See the summary'),
      },
    },
    async (req) => app.getParty(req.params.id),
  );

  r.put(
    '/parties/:id',
    {
      preHandler: analyst,
      schema: {
        tags: ['parties'],
        summary: 'Replace a party’s data and re-screen it',
        params: IdParams,
        body: PartyInputSchema,
        response: ok('See the summary'),
      },
    },
    async (req) => app.updateParty(req.params.id, req.body, actorOf(req)),
  );

  r.get(
    '/hits',
    {
      preHandler: viewer,
      schema: {
        tags: ['review'],
        summary: 'The hit review queue, highest score first',
        querystring: z.object({ status: z.enum(HIT_STATUSES).optional(), partyId: z.string().optional(), ...Paging }),
        response: ok('See the summary'),
      },
    },
    async (req) => ({
      counts: await app.hitCounts(),
      hits: await app.listHits({
        status: req.query.status,
        partyId: req.query.partyId,
        limit: req.query.limit ?? 100,
        offset: req.query.offset ?? 0,
      }),
    }),
  );

  r.get(
    '/hits/:id',
    {
      preHandler: viewer,
      schema: {
        tags: ['review'],
        summary: 'One hit with its explanation',
        params: IdParams,
        response: ok('See the summary'),
      },
    },
    async (req) => app.getHit(req.params.id),
  );

  r.post(
    '/hits/:id/decision',
    {
      preHandler: analyst,
      schema: {
        tags: ['review'],
        summary: 'Adjudicate a hit: true match, false positive or escalate, with a reason',
        params: IdParams,
        body: DecisionSchema,
        response: ok('See the summary'),
      },
    },
    async (req) => app.decide(req.params.id, req.body, actorOf(req)),
  );

  r.get(
    '/audit',
    {
      preHandler: viewer,
      schema: {
        tags: ['audit'],
        summary: 'Audit log records in order',
        querystring: z.object({
          afterSeq: z.coerce.number().int().min(0).optional(),
          subject: z.string().optional(),
          limit: Paging.limit,
        }),
        response: ok('See the summary'),
      },
    },
    async (req) =>
      app.listAudit({
        ...(req.query.afterSeq === undefined ? {} : { afterSeq: req.query.afterSeq }),
        ...(req.query.subject ? { subject: req.query.subject } : {}),
        limit: req.query.limit ?? 100,
      }),
  );

  r.get(
    '/audit/verify',
    {
      preHandler: viewer,
      schema: { tags: ['audit'], summary: 'Verify the audit hash chain end to end', response: ok('See the summary') },
    },
    () => app.verifyAudit(),
  );

  r.get(
    '/parts',
    {
      preHandler: viewer,
      schema: {
        tags: ['licensing'],
        summary: 'The bundled catalogue of AI chips, HBM, systems, SME and models with sources',
        response: ok('Catalogue parts'),
      },
    },
    () => licensing.parts(),
  );

  r.post(
    '/classify',
    {
      preHandler: viewer,
      schema: {
        tags: ['licensing'],
        summary:
          'Classify an item (catalogue partId or spec) as of a date: ECCN, TPP/PD, reasoning, needs-input, flags',
        body: ClassifyRequestSchema,
        response: ok('Classification'),
      },
    },
    async (req) => licensing.classify(req.body),
  );

  r.post(
    '/determine',
    {
      preHandler: viewer,
      schema: {
        tags: ['licensing'],
        summary: 'License determination for a case file (docs/case-format.md); nothing is saved',
        description:
          'Returns the classification, the determination (both layers, requirements, review policy, exceptions, red flags, flags, reasoning with 15 CFR citations) and the screening gate of every party.',
        body: CaseFileSchema,
        response: ok('Determination result'),
      },
    },
    async (req) => licensing.determine(req.body, actorOf(req)),
  );

  r.post(
    '/transactions',
    {
      preHandler: analyst,
      schema: {
        tags: ['licensing'],
        summary: 'Determine a case and save it as a transaction (audited)',
        querystring: z.object({ reference: z.string().max(200).optional() }),
        body: CaseFileSchema,
        response: ok('Determination result with transactionId'),
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await licensing.determine(req.body, actorOf(req), {
          save: true,
          ...(req.query.reference ? { reference: req.query.reference } : {}),
        }),
      ),
  );

  r.get(
    '/transactions',
    {
      preHandler: viewer,
      schema: {
        tags: ['licensing'],
        summary: 'Saved transactions, newest first',
        querystring: z.object(Paging),
        response: ok('Transactions'),
      },
    },
    async (req) => licensing.transactions({ limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );

  r.get(
    '/transactions/:id',
    {
      preHandler: viewer,
      schema: {
        tags: ['licensing'],
        summary: 'One saved transaction: case file and determination',
        params: IdParams,
        response: ok('Transaction'),
      },
    },
    async (req) => licensing.transaction(req.params.id),
  );

  r.get(
    '/rules',
    {
      preHandler: viewer,
      schema: {
        tags: ['licensing'],
        summary: 'The rule pack in use: id, version, dates, counts',
        response: ok('Rule pack summary'),
      },
    },
    () => ({
      id: licensing.rules.id,
      version: licensing.rules.version,
      asOf: licensing.rules.asOf,
      validFrom: licensing.rules.validFrom,
      description: licensing.rules.description,
      counts: {
        regulations: licensing.rules.regulations.length,
        requirements: licensing.rules.requirements.length,
        reviewPolicies: licensing.rules.reviewPolicies.length,
        exceptions: licensing.rules.exceptions.length,
      },
      regulations: licensing.rules.regulations,
    }),
  );

  r.get(
    '/rules/diff',
    {
      preHandler: viewer,
      schema: {
        tags: ['licensing'],
        summary: 'What changed in the rules after `from`, up to `to`',
        querystring: z.object({ from: z.string(), to: z.string() }),
        response: ok('Rule changes'),
      },
    },
    async (req) => licensing.rulesDiff(req.query),
  );

  r.post(
    '/rules/what-if',
    {
      preHandler: analyst,
      schema: {
        tags: ['licensing'],
        summary: 'Apply a draft rule pack to every saved transaction and list the outcomes that change',
        body: DraftRulePackSchema,
        response: ok('What-if result'),
      },
    },
    async (req) => licensing.whatIf(req.body, actorOf(req)),
  );

  r.get(
    '/tokens',
    {
      preHandler: admin,
      schema: { tags: ['access'], summary: 'API tokens (never their secret)', response: ok('See the summary') },
    },
    () => tokens(app),
  );

  r.post(
    '/tokens',
    {
      preHandler: admin,
      schema: {
        tags: ['access'],
        summary: 'Create a token; the secret is returned once',
        body: TokenInputSchema,
        response: ok('See the summary'),
      },
    },
    async (req, reply) => reply.code(201).send(await createToken(app, req.body, actorOf(req))),
  );

  r.delete(
    '/tokens/:id',
    {
      preHandler: admin,
      schema: { tags: ['access'], summary: 'Revoke a token', params: IdParams, response: ok('See the summary') },
    },
    async (req, reply) => {
      await revoke(app, req.params.id, actorOf(req));
      return reply.code(204).send(null);
    },
  );
}
