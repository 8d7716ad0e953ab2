/**
 * The interagency review as a pure state machine:
 *
 *   draft ──submit──▶ submitted ──beginReview──▶ under-review ──decide──▶ decided (designated | declined)
 *     ▲                    │                          │                        │
 *     └──────────── amend (any change after submission: a new draft version) ─┘
 *
 * Submission freezes a version under its content hash and is refused while unjustified blocking findings remain.
 * Agencies score the frozen version against a configurable rubric; the national interest determination (NID) is
 * recorded with its rationale and the agencies consulted; designation carries conditions and an expiry. A change in
 * membership (the consortium section: members, owners) or in the hardware BOM reopens the review: a designation in
 * force is suspended until the new version is decided. Every function returns a new record; time and actor are
 * passed in. Errors are `ProgramReviewError` with a code.
 * @module
 */
import type { ProgramCheckResult } from './checks.js';
import { changedSections, proposalContentHash, sectionHashes } from './hash.js';
import type { Proposal, ProposalSection } from './types.js';

export type ReviewState = 'draft' | 'submitted' | 'under-review' | 'decided';

/** Agencies in the review: Commerce decides, in consultation with State, War, Energy and OSTP [S: R8]; the finance agencies score the support request. */
export const REVIEW_AGENCIES = ['DOC', 'DOS', 'DOW', 'DOE', 'OSTP', 'EXIM', 'DFC', 'USTDA', 'EDAG'] as const;
export type ReviewAgency = (typeof REVIEW_AGENCIES)[number];

/** Consultations the NID requires: State, War, Energy and OSTP (FR Doc 2026-06952 as summarised [S: R8]). */
export const NID_REQUIRED_CONSULTATIONS: readonly ReviewAgency[] = ['DOS', 'DOW', 'DOE', 'OSTP'];

/** Sections whose change reopens review: membership (with ownership) and the hardware BOM. */
export const MATERIAL_SECTIONS: readonly ProposalSection[] = ['consortium', 'hardwareBom'];

