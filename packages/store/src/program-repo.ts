/**
 * American AI Exports Program (migration 0010): proposals with their review record (the core `ReviewRecord`, kept as
 * JSON: the state machine's own state), versions (content, sha256, frozen flag, the check result and US-content
 * result), justifications of findings, agency reviews and decisions (national interest determinations, designations,
 * declines). JSON columns are (de)serialised here; the domain types live in the core (`@stackport/core` program).
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, ProgramProposalTable, ProgramVersionTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

// ---- proposals --------------------------------------------------------------------------------------------------

export interface StoredProgramProposal {
  readonly id: string;
  readonly title: string;
  readonly consortium: string;
  readonly status: string;
  readonly currentVersion: number;
  /** The core ReviewRecord. */
  readonly review: Record<string, unknown>;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A proposal in a list: without its review record, with the counts of its current version's last check. */
export type ProgramProposalSummary = Omit<StoredProgramProposal, 'review'> & {
  readonly checkSummary: { readonly blocking: number; readonly justified: number; readonly advisory: number } | null;
};

export async function insertProgramProposal(db: Db, r: StoredProgramProposal): Promise<void> {
  await db
    .insertInto('program_proposals')
    .values({
      id: r.id,
      title: r.title,
      consortium: r.consortium,
      status: r.status,
      current_version: r.currentVersion,
      review: JSON.stringify(r.review),
      created_by: r.createdBy,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    })
    .execute();
}

export async function updateProgramProposal(
  db: Db,
  id: string,
  patch: {
    title: string;
    consortium: string;
    status: string;
    currentVersion: number;
    review: unknown;
    updatedAt: string;
  },
): Promise<void> {
  await db
    .updateTable('program_proposals')
    .set({
      title: patch.title,
      consortium: patch.consortium,
      status: patch.status,
      current_version: patch.currentVersion,
      review: JSON.stringify(patch.review),
      updated_at: patch.updatedAt,
    })
    .where('id', '=', id)
    .execute();
}

function toProposal(r: ProgramProposalTable): StoredProgramProposal {
  return {
    id: r.id,
    title: r.title,
    consortium: r.consortium,
    status: r.status,
    currentVersion: Number(r.current_version),
    review: JSON.parse(r.review),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function getProgramProposal(db: Db, id: string): Promise<StoredProgramProposal | undefined> {
  const r = await db.selectFrom('program_proposals').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toProposal(r) : undefined;
}

export async function listProgramProposals(
  db: Db,
  q: { status?: string | undefined; limit?: number | undefined; offset?: number | undefined } = {},
): Promise<ProgramProposalSummary[]> {
  let query = db
    .selectFrom('program_proposals')
    .leftJoin('program_versions', (j) =>
      j
        .onRef('program_versions.proposal_id', '=', 'program_proposals.id')
        .onRef('program_versions.version', '=', 'program_proposals.current_version'),
    )
    .selectAll('program_proposals')
    .select('program_versions.check_result');
  if (q.status) query = query.where('program_proposals.status', '=', q.status);
  const rows = await query
    .orderBy('program_proposals.updated_at', 'desc')
    .orderBy('program_proposals.id')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0)
    .execute();
  return rows.map(({ check_result, ...r }) => {
    const { review: _review, ...rest } = toProposal(r);
    const summary = check_result
      ? (JSON.parse(check_result) as { summary?: { blocking: number; justified: number; advisory: number } }).summary
      : undefined;
    return {
      ...rest,
      checkSummary: summary
        ? { blocking: summary.blocking, justified: summary.justified, advisory: summary.advisory }
        : null,
    };
  });
}

/** Every proposal's review record (the catalog is built from them). */
export async function allProgramReviewRecords(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await db.selectFrom('program_proposals').select(['review']).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.review) as Record<string, unknown>);
}

// ---- versions ---------------------------------------------------------------------------------------------------

export interface StoredProgramVersion {
  readonly id: string;
  readonly proposalId: string;
  readonly version: number;
  readonly content: Record<string, unknown>;
  readonly contentSha256: string;
  readonly frozen: boolean;
  readonly submittedAt: string | null;
  readonly submittedBy: string | null;
  readonly checkResult: Record<string, unknown> | null;
  readonly usContent: Record<string, unknown> | null;
  readonly checkedAt: string | null;
  readonly checkContext: Record<string, unknown> | null;
  readonly updatedAt: string;
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const parsed = (v: string | null) => (v === null ? null : (JSON.parse(v) as Record<string, unknown>));

function toVersion(r: ProgramVersionTable): StoredProgramVersion {
  return {
    id: r.id,
    proposalId: r.proposal_id,
    version: Number(r.version),
    content: JSON.parse(r.content),
    contentSha256: r.content_sha256,
    frozen: Number(r.frozen) === 1,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    checkResult: parsed(r.check_result),
    usContent: parsed(r.us_content),
    checkedAt: r.checked_at,
    checkContext: parsed(r.check_context),
    updatedAt: r.updated_at,
  };
}

export async function insertProgramVersion(db: Db, v: StoredProgramVersion): Promise<void> {
  await db
    .insertInto('program_versions')
    .values({
      id: v.id,
      proposal_id: v.proposalId,
      version: v.version,
      content: JSON.stringify(v.content),
      content_sha256: v.contentSha256,
      frozen: v.frozen ? 1 : 0,
      submitted_at: v.submittedAt,
      submitted_by: v.submittedBy,
      check_result: json(v.checkResult),
      us_content: json(v.usContent),
      checked_at: v.checkedAt,
      check_context: json(v.checkContext),
      updated_at: v.updatedAt,
    })
    .execute();
}

/** Replaces a version's mutable fields (content of a draft, its check, the freeze at submission). */
export async function updateProgramVersion(db: Db, v: StoredProgramVersion): Promise<void> {
  await db
    .updateTable('program_versions')
    .set({
      content: JSON.stringify(v.content),
      content_sha256: v.contentSha256,
      frozen: v.frozen ? 1 : 0,
      submitted_at: v.submittedAt,
      submitted_by: v.submittedBy,
      check_result: json(v.checkResult),
      us_content: json(v.usContent),
      checked_at: v.checkedAt,
      check_context: json(v.checkContext),
      updated_at: v.updatedAt,
    })
    .where('id', '=', v.id)
    .execute();
}

export async function getProgramVersion(
  db: Db,
  proposalId: string,
  version: number,
): Promise<StoredProgramVersion | undefined> {
  const r = await db
    .selectFrom('program_versions')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

/** The versions of a proposal without their content and check (number, hash, frozen, submitted). */
export async function listProgramVersions(db: Db, proposalId: string) {
  const rows = await db
    .selectFrom('program_versions')
    .select(['version', 'content_sha256', 'frozen', 'submitted_at', 'submitted_by', 'checked_at', 'updated_at'])
    .where('proposal_id', '=', proposalId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    version: Number(r.version),
    contentSha256: r.content_sha256,
    frozen: Number(r.frozen) === 1,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    checkedAt: r.checked_at,
    updatedAt: r.updated_at,
  }));
}

