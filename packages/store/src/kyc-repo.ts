/**
 * Cloud-compute customer due diligence (migration 0008): KYC accounts with their application, assessment and status,
 * their normalised identifiers (migration 0011, for the shared-identifier check), the foreign-reseller registry, daily accelerator usage (idempotent per account, day and accelerator) and its
 * quarantine, findings (red flags, screening hits, large training runs) and decisions. JSON columns are
 * (de)serialised here; the domain types live in the core (`@stackport/core` kyc) and the app.
 * @module
 */
import { type CustomerApplication, type IdentifierKey, identifierKeys, identityOf } from '@stackport/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, KycAccountTable, KycFindingTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

// ---- accounts ---------------------------------------------------------------------------------------------------

export type KycAccountStatus = 'pending-review' | 'approved' | 'rejected' | 'closed';
export const KYC_ACCOUNT_STATUSES: readonly KycAccountStatus[] = ['pending-review', 'approved', 'rejected', 'closed'];

export interface StoredKycAccount {
  readonly id: string;
  readonly type: 'individual' | 'entity';
  readonly name: string;
  readonly declaredCountry: string | null;
  /** The validated application (core `CustomerApplication`). */
  readonly application: Record<string, unknown>;
  readonly status: KycAccountStatus;
  /** The assessment's outcome: approve | review | reject-recommended. */
  readonly recommendation: string;
  /** The assessment (core `KycAssessment`): reasons, red flags, missing fields, rules applied. */
  readonly outcome: Record<string, unknown>;
  /** Matcher and list versions, and every screened name with its hits. */
  readonly screening: Record<string, unknown>;
  readonly assessedOn: string;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly decidedAt: string | null;
  readonly updatedAt: string;
}

/**
 * An account in a queue: without its application, assessment and screening, with what a reviewer triages by (the
 * foreign-person determination and the open findings by severity), so a list needs no request per account.
 */
export type KycAccountSummary = Omit<StoredKycAccount, 'application' | 'outcome' | 'screening'> & {
  /** The assessment's foreign-person determination (us-person | foreign-person | undetermined). */
  readonly foreignPerson: string | null;
  readonly openFindings: { readonly high: number; readonly medium: number; readonly low: number };
};

function toAccount(r: KycAccountTable): StoredKycAccount {
  return {
    id: r.id,
    type: r.type as StoredKycAccount['type'],
    name: r.name,
    declaredCountry: r.declared_country,
    application: JSON.parse(r.application),
    status: r.status as KycAccountStatus,
    recommendation: r.recommendation,
    outcome: JSON.parse(r.outcome),
    screening: JSON.parse(r.screening),
    assessedOn: r.assessed_on,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    decidedAt: r.decided_at,
    updatedAt: r.updated_at,
  };
}

export async function insertKycAccount(db: Db, a: StoredKycAccount): Promise<void> {
  await db
    .insertInto('kyc_accounts')
    .values({
      id: a.id,
      type: a.type,
      name: a.name,
      declared_country: a.declaredCountry,
      application: JSON.stringify(a.application),
      status: a.status,
      recommendation: a.recommendation,
      outcome: JSON.stringify(a.outcome),
      screening: JSON.stringify(a.screening),
      assessed_on: a.assessedOn,
      opened_at: a.openedAt,
      opened_by: a.openedBy,
      decided_at: a.decidedAt,
      updated_at: a.updatedAt,
    })
    .execute();
  const identifiers = kycIdentifierRows(a.id, a.application);
  if (identifiers.length > 0) await db.insertInto('kyc_identifiers').values(identifiers).execute();
}

// ---- identifiers ------------------------------------------------------------------------------------------------

/** The `kyc_identifiers` rows of an application: the core's `identifierKeys` of its identity. */
export function kycIdentifierRows(
  accountId: string,
  application: Record<string, unknown>,
): { account_id: string; kind: string; value: string }[] {
  return identifierKeys(identityOf(application as unknown as CustomerApplication)).map((k) => ({
    account_id: accountId,
    kind: k.kind,
    value: k.value,
  }));
}

