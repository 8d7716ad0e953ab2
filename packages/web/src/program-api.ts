/**
 * The console's client for /api/v1/program (the American AI Exports Program, docs/program.md): proposals (drafts saved
 * even when incomplete, with their check), justifications, submission, agency reviews, the national interest
 * determination, designation or decline, and the catalog of designated packages. The shapes are the app's, the
 * store's and the core's own types, imported type-only, so the console cannot drift from the server. The calls are
 * mixed into {@link createApi} (api.ts).
 * @module
 */
import type {
  ProgramCheckView,
  ProgramDecisionSchema,
  ProgramListHit,
  ProgramNidSchema,
  ProgramProposalView,
  ProgramReviewSchema,
  ProgramService,
} from '@stackport/app';
import type {
  AgencyReview,
  CatalogEntry,
  LayerId,
  LicenseCell,
  ProgramFinding,
  Proposal,
  ReviewAgency,
  ReviewRecord,
  ReviewState,
  Rubric,
  RubricCriterion,
  UsContentResult,
} from '@stackport/core';
import type { ProgramProposalSummary } from '@stackport/store';
import type { z } from 'zod';
import { query, type Request, type RequestFile, seg } from './calls.js';

export type {
  AgencyReview,
  CatalogEntry,
  LayerId,
  LicenseCell,
  ProgramCheckView,
  ProgramFinding,
  ProgramListHit,
  ProgramProposalSummary,
  ProgramProposalView,
  Proposal,
  ReviewAgency,
  ReviewRecord,
  ReviewState,
  Rubric,
  RubricCriterion,
  UsContentResult,
};

/** GET /program/proposals/:id: the view plus versions, justifications, reviews and decisions. */
export type ProgramProposal = Awaited<ReturnType<ProgramService['show']>>;
/** GET /program/catalog. */
export type ProgramCatalog = Awaited<ReturnType<ProgramService['catalog']>>;
/** POST /program/proposals/:id/reviews (the recommendation defaults on the server). */
export type ProgramReviewInput = z.input<typeof ProgramReviewSchema>;
/** POST /program/proposals/:id/national-interest. */
export type ProgramNidInput = z.input<typeof ProgramNidSchema>;
/** POST /program/proposals/:id/decision: designate (conditions, expiry) or decline (reasons). */
export type ProgramDecisionInput = z.input<typeof ProgramDecisionSchema>;

// Value lists typed against the core's unions: a layer, agency or state added there fails the build here.
export const LAYERS = ['hardware', 'data', 'models', 'security', 'applications'] as const satisfies readonly LayerId[];
export const LAYER_LABEL: Record<LayerId, string> = {
  hardware: 'Hardware & infrastructure',
  data: 'Data pipelines & labeling',
  models: 'AI models & systems',
  security: 'Security & cybersecurity',
  applications: 'Applications',
};
export const AGENCIES = [
  'DOC',
  'DOS',
  'DOW',
  'DOE',
  'OSTP',
  'EXIM',
  'DFC',
  'USTDA',
  'EDAG',
] as const satisfies readonly ReviewAgency[];
/** The agencies the national interest determination must consult (the core's NID_REQUIRED_CONSULTATIONS). */
export const NID_CONSULTED = ['DOS', 'DOW', 'DOE', 'OSTP'] as const satisfies readonly ReviewAgency[];
export const STATES = ['draft', 'submitted', 'under-review', 'decided'] as const satisfies readonly ReviewState[];
export const STATE_LABEL: Record<ReviewState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'under-review': 'Under review',
  decided: 'Decided',
};

/** The criteria of the server's rubric an agency is expected to score (the core's `criteriaFor`). */
export const criteriaFor = (rubric: Rubric, agency: ReviewAgency) =>
  rubric.criteria.filter((c) => !c.agencies || c.agencies.includes(agency));

/** The key a justification refers to (the core's `findingKey`). */
export const findingKeyOf = (f: Pick<ProgramFinding, 'id' | 'path'>) => `${f.id}@${f.path}`;

/** A finding that stops submission: blocking and not justified (the core's `isBlocking`). */
export const isOpenBlocking = (f: ProgramFinding) => f.severity === 'blocking' && !f.justified;

export interface ProgramQuery {
  readonly status?: ReviewState;
  readonly limit?: number;
}

const e = seg;

/** The program calls, on top of the client's JSON requests. */
export function programCalls(request: Request, requestFile: RequestFile) {
  return {
    programDossierPdf: (id: string, audience: 'government' | 'public') =>
      requestFile(
        'GET',
        `/program/proposals/${e(id)}/dossier.pdf?audience=${audience}`,
        `${id}-dossier-${audience}.pdf`,
      ),
    programProposals: (q: ProgramQuery = {}) =>
      request<ProgramProposalSummary[]>('GET', `/program/proposals${query(q)}`),
    programProposal: (id: string) => request<ProgramProposal>('GET', `/program/proposals/${e(id)}`),
    createProgramProposal: (proposal: unknown) => request<ProgramProposalView>('POST', '/program/proposals', proposal),
    updateProgramProposal: (id: string, proposal: unknown) =>
      request<ProgramProposalView & { reopened: boolean }>('PUT', `/program/proposals/${e(id)}`, proposal),
    checkProgramProposal: (id: string) => request<ProgramCheckView>('POST', `/program/proposals/${e(id)}/check`),
    justifyProgramFinding: (id: string, findingKey: string, text: string) =>
      request<ProgramProposalView>('POST', `/program/proposals/${e(id)}/justifications`, { findingKey, text }),
    submitProgramProposal: (id: string) => request<ProgramProposalView>('POST', `/program/proposals/${e(id)}/submit`),
    reviewProgramProposal: (id: string, input: ProgramReviewInput) =>
      request<ProgramProposalView>('POST', `/program/proposals/${e(id)}/reviews`, input),
    determineProgramNationalInterest: (id: string, input: ProgramNidInput) =>
      request<ProgramProposalView>('POST', `/program/proposals/${e(id)}/national-interest`, input),
    decideProgramProposal: (id: string, input: ProgramDecisionInput) =>
      request<ProgramProposalView>('POST', `/program/proposals/${e(id)}/decision`, input),
    programRubric: () => request<Rubric>('GET', '/program/rubric'),
    programExample: () => request<Proposal>('GET', '/program/example'),
    programCatalog: (asOf?: string) => request<ProgramCatalog>('GET', `/program/catalog${query({ asOf })}`),
  };
}
