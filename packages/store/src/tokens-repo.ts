/** API tokens. Only a SHA-256 of each token is stored; the token itself is shown once, at creation. */
import type { Kysely, Transaction } from 'kysely';
import type { ApiTokenTable, Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type Role = ApiTokenTable['role'];
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

function toToken(r: ApiTokenTable): ApiToken {
  return { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export async function insertToken(db: Db, t: ApiToken & { tokenHash: string }): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      name: t.name,
      role: t.role,
      token_hash: t.tokenHash,
      created_at: t.createdAt,
      revoked_at: null,
    })
    .execute();
}

export async function tokenByHash(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
  const r = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r ? toToken(r) : undefined;
}

export async function listTokens(db: Db): Promise<ApiToken[]> {
  return (await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute()).map(toToken);
}

export async function revokeToken(db: Db, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
