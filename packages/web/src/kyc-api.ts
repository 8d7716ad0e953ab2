/**
 * The console's client for /api/v1/kyc (cloud-compute customer due diligence, IaaS KYC): accounts with their
 * assessment, findings and decisions, the reseller registry, usage ingestion, the large-training-run check and its
 * draft report, and the rules with their legal status. The shapes are the app's, the store's and the core's own
 * types, imported type-only, so the console cannot drift from the server. The calls are mixed into
 * {@link createApi} (api.ts).
 * @module
 */
import type {
  CustomerScreening,
  KycAccountView,
  KycApplicationInput,
  KycRuleView,
  KycScreenedName,
  KycService,
  KycTrainingCheckResult,
  KycUsageIngestResult,
} from '@stackport/app';
import type {
  CustomerApplication,
  ForeignPersonDetermination,
  KycAppliedRule,
  KycAssessment,
  KycLegalStatus,
  KycOutcome,
  KycReason,
  KycSeverity,
  PersonStatus,
  TrainingRunEstimate,
} from '@stackport/core';
import type {
  KycAccountStatus,
  KycAccountSummary,
  KycDecision,
  KycDecisionKind,
  KycFindingStatus,
  StoredKycFinding,
  StoredKycReseller,
} from '@stackport/store';
import { query, type Request, type RequestFile, seg } from './calls.js';

export type {
  CustomerApplication,
  ForeignPersonDetermination,
  KycAccountStatus,
  KycAccountSummary,
  KycApplicationInput,
  KycAppliedRule,
  KycAssessment,
  KycDecision,
  KycDecisionKind,
  KycLegalStatus,
  KycOutcome,
  KycReason,
  KycRuleView,
  KycScreenedName,
  KycSeverity,
  KycTrainingCheckResult,
  KycUsageIngestResult,
  PersonStatus,
  StoredKycFinding,
  StoredKycReseller,
  TrainingRunEstimate,
};

/** GET /kyc/accounts/:id: the account with its assessment, screening, findings and decisions. */
export type KycAccount = KycAccountView;

/** GET /kyc/rules: the day and the rules known on it. */
export type KycRules = ReturnType<KycService['rules']>;

/** POST /kyc/accounts/:id/decisions. */
export type KycDecisionInput = Pick<KycDecision, 'decision' | 'reason'> & {
  readonly override?: NonNullable<KycDecision['override']>;
};

/** POST /kyc/training-runs/check (each field defaults on the server). */
export type KycTrainingCheckInput = Partial<Pick<KycTrainingCheckResult, 'asOf' | 'thresholdOps' | 'windowDays'>>;

export interface KycAccountQuery {
  readonly status?: KycAccountStatus;
  readonly limit?: number;
}

export interface KycFindingQuery {
  readonly account?: string;
  readonly kind?: string;
  readonly status?: KycFindingStatus;
  readonly limit?: number;
}

/** The screening kept on an account: matcher and list versions, and every screened name with its hits. */
export type KycScreening = Pick<CustomerScreening, 'matcherVersion' | 'listVersions'> & {
  readonly screened: readonly KycScreenedName[];
};

// The store keeps these as JSON written by the service from the core's types; read them back as such.
export const assessmentOf = (a: KycAccount) => a.outcome as unknown as KycAssessment;
export const applicationOf = (a: KycAccount) => a.application as unknown as CustomerApplication;
export const screeningOf = (a: KycAccount) => a.screening as unknown as KycScreening;
/** A large-training-run finding's evidence is the estimate it was opened for. */
export const estimateOf = (f: StoredKycFinding) => f.evidence as unknown as TrainingRunEstimate;

// Value lists typed against the store's and the core's unions: a status or decision added there fails the build here.
export const KYC_STATUSES = [
  'pending-review',
  'approved',
  'rejected',
  'closed',
] as const satisfies readonly KycAccountStatus[];
export const KYC_DECISIONS = ['approve', 'reject', 'close'] as const satisfies readonly KycDecisionKind[];
export const SEVERITIES = ['high', 'medium', 'low'] as const satisfies readonly KycSeverity[];

export const KYC_STATUS_LABEL: Record<KycAccountStatus, string> = {
  'pending-review': 'Pending review',
  approved: 'Approved',
  rejected: 'Rejected',
  closed: 'Closed',
};

export const KYC_DECISION_LABEL: Record<KycDecisionKind, string> = {
  approve: 'Approve',
  reject: 'Reject',
  close: 'Close',
};

/** The statuses each decision may be taken from (docs/kyc.md, "Decisions"); the server decides. */
export const KYC_DECISION_FROM: Record<KycDecisionKind, readonly KycAccountStatus[]> = {
  approve: ['pending-review'],
  reject: ['pending-review'],
  close: ['pending-review', 'approved'],
};

export const OUTCOME_LABEL: Record<KycOutcome, string> = {
  approve: 'Approve',
  review: 'Review',
  'reject-recommended': 'Reject recommended',
};

export const PERSON_LABEL: Record<PersonStatus, string> = {
  'us-person': 'US person',
  'foreign-person': 'Foreign person',
  'insufficient-information': 'Undetermined',
};

export const LEGAL_STATUS_TEXT: Record<KycLegalStatus, string> = {
  'proposed-rule': 'Published for comment, never finalized: not law. Stackport applies it as a design baseline.',
  bill: 'Introduced or passed by one chamber, not enacted: not law.',
  'in-force': 'Binding on the dates it covers.',
  guidance: 'Practice or agency guidance: not a legal requirement in itself.',
};

const e = seg;

/** The KYC calls, on top of the client's JSON and file requests. */
export function kycCalls(request: Request, requestFile: RequestFile) {
  return {
    kycRules: (date?: string) => request<KycRules>('GET', `/kyc/rules${query({ date })}`),
    kycAccounts: (q: KycAccountQuery = {}) => request<KycAccountSummary[]>('GET', `/kyc/accounts${query(q)}`),
    kycAccount: (id: string) => request<KycAccount>('GET', `/kyc/accounts/${e(id)}`),
    openKycAccount: (input: unknown) => request<KycAccount>('POST', '/kyc/accounts', input),
    decideKycAccount: (id: string, input: KycDecisionInput) =>
      request<KycAccount>('POST', `/kyc/accounts/${e(id)}/decisions`, input),
    kycFindings: (q: KycFindingQuery = {}) => request<StoredKycFinding[]>('GET', `/kyc/findings${query(q)}`),
    resolveKycFinding: (id: string, reason: string) =>
      request<StoredKycFinding>('POST', `/kyc/findings/${e(id)}/resolution`, { reason }),
    kycResellers: () => request<StoredKycReseller[]>('GET', '/kyc/resellers'),
    ingestKycUsage: (batch: unknown) => request<KycUsageIngestResult>('POST', '/kyc/usage', batch),
    checkTrainingRuns: (input: KycTrainingCheckInput) =>
      request<KycTrainingCheckResult>('POST', '/kyc/training-runs/check', input),
    kycReportPdf: (id: string) => requestFile('GET', `/kyc/reports/${e(id)}?format=pdf`, `kyc-training-run-${id}.pdf`),
  };
}
