/**
 * American AI Exports Program (issue 6) over the store: proposal drafts (saved even when incomplete, with the list of
 * what is missing), the automatic checks with the REAL modules (restricted-party screening through the `Stackport`
 * screening index, so the matcher and list versions are recorded; classification and the license determination
 * through the core adapters with the bundled rule pack), justifications of findings, submission (refused while
 * unjustified blocking findings remain; freezes the version under its sha256), agency reviews, the national interest
 * determination, designation or decline, amendment (a new draft version; membership or BOM changes reopen review),
 * the public catalog of designated packages and the JSON export. Every change and its audit record commit in one
 * transaction. The state machine is the core's `review.ts`. Method and limits: docs/program.md.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  amendProposal,
  BUNDLED_RULES,
  beginReview,
  buildCatalog,
  type CatalogEntry,
  checkProposal,
  classifyWith,
  currentVersion,
  DEFAULT_COUNTRY_OF_CONCERN_POLICY,
  DEFAULT_RUBRIC,
  decideProposal,
  determineWith,
  EXAMPLE_PROPOSAL,
  exportProposal,
  MATCHER_VERSION,
  newReviewRecord,
  type ProgramCheckResult,
  ProgramReviewError,
  type Proposal,
  type ProposalExport,
  ProposalSchema,
  parseProposal,
  proposalContentHash,
  REVIEW_AGENCIES,
  type ReviewRecord,
  type Rubric,
  recordAgencyReview,
  recordNationalInterestDetermination,
  type ScreeningDecision,
  screeningDecisionsFor,
  screenWith,
  submitProposal,
} from '@stackport/core';
import {
  adjudicationsForEntries,
  allProgramReviewRecords,
  appendAudit,
  getProgramProposal,
  getProgramVersion,
  insertProgramDecision,
  insertProgramJustification,
  insertProgramProposal,
  insertProgramReview,
  insertProgramVersion,
  insertScreening,
  listProgramDecisions,
  listProgramJustifications,
  listProgramProposals,
  listProgramReviews,
  listProgramVersions,
  type StoredProgramProposal,
  type StoredProgramVersion,
  updateProgramProposal,
  updateProgramVersion,
} from '@stackport/store';
import { z } from 'zod';
import { AppError } from './errors.js';
import { parseWith } from './licensing.js';
import { proposalDossier } from './program-dossier.js';
import type { ReportDocument } from './report/index.js';
import type { Stackport } from './stackport.js';

const Text = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max);
const IsoDate = z.iso.date();
const Agency = z.enum(REVIEW_AGENCIES);

export const ProgramJustifySchema = z
  .object({
    /** The finding's key, `ID@path`, as listed by the check. */
    findingKey: Text(500, 'finding key'),
    text: Text(10_000, 'justification'),
  })
  .strict();

export const ProgramReviewSchema = z
  .object({
    agency: Agency,
    /** Criterion id → integer score (DEFAULT_RUBRIC). */
    scores: z.record(z.string(), z.number().int()),
    recommendation: z.enum(['designate', 'designate-with-conditions', 'decline']).default('designate'),
    comment: z.string().trim().max(10_000).optional(),
  })
  .strict();

export const ProgramNidSchema = z
  .object({
    inNationalInterest: z.boolean(),
    rationale: Text(10_000, 'rationale'),
    agenciesConsulted: z.array(Agency).min(1),
  })
  .strict();

export const ProgramDecisionSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('designate'),
      conditions: z.array(Text(2000, 'condition')).max(100).default([]),
      /** Default: today. */
      effectiveFrom: IsoDate.optional(),
      /** Exclusive. */
      expiresOn: IsoDate,
    })
    .strict(),
  z
    .object({
      outcome: z.literal('decline'),
      reasons: z.array(Text(2000, 'reason')).min(1, 'a decline needs at least one reason').max(100),
    })
    .strict(),
]);

