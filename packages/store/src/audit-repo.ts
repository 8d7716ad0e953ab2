/** Appends to and reads the hash-chained audit log. */
import {
  type AuditInput,
  type AuditRecord,
  type ChainVerdict,
  chainNext,
  createChainVerifier,
  GENESIS_HASH,
} from '@stackport/core';
import type { Kysely, Transaction } from 'kysely';
import type { Engine } from './connect.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Appends one record. Call inside the transaction that makes the change it records, so the change
 * and its audit record commit together or not at all.
 */
export async function appendAudit(db: Db, engine: Engine, input: AuditInput): Promise<AuditRecord> {
  let headQuery = db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  // PostgreSQL: lock the head so concurrent writers append one after the other.
  if (engine === 'postgres') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirst();
  const record = chainNext(head, input);
  await db
    .insertInto('audit_log')
    .values({
      seq: record.seq,
      at: record.at,
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      data: JSON.stringify(record.data ?? null),
      prev_hash: record.prevHash,
      hash: record.hash,
    })
    .execute();
  if (head)
    await db.updateTable('audit_head').set({ seq: record.seq, hash: record.hash }).where('id', '=', 1).execute();
  else await db.insertInto('audit_head').values({ id: 1, seq: record.seq, hash: record.hash }).execute();
  return record;
}

function toRecord(row: Database['audit_log']): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    data: JSON.parse(row.data) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export async function listAudit(
  db: Db,
  opts: { afterSeq?: number; limit?: number; subject?: string } = {},
): Promise<AuditRecord[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc');
  if (opts.afterSeq !== undefined) q = q.where('seq', '>', opts.afterSeq);
  if (opts.subject !== undefined) q = q.where('subject', '=', opts.subject);
  const rows = await q.limit(opts.limit ?? 1000).execute();
  return rows.map(toRecord);
}

/** Verifies the whole log in pages, so a long log never sits in memory at once. */
export async function verifyAudit(db: Db): Promise<ChainVerdict> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const verifier = createChainVerifier();
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      const failure = verifier.add(toRecord(row));
      if (failure) return failure;
    }
    after = page.at(-1)?.seq ?? after;
  }
  return verifier.finish(head ?? { seq: 0, hash: GENESIS_HASH });
}
