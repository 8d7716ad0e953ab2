/**
 * Bearer-token authentication with roles. Every /api/v1 route declares the role it needs; there
 * are no anonymous routes under /api/v1, so no anonymous writes.
 * @module
 */
import { AppError, authenticate, roleAllows, type Stackport } from '@stackport/app';
import type { ApiToken, Role } from '@stackport/store';
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    token?: ApiToken;
  }
}

/** A preHandler that admits a request whose token has at least `role`. */
export function requireRole(app: Stackport, role: Role) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw new AppError('SP_UNAUTHENTICATED', 'send Authorization: Bearer <token>');
    const token = await authenticate(app, m[1]);
    if (!token) throw new AppError('SP_UNAUTHENTICATED', 'unknown or revoked token');
    if (!roleAllows(token.role, role))
      throw new AppError('SP_FORBIDDEN', `this operation needs the ${role} role; the token has ${token.role}`);
    req.token = token;
  };
}

/** The actor recorded in the audit log for a request: the token's name and id. */
export function actorOf(req: FastifyRequest): string {
  return req.token ? `${req.token.name} (token ${req.token.id.slice(0, 8)})` : 'anonymous';
}
