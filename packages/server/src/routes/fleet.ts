/**
 * /api/v1/fleet: end-use monitoring. The registry (CSV import/export, devices, shipments, quarantine), check-in
 * ingestion, device timelines, detector passes, alerts, and cases with evidence bundles and draft reports.
 * Viewers read; analysts ingest, run passes and work cases; admins import the registry and shipments.
 * @module
 */
import {
  AlertQuerySchema,
  CaseAlertsSchema,
  CaseAssignSchema,
  CaseNoteSchema,
  CaseQuerySchema,
  CaseService,
  CaseStatusChangeSchema,
  CheckInBatchSchema,
  DetectRequestSchema,
  DeviceListQuerySchema,
  DismissAlertSchema,
  FleetService,
  FleetSettingsSchema,
  OpenCaseSchema,
  REPORT_KINDS,
  RevokeVerifierSchema,
  renderPdf,
  ShipmentInputSchema,
  SignedCheckInBatchSchema,
  type Stackport,
  VerifierInputSchema,
} from '@stackport/app';
import { alertSummary, devicesPerCountry } from '@stackport/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth.js';
import { described, IdParams, problemResponses } from '../responses.js';

const errors = problemResponses;

/** Largest registry CSV accepted (about 1M devices would be ~400 MB: split it, or use the CLI). */
export const MAX_REGISTRY_BYTES = 100 * 1024 * 1024;

