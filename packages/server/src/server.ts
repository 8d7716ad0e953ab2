/**
 * The Stackport HTTP server: /api/v1 with an OpenAPI document, interactive docs from local assets,
 * health and metrics endpoints, JSON logs with request ids, and the web console.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { AppError, type Stackport, toProblem } from '@stackport/app';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { createMetrics } from './metrics.js';
import { apiRoutes } from './routes/api.js';
import { fleetRoutes } from './routes/fleet.js';
import { kycRoutes } from './routes/kyc.js';
import { locationRoutes } from './routes/location.js';
import { modelRoutes } from './routes/models.js';
import { programRoutes } from './routes/program.js';
import { synthesisRoutes } from './routes/synthesis.js';

export const CONSOLE_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface ServerOptions {
  readonly app: Stackport;
  /** pino level; 'silent' in tests. */
  readonly logLevel?: string;
  readonly version?: string;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { app } = opts;
  const metrics = createMetrics();
  let shuttingDown = false;

  const fastify = Fastify({
    logger: {
      level: opts.logLevel ?? 'info',
      redact: ['req.headers.authorization'],
    },
    // Honour a caller's request id (so logs correlate across services); otherwise make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
  });
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);

  for (const type of ['text/csv', 'text/xml', 'application/xml']) {
    fastify.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }

  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });

  fastify.setErrorHandler((err: FastifyError, req, reply) => {
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`,
        message: v.message ?? 'invalid',
      }));
      appErr = new AppError('SP_BAD_REQUEST', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') appErr = new AppError('SP_PAYLOAD_TOO_LARGE', err.message);
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
      appErr = new AppError('SP_BAD_REQUEST', err.message);
    else {
      req.log.error({ err }, 'unhandled error');
      appErr = new AppError('SP_INTERNAL', `internal error (request ${req.id})`);
    }
    if (appErr.status >= 500 && appErr.code !== 'SP_INTERNAL') req.log.warn({ code: appErr.code }, appErr.message);
    return reply.code(appErr.status).type('application/problem+json').send(toProblem(appErr, req.url));
  });

  fastify.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && req.url.startsWith('/console') && existsSync(`${CONSOLE_DIST}index.html`)) {
      return reply.sendFile('index.html', CONSOLE_DIST);
    }
    return reply
      .code(404)
      .type('application/problem+json')
      .send(toProblem(new AppError('SP_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`), req.url));
  });

  await fastify.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Stackport API',
        version: opts.version ?? '0.1.0',
        description:
          'Export compliance for the AI technology stack. Errors are application/problem+json with a stable `code` (docs/errors.md).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (sp_…)' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await fastify.register(fastifySwaggerUi, { routePrefix: '/docs' });

  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());
  fastify.get('/livez', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  fastify.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      if (shuttingDown) throw new Error('shutting down');
      await sql`select 1`.execute(app.connection.db);
      return { status: 'ready', engine: app.connection.engine };
    } catch (e) {
      return reply
        .code(503)
        .type('application/problem+json')
        .send(toProblem(new AppError('SP_NOT_READY', e instanceof Error ? e.message : 'not ready')));
    }
  });
  fastify.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  await fastify.register(apiRoutes, { prefix: '/api/v1', app, metrics });
  await fastify.register(locationRoutes, { prefix: '/api/v1', app });
  await fastify.register(fleetRoutes, { prefix: '/api/v1', app });
  await fastify.register(synthesisRoutes, { prefix: '/api/v1', app });
  await fastify.register(kycRoutes, { prefix: '/api/v1', app });
  await fastify.register(modelRoutes, { prefix: '/api/v1', app });
  await fastify.register(programRoutes, { prefix: '/api/v1', app });

  if (existsSync(CONSOLE_DIST)) {
    await fastify.register(fastifyStatic, { root: CONSOLE_DIST, prefix: '/console/', decorateReply: true });
  }
  fastify.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'));

  fastify.addHook('onClose', async () => {
    shuttingDown = true;
  });
  return fastify;
}
