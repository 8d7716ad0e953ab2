/**
 * Synthesis order screening (migration 0006): concern databases (versions, one active), customers, orders with their
 * screening results and review items, decisions, and the retention purge. JSON columns are (de)serialised here.
 * @module
 */
import type { OrderScreening, RescreenMatch, SequenceKind } from '@stackport/core';
import type { Kysely, Transaction } from 'kysely';
import type { Engine } from './connect.js';
import type { Database, SynthesisOrderTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

// ---- concern sets -----------------------------------------------------------------------------------------------

export interface ConcernSet {
  readonly id: string;
  readonly name: string;
  readonly fileName: string | null;
  readonly sha256: string;
  readonly indexVersion: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly status: 'active' | 'superseded';
  readonly dnaCount: number;
  readonly proteinCount: number;
  readonly residueCount: number;
  readonly provenance: Record<string, unknown>;
}

const SET_COLUMNS = [
  'id',
  'name',
  'file_name',
  'sha256',
  'index_version',
  'imported_at',
  'imported_by',
  'status',
  'dna_count',
  'protein_count',
  'residue_count',
  'provenance',
] as const;

type SetRow = Pick<Database['synthesis_concern_sets'], (typeof SET_COLUMNS)[number]>;

function toConcernSet(r: SetRow): ConcernSet {
  return {
    id: r.id,
    name: r.name,
    fileName: r.file_name,
    sha256: r.sha256,
    indexVersion: r.index_version,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    status: r.status,
    dnaCount: Number(r.dna_count),
    proteinCount: Number(r.protein_count),
    residueCount: Number(r.residue_count),
    provenance: JSON.parse(r.provenance) as Record<string, unknown>,
  };
}

export async function insertConcernSet(db: Db, s: ConcernSet, fasta: string): Promise<void> {
  await db
    .insertInto('synthesis_concern_sets')
    .values({
      id: s.id,
      name: s.name,
      file_name: s.fileName,
      sha256: s.sha256,
      index_version: s.indexVersion,
      imported_at: s.importedAt,
      imported_by: s.importedBy,
      status: s.status,
      dna_count: s.dnaCount,
      protein_count: s.proteinCount,
      residue_count: s.residueCount,
      provenance: JSON.stringify(s.provenance),
      fasta,
    })
    .execute();
}

/** Marks every active set superseded; returns their ids. */
export async function supersedeConcernSets(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('synthesis_concern_sets').select('id').where('status', '=', 'active').execute();
  if (rows.length)
    await db
      .updateTable('synthesis_concern_sets')
      .set({ status: 'superseded' })
      .where('status', '=', 'active')
      .execute();
  return rows.map((r) => r.id);
}

export async function activeConcernSet(db: Db): Promise<ConcernSet | undefined> {
  const r = await db
    .selectFrom('synthesis_concern_sets')
    .select(SET_COLUMNS)
    .where('status', '=', 'active')
    .orderBy('imported_at', 'desc')
    .executeTakeFirst();
  return r ? toConcernSet(r) : undefined;
}

export async function listConcernSets(db: Db): Promise<ConcernSet[]> {
  const rows = await db
    .selectFrom('synthesis_concern_sets')
    .select(SET_COLUMNS)
    .orderBy('imported_at', 'desc')
    .execute();
  return rows.map(toConcernSet);
}

export async function getConcernSet(db: Db, id: string): Promise<ConcernSet | undefined> {
  const r = await db.selectFrom('synthesis_concern_sets').select(SET_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toConcernSet(r) : undefined;
}

/**
 * True when `id` is still the active set. On PostgreSQL the row is locked for share until the transaction ends: an
 * import (which supersedes the row first) waits for an order screened against it to commit, and then re-screens
 * it; an order whose set was superseded meanwhile sees `false` and is screened again against the new set.
 */
export async function holdActiveConcernSet(db: Db, engine: Engine, id: string): Promise<boolean> {
  let q = db.selectFrom('synthesis_concern_sets').select('id').where('id', '=', id).where('status', '=', 'active');
  if (engine === 'postgres') q = q.forShare();
  return (await q.executeTakeFirst()) !== undefined;
}

export async function concernSetFasta(db: Db, id: string): Promise<string | undefined> {
  const r = await db.selectFrom('synthesis_concern_sets').select('fasta').where('id', '=', id).executeTakeFirst();
  return r?.fasta;
}

// ---- customers --------------------------------------------------------------------------------------------------

export interface SynthesisCustomer {
  readonly id: string;
  readonly account: string;
  readonly name: string;
  readonly email: string;
  readonly institution: string;
  readonly country: string;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export async function findSynthesisCustomer(db: Db, account: string): Promise<SynthesisCustomer | undefined> {
  const r = await db.selectFrom('synthesis_customers').selectAll().where('account', '=', account).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    account: r.account,
    name: r.name,
    email: r.email,
    institution: r.institution,
    country: r.country,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Inserts the customer, or updates the stored one with the same account (its id and creation time are kept). */
export async function saveSynthesisCustomer(db: Db, c: SynthesisCustomer): Promise<SynthesisCustomer> {
  const prior = await findSynthesisCustomer(db, c.account);
  const values = {
    name: c.name,
    email: c.email,
    institution: c.institution,
    country: c.country,
    details: JSON.stringify(c.details),
    updated_at: c.updatedAt,
  };
  if (prior) {
    await db.updateTable('synthesis_customers').set(values).where('id', '=', prior.id).execute();
    return { ...c, id: prior.id, createdAt: prior.createdAt };
  }
  await db
    .insertInto('synthesis_customers')
    .values({ id: c.id, account: c.account, created_at: c.createdAt, ...values })
    .execute();
  return c;
}

// ---- orders -----------------------------------------------------------------------------------------------------

export type SynthesisOrderStatus = 'pending-review' | 'ready' | 'held' | 'denied' | 'fulfilled' | 'reported';
export const SYNTHESIS_ORDER_STATUSES: readonly SynthesisOrderStatus[] = [
  'pending-review',
  'ready',
  'held',
  'denied',
  'fulfilled',
  'reported',
];

/** One record of an order as kept: the validated sequence and its place in the FASTA text. */
export interface StoredOrderRecord {
  readonly id: string;
  readonly description: string;
  readonly kind: SequenceKind;
  readonly line: number;
  readonly length: number;
  readonly sequence: string;
}

/** Something an expert must look at before the order may be fulfilled. */
export interface SynthesisReviewItem {
  readonly kind:
    | 'sequence-flag'
    | 'within-order-split'
    | 'split-order'
    | 'customer-hit'
    | 'address-mismatch'
    | 'exchange-split'
    | 'exchange-overlap'
    | 'rescreen-flag';
  /** What it is about: a record id, a concern id, a screened name, an address. */
  readonly ref: string;
  readonly message: string;
}

export interface StoredSynthesisOrder {
  readonly id: string;
  readonly reference: string | null;
  readonly customerId: string;
  readonly customer: Record<string, unknown>;
  readonly endUse: string;
  readonly receivedAt: string;
  readonly fastaSha256: string;
  readonly records: readonly StoredOrderRecord[];
  readonly intakeWarnings: readonly { recordId: string; line: number; code: string; message: string }[];
  readonly outcome: 'Clear' | 'Warning' | 'Flag';
  readonly policyVersion: string;
  readonly concernSetId: string;
  readonly indexVersion: string;
  readonly screening: OrderScreening;
  readonly customerScreening: Record<string, unknown>;
  readonly splits: readonly Record<string, unknown>[];
  readonly reviewItems: readonly SynthesisReviewItem[];
  readonly exchangeChecks: readonly Record<string, unknown>[];
  readonly status: SynthesisOrderStatus;
  readonly retainUntil: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/** The list view of an order: no sequences, no screening detail. */
export type SynthesisOrderSummary = Pick<
  StoredSynthesisOrder,
  | 'id'
  | 'reference'
  | 'customerId'
  | 'receivedAt'
  | 'outcome'
  | 'policyVersion'
  | 'concernSetId'
  | 'status'
  | 'retainUntil'
  | 'updatedAt'
> & {
  readonly customerName: string;
  readonly institution: string;
  readonly reviewItems: number;
  /** Re-screen Flags found after the order was decided, for follow-up. */
  readonly followUps: number;
};

function orderRow(o: StoredSynthesisOrder): SynthesisOrderTable {
  return {
    id: o.id,
    reference: o.reference,
    customer_id: o.customerId,
    customer: JSON.stringify(o.customer),
    end_use: o.endUse,
    received_at: o.receivedAt,
    fasta_sha256: o.fastaSha256,
    records: JSON.stringify(o.records),
    intake_warnings: JSON.stringify(o.intakeWarnings),
    outcome: o.outcome,
    policy_version: o.policyVersion,
    concern_set_id: o.concernSetId,
    index_version: o.indexVersion,
    screening: JSON.stringify(o.screening),
    customer_screening: JSON.stringify(o.customerScreening),
    splits: JSON.stringify(o.splits),
    review_items: JSON.stringify(o.reviewItems),
    exchange_checks: JSON.stringify(o.exchangeChecks),
    status: o.status,
    retain_until: o.retainUntil,
    created_by: o.createdBy,
    updated_at: o.updatedAt,
  };
}

function toOrder(r: SynthesisOrderTable): StoredSynthesisOrder {
  return {
    id: r.id,
    reference: r.reference,
    customerId: r.customer_id,
    customer: JSON.parse(r.customer),
    endUse: r.end_use,
    receivedAt: r.received_at,
    fastaSha256: r.fasta_sha256,
    records: JSON.parse(r.records),
    intakeWarnings: JSON.parse(r.intake_warnings),
    outcome: r.outcome as StoredSynthesisOrder['outcome'],
    policyVersion: r.policy_version,
    concernSetId: r.concern_set_id,
    indexVersion: r.index_version,
    screening: JSON.parse(r.screening),
    customerScreening: JSON.parse(r.customer_screening),
    splits: JSON.parse(r.splits),
    reviewItems: JSON.parse(r.review_items),
    exchangeChecks: JSON.parse(r.exchange_checks),
    status: r.status as SynthesisOrderStatus,
    retainUntil: r.retain_until,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  };
}

export async function insertSynthesisOrder(db: Db, o: StoredSynthesisOrder): Promise<void> {
  await db.insertInto('synthesis_orders').values(orderRow(o)).execute();
}

export async function getSynthesisOrder(db: Db, id: string): Promise<StoredSynthesisOrder | undefined> {
  const r = await db.selectFrom('synthesis_orders').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrder(r) : undefined;
}

/** Replaces the mutable fields of an order (status, review items, exchange checks, retention). */
export async function updateSynthesisOrder(
  db: Db,
  id: string,
  patch: Pick<StoredSynthesisOrder, 'status' | 'reviewItems' | 'exchangeChecks' | 'retainUntil' | 'updatedAt'>,
): Promise<void> {
  await db
    .updateTable('synthesis_orders')
    .set({
      status: patch.status,
      review_items: JSON.stringify(patch.reviewItems),
      exchange_checks: JSON.stringify(patch.exchangeChecks),
      retain_until: patch.retainUntil,
      updated_at: patch.updatedAt,
    })
    .where('id', '=', id)
    .execute();
}

export interface SynthesisOrderQuery {
  readonly status?: SynthesisOrderStatus | undefined;
  readonly customerId?: string | undefined;
  /** Only orders with a re-screen follow-up. */
  readonly followUp?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export async function listSynthesisOrders(db: Db, q: SynthesisOrderQuery = {}): Promise<SynthesisOrderSummary[]> {
  let query = db
    .selectFrom('synthesis_orders')
    .select([
      'id',
      'reference',
      'customer_id',
      'customer',
      'received_at',
      'outcome',
      'policy_version',
      'concern_set_id',
      'status',
      'retain_until',
      'updated_at',
      'review_items',
    ])
    .select((eb) =>
      eb
        .selectFrom('synthesis_rescreen_findings as f')
        .select((f) => f.fn.countAll().as('n'))
        .whereRef('f.order_id', '=', 'synthesis_orders.id')
        .where('f.follow_up', '=', 1)
        .as('follow_ups'),
    );
  if (q.status) query = query.where('status', '=', q.status);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.followUp)
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('synthesis_rescreen_findings').select('order_id').where('follow_up', '=', 1),
    );
  const rows = await query
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0)
    .execute();
  return rows.map((r) => {
    const customer = JSON.parse(r.customer) as { name?: string; institution?: string };
    return {
      id: r.id,
      reference: r.reference,
      customerId: r.customer_id,
      customerName: customer.name ?? '',
      institution: customer.institution ?? '',
      receivedAt: r.received_at,
      outcome: r.outcome as StoredSynthesisOrder['outcome'],
      policyVersion: r.policy_version,
      concernSetId: r.concern_set_id,
      status: r.status as SynthesisOrderStatus,
      retainUntil: r.retain_until,
      updatedAt: r.updated_at,
      reviewItems: (JSON.parse(r.review_items) as unknown[]).length,
      followUps: Number(r.follow_ups ?? 0),
    };
  });
}

/** A customer's orders received in [from, to), oldest first (split-order detection, bulletins). */
export async function ordersOfCustomer(
  db: Db,
  customerId: string,
  from: string,
  to: string,
): Promise<StoredSynthesisOrder[]> {
  const rows = await db
    .selectFrom('synthesis_orders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  return rows.map(toOrder);
}

// ---- decisions --------------------------------------------------------------------------------------------------

export type SynthesisDecisionKind = 'fulfil' | 'hold' | 'deny' | 'report';

const STATUS_RANK: Record<SynthesisOrderStatus, number> = {
  'pending-review': 0,
  ready: 0,
  held: 1,
  denied: 2,
  fulfilled: 3,
  reported: 3,
};

export interface SynthesisDecision {
  readonly id: string;
  readonly orderId: string;
  readonly decision: SynthesisDecisionKind;
  readonly reason: string;
  readonly expert: boolean;
  readonly statusFrom: SynthesisOrderStatus;
  readonly statusTo: SynthesisOrderStatus;
  readonly actor: string;
  readonly at: string;
}

export async function insertSynthesisDecision(db: Db, d: SynthesisDecision): Promise<void> {
  await db
    .insertInto('synthesis_decisions')
    .values({
      id: d.id,
      order_id: d.orderId,
      decision: d.decision,
      reason: d.reason,
      expert: d.expert ? 1 : 0,
      status_from: d.statusFrom,
      status_to: d.statusTo,
      actor: d.actor,
      at: d.at,
    })
    .execute();
}

export async function decisionsOfOrder(db: Db, orderId: string): Promise<SynthesisDecision[]> {
  const rows = await db
    .selectFrom('synthesis_decisions')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  // Decisions of one instant follow the status chain (a decision moves an order forward, never back).
  const rank = (s: string) => STATUS_RANK[s as SynthesisOrderStatus] ?? 0;
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : rank(a.status_from) - rank(b.status_from)));
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    decision: r.decision as SynthesisDecisionKind,
    reason: r.reason,
    expert: Number(r.expert) === 1,
    statusFrom: r.status_from as SynthesisOrderStatus,
    statusTo: r.status_to as SynthesisOrderStatus,
    actor: r.actor,
    at: r.at,
  }));
}