export async function fleetRoutes(fastify: FastifyInstance, opts: { app: Stackport; fleet?: FleetService }) {
  const { app } = opts;
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const viewer = requireRole(app, 'viewer');
  const analyst = requireRole(app, 'analyst');
  const admin = requireRole(app, 'admin');
  // One fleet service per server: it serialises detector passes.
  const fleet = opts.fleet ?? new FleetService(app);
  const cases = new CaseService(app);
  const tags = ['fleet'];
  const caseTags = ['cases'];

  r.post(
    '/fleet/registry',
    {
      preHandler: admin,
      bodyLimit: MAX_REGISTRY_BYTES,
      schema: {
        tags,
        summary: 'Import a fleet registry CSV (text/csv body): devices with keys, licenses and licensed sites',
        description:
          'Good rows register devices; rows identical to stored devices count as unchanged; every other row is quarantined with its reason (malformed, invalid, repeated id or key, conflicting with a stored device). One transaction, one audit record. Columns: docs/monitoring.md.',
        querystring: z.object({ fileName: z.string().min(1).max(200).optional() }),
        response: { 200: described('Import summary: accepted, unchanged, rejected rows with reasons'), ...errors },
      },
    },
    async (req) =>
      fleet.importRegistry(
        {
          text: typeof req.body === 'string' ? req.body : '',
          ...(req.query.fileName ? { fileName: req.query.fileName } : {}),
        },
        actorOf(req),
      ),
  );
  r.get(
    '/fleet/registry.csv',
    {
      preHandler: viewer,
      schema: { tags, summary: 'The whole registry as CSV (re-importing it changes nothing)' },
    },
    async (_req, reply) => reply.type('text/csv; charset=utf-8').send(await fleet.exportRegistry()),
  );
  r.get(
    '/fleet/devices',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Registered devices, by id (keyset pagination: pass the last id as `after`)',
        querystring: DeviceListQuerySchema,
        response: { 200: described('Devices'), ...errors },
      },
    },
    async (req) => fleet.devices(req.query),
  );
  r.get(
    '/fleet/devices/:id/timeline',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'A device and its check-ins (verdicts), newest first',
        params: IdParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(5000).optional(),
          before: z.string().max(40).optional(),
        }),
        response: { 200: described('Device and check-ins'), ...errors },
      },
    },
    async (req) => {
      const [t, alerts] = await Promise.all([
        fleet.timeline(req.params.id, req.query),
        cases.alerts({ deviceId: req.params.id, limit: 200 }),
      ]);
      return { ...t, alerts };
    },
  );
  r.get(
    '/fleet/overview',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Devices per licensed-site country, alerts per status and per country (the fleet map)',
        response: { 200: described('Fleet overview'), ...errors },
      },
    },
    async () => {
      const db = app.connection.db;
      const [countries, alerts, counts] = await Promise.all([devicesPerCountry(db), alertSummary(db), fleet.counts()]);
      return { ...counts, countries, alerts };
    },
  );
  r.post(
    '/fleet/shipments',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Register a shipment (devices name it in their shipment_id)',
        body: ShipmentInputSchema,
        response: { 201: described('The shipment'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await fleet.registerShipment(req.body, actorOf(req))),
  );
  r.get(
    '/fleet/shipments',
    {
      preHandler: viewer,
      schema: { tags, summary: 'Shipments with their device counts', response: { 200: described('Shipments') } },
    },
    async () => fleet.shipments(),
  );
  r.get(
    '/fleet/rejections',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Quarantined registry rows and check-ins, with their reasons and raw input',
        querystring: z.object({
          importId: z.string().max(100).optional(),
          source: z.enum(['registry-csv', 'check-in']).optional(),
          limit: z.coerce.number().int().min(1).max(5000).optional(),
        }),
        response: { 200: described('Rejections'), ...errors },
      },
    },
    async (req) => fleet.rejections(req.query),
  );
  r.post(
    '/fleet/check-ins',
    {
      preHandler: analyst,
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Ingest unsigned check-ins from another verifier (verifications made here are check-ins already)',
        description:
          'Stored with source `unsigned`, and refused (400) while the fleet setting `allowUnsignedCheckIns` is false; a signed batch goes to `/fleet/check-in-batches`. Idempotent: a retried check-in (same device and id, same content) is counted unchanged. Unknown devices, times in the future or before registration, malformed items and conflicting resubmissions are quarantined with a reason; stored check-ins never change.',
        body: CheckInBatchSchema,
        response: { 200: described('Ingest summary'), ...errors },
      },
    },
    async (req) => fleet.ingestCheckIns(req.body, actorOf(req)),
  );
  r.post(
    '/fleet/check-in-batches',
    {
      preHandler: analyst,
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Ingest a signed check-in batch (stackport.check-in-batch/1) from a registered verifier',
        description:
          'The whole batch is refused (400 SP_BAD_REQUEST; `errors[0].message` names the reason: unknown-verifier, revoked-verifier, not-yet-valid, expired, signed-in-future, bad-signature, check-in-after-signing) unless the verifier is registered, not revoked, valid at `signedAt`, and the Ed25519 signature verifies over the canonical JSON of the batch without `signature`; nothing is stored then. Otherwise its check-ins are ingested as unsigned ones are (quarantined one by one), with source `verifier:<id>` and the batch id. Re-sending a batch is idempotent; the same batch id with other content is 409. Format: docs/monitoring.md.',
        body: SignedCheckInBatchSchema,
        response: { 200: described('Ingest summary'), ...errors },
      },
    },
    async (req) => fleet.ingestSignedBatch(req.body, actorOf(req)),
  );
  r.get(
    '/fleet/verifiers',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'External verifiers whose signed check-in batches are accepted, with keys, validity and revocation',
        response: { 200: described('Verifiers'), ...errors },
      },
    },
    async () => fleet.verifiers(),
  );
  r.post(
    '/fleet/verifiers',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Register an external verifier (Ed25519 public key, validity window)',
        body: VerifierInputSchema,
        response: { 201: described('The verifier'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await fleet.registerVerifier(req.body, actorOf(req))),
  );
  r.post(
    '/fleet/verifiers/:id/revoke',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Revoke a verifier: every batch it sends from now on is refused (stored check-ins stay)',
        params: IdParams,
        body: RevokeVerifierSchema,
        response: { 200: described('The verifier'), ...errors },
      },
    },
    async (req) => fleet.revokeVerifier(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/fleet/settings',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Fleet settings (whether unsigned check-ins are accepted)',
        response: { 200: described('Settings'), ...errors },
      },
    },
    async () => fleet.settings(),
  );
  r.put(
    '/fleet/settings',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Change the fleet settings (audited)',
        body: FleetSettingsSchema,
        response: { 200: described('Settings'), ...errors },
      },
    },
    async (req) => fleet.setSettings(req.body, actorOf(req)),
  );
  r.post(
    '/fleet/detect',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Run a detector pass (incremental by default) and merge its alerts',
        body: DetectRequestSchema,
        response: { 200: described('Pass summary'), ...errors },
      },
    },
    async (req) => fleet.detect(req.body, actorOf(req)),
  );

  r.get(
    '/fleet/alerts',
    {
      preHandler: viewer,
      schema: {
        tags: caseTags,
        summary: 'Alerts, newest first',
        querystring: AlertQuerySchema,
        response: { 200: described('Alerts'), ...errors },
      },
    },
    async (req) => cases.alerts(req.query),
  );
  r.get(
    '/fleet/alerts/:id',
    {
      preHandler: viewer,
      schema: {
        tags: caseTags,
        summary: 'An alert with the check-ins it relies on',
        params: IdParams,
        response: { 200: described('Alert'), ...errors },
      },
    },
    async (req) => cases.alert(req.params.id),
  );
  r.post(
    '/fleet/alerts/:id/dismiss',
    {
      preHandler: analyst,
      schema: {
        tags: caseTags,
        summary: 'Dismiss an open alert, with a reason (new evidence reopens it)',
        params: IdParams,
        body: DismissAlertSchema,
        response: { 200: described('Alert'), ...errors },
      },
    },
    async (req) => cases.dismissAlert(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/fleet/cases',
    {
      preHandler: viewer,
      schema: {
        tags: caseTags,
        summary: 'Cases, recently updated first',
        querystring: CaseQuerySchema,
        response: { 200: described('Cases'), ...errors },
      },
    },
    async (req) => cases.cases(req.query),
  );
  r.post(
    '/fleet/cases',
    {
      preHandler: analyst,
      schema: {
        tags: caseTags,
        summary: 'Open a case from open alerts',
        body: OpenCaseSchema,
        response: { 201: described('Case detail'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await cases.open(req.body, actorOf(req))),
  );
  r.get(
    '/fleet/cases/:id',
    {
      preHandler: viewer,
      schema: {
        tags: caseTags,
        summary: 'A case: alerts, devices, history, allowed transitions, reports indicated',
        params: IdParams,
        response: { 200: described('Case detail'), ...errors },
      },
    },
    async (req) => cases.detail(req.params.id),
  );
  const caseAction = <S extends z.ZodType>(
    path: string,
    summary: string,
    body: S,
    act: (id: string, body: unknown, actor: string) => Promise<unknown>,
  ) =>
    r.post(
      `/fleet/cases/:id/${path}`,
      {
        preHandler: analyst,
        schema: {
          tags: caseTags,
          summary,
          params: IdParams,
          body,
          response: { 200: described('Case detail'), ...errors },
        },
      },
      async (req) => act(req.params.id, req.body, actorOf(req)),
    );
  caseAction(
    'status',
    'Move a case: open → investigating → reported → closed (reasons where needed)',
    CaseStatusChangeSchema,
    (id, b, a) => cases.setStatus(id, b, a),
  );
  caseAction('assign', 'Assign the case (null unassigns)', CaseAssignSchema, (id, b, a) => cases.assign(id, b, a));
  caseAction('notes', 'Add a note', CaseNoteSchema, (id, b, a) => cases.note(id, b, a));
  caseAction('alerts', 'Add open alerts to the case', CaseAlertsSchema, (id, b, a) => cases.addAlerts(id, b, a));
  r.post(
    '/fleet/cases/:id/bundle',
    {
      preHandler: analyst,
      schema: {
        tags: caseTags,
        summary: 'Export the evidence bundle (JSON with the signed measurements and a sha256 over it)',
        params: IdParams,
        response: { 200: described('Evidence bundle'), ...errors },
      },
    },
    async (req) => cases.bundle(req.params.id, actorOf(req)),
  );
  r.post(
    '/fleet/cases/:id/bundle.pdf',
    {
      preHandler: analyst,
      schema: {
        tags: caseTags,
        summary: 'The evidence bundle’s PDF summary (cites the bundle digest)',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const pdf = await cases.bundlePdf(req.params.id, actorOf(req));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${req.params.id}-evidence.pdf"`)
        .header('x-bundle-sha256', pdf.bundleSha256)
        .header('x-pdf-sha256', pdf.sha256)
        .send(Buffer.from(pdf.bytes));
    },
  );
  r.post(
    '/fleet/cases/:id/reports/:kind',
    {
      preHandler: analyst,
      schema: {
        tags: caseTags,
        summary: `Draft a Chip Security Act report (${REPORT_KINDS.join(' | ')}); ?format=pdf for the PDF`,
        description: 'The bill is not in force: every draft says so. The draft cites the evidence bundle digest.',
        params: z.object({ id: z.string().min(1).max(100), kind: z.string().min(1).max(40) }),
        querystring: z.object({ format: z.enum(['json', 'pdf']).default('json') }),
      },
    },
    async (req, reply) => {
      const draft = await cases.draftReport(req.params.id, req.params.kind, actorOf(req));
      if (req.query.format === 'json') return draft;
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${req.params.id}-${req.params.kind}-draft.pdf"`)
        .header('x-bundle-sha256', draft.bundleSha256)
        .send(Buffer.from(await renderPdf(draft.document)));
    },
  );
}
