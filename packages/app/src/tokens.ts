/**
 * API tokens with roles. A token is `sp_` + 32 random bytes; only its SHA-256 is stored.
 * Roles are ordered: viewer (read) < analyst (screen, save parties, decide hits) < admin (lists, tokens).
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '@stackport/core';
import { type ApiToken, insertToken, listTokens, type Role, revokeToken, tokenByHash } from '@stackport/store';
import { AppError } from './errors.js';
import { parseInput, TokenInputSchema } from './schemas.js';
import type { Stackport } from './stackport.js';

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export async function createToken(
  app: Stackport,
  input: unknown,
  actor: string,
): Promise<{ token: string; info: ApiToken }> {
  const data = parseInput(TokenInputSchema, input);
  const token = `sp_${randomBytes(32).toString('base64url')}`;
  const info: ApiToken = {
    id: randomUUID(),
    name: data.name,
    role: data.role,
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  await insertToken(app.connection.db, { ...info, tokenHash: sha256Hex(token) });
  await app.audit(actor, 'token.create', `token:${info.id}`, { name: info.name, role: info.role });
  return { token, info };
}

export async function authenticate(app: Stackport, token: string): Promise<ApiToken | undefined> {
  if (!token.startsWith('sp_') || token.length > 200) return undefined;
  return tokenByHash(app.connection.db, sha256Hex(token));
}

export async function tokens(app: Stackport): Promise<ApiToken[]> {
  return listTokens(app.connection.db);
}

export async function revoke(app: Stackport, id: string, actor: string): Promise<void> {
  if (!(await revokeToken(app.connection.db, id, new Date().toISOString())))
    throw new AppError('SP_NOT_FOUND', `no active token ${id}`);
  await app.audit(actor, 'token.revoke', `token:${id}`, {});
}

/**
 * On first start there is no token at all: create an admin token and write it to
 * `<dataDir>/admin-token` (mode 0600) so the operator can sign in. Never overwrites.
 */
export async function bootstrapAdminToken(
  app: Stackport,
  dataDir: string,
): Promise<{ token: string; file: string } | undefined> {
  if ((await listTokens(app.connection.db)).length > 0) return undefined;
  const { token } = await createToken(app, { name: 'bootstrap admin', role: 'admin' }, 'system');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) {
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { token, file };
}
