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
  RubricCriterion,
  UsContentResult,
} from '@stackport/core';
import type { ProgramProposalSummary } from '@stackport/store';
import type { z } from 'zod';
import type { Download } from './fleet-api.js';

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

/**
 * The core's DEFAULT_RUBRIC criteria (id, title, maxScore, weight, agencies), for the review form; the server scores
 * against its own rubric and refuses a review that does not fit it. The browser test checks the copy is equal.
 */
export const RUBRIC_CRITERIA: readonly RubricCriterion[] = [
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
];

/** The criteria an agency is expected to score (the core's `criteriaFor`). */
export const criteriaFor = (agency: ReviewAgency) =>
  RUBRIC_CRITERIA.filter((c) => !c.agencies || c.agencies.includes(agency));

/** The key a justification refers to (the core's `findingKey`). */
export const findingKeyOf = (f: Pick<ProgramFinding, 'id' | 'path'>) => `${f.id}@${f.path}`;

/** A finding that stops submission: blocking and not justified (the core's `isBlocking`). */
export const isOpenBlocking = (f: ProgramFinding) => f.severity === 'blocking' && !f.justified;

export interface ProgramQuery {
  readonly status?: ReviewState;
  readonly limit?: number;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;
type RequestFile = (method: string, path: string, fallbackName: string) => Promise<Download>;

function query(q: object): string {
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

const e = encodeURIComponent;

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
    programCatalog: (asOf?: string) => request<ProgramCatalog>('GET', `/program/catalog${query({ asOf })}`),
  };
}
