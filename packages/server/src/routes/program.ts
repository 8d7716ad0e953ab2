/**
 * /api/v1/program: the American AI Exports Program. Proposals (drafts saved even when incomplete, with their
 * findings), the automatic checks, justifications, submission, agency reviews, the national interest determination,
 * designation or decline, amendment, the catalog of designated packages and the JSON export.
 * Viewers read; analysts (the consortium side) create, edit, justify and submit; admins (the government reviewers)
 * review and decide.
 * @module
 */
import {
  ProgramDecisionSchema,
  ProgramExportQuerySchema,
  ProgramJustifySchema,
  ProgramNidSchema,
  ProgramQuerySchema,
  ProgramReviewSchema,
  ProgramService,
  renderPdf,
  type Stackport,
} from '@stackport/app';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth.js';
import { described, IdParams, problemResponses } from '../responses.js';

const errors = problemResponses;
const ProposalBody = z
  .record(z.string(), z.unknown())
  .describe(
    'A proposal: JSON Schema https://stackport.dev/schemas/program/proposal.schema.json (docs/program/proposal.schema.json)',
  );

export async function programRoutes(fastify: FastifyInstance, opts: { app: Stackport; program?: ProgramService }) {
  const { app } = opts;
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const viewer = requireRole(app, 'viewer');
  const analyst = requireRole(app, 'analyst');
  const admin = requireRole(app, 'admin');
  const program = opts.program ?? new ProgramService(app);
  const tags = ['program'];

  r.get(
    '/program/proposals',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Proposals, most recently changed first; filter by review state',
        querystring: ProgramQuerySchema,
        response: { 200: described('Proposal summaries'), ...errors },
      },
    },
    async (req) => program.list(req.query),
  );
  r.post(
    '/program/proposals',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Create a proposal; it is checked and saved as a draft even when incomplete',
        description:
          'The body must fit the published schema (structure only; a schema error names the path and nothing is stored). The checks run with the real modules (screening over the active lists, classification, the license determination with the bundled rule pack); the response lists the findings and what is missing.',
        body: ProposalBody,
        response: { 201: described('The proposal, its review record, content and check'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await program.create(req.body, actorOf(req))),
  );
  r.get(
    '/program/proposals/:id',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'A proposal: current content and check, review record, versions, justifications, reviews, decisions',
        params: IdParams,
        response: { 200: described('The proposal'), ...errors },
      },
    },
    async (req) => program.show(req.params.id),
  );
  r.put(
    '/program/proposals/:id',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Replace the content: a draft is edited; after submission a new draft version is opened (amendment)',
        description:
          'A change in membership (consortium) or in the hardware BOM after submission reopens the review and suspends a designation in force (`reopened: true`).',
        params: IdParams,
        body: ProposalBody,
        response: { 200: described('The proposal after the change'), ...errors },
      },
    },
    async (req) => program.update(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/program/proposals/:id/check',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Run the checks again on the current version (records matcher, list and rule pack versions)',
        params: IdParams,
        response: { 200: described('The check'), ...errors },
      },
    },
    async (req) => program.check(req.params.id, actorOf(req)),
  );
  r.post(
    '/program/proposals/:id/justifications',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Justify a finding (ID@path) of the current draft',
        params: IdParams,
        body: ProgramJustifySchema,
        response: { 200: described('The proposal with its new check'), ...errors },
      },
    },
    async (req) => program.justify(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/program/proposals/:id/submit',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Submit the current draft: 409 listing the blocking findings unless each is justified',
        params: IdParams,
        response: { 200: described('The submitted proposal (the version frozen under its sha256)'), ...errors },
      },
    },
    async (req) => program.submit(req.params.id, actorOf(req)),
  );
  r.post(
    '/program/proposals/:id/reviews',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "An agency's rubric scores on the current version (starts the review of a submitted version)",
        params: IdParams,
        body: ProgramReviewSchema,
        response: { 200: described('The proposal with the review recorded'), ...errors },
      },
    },
    async (req) => program.review(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/program/proposals/:id/national-interest',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'The national interest determination (State, War, Energy and OSTP consulted)',
        params: IdParams,
        body: ProgramNidSchema,
        response: { 200: described('The proposal with the determination recorded'), ...errors },
      },
    },
    async (req) => program.determineNationalInterest(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/program/proposals/:id/decision',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Designate (conditions, expiry; needs a positive determination) or decline (reasons)',
        params: IdParams,
        body: ProgramDecisionSchema,
        response: { 200: described('The decided proposal'), ...errors },
      },
    },
    async (req) => program.decide(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/program/proposals/:id/export',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'The proposal as schema-valid JSON for the government, or the public (confidential sections emptied)',
        params: IdParams,
        querystring: ProgramExportQuerySchema,
        response: { 200: described('The export'), ...errors },
      },
    },
    async (req) => program.export(req.params.id, req.query),
  );
  r.get(
    '/program/proposals/:id/dossier.pdf',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'The proposal dossier as PDF (government, or public with confidential sections emptied)',
        params: IdParams,
        querystring: ProgramExportQuerySchema,
      },
    },
    async (req, reply) => {
      const doc = await program.dossier(req.params.id, req.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${req.params.id}-dossier.pdf"`)
        .send(Buffer.from(await renderPdf(doc)));
    },
  );
  r.get(
    '/program/rubric',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'The rubric agency reviews are scored against: criteria, maximum scores, weights, agencies',
        response: { 200: described('The rubric'), ...errors },
      },
    },
    async () => program.rubric(),
  );
  r.get(
    '/program/example',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'A complete, compliant example proposal (invented names) to start a draft from',
        response: { 200: described('The example proposal'), ...errors },
      },
    },
    async () => program.example(),
  );
  r.get(
    '/program/catalog',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'The catalog of designated packages in force, without business-confidential sections',
        querystring: z.object({ asOf: z.iso.date().optional() }),
        response: { 200: described('Catalog entries'), ...errors },
      },
    },
    async (req) => program.catalog(req.query.asOf),
  );
}