// ---- retention --------------------------------------------------------------------------------------------------

/** Orders in one of `statuses` whose retention ended at or before `now`. */
export async function expiredSynthesisOrders(
  db: Db,
  now: string,
  statuses: readonly SynthesisOrderStatus[],
): Promise<{ id: string; receivedAt: string; retainUntil: string; status: string }[]> {
  if (statuses.length === 0) return [];
  const rows = await db
    .selectFrom('synthesis_orders')
    .select(['id', 'received_at', 'retain_until', 'status'])
    .where('retain_until', '<=', now)
    .where('status', 'in', [...statuses])
    .orderBy('retain_until')
    .execute();
  return rows.map((r) => ({ id: r.id, receivedAt: r.received_at, retainUntil: r.retain_until, status: r.status }));
}

/** Deletes orders, their decisions and re-screen findings. The caller has checked their retention. */
export async function deleteSynthesisOrders(db: Db, ids: readonly string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await db.deleteFrom('synthesis_decisions').where('order_id', 'in', part).execute();
    await db.deleteFrom('synthesis_rescreen_findings').where('order_id', 'in', part).execute();
    const r = await db.deleteFrom('synthesis_orders').where('id', 'in', part).executeTakeFirst();
    n += Number(r.numDeletedRows);
  }
  return n;
}

