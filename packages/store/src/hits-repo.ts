/** The hit review queue and the screenings that fed it. */
import type { HitExplanation, HitStatus, RecordedAdjudication } from '@stackport/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, HitTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredHit {
  readonly id: string;
  readonly partyId: string;
  readonly entryKey: string;
  readonly source: string;
  readonly entryName: string;
  readonly entryContentHash: string;
  readonly listVersionId: string;
  readonly score: number;
  readonly band: string;
  readonly matchedName: string;
  readonly explanation: HitExplanation;
  readonly status: HitStatus;
  readonly reason: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly openReason: string;
}

function toHit(r: HitTable): StoredHit {
  return {
    id: r.id,
    partyId: r.party_id,
    entryKey: r.entry_key,
    source: r.source,
    entryName: r.entry_name,
    entryContentHash: r.entry_content_hash,
    listVersionId: r.list_version_id,
    score: Number(r.score),
    band: r.band,
    matchedName: r.matched_name,
    explanation: JSON.parse(r.explanation) as HitExplanation,
    status: r.status,
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    openReason: r.open_reason,
  };
}

function toRow(h: StoredHit): HitTable {
  return {
    id: h.id,
    party_id: h.partyId,
    entry_key: h.entryKey,
    source: h.source,
    entry_name: h.entryName,
    entry_content_hash: h.entryContentHash,
    list_version_id: h.listVersionId,
    score: h.score,
    band: h.band,
    matched_name: h.matchedName,
    explanation: JSON.stringify(h.explanation),
    status: h.status,
    reason: h.reason,
    decided_by: h.decidedBy,
    decided_at: h.decidedAt,
    opened_at: h.openedAt,
    updated_at: h.updatedAt,
    open_reason: h.openReason,
  };
}

export async function findHit(db: Db, partyId: string, entryKey: string): Promise<StoredHit | undefined> {
  const r = await db
    .selectFrom('hits')
    .selectAll()
    .where('party_id', '=', partyId)
    .where('entry_key', '=', entryKey)
    .executeTakeFirst();
  return r ? toHit(r) : undefined;
}

export async function getHit(db: Db, id: string): Promise<StoredHit | undefined> {
  const r = await db.selectFrom('hits').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toHit(r) : undefined;
}

/** Hits on any of these list entries (for delisting). */
export async function hitsForEntries(db: Db, entryKeys: readonly string[]): Promise<StoredHit[]> {
  const out: StoredHit[] = [];
  for (let i = 0; i < entryKeys.length; i += 500) {
    const rows = await db
      .selectFrom('hits')
      .selectAll()
      .where('entry_key', 'in', entryKeys.slice(i, i + 500))
      .execute();
    out.push(...rows.map(toHit));
  }
  return out;
}

/**
 * Decided hits (true match or false positive) on any of these entries, with their party's name and country: the
 * adjudications other modules (the program checks) may carry over.
 */
export async function adjudicationsForEntries(db: Db, entryKeys: readonly string[]): Promise<RecordedAdjudication[]> {
  const out: RecordedAdjudication[] = [];
  for (let i = 0; i < entryKeys.length; i += 500) {
    const rows = await db
      .selectFrom('hits')
      .innerJoin('parties', 'parties.id', 'hits.party_id')
      .select([
        'hits.id as hitId',
        'parties.name as partyName',
        'parties.country as partyCountry',
        'hits.entry_key as entryKey',
        'hits.entry_content_hash as entryContentHash',
        'hits.status as status',
        'hits.decided_by as decidedBy',
        'hits.decided_at as decidedAt',
      ])
      .where('hits.entry_key', 'in', entryKeys.slice(i, i + 500))
      .where('hits.status', 'in', ['true_match', 'false_positive'])
      .orderBy('hits.id')
      .execute();
    out.push(...rows.map((r) => ({ ...r, status: r.status as HitStatus })));
  }
  return out;
}

export async function insertHit(db: Db, h: StoredHit): Promise<void> {
  await db.insertInto('hits').values(toRow(h)).execute();
}

export async function replaceHit(db: Db, h: StoredHit): Promise<void> {
  const { id, ...rest } = toRow(h);
  await db.updateTable('hits').set(rest).where('id', '=', id).execute();
}

export interface HitFilter {
  readonly status?: HitStatus | undefined;
  readonly partyId?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export async function listHits(db: Db, f: HitFilter = {}): Promise<StoredHit[]> {
  let q = db.selectFrom('hits').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.partyId) q = q.where('party_id', '=', f.partyId);
  const rows = await q
    .orderBy('score', 'desc')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(f.limit ?? 100)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map(toHit);
}

export async function countHitsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('hits')
    .select(['status', sql<number>`cast(count(*) as integer)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Party ids with a confirmed true match: the "listed" parties for ownership analysis. */
export async function confirmedListedParties(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('hits').select('party_id').where('status', '=', 'true_match').distinct().execute();
  return new Set(rows.map((r) => r.party_id));
}

export interface ScreeningRecord {
  readonly id: string;
  readonly partyId: string | null;
  readonly query: unknown;
  readonly matcherVersion: string;
  readonly listVersions: readonly string[];
  readonly hitCount: number;
  readonly topScore: number | null;
  readonly trigger: string;
  readonly at: string;
  readonly actor: string;
}

export async function insertScreening(db: Db, s: ScreeningRecord): Promise<void> {
  await db
    .insertInto('screenings')
    .values({
      id: s.id,
      party_id: s.partyId,
      query: JSON.stringify(s.query),
      matcher_version: s.matcherVersion,
      list_versions: JSON.stringify(s.listVersions),
      hit_count: s.hitCount,
      top_score: s.topScore,
      trigger: s.trigger,
      at: s.at,
      actor: s.actor,
    })
    .execute();
}

export async function listScreenings(db: Db, partyId: string): Promise<ScreeningRecord[]> {
  const rows = await db
    .selectFrom('screenings')
    .selectAll()
    .where('party_id', '=', partyId)
    .orderBy('at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    partyId: r.party_id,
    query: JSON.parse(r.query) as unknown,
    matcherVersion: r.matcher_version,
    listVersions: JSON.parse(r.list_versions) as string[],
    hitCount: r.hit_count,
    topScore: r.top_score === null ? null : Number(r.top_score),
    trigger: r.trigger,
    at: r.at,
    actor: r.actor,
  }));
}
