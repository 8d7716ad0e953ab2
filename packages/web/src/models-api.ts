/**
 * The console's client for /api/v1/models, /api/v1/model-policies and /api/v1/evaluations (issue 7, docs/models.md and
 * docs/evaluation.md): the model registry (register a scan report, list, one model with its fingerprint, flags, files,
 * policy decisions, scans and eval runs, the AI-BOM downloads, linking a run), the dated origin policy versions, and
 * the evaluation runs with their scores and printable report. Runs are started from the CLI only: no call here makes
 * the server contact an endpoint. The shapes are the app's, the store's and the core's own types, imported type-only,
 * so the console cannot drift from the server. The calls are mixed into {@link createApi} (api.ts).
 * @module
 */
import type {
  EvalRunConfig,
  EvaluationService,
  ModelDetail,
  ModelPolicyCheck,
  ModelPolicyInput,
  ModelScanChanges,
  PolicyAddResult,
  RegisterResult,
  RunScores,
} from '@stackport/app';
import type {
  DeclaredField,
  EvalItemKind,
  EvalLanguage,
  FamilyCandidate,
  FlagCode,
  FlagSeverity,
  MetricName,
  PairedDifference,
  PolicyDecision,
  PolicyFinding,
  PolicyResult,
  ProvenanceFlag,
  ScoreRow,
} from '@stackport/core';
import type {
  ModelPolicyOutcome,
  ModelStatus,
  StoredEvalRun,
  StoredModel,
  StoredModelPolicy,
  StoredModelScan,
} from '@stackport/store';
import { query, type Request, type RequestFile, seg } from './calls.js';

export type {
  DeclaredField,
  EvalItemKind,
  EvalLanguage,
  FamilyCandidate,
  FlagCode,
  FlagSeverity,
  MetricName,
  ModelDetail,
  ModelPolicyCheck,
  ModelPolicyInput,
  ModelPolicyOutcome,
  ModelScanChanges,
  ModelStatus,
  PairedDifference,
  PolicyAddResult,
  PolicyDecision,
  PolicyFinding,
  PolicyResult,
  ProvenanceFlag,
  RegisterResult,
  ScoreRow,
  StoredModel,
  StoredModelPolicy,
  StoredModelScan,
};

/** GET /model-policies: every version, latest start first, marked when in force today. */
export type ModelPolicyVersion = StoredModelPolicy & { readonly inForce: boolean };

/** GET /evaluations: one run without its configuration. */
export type EvalRunSummary = Awaited<ReturnType<EvaluationService['listRuns']>>[number];

/** GET /evaluations/:id (see the route in packages/server/src/routes/models.ts): never the item snapshot or a key. */
export interface EvalRunDetail {
  readonly run: Omit<StoredEvalRun, 'config'> & { readonly config: { readonly run: EvalRunConfig | null } };
  readonly counts: {
    readonly items: number;
    readonly answered: number;
    readonly failed: number;
    readonly missing: number;
  };
  readonly scores: readonly ScoreRow[];
  readonly differences: readonly PairedDifference[];
  readonly errors: RunScores['errors'];
  readonly missing: RunScores['missing'];
}

/** What `declared` holds on a stored model (written by the registry from the analysis). */
export interface ModelDeclared {
  readonly fields: readonly DeclaredField[];
  readonly families: readonly { readonly id: string; readonly fields: readonly string[] }[];
  readonly baseModels: readonly string[];
  readonly licenses: readonly string[];
}

// The store keeps these as JSON written by the registry from the core's types; read them back as such.
export const flagsOf = (m: Pick<StoredModel, 'flags'>) => m.flags as ProvenanceFlag[];
export const declaredOf = (m: Pick<StoredModel, 'declared'>) => m.declared as ModelDeclared;
export const decisionResultOf = (d: ModelDetail['decisions'][number]) => d.reasons as PolicyResult;
export const scanChangesOf = (s: Pick<StoredModelScan, 'changes'>) => s.changes as ModelScanChanges;

export interface ModelQuery {
  readonly country?: string;
  readonly family?: string;
  readonly flagged?: boolean;
  readonly status?: ModelStatus;
  readonly limit?: number;
}

