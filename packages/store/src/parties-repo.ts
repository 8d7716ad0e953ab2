/** Saved parties (customers, consignees, end users) and their owners. */
import type { EntryIdentifier, OwnershipLink, PartyType } from '@stackport/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database, PartyTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Party {
  readonly id: string;
  readonly name: string;
  readonly country: string | null;
  readonly type: PartyType | null;
  readonly identifiers: EntryIdentifier[];
  /** The customer's own reference (ERP id...). */
  readonly reference: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toParty(r: PartyTable): Party {
  return {
    id: r.id,
    name: r.name,
    country: r.country,
    type: r.type as PartyType | null,
    identifiers: JSON.parse(r.identifiers) as EntryIdentifier[],
    reference: r.reference,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertParty(db: Db, p: Party): Promise<void> {
  await db
    .insertInto('parties')
    .values({
      id: p.id,
      name: p.name,
      country: p.country,
      type: p.type,
      identifiers: JSON.stringify(p.identifiers),
      reference: p.reference,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })
    .execute();
}

export async function updateParty(db: Db, p: Party): Promise<void> {
  await db
    .updateTable('parties')
    .set({
      name: p.name,
      country: p.country,
      type: p.type,
      identifiers: JSON.stringify(p.identifiers),
      reference: p.reference,
      updated_at: p.updatedAt,
    })
    .where('id', '=', p.id)
    .execute();
}

export async function getParty(db: Db, id: string): Promise<Party | undefined> {
  const r = await db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toParty(r) : undefined;
}

export async function listParties(db: Db, opts: { limit?: number; offset?: number } = {}): Promise<Party[]> {
  const rows = await db
    .selectFrom('parties')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .limit(opts.limit ?? 100_000)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map(toParty);
}

export async function setOwners(
  db: Db,
  ownedId: string,
  owners: readonly { ownerId: string; share?: number | undefined }[],
): Promise<void> {
  await db.deleteFrom('ownerships').where('owned_id', '=', ownedId).execute();
  if (owners.length === 0) return;
  await db
    .insertInto('ownerships')
    .values(owners.map((o) => ({ owner_id: o.ownerId, owned_id: ownedId, share: o.share ?? null })))
    .execute();
}

export async function allOwnerships(db: Db): Promise<OwnershipLink[]> {
  const rows = await db.selectFrom('ownerships').selectAll().execute();
  return rows.map((r) =>
    r.share === null
      ? { ownerId: r.owner_id, ownedId: r.owned_id }
      : { ownerId: r.owner_id, ownedId: r.owned_id, share: Number(r.share) },
  );
}
