/**
 * /api/v1/synthesis: nucleic-acid synthesis order screening. Concern databases, order intake and screening, the
 * review queue and decisions, retention purge, and the keyed-hash exchange between providers.
 * Viewers read; analysts submit orders, decide and exchange bulletins; admins import concern databases and purge.
 * @module
 */
import {
  BulletinCheckSchema,
  BulletinExportSchema,
  type Stackport,
  SynthesisDecisionSchema,
  SynthesisOrderInputSchema,
  SynthesisOrderQuerySchema,
  SynthesisPurgeSchema,
  SynthesisService,
} from '@stackport/app';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth.js';
import { described, IdParams, problemResponses } from '../responses.js';

const errors = problemResponses;

/** Largest concern database accepted over HTTP (FASTA text). */
export const MAX_CONCERN_DB_BYTES = 256 * 1024 * 1024;
/** Largest order body (the FASTA limit is 50 M residues). */
export const MAX_ORDER_BYTES = 64 * 1024 * 1024;

export async function synthesisRoutes(
  fastify: FastifyInstance,
  opts: { app: Stackport; synthesis?: SynthesisService },
) {
  const { app } = opts;
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const viewer = requireRole(app, 'viewer');
  const analyst = requireRole(app, 'analyst');
  const admin = requireRole(app, 'admin');
  const synthesis = opts.synthesis ?? new SynthesisService(app);
  const tags = ['synthesis'];
  // FASTA bodies (this plugin's scope only); text/plain is parsed as a string by Fastify already.
  for (const type of ['text/x-fasta', 'application/x-fasta'])
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_CONCERN_DB_BYTES }, (_req, body, done) =>
      done(null, body),
    );

  r.get(
    '/synthesis/concern-sets',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Imported concern databases (newest first; one is active), with sha256, index version and counts',
        response: { 200: described('Concern sets'), ...errors },
      },
    },
    async () => synthesis.concernSets(),
  );
  r.post(
    '/synthesis/concern-sets',
    {
      preHandler: admin,
      bodyLimit: MAX_CONCERN_DB_BYTES,
      schema: {
        tags,
        summary: 'Import a provider-supplied database of sequences of concern (FASTA) as the active set',
        description:
          'Body: FASTA text (text/plain or text/x-fasta, with ?name= and ?fileName=), or JSON {fasta, name?, fileName?, provenance?}. A bad record refuses the whole file and is named; the same file as the active set changes nothing. Every stored order is re-screened against the concerns the new set adds or changes: a Flag on an open order adds a `rescreen-flag` review item and moves it to pending-review; a Flag on a decided order is a follow-up finding (its history is unchanged). `rescreen` gives the counts. One transaction with every audit record.',
        querystring: z.object({
          name: z.string().min(1).max(200).optional(),
          fileName: z.string().min(1).max(300).optional(),
        }),
        response: {
          200: described('The set, whether it was unchanged, FASTA warnings, and the re-screen of stored orders'),
          ...errors,
        },
      },
    },
    async (req) => {
      const body =
        typeof req.body === 'string'
          ? {
              fasta: req.body,
              ...(req.query.name ? { name: req.query.name } : {}),
              ...(req.query.fileName ? { fileName: req.query.fileName } : {}),
            }
          : req.body;
      return synthesis.importConcerns(body, actorOf(req));
    },
  );
  r.post(
    '/synthesis/orders',
    {
      preHandler: analyst,
      bodyLimit: MAX_ORDER_BYTES,
      schema: {
        tags,
        summary: 'Submit an order: FASTA intake, sequence screening, customer screening, split-order detection',
        description:
          'Bad input (a field, a FASTA record: the error names the record, line and column) is refused and nothing is stored. The order is `pending-review` when a Flag, a split order, a customer screening hit or a shipping/institution country mismatch needs an expert; otherwise `ready`.',
        body: SynthesisOrderInputSchema,
        response: { 201: described('The stored order with its screening'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await synthesis.submitOrder(req.body, actorOf(req))),
  );
  r.get(
    '/synthesis/orders',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary:
          'Orders, newest first (no sequences); filter by status, customer account, or re-screen follow-up (followUp=true)',
        querystring: SynthesisOrderQuerySchema,
        response: { 200: described('Order summaries'), ...errors },
      },
    },
    async (req) => synthesis.orders(req.query),
  );
  r.get(
    '/synthesis/orders/:id',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary:
          'An order: records, screening (regions and window hits), customer screening, review items, decisions, re-screen findings',
        params: IdParams,
        response: { 200: described('The order'), ...errors },
      },
    },
    async (req) => synthesis.order(req.params.id),
  );
  r.post(
    '/synthesis/orders/:id/decisions',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Decide: fulfil | hold | deny | report, with a reason',
        description:
          'Fulfilment of an order with review items needs `expert: true` (the decider attests to the expert review); 409 otherwise. A fulfilled or reported order takes no further decision; a denied one can still be reported.',
        params: IdParams,
        body: SynthesisDecisionSchema,
        response: { 200: described('The order with its decisions'), ...errors },
      },
    },
    async (req) => synthesis.decide(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/synthesis/bulletins',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: "Export a keyed-hash bulletin of a customer's recent orders for another provider",
        description: 'Contains only keyed hashes: no sequence, concern id or customer name.',
        body: BulletinExportSchema,
        response: { 200: described('The bulletin'), ...errors },
      },
    },
    async (req) => synthesis.exportBulletin(req.body, actorOf(req)),
  );
  r.post(
    '/synthesis/orders/:id/bulletin-checks',
    {
      preHandler: analyst,
      bodyLimit: MAX_ORDER_BYTES,
      schema: {
        tags,
        summary: "Check an order against another provider's bulletin (split orders across providers, overlaps)",
        params: IdParams,
        body: BulletinCheckSchema,
        response: { 200: described('The check; findings become review items'), ...errors },
      },
    },
    async (req) => synthesis.checkBulletin(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/synthesis/purge',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Delete decided orders whose 3-year retention has ended (never a younger one)',
        body: SynthesisPurgeSchema,
        response: { 200: described('Purged order ids'), ...errors },
      },
    },
    async (req) => synthesis.purge(req.body ?? {}, actorOf(req)),
  );
}