/**
 * The applications of the accounts, other than `exceptId`, that hold any of `keys`: an indexed lookup on
 * `kyc_identifiers` (kind, value), in account id order.
 */
export async function kycApplicationsSharing(
  db: Db,
  keys: readonly IdentifierKey[],
  exceptId?: string,
): Promise<Record<string, unknown>[]> {
  const ids = new Set<string>();
  const byKind = new Map<string, string[]>();
  for (const k of keys) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k.value]);
  for (const [kind, values] of byKind) {
    for (let i = 0; i < values.length; i += 500) {
      const rows = await db
        .selectFrom('kyc_identifiers')
        .select('account_id')
        .where('kind', '=', kind)
        .where('value', 'in', values.slice(i, i + 500))
        .execute();
      for (const r of rows) if (r.account_id !== exceptId) ids.add(r.account_id);
    }
  }
  const out: Record<string, unknown>[] = [];
  const sorted = [...ids].sort();
  for (let i = 0; i < sorted.length; i += 500) {
    const rows = await db
      .selectFrom('kyc_accounts')
      .select(['id', 'application'])
      .where('id', 'in', sorted.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const r of rows) out.push(JSON.parse(r.application) as Record<string, unknown>);
  }
  return out;
}

export async function getKycAccount(db: Db, id: string): Promise<StoredKycAccount | undefined> {
  const r = await db.selectFrom('kyc_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAccount(r) : undefined;
}

export async function updateKycAccountStatus(
  db: Db,
  id: string,
  patch: { status: KycAccountStatus; decidedAt: string | null; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('kyc_accounts')
    .set({ status: patch.status, decided_at: patch.decidedAt, updated_at: patch.updatedAt })
    .where('id', '=', id)
    .execute();
}

export interface KycAccountQuery {
  readonly status?: KycAccountStatus | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export async function listKycAccounts(db: Db, q: KycAccountQuery = {}): Promise<KycAccountSummary[]> {
  let query = db
    .selectFrom('kyc_accounts')
    .select([
      'id',
      'type',
      'name',
      'declared_country',
      'status',
      'recommendation',
      'assessed_on',
      'opened_at',
      'opened_by',
      'decided_at',
      'updated_at',
      'outcome',
    ]);
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query
    .orderBy('opened_at', 'desc')
    .orderBy('id')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0)
    .execute();
  const open = new Map<string, { high: number; medium: number; low: number }>();
  if (rows.length > 0) {
    const counts = await db
      .selectFrom('kyc_findings')
      .select(['account_id', 'severity', sql<number>`count(*)`.as('n')])
      .where('status', '=', 'open')
      .where(
        'account_id',
        'in',
        rows.map((r) => r.id),
      )
      .groupBy(['account_id', 'severity'])
      .execute();
    for (const c of counts) {
      const n = open.get(c.account_id) ?? { high: 0, medium: 0, low: 0 };
      if (c.severity === 'high' || c.severity === 'medium' || c.severity === 'low') n[c.severity] += Number(c.n);
      open.set(c.account_id, n);
    }
  }
  return rows.map((r) => ({
    foreignPerson: (JSON.parse(r.outcome) as { foreignPerson?: { status?: string } }).foreignPerson?.status ?? null,
    openFindings: open.get(r.id) ?? { high: 0, medium: 0, low: 0 },
    id: r.id,
    type: r.type as StoredKycAccount['type'],
    name: r.name,
    declaredCountry: r.declared_country,
    status: r.status as KycAccountStatus,
    recommendation: r.recommendation,
    assessedOn: r.assessed_on,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    decidedAt: r.decided_at,
    updatedAt: r.updated_at,
  }));
}

/** An account as a list-import re-screen reads it: its application and the names screened at opening. */
export interface KycRescreenAccount {
  readonly id: string;
  readonly status: KycAccountStatus;
  readonly application: Record<string, unknown>;
  readonly screening: Record<string, unknown>;
}

/** A page of the accounts in `statuses`, in id order after `after` (keyset paging for the list-import re-screen). */
export async function kycAccountsToRescreen(
  db: Db,
  statuses: readonly KycAccountStatus[],
  after: string,
  limit: number,
): Promise<KycRescreenAccount[]> {
  const rows = await db
    .selectFrom('kyc_accounts')
    .select(['id', 'status', 'application', 'screening'])
    .where('status', 'in', [...statuses])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status as KycAccountStatus,
    application: JSON.parse(r.application),
    screening: JSON.parse(r.screening),
  }));
}