export class ProgramReviewError extends Error {
  readonly code: string;
  readonly details?: readonly string[];
  constructor(code: string, message: string, details?: readonly string[]) {
    super(message);
    this.name = 'ProgramReviewError';
    this.code = code;
    if (details) this.details = details;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// ------------------------------------------------------------------ rubric

export interface RubricCriterion {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Scores run 0..maxScore (integers). */
  readonly maxScore: number;
  readonly weight: number;
  /** Agencies expected to score it; absent = every agency. */
  readonly agencies?: readonly ReviewAgency[];
}

export interface Rubric {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly criteria: readonly RubricCriterion[];
  readonly note?: string;
}

/**
 * A starting rubric, ours [U]: the Call gives "scant guidance on … how proposals will be judged" (R12). Criteria
 * follow the RFI's evaluation topics (competitiveness, advancing US leadership, compliance; R1, R4) and the
 * outcome measures critics proposed (time-to-operation, private capital; R16). Replace it with the agencies' own.
 */
export const DEFAULT_RUBRIC: Rubric = {
  id: 'aiexp-rubric',
  version: '0.1',
  title: 'American AI Exports Program interagency review (Stackport starting rubric)',
  note: 'Configurable data, not a published government rubric.',
  criteria: [
    {
      id: 'full-stack',
      title: 'Full-stack package',
      description: 'All five layers delivered, credible responsible members, integration.',
      maxScore: 5,
      weight: 2,
      agencies: ['DOC'],
    },
    {
      id: 'us-content',
      title: 'US content and supply chain',
      description: 'US-origin content of the hardware layer and the evidence behind it.',
      maxScore: 5,
      weight: 2,
      agencies: ['DOC'],
    },
    {
      id: 'national-security',
      title: 'National security and export-control compliance',
      description: 'Eligibility of members and owners, license position per market, end-use controls.',
      maxScore: 5,
      weight: 3,
      agencies: ['DOC', 'DOS', 'DOW', 'DOE', 'OSTP'],
    },
    {
      id: 'security-measures',
      title: 'Security and cybersecurity measures',
      description: 'Layer-4 measures for models and systems; model provenance.',
      maxScore: 5,
      weight: 2,
      agencies: ['DOW', 'DOE', 'OSTP'],
    },
    {
      id: 'market-rationale',
      title: 'Market rationale',
      description: 'How the package advances US national interests in each target market.',
      maxScore: 5,
      weight: 2,
      agencies: ['DOS', 'DOC'],
    },
    {
      id: 'financing',
      title: 'Financing request',
      description: 'Instrument fit, amounts, private capital mobilised, repayment and risk.',
      maxScore: 5,
      weight: 2,
      agencies: ['EXIM', 'DFC', 'USTDA', 'EDAG'],
    },
    {
      id: 'deliverability',
      title: 'Deliverability',
      description: 'Time to operation, operating model of the sites, utilisation plan.',
      maxScore: 5,
      weight: 1,
    },
  ],
};

/** The criteria an agency is expected to score. */
export function criteriaFor(rubric: Rubric, agency: ReviewAgency): RubricCriterion[] {
  return rubric.criteria.filter((c) => !c.agencies || c.agencies.includes(agency));
}

// ------------------------------------------------------------------ records

export interface FrozenVersion {
  readonly version: number;
  readonly contentHash: string;
  readonly sectionHashes: Readonly<Record<ProposalSection, string>>;
  readonly submittedAt: string;
  readonly submittedBy: string;
  /** The findings summary at submission (justified findings stay on the record). */
  readonly check: {
    readonly asOf: string;
    readonly blocking: number;
    readonly justified: number;
    readonly advisory: number;
    readonly usContentPct?: number;
    readonly usContentPresumption: boolean | 'unknown';
  };
  /** The frozen proposal itself. */
  readonly proposal: Proposal;
}

export interface CriterionScore {
  readonly criterionId: string;
  readonly score: number;
  readonly comment?: string;
}

export interface AgencyReview {
  readonly agency: ReviewAgency;
  readonly reviewer: string;
  readonly version: number;
  readonly rubric: { readonly id: string; readonly version: string };
  readonly scores: readonly CriterionScore[];
  /** Weighted score, 0–100. */
  readonly weightedScore: number;
  readonly recommendation: 'designate' | 'designate-with-conditions' | 'decline';
  readonly comment?: string;
  readonly at: string;
}

export interface NationalInterestDetermination {
  readonly version: number;
  readonly inNationalInterest: boolean;
  readonly rationale: string;
  readonly agenciesConsulted: readonly ReviewAgency[];
  /** The US-content component (the ≥ 51 % presumption) as computed for the frozen version. */
  readonly usContent: { readonly sharePct?: number; readonly presumptionMet: boolean | 'unknown' };
  readonly by: string;
  readonly at: string;
}

export interface Designation {
  readonly id: string;
  readonly version: number;
  readonly conditions: readonly string[];
  /** Inclusive. */
  readonly effectiveFrom: string;
  /** Exclusive: the designation lapses on this day. */
  readonly expiresOn: string;
  readonly status: 'active' | 'suspended';
  readonly suspendedReason?: string;
}

export type ReviewDecision =
  | { readonly outcome: 'designated'; readonly designation: Designation; readonly by: string; readonly at: string }
  | {
      readonly outcome: 'declined';
      readonly version: number;
      readonly reasons: readonly string[];
      readonly by: string;
      readonly at: string;
    };

export interface ReviewEvent {
  readonly at: string;
  readonly by: string;
  readonly action:
    | 'created'
    | 'submitted'
    | 'review-started'
    | 'agency-review'
    | 'nid-recorded'
    | 'designated'
    | 'declined'
    | 'amended'
    | 'reopened';
  readonly version?: number;
  readonly detail?: string;
}

export interface ReviewRecord {
  readonly proposalId: string;
  readonly state: ReviewState;
  readonly versions: readonly FrozenVersion[];
  readonly reviews: readonly AgencyReview[];
  readonly nids: readonly NationalInterestDetermination[];
  /** The latest decision (a designation stays here, suspended or active, while a new version is in review). */
  readonly decision?: ReviewDecision;
  readonly reopened?: {
    readonly fromVersion: number;
    readonly changed: readonly ProposalSection[];
    readonly at: string;
  };
  readonly events: readonly ReviewEvent[];
}

export interface Actor {
  readonly at: string;
  readonly by: string;
}

// ------------------------------------------------------------------ transitions

export function newReviewRecord(proposalId: string, actor: Actor): ReviewRecord {
  return {
    proposalId,
    state: 'draft',
    versions: [],
    reviews: [],
    nids: [],
    events: [{ at: actor.at, by: actor.by, action: 'created' }],
  };
}

/** The version under review or decided (the last frozen one), if any. */
export function currentVersion(r: ReviewRecord): FrozenVersion | undefined {
  return r.versions[r.versions.length - 1];
}

function expectState(r: ReviewRecord, allowed: readonly ReviewState[], action: string) {
  if (!allowed.includes(r.state))
    throw new ProgramReviewError(
      'INVALID_STATE',
      `cannot ${action} in state ${r.state} (allowed: ${allowed.join(', ')})`,
    );
}

/**
 * Submits the proposal: refused unless the record is a draft, the check was run on exactly this content, and no
 * unjustified blocking finding remains (`SUBMISSION_BLOCKED`, with the list of what is missing).
 */
export function submitProposal(
  r: ReviewRecord,
  proposal: Proposal,
  check: ProgramCheckResult,
  actor: Actor,
): ReviewRecord {
  expectState(r, ['draft'], 'submit');
  if (proposal.id !== r.proposalId)
    throw new ProgramReviewError('WRONG_PROPOSAL', `proposal ${proposal.id} is not ${r.proposalId}`);
  const hash = proposalContentHash(proposal);
  if (check.contentHash !== hash)
    throw new ProgramReviewError('STALE_CHECK', 'the check was run on other content: run it again before submitting');
  if (!check.summary.canSubmit)
    throw new ProgramReviewError(
      'SUBMISSION_BLOCKED',
      `${check.summary.blocking} blocking makeFinding(s) must be resolved or justified before submission`,
      check.summary.missing,
    );
  const version = r.versions.length + 1;
  const frozen: FrozenVersion = {
    version,
    contentHash: hash,
    sectionHashes: sectionHashes(proposal),
    submittedAt: actor.at,
    submittedBy: actor.by,
    check: {
      asOf: check.asOf,
      blocking: check.summary.blocking,
      justified: check.summary.justified,
      advisory: check.summary.advisory,
      ...(check.usContent.sharePct === undefined ? {} : { usContentPct: check.usContent.sharePct }),
      usContentPresumption: check.usContent.presumptionMet,
    },
    proposal: structuredClone(proposal),
  };
  const { reopened: _drop, ...rest } = r;
  return {
    ...rest,
    state: 'submitted',
    versions: [...r.versions, frozen],
    events: [...r.events, { at: actor.at, by: actor.by, action: 'submitted', version, detail: hash }],
  };
}

export function beginReview(r: ReviewRecord, actor: Actor): ReviewRecord {
  expectState(r, ['submitted'], 'begin review');
  return {
    ...r,
    state: 'under-review',
    events: [
      ...r.events,
      { at: actor.at, by: actor.by, action: 'review-started', version: currentVersion(r)?.version },
    ],
  };
}

export interface AgencyReviewInput {
  readonly agency: ReviewAgency;
  readonly reviewer: string;
  readonly scores: readonly CriterionScore[];
  readonly recommendation: AgencyReview['recommendation'];
  readonly comment?: string;
  readonly at: string;
}

/**
 * Records an agency's scores on the current version. Every criterion the agency is expected to score must be
 * scored, with an integer in 0..maxScore; unknown criteria are refused. A reviewer's new review of the same version
 * replaces the earlier one.
 */
export function recordAgencyReview(r: ReviewRecord, input: AgencyReviewInput, rubric: Rubric = DEFAULT_RUBRIC) {
  expectState(r, ['under-review'], 'record a review');
  const version = currentVersion(r)?.version ?? 0;
  const byId = new Map(rubric.criteria.map((c) => [c.id, c]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of input.scores) {
    const c = byId.get(s.criterionId);
    if (!c) problems.push(`unknown criterion ${s.criterionId}`);
    else if (!Number.isInteger(s.score) || s.score < 0 || s.score > c.maxScore)
      problems.push(`${s.criterionId}: score ${s.score} is not an integer in 0..${c.maxScore}`);
    if (seen.has(s.criterionId)) problems.push(`${s.criterionId} scored twice`);
    seen.add(s.criterionId);
  }
  for (const c of criteriaFor(rubric, input.agency))
    if (!seen.has(c.id)) problems.push(`${c.id} (${c.title}) not scored`);
  if (problems.length > 0)
    throw new ProgramReviewError(
      'INVALID_SCORES',
      `the review does not fit rubric ${rubric.id} ${rubric.version}`,
      problems,
    );
  const review: AgencyReview = {
    agency: input.agency,
    reviewer: input.reviewer,
    version,
    rubric: { id: rubric.id, version: rubric.version },
    scores: input.scores,
    weightedScore: weightedScore(input.scores, rubric),
    recommendation: input.recommendation,
    ...(input.comment ? { comment: input.comment } : {}),
    at: input.at,
  };
  const others = r.reviews.filter(
    (x) => !(x.version === version && x.agency === input.agency && x.reviewer === input.reviewer),
  );
  return {
    ...r,
    reviews: [...others, review],
    events: [
      ...r.events,
      {
        at: input.at,
        by: input.reviewer,
        action: 'agency-review' as const,
        version,
        detail: `${input.agency}: ${review.weightedScore} (${input.recommendation})`,
      },
    ],
  };
}

/** Σ weight × score ÷ Σ weight × max, in percent (2 decimals), over the criteria scored. */
export function weightedScore(scores: readonly CriterionScore[], rubric: Rubric): number {
  let num = 0;
  let den = 0;
  for (const s of scores) {
    const c = rubric.criteria.find((x) => x.id === s.criterionId);
    if (!c) continue;
    num += c.weight * s.score;
    den += c.weight * c.maxScore;
  }
  return den === 0 ? 0 : Math.round((num * 10000) / den) / 100;
}

export interface NidInput {
  readonly inNationalInterest: boolean;
  readonly rationale: string;
  readonly agenciesConsulted: readonly ReviewAgency[];
  readonly by: string;
  readonly at: string;
}

/** Records the NID for the current version; State, War, Energy and OSTP must have been consulted. */
export function recordNationalInterestDetermination(
  r: ReviewRecord,
  input: NidInput,
  requiredConsultations: readonly ReviewAgency[] = NID_REQUIRED_CONSULTATIONS,
): ReviewRecord {
  expectState(r, ['under-review'], 'record the national interest determination');
  const v = currentVersion(r);
  if (!v) throw new ProgramReviewError('NO_VERSION', 'no submitted version');
  if (input.rationale.trim() === '') throw new ProgramReviewError('NID_NO_RATIONALE', 'the NID needs a rationale');
  const missing = requiredConsultations.filter((a) => !input.agenciesConsulted.includes(a));
  if (missing.length > 0)
    throw new ProgramReviewError('NID_CONSULTATION_MISSING', `not consulted: ${missing.join(', ')}`, missing);
  const nid: NationalInterestDetermination = {
    version: v.version,
    inNationalInterest: input.inNationalInterest,
    rationale: input.rationale,
    agenciesConsulted: [...input.agenciesConsulted],
    usContent: {
      ...(v.check.usContentPct === undefined ? {} : { sharePct: v.check.usContentPct }),
      presumptionMet: v.check.usContentPresumption,
    },
    by: input.by,
    at: input.at,
  };
  return {
    ...r,
    nids: [...r.nids.filter((n) => n.version !== v.version), nid],
    events: [
      ...r.events,
      {
        at: input.at,
        by: input.by,
        action: 'nid-recorded',
        version: v.version,
        detail: input.inNationalInterest ? 'in the national interest' : 'not in the national interest',
      },
    ],
  };
}

export type ReviewDecisionInput =
  | {
      readonly outcome: 'designated';
      readonly designationId: string;
      readonly conditions: readonly string[];
      readonly effectiveFrom: string;
      readonly expiresOn: string;
      readonly by: string;
      readonly at: string;
    }
  | { readonly outcome: 'declined'; readonly reasons: readonly string[]; readonly by: string; readonly at: string };

/**
 * Decides the current version. Designation needs a positive NID on this version and an expiry after the start;
 * declining needs at least one reason.
 */
export function decideProposal(r: ReviewRecord, input: ReviewDecisionInput): ReviewRecord {
  expectState(r, ['under-review'], 'decide');
  const v = currentVersion(r);
  if (!v) throw new ProgramReviewError('NO_VERSION', 'no submitted version');
  let decision: ReviewDecision;
  if (input.outcome === 'designated') {
    const nid = r.nids.find((n) => n.version === v.version);
    if (!nid?.inNationalInterest)
      throw new ProgramReviewError(
        'NID_REQUIRED',
        `designation needs a national interest determination in favour of version ${v.version}`,
      );
    if (!(input.effectiveFrom < input.expiresOn))
      throw new ProgramReviewError('INVALID_EXPIRY', `expiry ${input.expiresOn} is not after ${input.effectiveFrom}`);
    decision = {
      outcome: 'designated',
      designation: {
        id: input.designationId,
        version: v.version,
        conditions: [...input.conditions],
        effectiveFrom: input.effectiveFrom,
        expiresOn: input.expiresOn,
        status: 'active',
      },
      by: input.by,
      at: input.at,
    };
  } else {
    if (input.reasons.filter((x) => x.trim() !== '').length === 0)
      throw new ProgramReviewError('NO_REASONS', 'a decline needs at least one reason');
    decision = { outcome: 'declined', version: v.version, reasons: [...input.reasons], by: input.by, at: input.at };
  }
  return {
    ...r,
    state: 'decided',
    decision,
    events: [...r.events, { at: input.at, by: input.by, action: input.outcome, version: v.version }],
  };
}

export interface AmendResult {
  readonly record: ReviewRecord;
  readonly changed: readonly ProposalSection[];
  /** True when membership or the BOM changed since the last frozen version: review starts again. */
  readonly reopened: boolean;
}

/**
 * Records that the proposal was edited. In a draft nothing changes state. After submission, any change opens a
 * new draft version (the frozen one stays on record); a change in membership or BOM also reopens the review,
 * which suspends a designation in force until the new version is decided.
 */
export function amendProposal(r: ReviewRecord, proposal: Proposal, actor: Actor): AmendResult {
  const v = currentVersion(r);
  if (!v) return { record: r, changed: [], reopened: false };
  const changed = changedSections(v.sectionHashes, sectionHashes(proposal));
  if (changed.length === 0 || r.state === 'draft') return { record: r, changed, reopened: false };
  const material = changed.some((s) => MATERIAL_SECTIONS.includes(s));
  let decision = r.decision;
  if (material && decision?.outcome === 'designated' && decision.designation.status === 'active')
    decision = {
      ...decision,
      designation: {
        ...decision.designation,
        status: 'suspended',
        suspendedReason: `review reopened: ${changed.filter((s) => MATERIAL_SECTIONS.includes(s)).join(', ')} changed after version ${v.version}`,
      },
    };
  const events: ReviewEvent[] = [
    ...r.events,
    { at: actor.at, by: actor.by, action: 'amended', version: v.version, detail: changed.join(', ') },
  ];
  if (material) events.push({ at: actor.at, by: actor.by, action: 'reopened', version: v.version });
  const record: ReviewRecord = {
    ...r,
    state: 'draft',
    ...(decision ? { decision } : {}),
    ...(material ? { reopened: { fromVersion: v.version, changed, at: actor.at } } : {}),
    events,
  };
  return { record, changed, reopened: material };
}

/** The designation in force on `asOf`, if any (active, started, not expired). */
export function designationInForce(r: ReviewRecord, asOf: string): Designation | undefined {
  const d = r.decision;
  if (d?.outcome !== 'designated') return undefined;
  const g = d.designation;
  return g.status === 'active' && g.effectiveFrom <= asOf && asOf < g.expiresOn ? g : undefined;
}
