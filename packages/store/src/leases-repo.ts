/**
 * Named leases: a holder and an expiry per name, so that work one process at a time may do on a shared store (the
 * fleet detector pass) is done once, across processes and engines. Taking and renewing is one conditional upsert:
 * the row is written only when it is free, expired or already ours, so of two processes racing, one holds it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

/**
 * Takes (or renews) `name` for `holder` until `expiresAt`, at time `now` (ISO strings compare in time order).
 * Returns the lease as it stands afterwards: ours when `holder` matches, else the current holder's.
 */
export async function takeLease(db: Db, name: string, holder: string, now: string, expiresAt: string): Promise<Lease> {
  await db
    .insertInto('leases')
    .values({ name, holder, acquired_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({
          holder: eb.ref('excluded.holder'),
          // A renewal keeps when the lease was first taken.
          acquired_at: eb
            .case()
            .when('leases.holder', '=', holder)
            .then(eb.ref('leases.acquired_at'))
            .else(eb.ref('excluded.acquired_at'))
            .end(),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where((eb) => eb.or([eb('leases.expires_at', '<=', now), eb('leases.holder', '=', holder)])),
    )
    .execute();
  const row = await db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  return { name: row.name, holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}

/** Gives `name` up if `holder` still holds it (a lease taken over after expiry stays with its new holder). */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
