/**
 * /api/v1 location verification: landmarks and devices (admin registers, viewer reads), verify
 * (analyst: the server orchestrates the landmarks; nothing timed comes from the host), and the
 * stored verifications (viewer).
 * @module
 */
import {
  DeviceInputSchema,
  KexKeyInputSchema,
  LandmarkInputSchema,
  type LandmarkTransport,
  LocationService,
  type Stackport,
  VerifyRequestSchema,
} from '@stackport/app';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth.js';
import { described, IdParams, problemResponses } from '../responses.js';

const errors = problemResponses;

export async function locationRoutes(
  fastify: FastifyInstance,
  opts: { app: Stackport; transport?: LandmarkTransport },
) {
  const { app } = opts;
  const r = fastify.withTypeProvider<ZodTypeProvider>();
  const viewer = requireRole(app, 'viewer');
  const analyst = requireRole(app, 'analyst');
  const admin = requireRole(app, 'admin');
  // One service per server: its replay cache spans every verification this process runs.
  const location = new LocationService(app, opts.transport ? { transport: opts.transport } : {});
  const tags = ['location'];

  r.get(
    '/landmarks',
    {
      preHandler: viewer,
      schema: { tags, summary: 'Registered landmarks', response: { 200: described('Landmarks'), ...errors } },
    },
    async () => location.landmarks(),
  );
  r.post(
    '/landmarks',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Register a landmark: surveyed position, Ed25519 key, control URL',
        body: LandmarkInputSchema,
        response: { 201: described('The landmark'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await location.registerLandmark(req.body, actorOf(req))),
  );
  r.get(
    '/devices',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Registered devices by id, a page at a time (pass the last id as `after`)',
        querystring: z.object({
          after: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(5000).optional(),
        }),
        response: { 200: described('Devices'), ...errors },
      },
    },
    async (req) => location.devices(req.query),
  );
  r.get(
    '/devices/:id',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'One registered device',
        params: IdParams,
        response: { 200: described('Device'), ...errors },
      },
    },
    async (req) => location.device(req.params.id),
  );
  r.post(
    '/devices',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Register a device: its key bound to serial, model, ECCN, licensee and licensed site',
        body: DeviceInputSchema,
        response: { 201: described('The device'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await location.registerDevice(req.body, actorOf(req))),
  );
  r.post(
    '/devices/:id/kex-key',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Bind the X25519 key-agreement key to a device that has none (signed by its identity key)',
        description:
          'For devices imported from a fleet registry without one, or registered before protocol 2. A bound key is never replaced.',
        params: IdParams,
        body: KexKeyInputSchema,
        response: { 200: described('The device'), ...errors },
      },
    },
    async (req) => location.bindKexKey(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/verify',
    {
      preHandler: analyst,
      schema: {
        tags,
        summary: 'Verify where a device is, now',
        description:
          'The server opens a session and asks every chosen landmark to measure the device over the connection its agent keeps open. Landmark-signed records are verified (signatures, nonces, clocks, RTTs ≤ 250 ms, ≥ 10 samples); rejected messages are counted, never used. The verdict (ALLOW | VIOLATION | INCONCLUSIVE) is stored with its evidence and audited.',
        body: VerifyRequestSchema,
        response: { 201: described('The verification'), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await location.verify(req.body, actorOf(req))),
  );
  r.get(
    '/verifications',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'Stored verifications, newest first',
        querystring: z.object({
          deviceId: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
          offset: z.coerce.number().int().min(0).optional(),
        }),
        response: { 200: described('Verifications'), ...errors },
      },
    },
    async (req) => location.verifications(req.query),
  );
  r.get(
    '/verifications/:id',
    {
      preHandler: viewer,
      schema: {
        tags,
        summary: 'One verification with its evidence (the signed landmark records)',
        params: IdParams,
        response: { 200: described('Verification'), ...errors },
      },
    },
    async (req) => location.verification(req.params.id),
  );
}