/** Every stored application, for cross-account checks (shared identifiers). */
export async function allKycApplications(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await db.selectFrom('kyc_accounts').select('application').orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.application) as Record<string, unknown>);
}

/** Which of `ids` are known accounts. */
export async function existingKycAccountIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = await db.selectFrom('kyc_accounts').select('id').where('id', 'in', part).execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

// ---- resellers --------------------------------------------------------------------------------------------------

export interface StoredKycReseller {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  /** Core `ResellerAttestation[]`: program, attestedOn, expiresOn (exclusive), lastAuditOn. */
  readonly attestations: readonly {
    program: string;
    attestedOn: string;
    expiresOn: string;
    lastAuditOn?: string;
  }[];
  readonly customers: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toReseller(r: Database['kyc_resellers']): StoredKycReseller {
  return {
    id: r.id,
    name: r.name,
    country: r.country,
    attestations: JSON.parse(r.attestations),
    customers: JSON.parse(r.customers),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertKycReseller(db: Db, r: StoredKycReseller): Promise<void> {
  await db
    .insertInto('kyc_resellers')
    .values({
      id: r.id,
      name: r.name,
      country: r.country,
      attestations: JSON.stringify(r.attestations),
      customers: JSON.stringify(r.customers),
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    })
    .execute();
}

export async function updateKycReseller(
  db: Db,
  id: string,
  patch: Pick<StoredKycReseller, 'attestations' | 'customers' | 'updatedAt'>,
): Promise<void> {
  await db
    .updateTable('kyc_resellers')
    .set({
      attestations: JSON.stringify(patch.attestations),
      customers: JSON.stringify(patch.customers),
      updated_at: patch.updatedAt,
    })
    .where('id', '=', id)
    .execute();
}

export async function getKycReseller(db: Db, id: string): Promise<StoredKycReseller | undefined> {
  const r = await db.selectFrom('kyc_resellers').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toReseller(r) : undefined;
}

export async function listKycResellers(db: Db): Promise<StoredKycReseller[]> {
  const rows = await db.selectFrom('kyc_resellers').selectAll().orderBy('id').execute();
  return rows.map(toReseller);
}

// ---- usage ------------------------------------------------------------------------------------------------------

export interface StoredKycUsage {
  readonly accountId: string;
  readonly day: string;
  readonly acceleratorModel: string;
  readonly count: number;
  readonly hours: number;
  readonly utilisation: number;
}

/**
 * Writes usage rows keyed by (account, day, accelerator): a new key is inserted, a key with other figures is
 * replaced, the same figures change nothing. Returns the counts.
 */
export async function upsertKycUsage(
  db: Db,
  rows: readonly StoredKycUsage[],
  batchId: string,
  at: string,
): Promise<{ inserted: number; replaced: number; unchanged: number }> {
  let inserted = 0;
  let replaced = 0;
  let unchanged = 0;
  for (const u of rows) {
    const prior = await db
      .selectFrom('kyc_usage')
      .select(['count', 'hours', 'utilisation'])
      .where('account_id', '=', u.accountId)
      .where('day', '=', u.day)
      .where('accelerator', '=', u.acceleratorModel)
      .executeTakeFirst();
    if (!prior) {
      await db
        .insertInto('kyc_usage')
        .values({
          account_id: u.accountId,
          day: u.day,
          accelerator: u.acceleratorModel,
          count: u.count,
          hours: u.hours,
          utilisation: u.utilisation,
          batch_id: batchId,
          ingested_at: at,
        })
        .execute();
      inserted++;
    } else if (
      Number(prior.count) === u.count &&
      Number(prior.hours) === u.hours &&
      Number(prior.utilisation) === u.utilisation
    ) {
      unchanged++;
    } else {
      await db
        .updateTable('kyc_usage')
        .set({ count: u.count, hours: u.hours, utilisation: u.utilisation, batch_id: batchId, ingested_at: at })
        .where('account_id', '=', u.accountId)
        .where('day', '=', u.day)
        .where('accelerator', '=', u.acceleratorModel)
        .execute();
      replaced++;
    }
  }
  return { inserted, replaced, unchanged };
}

/** Usage on days in [from, to] (inclusive ISO days), optionally of one account; ordered by account, day. */
export async function kycUsageBetween(db: Db, from: string, to: string, accountId?: string): Promise<StoredKycUsage[]> {
  let q = db
    .selectFrom('kyc_usage')
    .select(['account_id', 'day', 'accelerator', 'count', 'hours', 'utilisation'])
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (accountId) q = q.where('account_id', '=', accountId);
  const rows = await q.orderBy('account_id').orderBy('day').orderBy('accelerator').execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    day: r.day,
    acceleratorModel: r.accelerator,
    count: Number(r.count),
    hours: Number(r.hours),
    utilisation: Number(r.utilisation),
  }));
}

