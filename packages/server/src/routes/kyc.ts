/**
 * /api/v1/kyc: cloud-compute customer due diligence (IaaS KYC). Account opening with screening and assessment,
 * findings and decisions, the foreign-reseller registry, usage ingestion, the large-training-run check with its draft
 * report, and the rules with their legal status. Viewers read; analysts open accounts, resolve findings, decide,
 * ingest usage and run the check; admins manage resellers.
 * @module
 */
import {
  KycAccountQuerySchema,
  KycApplicationSchema,
  KycAttestationSchema,
  KycDecisionSchema,
  KycFindingQuerySchema,
  KycFindingResolutionSchema,
  KycResellerCustomersSchema,
  KycResellerSchema,
  KycRulesQuerySchema,
  KycService,
  KycTrainingCheckSchema,
  type Stackport,
} from '@stackport/app';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth.js';
import { described, IdParams, problemResponses } from '../responses.js';

const errors = problemResponses;

/** Largest usage batch body (100,000 rows). */
export const MAX_USAGE_BODY_BYTES = 32 * 1024 * 1024;

export async function kycRoutes(fastify: FastifyInstance, opts: { app: Stackport; kyc?: KycService }) {
  const { app } = opts;
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const viewer = requireRole(app, 'viewer');
  const analyst = requireRole(app, 'analyst');
  const admin = requireRole(app, 'admin');
  const kyc = opts.kyc ?? new KycService(app);
  const tags = ['kyc'];

  r.get(
    '/kyc/rules',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'KYC rules known on a date, each with its legal status (proposed-rule, bill, in-force, guidance)',
        querystring: KycRulesQuerySchema,
        response: { 200: described('The date and the rules'), ...errors },
      },
    },
    async (req) => kyc.rules(req.query),
  );
  r.post(
    '/kyc/accounts',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Open an account: validate, screen customer, owners and resellers, assess, store with findings',
        description:
          'Bad input is refused (400, naming the fields) and nothing is stored; an account id already opened is 409. The account is `approved` when the assessment approves, otherwise `pending-review`. Every screening hit, red flag, undetermined foreign-person status and missing field is a finding.',
        body: KycApplicationSchema,
        response: { 201: described('The account with its assessment, findings and decisions'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await kyc.openAccount(req.body, actorOf(req))),
  );
  r.get(
    '/kyc/accounts',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Accounts, newest first; filter by status',
        querystring: KycAccountQuerySchema,
        response: { 200: described('Account summaries'), ...errors },
      },
    },
    async (req) => kyc.accounts(req.query),
  );
  r.get(
    '/kyc/accounts/:id',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'An account: application, assessment (reasons, rules applied), screening, findings, decisions',
        params: IdParams,
        response: { 200: described('The account'), ...errors },
      },
    },
    async (req) => kyc.account(req.params.id),
  );
  r.post(
    '/kyc/accounts/:id/decisions',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Decide: approve | reject | close, with a reason',
        description:
          'Approve and reject apply to a pending-review account, close to a pending-review or approved one. Approval while a high-severity finding is open needs `override` (an explicit reason, kept with the decision); 409 otherwise.',
        params: IdParams,
        body: KycDecisionSchema,
        response: { 200: described('The account with its decisions'), ...errors },
      },
    },
    async (req) => kyc.decide(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/kyc/findings',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Findings, newest first; filter by account, kind or status',
        querystring: KycFindingQuerySchema,
        response: { 200: described('Findings'), ...errors },
      },
    },
    async (req) => kyc.findings(req.query),
  );
  r.get(
    '/kyc/findings/:id',
    {
      preHandler: viewer,
      schema: { tags, summary: 'A finding', params: IdParams, response: { 200: described('The finding'), ...errors } },
    },
    async (req) => kyc.finding(req.params.id),
  );
  r.post(
    '/kyc/findings/:id/resolution',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Resolve an open finding with a reason',
        params: IdParams,
        body: KycFindingResolutionSchema,
        response: { 200: described('The resolved finding'), ...errors },
      },
    },
    async (req) => kyc.resolveFinding(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/kyc/reports/:id',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Draft training-run report (PDF) of a large-training-run finding, or of an account’s latest one',
        description:
          'A DRAFT under a proposed rule (89 FR 5698); no filing channel is known. ?format=json returns the document.',
        params: IdParams,
        querystring: z.object({ format: z.enum(['pdf', 'json']).default('pdf') }),
      },
    },
    async (req, reply) => {
      const report = await kyc.trainingRunReport(req.params.id);
      if (req.query.format === 'json')
        return {
          findingId: report.findingId,
          accountId: report.accountId,
          sha256: report.sha256,
          document: report.document,
        };
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="kyc-training-run-${report.findingId}.pdf"`)
        .header('x-pdf-sha256', report.sha256)
        .send(Buffer.from(report.bytes));
    },
  );
  r.get(
    '/kyc/resellers',
    {
      preHandler: viewer,
      schema: { tags, summary: 'The reseller registry', response: { 200: described('Resellers'), ...errors } },
    },
    async () => kyc.resellers(),
  );
  r.post(
    '/kyc/resellers',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Register a (foreign) reseller, with its CIP attestations and reported customers',
        body: KycResellerSchema,
        response: { 201: described('The reseller'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await kyc.registerReseller(req.body, actorOf(req))),
  );
  r.post(
    '/kyc/resellers/:id/attestations',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Record a reseller’s attestation that it keeps its own customer identification program',
        params: IdParams,
        body: KycAttestationSchema,
        response: { 200: described('The reseller'), ...errors },
      },
    },
    async (req) => kyc.attestReseller(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/kyc/resellers/:id/customers',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Add accounts the reseller reported as its customers',
        params: IdParams,
        body: KycResellerCustomersSchema,
        response: { 200: described('The reseller'), ...errors },
      },
    },
    async (req) => kyc.addResellerCustomers(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/kyc/usage',
    {
      preHandler: analyst,
      bodyLimit: MAX_USAGE_BODY_BYTES,
      schema: {
        tags,
        summary: 'Ingest daily accelerator usage (idempotent per account, day and accelerator)',
        description:
          'Body: {records: [{accountId, day, acceleratorModel, count, hours, utilisation}], source?} or a bare array. A bad row (field, future day, unknown account, duplicate key) is quarantined with its reason; the others are applied.',
        body: z.union([z.array(z.unknown()), z.object({}).passthrough()]),
        response: { 200: described('Counts, quarantined rows with reasons, unknown accelerator models'), ...errors },
      },
    },
    async (req) => kyc.ingestUsage(req.body, actorOf(req)),
  );
  r.post(
    '/kyc/training-runs/check',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Estimate operations per account over a rolling window; crossing runs become findings with a draft',
        body: KycTrainingCheckSchema,
        response: { 200: described('Estimates and the findings opened or refreshed'), ...errors },
      },
    },
    async (req) => kyc.checkTrainingRuns(req.body ?? {}, actorOf(req)),
  );
}