// ---- re-screening -----------------------------------------------------------------------------------------------

/** What re-screening needs of a stored order: its sequences, customer, receipt time and status. */
export interface RescreenCandidate {
  readonly id: string;
  readonly customerId: string;
  readonly receivedAt: string;
  readonly status: SynthesisOrderStatus;
  readonly concernSetId: string;
  readonly records: readonly StoredOrderRecord[];
}

/** Stored orders by id after `after`, `limit` at a time (keyset paging through every retained order). */
export async function rescreenCandidates(db: Db, after: string, limit: number): Promise<RescreenCandidate[]> {
  const rows = await db
    .selectFrom('synthesis_orders')
    .select(['id', 'customer_id', 'received_at', 'status', 'concern_set_id', 'records'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    receivedAt: r.received_at,
    status: r.status as SynthesisOrderStatus,
    concernSetId: r.concern_set_id,
    records: JSON.parse(r.records) as StoredOrderRecord[],
  }));
}

/** What a re-screen finding keeps besides its columns: the core's match (records, windows, splits, reasons). */
export type RescreenDetail = Omit<RescreenMatch, 'orderId' | 'concernId' | 'outcome' | 'coveredNt' | 'policyVersion'>;

/** A stored order's match against a concern added or changed by a later concern database version. */
export interface SynthesisRescreenFinding {
  readonly id: string;
  readonly orderId: string;
  /** The concern set version whose import found it, and its index version. */
  readonly concernSetId: string;
  readonly indexVersion: string;
  readonly concernId: string;
  /** Content digest of the concern (the core's `concernDigest`): a changed concern is a new finding. */
  readonly concernDigest: string;
  readonly outcome: 'Flag' | 'Warning';
  /** A Flag: an expert decides (open orders) or follows up (decided orders). */
  readonly requiresReview: boolean;
  /** The order was already decided (fulfilled, denied, reported): its history is kept; this needs follow-up. */
  readonly followUp: boolean;
  /** The order's status when the match was found. */
  readonly orderStatus: SynthesisOrderStatus;
  readonly policyVersion: string;
  readonly coveredNt: number;
  readonly detail: RescreenDetail;
  readonly at: string;
  readonly actor: string;
}