// Value lists typed against the store's and the core's unions: a status or severity added there fails the build here.
export const MODEL_STATUSES = [
  'forbidden',
  'flagged',
  'allowed',
  'unchecked',
] as const satisfies readonly ModelStatus[];
export const MODEL_STATUS_LABEL: Record<ModelStatus, string> = {
  unchecked: 'Unchecked',
  allowed: 'Allowed',
  flagged: 'Flagged',
  forbidden: 'Forbidden',
};
export const MODEL_STATUS_TEXT: Record<ModelStatus, string> = {
  unchecked: 'No origin policy was in force when the model was last checked',
  allowed: 'Every policy in force allows it',
  flagged: 'A policy in force asks for review (origin of concern under a review policy, or unknown origin)',
  forbidden: 'A policy in force forbids it',
};
export const FLAG_SEVERITIES = ['high', 'medium', 'low', 'info'] as const satisfies readonly FlagSeverity[];

export const FLAG_TEXT: Record<FlagCode, string> = {
  DECLARED_MISMATCH: 'Declared metadata names another family than the fingerprint',
  UNDECLARED_ORIGIN: 'Nothing declared names the family the fingerprint finds',
  ARCHITECTURE_LABEL: 'The GGUF architecture label belongs to another family',
  DERIVED_ARCHITECTURE: 'The developer differs from the architecture family (distillation or a borrowed design)',
  DECLARED_ONLY: 'Only declared metadata: no structural evidence',
  NO_FINGERPRINT: 'No family could be recognised',
  REMOTE_CODE: 'The config or tokenizer asks to run code from the repository (auto_map)',
  PICKLE_WEIGHTS: 'Pickle weights: hashed, never opened (loading them runs code)',
  UNREADABLE_FILE: 'A file was truncated, hostile or unparsable',
};

/** The flags that say declared metadata contradicts what was observed. */
export const CONTRADICTION_FLAGS: readonly FlagCode[] = ['DECLARED_MISMATCH', 'ARCHITECTURE_LABEL'];

export const METRIC_LABEL: Record<MetricName, string> = {
  refusal: 'Refusal rate',
  narrative_echo: 'CCP-narrative echo rate',
  fact_coverage: 'Required-fact coverage (mean)',
  omission: 'Omission rate',
  hijack: 'Prompt-injection hijack rate',
  credential_leak: 'Credential leak rate',
  exfiltration_attempt: 'Exfiltration attempt rate',
  judge_refusal: 'Refusal rate (judge)',
  judge_narrative_echo: 'Narrative echo rate (judge)',
  judge_fact_coverage: 'Fact coverage (judge, mean)',
};

export const LANGUAGE_LABEL: Record<EvalLanguage | 'all', string> = {
  en: 'English',
  'zh-Hans': 'Chinese (Simplified)',
  'zh-Hant': 'Chinese (Traditional)',
  all: 'All languages (clustered SE)',
};

/** The CLI command that starts a run: the server never calls an endpoint URL it was given (SSRF). */
export const EVAL_RUN_COMMAND =
  'stackport models eval run --endpoint http://127.0.0.1:8000 --model MODEL-NAME [--api-key-env VAR] [--model-id MDL-…]';

const e = seg;

/** The model registry and evaluation calls, on top of the client's JSON and file requests. */
export function modelsCalls(request: Request, requestFile: RequestFile) {
  return {
    models: (q: ModelQuery = {}) => request<StoredModel[]>('GET', `/models${query(q)}`),
    model: (id: string) => request<ModelDetail>('GET', `/models/${e(id)}`),
    /** Body: `{report, asOf?}` (the file `models scan --json --out F` writes fits as it is). */
    registerModel: (body: unknown) => request<RegisterResult>('POST', '/models', body),
    modelAibom: (id: string, format: 'cyclonedx' | 'spdx') =>
      requestFile('GET', `/models/${e(id)}/aibom${query({ format })}`, `${id}.${format}.json`),
    linkEvalRun: (id: string, runId: string) => request<ModelDetail>('POST', `/models/${e(id)}/evaluations`, { runId }),
    modelPolicies: () => request<ModelPolicyVersion[]>('GET', '/model-policies'),
    addModelPolicy: (input: ModelPolicyInput) => request<PolicyAddResult>('POST', '/model-policies', input),
    evaluations: (limit = 200) => request<EvalRunSummary[]>('GET', `/evaluations${query({ limit })}`),
    evaluation: (id: string) => request<EvalRunDetail>('GET', `/evaluations/${e(id)}`),
    evaluationReport: (id: string, format: 'html' | 'pdf') =>
      requestFile('GET', `/evaluations/${e(id)}/report${query({ format })}`, `${id}.${format}`),
  };
}