// ---- justifications, reviews, decisions -------------------------------------------------------------------------

export interface StoredProgramJustification {
  readonly id: string;
  readonly proposalId: string;
  readonly version: number;
  readonly findingKey: string;
  readonly text: string;
  readonly by: string;
  readonly at: string;
}

export async function insertProgramJustification(db: Db, j: StoredProgramJustification): Promise<void> {
  await db
    .insertInto('program_justifications')
    .values({
      id: j.id,
      proposal_id: j.proposalId,
      version: j.version,
      finding_key: j.findingKey,
      text: j.text,
      by: j.by,
      at: j.at,
    })
    .execute();
}

export async function listProgramJustifications(db: Db, proposalId: string): Promise<StoredProgramJustification[]> {
  const rows = await db
    .selectFrom('program_justifications')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    proposalId: r.proposal_id,
    version: Number(r.version),
    findingKey: r.finding_key,
    text: r.text,
    by: r.by,
    at: r.at,
  }));
}

export interface StoredProgramReview {
  readonly id: string;
  readonly proposalId: string;
  readonly version: number;
  readonly agency: string;
  readonly reviewer: string;
  readonly scores: readonly Record<string, unknown>[];
  readonly weightedScore: number;
  readonly recommendation: string;
  readonly comment: string | null;
  readonly at: string;
}

export async function insertProgramReview(db: Db, r: StoredProgramReview): Promise<void> {
  await db
    .insertInto('program_reviews')
    .values({
      id: r.id,
      proposal_id: r.proposalId,
      version: r.version,
      agency: r.agency,
      reviewer: r.reviewer,
      scores: JSON.stringify(r.scores),
      weighted_score: r.weightedScore,
      recommendation: r.recommendation,
      comment: r.comment,
      at: r.at,
    })
    .execute();
}

export async function listProgramReviews(db: Db, proposalId: string): Promise<StoredProgramReview[]> {
  const rows = await db
    .selectFrom('program_reviews')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    proposalId: r.proposal_id,
    version: Number(r.version),
    agency: r.agency,
    reviewer: r.reviewer,
    scores: JSON.parse(r.scores),
    weightedScore: Number(r.weighted_score),
    recommendation: r.recommendation,
    comment: r.comment,
    at: r.at,
  }));
}

export interface StoredProgramDecision {
  readonly id: string;
  readonly proposalId: string;
  readonly version: number;
  readonly kind: 'nid' | 'designated' | 'declined';
  readonly inNationalInterest: boolean | null;
  readonly conditions: readonly string[] | null;
  readonly effectiveFrom: string | null;
  readonly expiresOn: string | null;
  /** NID rationale and agencies consulted, or the decline's reasons. */
  readonly detail: Record<string, unknown>;
  readonly by: string;
  readonly at: string;
}

export async function insertProgramDecision(db: Db, d: StoredProgramDecision): Promise<void> {
  await db
    .insertInto('program_decisions')
    .values({
      id: d.id,
      proposal_id: d.proposalId,
      version: d.version,
      kind: d.kind,
      in_national_interest: d.inNationalInterest === null ? null : d.inNationalInterest ? 1 : 0,
      conditions: json(d.conditions),
      effective_from: d.effectiveFrom,
      expires_on: d.expiresOn,
      detail: JSON.stringify(d.detail),
      by: d.by,
      at: d.at,
    })
    .execute();
}

export async function listProgramDecisions(db: Db, proposalId: string): Promise<StoredProgramDecision[]> {
  const rows = await db
    .selectFrom('program_decisions')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    proposalId: r.proposal_id,
    version: Number(r.version),
    kind: r.kind as StoredProgramDecision['kind'],
    inNationalInterest: r.in_national_interest === null ? null : Number(r.in_national_interest) === 1,
    conditions: r.conditions === null ? null : (JSON.parse(r.conditions) as string[]),
    effectiveFrom: r.effective_from,
    expiresOn: r.expires_on,
    detail: JSON.parse(r.detail),
    by: r.by,
    at: r.at,
  }));
}