export const ProgramQuerySchema = z.object({
  status: z.enum(['draft', 'submitted', 'under-review', 'decided']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ProgramExportQuerySchema = z.object({
  audience: z.enum(['government', 'public']).default('government'),
  version: z.coerce.number().int().min(1).optional(),
});

/** What a check ran with: the date, the matcher and list versions, the rule pack and the country policy. */
export interface ProgramCheckContextRecord {
  readonly asOf: string;
  readonly matcherVersion: string;
  readonly listVersions: readonly string[];
  readonly rulePackVersion: string;
  readonly countryPolicy: string;
  readonly rubric: string;
  /** The hit adjudications from the screening module the check applied (absent in checks stored before them). */
  readonly screeningDecisions?: readonly ScreeningDecision[];
}

/** A screening hit with the list version of its entry. */
export interface ProgramListHit {
  readonly path: string;
  readonly name: string;
  readonly entryKey: string;
  readonly source: string;
  readonly listName: string;
  readonly score: number;
  readonly band: string;
  readonly listVersionId: string | null;
}

export interface ProgramCheckView {
  readonly version: number;
  readonly contentSha256: string;
  readonly context: ProgramCheckContextRecord;
  readonly result: ProgramCheckResult;
  readonly listHits: readonly ProgramListHit[];
  /** One line per open blocking finding. */
  readonly missing: readonly string[];
  readonly canSubmit: boolean;
}

export interface ProgramProposalView {
  readonly proposal: Omit<StoredProgramProposal, 'review'>;
  readonly review: ReviewRecord;
  readonly content: Proposal;
  readonly check: ProgramCheckView | null;
}

const sortDetails = (missing: readonly string[]) => missing.map((m) => ({ path: 'findings', message: m }));

/** A core review error as an AppError: a state conflict is SP_CONFLICT, bad input SP_BAD_REQUEST. */
function reviewError(e: unknown): never {
  if (e instanceof ProgramReviewError) {
    const conflict = ['INVALID_STATE', 'STALE_CHECK', 'SUBMISSION_BLOCKED', 'NID_REQUIRED', 'NO_VERSION'].includes(
      e.code,
    );
    throw new AppError(
      conflict ? 'SP_CONFLICT' : 'SP_BAD_REQUEST',
      `${e.code}: ${e.message}`,
      (e.details ?? []).map((d) => ({ path: e.code, message: d })),
    );
  }
  throw e;
}

function tryReview<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    return reviewError(e);
  }
}

export class ProgramService {
  constructor(private readonly app: Stackport) {}

  private get db() {
    return this.app.connection.db;
  }

  private get engine() {
    return this.app.connection.engine;
  }

  private parse(input: unknown): Proposal {
    const r = parseProposal(input);
    if (!r.ok)
      throw new AppError(
        'SP_BAD_REQUEST',
        `the proposal does not fit the published schema (docs/program/proposal.schema.json): ${r.issues.length} issue(s), first ${r.issues[0]?.path || '(root)'}: ${r.issues[0]?.message}`,
        r.issues.slice(0, 200).map((i) => ({ path: i.path || '(root)', message: i.message })),
      );
    return r.proposal;
  }

  /** Runs every check with the real modules: the app's screening index, the classifier, the bundled rules. */
  private async runCheck(proposal: Proposal): Promise<{
    result: ProgramCheckResult;
    context: ProgramCheckContextRecord;
    listHits: ProgramListHit[];
  }> {
    const loaded = await this.app.index();
    const asOf = this.app.today();
    // Each party is screened once; the second run below reuses the hits.
    const screenOnce = screenWith(loaded.index);
    const screened = new Map<string, ReturnType<typeof screenOnce>>();
    const screen: typeof screenOnce = (name, country) => {
      const key = `${name}\u0000${country ?? ''}`;
      const hits = screened.get(key) ?? screenOnce(name, country);
      screened.set(key, hits);
      return hits;
    };
    const ctx = {
      asOf,
      screen,
      classify: classifyWith(),
      determine: determineWith(BUNDLED_RULES),
      countryOfConcernPolicy: DEFAULT_COUNTRY_OF_CONCERN_POLICY,
    };
    const first = checkProposal(proposal, ctx);
    // Hits a reviewer already decided in the screening module (same party name, entry unchanged) carry over.
    const hitEntries = [...new Set(first.screening.flatMap((s) => s.hits.map((h) => h.entryKey)))];
    const screeningDecisions = screeningDecisionsFor(
      first.screening,
      hitEntries.length > 0 ? await adjudicationsForEntries(this.db, hitEntries) : [],
      (entryKey) => loaded.entries.get(entryKey)?.contentHash,
    );
    const result = screeningDecisions.length > 0 ? checkProposal(proposal, { ...ctx, screeningDecisions }) : first;
    const listHits: ProgramListHit[] = result.screening.flatMap((s) =>
      s.hits
        .filter((h) => h.band !== 'below')
        .map((h) => ({
          path: s.path,
          name: s.name,
          entryKey: h.entryKey,
          source: h.source,
          listName: h.name,
          score: h.score,
          band: h.band,
          listVersionId: loaded.entries.get(h.entryKey)?.versionId ?? null,
        })),
    );
    return {
      result,
      listHits,
      context: {
        asOf,
        matcherVersion: MATCHER_VERSION,
        listVersions: loaded.versionIds,
        rulePackVersion: BUNDLED_RULES.version,
        countryPolicy: `${DEFAULT_COUNTRY_OF_CONCERN_POLICY.id} ${DEFAULT_COUNTRY_OF_CONCERN_POLICY.version}`,
        rubric: `${DEFAULT_RUBRIC.id} ${DEFAULT_RUBRIC.version}`,
        screeningDecisions,
      },
    };
  }

  /** The version row with its check stored (content, sha256, check result, US content, context). */
  private checkedVersion(
    base: Pick<StoredProgramVersion, 'id' | 'proposalId' | 'version'>,
    proposal: Proposal,
    checked: Awaited<ReturnType<ProgramService['runCheck']>>,
    at: string,
  ): StoredProgramVersion {
    const { usContent, ...rest } = checked.result;
    return {
      ...base,
      content: proposal as unknown as Record<string, unknown>,
      contentSha256: proposalContentHash(proposal),
      frozen: false,
      submittedAt: null,
      submittedBy: null,
      checkResult: { ...rest, listHits: checked.listHits } as unknown as Record<string, unknown>,
      usContent: usContent as unknown as Record<string, unknown>,
      checkedAt: at,
      checkContext: checked.context as unknown as Record<string, unknown>,
      updatedAt: at,
    };
  }

  /** Records one screening row per screened party (matcher and list versions), as the other services do. */
  private async recordScreenings(
    trx: Parameters<typeof insertScreening>[0],
    proposalId: string,
    checked: Awaited<ReturnType<ProgramService['runCheck']>>,
    at: string,
    actor: string,
  ) {
    for (const s of checked.result.screening) {
      const hits = s.hits.filter((h) => h.band !== 'below');
      await insertScreening(trx, {
        id: randomUUID(),
        partyId: null,
        query: { name: s.name, country: s.country ?? null, path: s.path, programProposal: proposalId },
        matcherVersion: checked.context.matcherVersion,
        listVersions: [...checked.context.listVersions],
        hitCount: hits.length,
        topScore: hits[0]?.score ?? null,
        trigger: 'program-check',
        at,
        actor,
      });
    }
  }

  private async load(id: string, db: Parameters<typeof getProgramProposal>[0] = this.db) {
    const stored = await getProgramProposal(db, id);
    if (!stored) throw new AppError('SP_NOT_FOUND', `no program proposal ${id}`);
    const version = await getProgramVersion(db, id, stored.currentVersion);
    if (!version) throw new AppError('SP_INTERNAL', `proposal ${id} has no version ${stored.currentVersion}`);
    return { stored, record: stored.review as unknown as ReviewRecord, version };
  }

  private view(
    stored: StoredProgramProposal,
    record: ReviewRecord,
    version: StoredProgramVersion,
  ): ProgramProposalView {
    const { review: _r, ...proposal } = stored;
    let check: ProgramCheckView | null = null;
    if (version.checkResult && version.usContent && version.checkContext) {
      const { listHits, ...result } = version.checkResult as unknown as Omit<ProgramCheckResult, 'usContent'> & {
        listHits: ProgramListHit[];
      };
      const full = { ...result, usContent: version.usContent } as unknown as ProgramCheckResult;
      check = {
        version: version.version,
        contentSha256: version.contentSha256,
        context: version.checkContext as unknown as ProgramCheckContextRecord,
        result: full,
        listHits,
        missing: full.summary.missing,
        canSubmit: full.summary.canSubmit,
      };
    }
    return { proposal, review: record, content: version.content as unknown as Proposal, check };
  }

  private async audit(
    trx: Parameters<typeof appendAudit>[0],
    actor: string,
    action: string,
    id: string,
    at: string,
    data: unknown,
  ) {
    await appendAudit(trx, this.engine, { at, actor, action, subject: `program-proposal:${id}`, data });
  }

  // ---- drafts -----------------------------------------------------------------------------------------------

  /**
   * Creates a proposal from its JSON (the published schema; structure only). An incomplete proposal is saved as a
   * draft all the same: the result lists the findings and what is missing. A schema error is refused naming the path.
   */
  async create(input: unknown, actor: string): Promise<ProgramProposalView> {
    const proposal = this.parse(input);
    const checked = await this.runCheck(proposal);
    const at = this.app.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      if (await getProgramProposal(trx, proposal.id))
        throw new AppError('SP_CONFLICT', `program proposal ${proposal.id} exists: update it instead`, [
          { path: 'id', message: 'exists' },
        ]);
      const record = newReviewRecord(proposal.id, { at, by: actor });
      const stored: StoredProgramProposal = {
        id: proposal.id,
        title: proposal.title,
        consortium: proposal.consortium.name,
        status: record.state,
        currentVersion: 1,
        review: record as unknown as Record<string, unknown>,
        createdBy: actor,
        createdAt: at,
        updatedAt: at,
      };
      await insertProgramProposal(trx, stored);
      const version = this.checkedVersion(
        { id: randomUUID(), proposalId: proposal.id, version: 1 },
        proposal,
        checked,
        at,
      );
      await insertProgramVersion(trx, version);
      await this.recordScreenings(trx, proposal.id, checked, at, actor);
      await this.audit(trx, actor, 'program.proposal.create', proposal.id, at, {
        version: 1,
        contentSha256: version.contentSha256,
        ...checked.context,
        blocking: checked.result.summary.blocking,
        canSubmit: checked.result.summary.canSubmit,
      });
      return this.view(stored, record, version);
    });
  }

  /**
   * Replaces the proposal's content. A draft is edited in place; after submission any change opens a new draft
   * version (the frozen one stays), and a change in membership or the BOM reopens the review (a designation in
   * force is suspended): the core's `amendProposal`.
   */
  async update(id: string, input: unknown, actor: string): Promise<ProgramProposalView & { reopened: boolean }> {
    const proposal = this.parse(input);
    if (proposal.id !== id)
      throw new AppError('SP_BAD_REQUEST', `the proposal's id ${proposal.id} is not ${id}`, [
        { path: 'id', message: 'differs from the URL' },
      ]);
    const checked = await this.runCheck(proposal);
    const at = this.app.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const { stored, record, version } = await this.load(id, trx);
      let next = record;
      let changed: readonly string[] = [];
      let reopened = false;
      let number = stored.currentVersion;
      let row: StoredProgramVersion;
      if (version.frozen) {
        const amended = amendProposal(record, proposal, { at, by: actor });
        if (amended.changed.length === 0) return { ...this.view(stored, record, version), reopened: false };
        next = amended.record;
        changed = amended.changed;
        reopened = amended.reopened;
        number += 1;
        row = this.checkedVersion({ id: randomUUID(), proposalId: id, version: number }, proposal, checked, at);
        await insertProgramVersion(trx, row);
      } else {
        row = this.checkedVersion(version, proposal, checked, at);
        await updateProgramVersion(trx, row);
      }
      const updated: StoredProgramProposal = {
        ...stored,
        title: proposal.title,
        consortium: proposal.consortium.name,
        status: next.state,
        currentVersion: number,
        review: next as unknown as Record<string, unknown>,
        updatedAt: at,
      };
      await updateProgramProposal(trx, id, { ...updated, review: next });
      await this.recordScreenings(trx, id, checked, at, actor);
      await this.audit(trx, actor, version.frozen ? 'program.proposal.amend' : 'program.proposal.update', id, at, {
        version: number,
        contentSha256: row.contentSha256,
        changed,
        reopened,
        ...checked.context,
        blocking: checked.result.summary.blocking,
      });
      return { ...this.view(updated, next, row), reopened };
    });
  }

  /** Runs the checks again on the current version (lists, rules or the date may have changed) and stores them. */
  async check(id: string, actor: string): Promise<ProgramCheckView> {
    const { version } = await this.load(id);
    const proposal = version.content as unknown as Proposal;
    const checked = await this.runCheck(proposal);
    const at = this.app.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const { stored, record, version: v } = await this.load(id, trx);
      if (v.contentSha256 !== version.contentSha256)
        throw new AppError('SP_CONFLICT', `proposal ${id} changed during the check: run it again`);
      // A frozen version keeps its submission check; the new check is stored only on a draft.
      const row = v.frozen ? v : this.checkedVersion(v, proposal, checked, at);
      if (!v.frozen) await updateProgramVersion(trx, row);
      await this.recordScreenings(trx, id, checked, at, actor);
      await this.audit(trx, actor, 'program.proposal.check', id, at, {
        version: v.version,
        contentSha256: v.contentSha256,
        ...checked.context,
        blocking: checked.result.summary.blocking,
        canSubmit: checked.result.summary.canSubmit,
      });
      const fresh = this.view(stored, record, this.checkedVersion(v, proposal, checked, at)).check;
      return fresh as ProgramCheckView;
    });
  }

  /** Justifies a finding (by its key `ID@path`) in the current draft; the draft is checked again. */
  async justify(id: string, input: unknown, actor: string): Promise<ProgramProposalView> {
    const data = parseWith(ProgramJustifySchema, input);
    const { version, record } = await this.load(id);
    if (version.frozen || record.state !== 'draft')
      throw new AppError('SP_CONFLICT', `proposal ${id} is ${record.state}: justify findings on a draft (amend it)`);
    const at = this.app.now().toISOString();
    const before = version.content as unknown as Proposal;
    const proposal: Proposal = {
      ...before,
      justifications: [
        ...before.justifications.filter((j) => j.findingKey !== data.findingKey),
        { findingKey: data.findingKey, text: data.text, by: actor, at },
      ],
    };
    const checked = await this.runCheck(proposal);
    const known = checked.result.findings.some((f) => `${f.id}@${f.path}` === data.findingKey);
    if (!known)
      throw new AppError('SP_BAD_REQUEST', `no finding ${data.findingKey} on proposal ${id}`, [
        { path: 'findingKey', message: 'not a finding of the current check (ID@path)' },
      ]);
    return this.db.transaction().execute(async (trx) => {
      const { stored, record: r, version: v } = await this.load(id, trx);
      if (v.contentSha256 !== version.contentSha256 || v.frozen)
        throw new AppError('SP_CONFLICT', `proposal ${id} changed meanwhile: try again`);
      const row = this.checkedVersion(v, proposal, checked, at);
      await updateProgramVersion(trx, row);
      await insertProgramJustification(trx, {
        id: randomUUID(),
        proposalId: id,
        version: v.version,
        findingKey: data.findingKey,
        text: data.text,
        by: actor,
        at,
      });
      const updated = { ...stored, updatedAt: at };
      await updateProgramProposal(trx, id, { ...updated, review: r });
      await this.audit(trx, actor, 'program.finding.justify', id, at, {
        version: v.version,
        findingKey: data.findingKey,
        text: data.text,
        contentSha256: row.contentSha256,
        canSubmit: checked.result.summary.canSubmit,
      });
      return this.view(updated, r, row);
    });
  }

  /**
   * Submits the current draft: checked again with the real modules, refused with SP_CONFLICT listing the blocking
   * findings unless each is justified; on success the version is frozen under its sha256.
   */
  async submit(id: string, actor: string): Promise<ProgramProposalView> {
    const { version } = await this.load(id);
    const proposal = version.content as unknown as Proposal;
    const checked = await this.runCheck(proposal);
    const at = this.app.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const { stored, record, version: v } = await this.load(id, trx);
      if (v.contentSha256 !== version.contentSha256)
        throw new AppError('SP_CONFLICT', `proposal ${id} changed during the check: submit again`);
      if (!checked.result.summary.canSubmit)
        throw new AppError(
          'SP_CONFLICT',
          `proposal ${id} cannot be submitted: ${checked.result.summary.blocking} blocking finding(s) must be resolved or justified: ${checked.result.summary.missing.slice(0, 5).join('; ')}`,
          sortDetails(checked.result.summary.missing),
        );
      const next = tryReview(() => submitProposal(record, proposal, checked.result, { at, by: actor }));
      const row: StoredProgramVersion = {
        ...this.checkedVersion(v, proposal, checked, at),
        frozen: true,
        submittedAt: at,
        submittedBy: actor,
      };
      await updateProgramVersion(trx, row);
      const updated = {
        ...stored,
        status: next.state,
        review: next as unknown as Record<string, unknown>,
        updatedAt: at,
      };
      await updateProgramProposal(trx, id, { ...updated, review: next });
      await this.recordScreenings(trx, id, checked, at, actor);
      await this.audit(trx, actor, 'program.proposal.submit', id, at, {
        version: v.version,
        contentSha256: row.contentSha256,
        ...checked.context,
        justified: checked.result.summary.justified,
        usContentPct: checked.result.usContent.sharePct ?? null,
      });
      return this.view(updated, next, row);
    });
  }

  // ---- government review --------------------------------------------------------------------------------------

  /** Applies a review transition (beginning the review of a submitted version first) in one transaction. */
  private async transition(
    id: string,
    actor: string,
    action: string,
    step: (r: ReviewRecord, at: string) => ReviewRecord,
    rows: (
      trx: Parameters<typeof appendAudit>[0],
      before: ReviewRecord,
      after: ReviewRecord,
      at: string,
    ) => Promise<Record<string, unknown>>,
  ): Promise<ProgramProposalView> {
    const at = this.app.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const { stored, record, version } = await this.load(id, trx);
      const started = record.state === 'submitted' ? tryReview(() => beginReview(record, { at, by: actor })) : record;
      const next = tryReview(() => step(started, at));
      const data = await rows(trx, started, next, at);
      const updated = {
        ...stored,
        status: next.state,
        review: next as unknown as Record<string, unknown>,
        updatedAt: at,
      };
      await updateProgramProposal(trx, id, { ...updated, review: next });
      await this.audit(trx, actor, action, id, at, { version: currentVersion(next)?.version ?? null, ...data });
      return this.view(updated, next, version);
    });
  }

  /** An agency's scores on the current version against the default rubric (every criterion assigned to it). */
  async review(id: string, input: unknown, actor: string): Promise<ProgramProposalView> {
    const data = parseWith(ProgramReviewSchema, input);
    const scores = Object.entries(data.scores).map(([criterionId, score]) => ({ criterionId, score }));
    return this.transition(
      id,
      actor,
      'program.review.record',
      (r, at) =>
        recordAgencyReview(r, {
          agency: data.agency,
          reviewer: actor,
          scores,
          recommendation: data.recommendation,
          ...(data.comment ? { comment: data.comment } : {}),
          at,
        }),
      async (trx, _before, after) => {
        const review = after.reviews[after.reviews.length - 1];
        if (!review) throw new AppError('SP_INTERNAL', 'the review was not recorded');
        await insertProgramReview(trx, {
          id: randomUUID(),
          proposalId: id,
          version: review.version,
          agency: review.agency,
          reviewer: review.reviewer,
          scores: review.scores.map((s) => ({ ...s })),
          weightedScore: review.weightedScore,
          recommendation: review.recommendation,
          comment: review.comment ?? null,
          at: review.at,
        });
        return {
          agency: review.agency,
          weightedScore: review.weightedScore,
          recommendation: review.recommendation,
          rubric: review.rubric,
        };
      },
    );
  }

  /** The national interest determination on the current version (State, War, Energy and OSTP consulted). */
  async determineNationalInterest(id: string, input: unknown, actor: string): Promise<ProgramProposalView> {
    const data = parseWith(ProgramNidSchema, input);
    return this.transition(
      id,
      actor,
      'program.nid.record',
      (r, at) => recordNationalInterestDetermination(r, { ...data, by: actor, at }),
      async (trx, _before, after, at) => {
        const nid = after.nids[after.nids.length - 1];
        if (!nid) throw new AppError('SP_INTERNAL', 'the determination was not recorded');
        await insertProgramDecision(trx, {
          id: randomUUID(),
          proposalId: id,
          version: nid.version,
          kind: 'nid',
          inNationalInterest: nid.inNationalInterest,
          conditions: null,
          effectiveFrom: null,
          expiresOn: null,
          detail: { rationale: nid.rationale, agenciesConsulted: nid.agenciesConsulted, usContent: nid.usContent },
          by: actor,
          at,
        });
        return { inNationalInterest: nid.inNationalInterest, agenciesConsulted: nid.agenciesConsulted };
      },
    );
  }

  /** Designates the current version (conditions, start, exclusive expiry; needs a positive NID) or declines it. */
  async decide(id: string, input: unknown, actor: string): Promise<ProgramProposalView> {
    const data = parseWith(ProgramDecisionSchema, input);
    return this.transition(
      id,
      actor,
      'program.decision.record',
      (r, at) =>
        data.outcome === 'designate'
          ? decideProposal(r, {
              outcome: 'designated',
              designationId: randomUUID(),
              conditions: data.conditions,
              effectiveFrom: data.effectiveFrom ?? at.slice(0, 10),
              expiresOn: data.expiresOn,
              by: actor,
              at,
            })
          : decideProposal(r, { outcome: 'declined', reasons: data.reasons, by: actor, at }),
      async (trx, _before, after, at) => {
        const d = after.decision;
        if (!d) throw new AppError('SP_INTERNAL', 'the decision was not recorded');
        const designated = d.outcome === 'designated';
        await insertProgramDecision(trx, {
          id: designated ? d.designation.id : randomUUID(),
          proposalId: id,
          version: designated ? d.designation.version : d.version,
          kind: d.outcome,
          inNationalInterest: null,
          conditions: designated ? [...d.designation.conditions] : null,
          effectiveFrom: designated ? d.designation.effectiveFrom : null,
          expiresOn: designated ? d.designation.expiresOn : null,
          detail: designated ? { designationId: d.designation.id } : { reasons: d.reasons },
          by: actor,
          at,
        });
        return designated
          ? {
              outcome: d.outcome,
              designationId: d.designation.id,
              conditions: d.designation.conditions,
              effectiveFrom: d.designation.effectiveFrom,
              expiresOn: d.designation.expiresOn,
            }
          : { outcome: d.outcome, reasons: d.reasons };
      },
    );
  }

  // ---- reading --------------------------------------------------------------------------------------------------

  /** The rubric agency reviews are scored against (the review form reads it from here, never from a copy). */
  rubric(): Rubric {
    return DEFAULT_RUBRIC;
  }

  /**
   * A complete, compliant example proposal with invented names: the template the console's "start from the example"
   * and `stackport program example` hand out, so no shell keeps a copy of its own.
   */
  example(): Proposal {
    return structuredClone(EXAMPLE_PROPOSAL);
  }

  async list(query: unknown = {}) {
    const q = parseWith(ProgramQuerySchema, query);
    return listProgramProposals(this.db, q);
  }

  /** The proposal, its current content and check, its review record, versions, justifications, reviews, decisions. */
  async show(id: string) {
    const { stored, record, version } = await this.load(id);
    return {
      ...this.view(stored, record, version),
      versions: await listProgramVersions(this.db, id),
      justifications: await listProgramJustifications(this.db, id),
      reviews: await listProgramReviews(this.db, id),
      decisions: await listProgramDecisions(this.db, id),
    };
  }

  /** The designations in force on `asOf` (default today), built from the frozen versions, confidential sections blanked. */
  async catalog(asOf?: string): Promise<{ asOf: string; entries: CatalogEntry[] }> {
    const day = asOf ?? this.app.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new AppError('SP_BAD_REQUEST', `asOf ${day} is not a date (YYYY-MM-DD)`, [
        { path: 'asOf', message: 'not a date' },
      ]);
    const records = (await allProgramReviewRecords(this.db)) as unknown as ReviewRecord[];
    return { asOf: day, entries: buildCatalog(records, day) };
  }

  /**
   * The proposal as JSON (a version, default the current one) for the government or the public (business-confidential
   * sections emptied), validated against the published schema before it is returned.
   */
  /**
   * The proposal dossier as a printable document (render with `renderPdf`): the export for the audience, the checks
   * of that version, the license matrix, the US-content arithmetic and the review record.
   */
  async dossier(id: string, query: unknown = {}): Promise<ReportDocument> {
    const q = parseWith(ProgramExportQuerySchema, query);
    const exported = await this.export(id, q);
    const { stored, record } = await this.load(id);
    const v = await getProgramVersion(this.db, id, q.version ?? stored.currentVersion);
    if (!v) throw new AppError('SP_NOT_FOUND', `proposal ${id} has no version ${q.version}`);
    return proposalDossier(exported, this.view(stored, record, v).check, record, this.app.now().toISOString());
  }

  async export(id: string, query: unknown = {}): Promise<ProposalExport> {
    const q = parseWith(ProgramExportQuerySchema, query);
    const { stored } = await this.load(id);
    const v = await getProgramVersion(this.db, id, q.version ?? stored.currentVersion);
    if (!v) throw new AppError('SP_NOT_FOUND', `proposal ${id} has no version ${q.version}`);
    const out = exportProposal(v.content as unknown as Proposal, q.audience);
    const valid = ProposalSchema.safeParse(out.proposal);
    if (!valid.success)
      throw new AppError('SP_INTERNAL', `the export of ${id} does not validate against the published schema`);
    return out;
  }
}