export interface KycUsageRejection {
  readonly id: string;
  readonly batchId: string;
  readonly rowNumber: number;
  readonly reason: string;
  readonly raw: unknown;
  readonly at: string;
}

export async function insertKycUsageRejections(db: Db, rejections: readonly KycUsageRejection[]): Promise<void> {
  for (const r of rejections) {
    await db
      .insertInto('kyc_usage_rejections')
      .values({
        id: r.id,
        batch_id: r.batchId,
        row_number: r.rowNumber,
        reason: r.reason,
        raw: JSON.stringify(r.raw ?? null),
        at: r.at,
      })
      .execute();
  }
}

export async function kycUsageRejections(db: Db, batchId: string): Promise<KycUsageRejection[]> {
  const rows = await db
    .selectFrom('kyc_usage_rejections')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('row_number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batch_id,
    rowNumber: Number(r.row_number),
    reason: r.reason,
    raw: JSON.parse(r.raw),
    at: r.at,
  }));
}

// ---- findings ---------------------------------------------------------------------------------------------------

export type KycFindingStatus = 'open' | 'resolved';

export interface StoredKycFinding {
  readonly id: string;
  readonly accountId: string;
  readonly kind: string;
  readonly ref: string;
  readonly severity: 'low' | 'medium' | 'high';
  readonly summary: string;
  readonly evidence: Record<string, unknown>;
  readonly ruleId: string | null;
  readonly legalStatus: string | null;
  readonly source: 'account-opening' | 'training-run-check' | 'list-update';
  /** The draft report document (large training runs), or null. */
  readonly report: Record<string, unknown> | null;
  readonly status: KycFindingStatus;
  readonly at: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolution: string | null;
}

function toFinding(r: KycFindingTable): StoredKycFinding {
  return {
    id: r.id,
    accountId: r.account_id,
    kind: r.kind,
    ref: r.ref,
    severity: r.severity as StoredKycFinding['severity'],
    summary: r.summary,
    evidence: JSON.parse(r.evidence),
    ruleId: r.rule_id,
    legalStatus: r.legal_status,
    source: r.source as StoredKycFinding['source'],
    report: r.report === null ? null : JSON.parse(r.report),
    status: r.status as KycFindingStatus,
    at: r.at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    resolution: r.resolution,
  };
}

export async function insertKycFinding(db: Db, f: StoredKycFinding): Promise<void> {
  await db
    .insertInto('kyc_findings')
    .values({
      id: f.id,
      account_id: f.accountId,
      kind: f.kind,
      ref: f.ref,
      severity: f.severity,
      summary: f.summary,
      evidence: JSON.stringify(f.evidence),
      rule_id: f.ruleId,
      legal_status: f.legalStatus,
      source: f.source,
      report: f.report === null ? null : JSON.stringify(f.report),
      status: f.status,
      at: f.at,
      resolved_at: f.resolvedAt,
      resolved_by: f.resolvedBy,
      resolution: f.resolution,
    })
    .execute();
}