export async function insertRescreenFinding(db: Db, f: SynthesisRescreenFinding): Promise<void> {
  await db
    .insertInto('synthesis_rescreen_findings')
    .values({
      id: f.id,
      order_id: f.orderId,
      concern_set_id: f.concernSetId,
      index_version: f.indexVersion,
      concern_id: f.concernId,
      concern_digest: f.concernDigest,
      outcome: f.outcome,
      requires_review: f.requiresReview ? 1 : 0,
      follow_up: f.followUp ? 1 : 0,
      order_status: f.orderStatus,
      policy_version: f.policyVersion,
      covered_nt: f.coveredNt,
      detail: JSON.stringify(f.detail),
      at: f.at,
      actor: f.actor,
    })
    .execute();
}

/** Keys `orderId concernId concernDigest` (space-separated) of the findings already recorded for these orders. */
export async function rescreenFindingKeys(db: Db, orderIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let i = 0; i < orderIds.length; i += 500) {
    const rows = await db
      .selectFrom('synthesis_rescreen_findings')
      .select(['order_id', 'concern_id', 'concern_digest'])
      .where('order_id', 'in', orderIds.slice(i, i + 500))
      .execute();
    for (const r of rows) keys.add(`${r.order_id} ${r.concern_id} ${r.concern_digest}`);
  }
  return keys;
}

export async function rescreenFindingsOfOrder(db: Db, orderId: string): Promise<SynthesisRescreenFinding[]> {
  const rows = await db
    .selectFrom('synthesis_rescreen_findings')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('at')
    .orderBy('concern_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    concernSetId: r.concern_set_id,
    indexVersion: r.index_version,
    concernId: r.concern_id,
    concernDigest: r.concern_digest,
    outcome: r.outcome as SynthesisRescreenFinding['outcome'],
    requiresReview: Number(r.requires_review) === 1,
    followUp: Number(r.follow_up) === 1,
    orderStatus: r.order_status as SynthesisOrderStatus,
    policyVersion: r.policy_version,
    coveredNt: Number(r.covered_nt),
    detail: JSON.parse(r.detail) as RescreenDetail,
    at: r.at,
    actor: r.actor,
  }));
}
