/** Saved license determinations ("transactions") and their case files. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, TransactionTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SavedTransaction {
  readonly id: string;
  readonly reference: string | null;
  readonly caseFile: unknown;
  readonly determination: unknown;
  readonly rulePackId: string;
  readonly rulePackVersion: string;
  readonly shipDate: string;
  readonly eccn: string | null;
  readonly destination: string;
  readonly licenseRequired: string;
  readonly reviewPolicy: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

function toSaved(r: TransactionTable): SavedTransaction {
  return {
    id: r.id,
    reference: r.reference,
    caseFile: JSON.parse(r.case_file) as unknown,
    determination: JSON.parse(r.determination) as unknown,
    rulePackId: r.rule_pack_id,
    rulePackVersion: r.rule_pack_version,
    shipDate: r.ship_date,
    eccn: r.eccn,
    destination: r.destination,
    licenseRequired: r.license_required,
    reviewPolicy: r.review_policy,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export async function insertTransaction(db: Db, t: SavedTransaction): Promise<void> {
  await db
    .insertInto('transactions')
    .values({
      id: t.id,
      reference: t.reference,
      case_file: JSON.stringify(t.caseFile),
      determination: JSON.stringify(t.determination),
      rule_pack_id: t.rulePackId,
      rule_pack_version: t.rulePackVersion,
      ship_date: t.shipDate,
      eccn: t.eccn,
      destination: t.destination,
      license_required: t.licenseRequired,
      review_policy: t.reviewPolicy,
      created_at: t.createdAt,
      created_by: t.createdBy,
    })
    .execute();
}

export async function getTransaction(db: Db, id: string): Promise<SavedTransaction | undefined> {
  const r = await db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSaved(r) : undefined;
}

export async function listTransactions(
  db: Db,
  opts: { limit?: number; offset?: number } = {},
): Promise<SavedTransaction[]> {
  const rows = await db
    .selectFrom('transactions')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(opts.limit ?? 100_000)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map(toSaved);
}