/** Replaces the evidence, summary and report of an open finding (a re-run check with new figures). */
export async function refreshKycFinding(
  db: Db,
  id: string,
  patch: Pick<StoredKycFinding, 'ref' | 'summary' | 'evidence' | 'report' | 'severity' | 'at'>,
): Promise<void> {
  await db
    .updateTable('kyc_findings')
    .set({
      ref: patch.ref,
      summary: patch.summary,
      evidence: JSON.stringify(patch.evidence),
      report: patch.report === null ? null : JSON.stringify(patch.report),
      severity: patch.severity,
      at: patch.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function resolveKycFinding(
  db: Db,
  id: string,
  r: { resolvedAt: string; resolvedBy: string; resolution: string },
): Promise<void> {
  await db
    .updateTable('kyc_findings')
    .set({ status: 'resolved', resolved_at: r.resolvedAt, resolved_by: r.resolvedBy, resolution: r.resolution })
    .where('id', '=', id)
    .execute();
}

export async function getKycFinding(db: Db, id: string): Promise<StoredKycFinding | undefined> {
  const r = await db.selectFrom('kyc_findings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toFinding(r) : undefined;
}

export interface KycFindingQuery {
  readonly accountId?: string | undefined;
  readonly kind?: string | undefined;
  readonly status?: KycFindingStatus | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export async function listKycFindings(db: Db, q: KycFindingQuery = {}): Promise<StoredKycFinding[]> {
  let query = db.selectFrom('kyc_findings').selectAll();
  if (q.accountId) query = query.where('account_id', '=', q.accountId);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(q.limit ?? 1000)
    .offset(q.offset ?? 0)
    .execute();
  return rows.map(toFinding);
}

/** The refs of one account's findings of a kind, open or resolved (a re-screen opens no second finding). */
export async function kycFindingRefs(db: Db, accountId: string, kind: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('kyc_findings')
    .select('ref')
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .execute();
  return new Set(rows.map((r) => r.ref));
}

/** The findings of one account with this kind and ref (a re-run check finds its earlier finding). */
export async function findKycFindings(db: Db, accountId: string, kind: string, ref: string) {
  const rows = await db
    .selectFrom('kyc_findings')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('ref', '=', ref)
    .orderBy('at')
    .execute();
  return rows.map(toFinding);
}

// ---- decisions --------------------------------------------------------------------------------------------------

export type KycDecisionKind = 'approve' | 'reject' | 'close';

export interface KycDecision {
  readonly id: string;
  readonly accountId: string;
  readonly decision: KycDecisionKind;
  readonly reason: string;
  /** The explicit override reason given to approve over unresolved high-severity findings. */
  readonly override: string | null;
  readonly statusFrom: KycAccountStatus;
  readonly statusTo: KycAccountStatus;
  /** Open findings at the time of the decision, as `kind:ref (severity)`. */
  readonly openFindings: readonly string[];
  readonly actor: string;
  readonly at: string;
}

export async function insertKycDecision(db: Db, d: KycDecision): Promise<void> {
  await db
    .insertInto('kyc_decisions')
    .values({
      id: d.id,
      account_id: d.accountId,
      decision: d.decision,
      reason: d.reason,
      override: d.override,
      status_from: d.statusFrom,
      status_to: d.statusTo,
      open_findings: JSON.stringify(d.openFindings),
      actor: d.actor,
      at: d.at,
    })
    .execute();
}

export async function decisionsOfKycAccount(db: Db, accountId: string): Promise<KycDecision[]> {
  const rows = await db
    .selectFrom('kyc_decisions')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    decision: r.decision as KycDecisionKind,
    reason: r.reason,
    override: r.override,
    statusFrom: r.status_from as KycAccountStatus,
    statusTo: r.status_to as KycAccountStatus,
    openFindings: JSON.parse(r.open_findings),
    actor: r.actor,
    at: r.at,
  }));
}
