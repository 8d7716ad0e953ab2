/**
 * A small typed client for the Stackport /api/v1 HTTP API. Every call sends the session's bearer
 * token; every failure becomes an {@link ApiError} carrying the problem+json code, detail and
 * per-field errors, so pages can show them next to the fields they concern.
 * @module
 */

export type Role = 'viewer' | 'analyst' | 'admin';
export type PartyType = 'person' | 'organization' | 'vessel' | 'aircraft' | 'unknown';
export type HitStatus = 'open' | 'true_match' | 'false_positive' | 'escalated';
export type Decision = Exclude<HitStatus, 'open'>;
export type Band = 'alert' | 'review' | 'below';

export const HIT_STATUSES: readonly HitStatus[] = ['open', 'escalated', 'true_match', 'false_positive'];
export const DECISIONS: readonly Decision[] = ['true_match', 'false_positive', 'escalated'];
export const PARTY_TYPES: readonly PartyType[] = ['person', 'organization', 'vessel', 'aircraft'];

export const STATUS_LABEL: Record<HitStatus, string> = {
  open: 'Open',
  escalated: 'Escalated',
  true_match: 'True match',
  false_positive: 'False positive',
};

export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface TokenAlignment {
  readonly query: string;
  readonly list: string;
  readonly similarity: number;
  readonly how: string;
}

export interface HitExplanation {
  readonly matchedName: string;
  readonly matchedNameKind: 'primary' | 'alias' | 'former' | 'weak';
  readonly queryForm: string;
  readonly listForm: string;
  readonly alignment: readonly TokenAlignment[];
  readonly unmatchedQueryTokens: readonly string[];
  readonly unmatchedListTokens: readonly string[];
  readonly nameScore: number;
  readonly adjustments: readonly { readonly reason: string; readonly points: number }[];
}

export interface ScreenHit {
  readonly id: string;
  readonly source: string;
  readonly name: string;
  readonly matchedName: string;
  readonly score: number;
  readonly band: Band;
  readonly listVersionId: string | null;
  readonly explanation: HitExplanation;
}

export interface ScreenRequest {
  readonly name: string;
  readonly country?: string;
  readonly type?: PartyType;
}

export interface ScreenResult {
  readonly query: ScreenRequest;
  readonly hits: readonly ScreenHit[];
  readonly matcherVersion: string;
  readonly listVersions: readonly string[];
  readonly screenedAt: string;
}

export interface ListVersion {
  readonly id: string;
  readonly dataset: string;
  readonly format: string;
  readonly title: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly publishedAt: string | null;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly status: 'active' | 'superseded';
  readonly entryCount: number;
  readonly sourceCounts: Record<string, number>;
  readonly problems: readonly { readonly row: number; readonly message: string; readonly severity: string }[];
  readonly provenance: Record<string, unknown>;
  readonly delta: {
    readonly added: number;
    readonly changed: number;
    readonly removed: number;
    readonly unchanged: number;
  } | null;
}

export interface Status {
  readonly engine: string;
  readonly matcherVersion: string;
  readonly lists: readonly ListVersion[];
  readonly index: { readonly entries: number; readonly names: number };
  readonly hits: Partial<Record<HitStatus, number>>;
}

export type AuditVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly count: number; readonly brokenAtSeq: number; readonly reason: string };

export interface Party {
  readonly id: string;
  readonly name: string;
  readonly country: string | null;
  readonly type: PartyType | null;
  readonly reference: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PartyInput {
  readonly name: string;
  readonly country?: string;
  readonly type?: PartyType;
  readonly reference?: string;
}

export interface PartyScreening {
  readonly opened: number;
  readonly reopened: number;
  readonly suppressed: number;
  readonly kept: number;
}

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

export interface HitQueue {
  readonly counts: Partial<Record<HitStatus, number>>;
  readonly hits: readonly StoredHit[];
}

// ------------------------------------------------------------------ licensing (see packages/core/src/licensing)

// The core's and the app's own types, imported rather than copied: the console can never drift from them.
import type { DeterminationResult } from '@stackport/app';
import type {
  Answer,
  CaseFile,
  CaseFileParty,
  CataloguePart,
  LocationVerdict as CoreLocationVerdict,
  EndUseFacts,
  GeoPoint,
  Layer,
  LicensedSite,
  Rejection as LocationRejection,
  Verdict as LocationVerdictCode,
} from '@stackport/core';
import { type Download, fileNameOf } from './calls';
import { fleetCalls } from './fleet-api';
import { kycCalls } from './kyc-api';
import { modelsCalls } from './models-api';
import { programCalls } from './program-api';
import { synthesisCalls } from './synthesis-api';

export type { DeterminationResult, PartyGate, ScreeningGate } from '@stackport/app';
export type {
  Answer,
  CaseFile,
  CataloguePart,
  Citation,
  Classification,
  Determination,
  Flag,
  ItemKind,
  ItemSpec,
  LayerVerdict,
  Outcome,
  PrecisionFigure,
  ReasoningStep,
  RequirementFinding,
  ReviewPolicyFinding,
  RuleLayer,
} from '@stackport/core';
export type LayerName = Layer;
export type CaseParty = CaseFileParty;
export type PartyRole = CaseFileParty['role'];
export type TxKind = CaseFile['transactionKind'];
export type EndUseKey = keyof EndUseFacts;

export interface SavedTransaction {
  readonly id: string;
  readonly reference: string | null;
  readonly caseFile: CaseFile;
  readonly determination: DeterminationResult;
  readonly rulePackId: string;
  readonly rulePackVersion: string;
  readonly shipDate: string;
  readonly eccn: string | null;
  readonly destination: string;
  readonly licenseRequired: Answer;
  readonly reviewPolicy: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface RulePackSummary {
  readonly id: string;
  readonly version: string;
  readonly asOf: string;
  readonly validFrom: string;
  readonly description?: string;
}

/** One problem+json `errors[]` item: where in the input, and what is wrong with it. */
export interface FieldProblem {
  readonly path?: string;
  readonly message: string;
}

// ------------------------------------------------------------------ location verification

export type {
  Cap,
  GeoPoint,
  LicensedSite,
  Rejection as LocationRejection,
  Verdict as LocationVerdictCode,
} from '@stackport/core';

export interface Landmark {
  readonly id: string;
  readonly position: GeoPoint;
  readonly positionUncertaintyKm: number;
  readonly publicKey: string;
  readonly operator?: string;
  readonly label?: string;
  readonly url: string | null;
  readonly createdAt: string;
}

export interface Device {
  readonly deviceId: string;
  readonly publicKey: string;
  readonly serial: string;
  readonly model: string;
  readonly eccn: string;
  readonly licensee: string;
  readonly licenseId?: string;
  readonly licensedSite: LicensedSite;
  readonly registeredAt: string;
}

/** The core's verdict, with the region outline typed as the GeoJSON the map draws. */
export type LocationVerdict = Omit<CoreLocationVerdict, 'region'> & {
  readonly region: Omit<CoreLocationVerdict['region'], 'geometry'> & {
    /** GeoJSON Polygon/MultiPolygon (lon/lat, counter-clockwise rings) or null when empty. */
    readonly geometry: { readonly type: string; readonly coordinates: unknown } | null;
  };
};

export interface VerificationResult {
  readonly id: string;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly verdict: LocationVerdictCode;
  readonly findings: readonly string[];
  readonly location: LocationVerdict | null;
  readonly policy: {
    readonly licensedSite?: LicensedSite;
    readonly allowedCountries?: readonly string[];
    readonly countriesOfConcern: readonly string[];
    readonly speedProfile?: string;
    readonly robustnessF?: number;
  };
  readonly landmarks: readonly {
    readonly landmarkId: string;
    readonly status: 'accepted' | 'rejected' | 'unreachable';
    readonly minRttMs: number | null;
    readonly samples: number;
    readonly error?: string;
  }[];
  readonly rejectionCounts: Partial<Record<string, number>>;
  readonly tamperingSuspected: boolean;
  readonly createdAt: string;
}

export interface StoredVerification {
  readonly id: string;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly verdict: LocationVerdictCode;
  readonly result: VerificationResult;
  readonly evidence: unknown;
  readonly rejections: readonly LocationRejection[];
  readonly createdAt: string;
}

/** A failed API call, from a problem+json body when the server sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];
  constructor(init: { status: number; code: string; title: string; detail: string; errors?: readonly FieldProblem[] }) {
    super(init.detail || init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
  }

  /**
   * The messages for one input field. Server paths look like `body.country` (request validation)
   * or `country` (service validation); both match the field `country`.
   */
  fieldErrors(field: string): string[] {
    return this.errors.filter((e) => fieldOf(e.path) === field).map((e) => e.message);
  }
}

/** The input field a problem path names: `body.country` → `country`, `identifiers.0.type` → `identifiers`. */
export function fieldOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path.split('.');
  if (parts[0] === 'body' || parts[0] === 'querystring' || parts[0] === 'params') parts.shift();
  return parts[0] || undefined;
}

/** Turns anything thrown by fetch or a handler into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new ApiError({ status: 0, code: 'NETWORK', title: 'The server could not be reached', detail });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isRecord(body) && typeof body.code === 'string') {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(isRecord).map((e) => ({
          ...(typeof e.path === 'string' ? { path: e.path } : {}),
          message: String(e.message ?? 'invalid'),
        }))
      : [];
    return new ApiError({
      status: res.status,
      code: body.code,
      title: typeof body.title === 'string' ? body.title : res.statusText,
      detail: typeof body.detail === 'string' ? body.detail : '',
      errors,
    });
  }
  return new ApiError({
    status: res.status,
    code: `HTTP_${res.status}`,
    title: res.statusText || 'Request failed',
    detail: `HTTP ${res.status}`,
  });
}

export interface ApiClientOptions {
  readonly token: string;
  readonly baseUrl?: string;
  /** Called when the server refuses the token (401), e.g. after it was revoked. */
  readonly onUnauthenticated?: (err: ApiError) => void;
}

export type ApiClient = ReturnType<typeof createApi>;

export function createApi(opts: ApiClientOptions) {
  const base = opts.baseUrl ?? '/api/v1';

  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw toApiError(err);
    }
    if (!res.ok) {
      const err = await problemOf(res);
      if (res.status === 401) opts.onUnauthenticated?.(err);
      throw err;
    }
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** A file response (PDF, or JSON kept byte for byte) with the name from its content-disposition. */
  async function requestFile(method: string, path: string, fallbackName: string): Promise<Download> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${opts.token}` } });
    } catch (err) {
      throw toApiError(err);
    }
    if (!res.ok) {
      const err = await problemOf(res);
      if (res.status === 401) opts.onUnauthenticated?.(err);
      throw err;
    }
    const blob = await res.blob();
    return { blob, fileName: fileNameOf(res.headers.get('content-disposition'), fallbackName), headers: res.headers };
  }

  return {
    ...fleetCalls(request, requestFile),
    ...synthesisCalls(request),
    ...kycCalls(request, requestFile),
    ...programCalls(request, requestFile),
    ...modelsCalls(request, requestFile),
    me: () => request<TokenInfo>('GET', '/me'),
    status: () => request<Status>('GET', '/status'),
    lists: () => request<ListVersion[]>('GET', '/lists'),
    auditVerify: () => request<AuditVerdict>('GET', '/audit/verify'),
    screen: (req: ScreenRequest) => request<ScreenResult>('POST', '/screen', req),
    hits: (status?: HitStatus) =>
      request<HitQueue>('GET', `/hits${status ? `?status=${encodeURIComponent(status)}` : ''}`),
    decide: (id: string, decision: Decision, reason: string) =>
      request<StoredHit>('POST', `/hits/${encodeURIComponent(id)}/decision`, { decision, reason }),
    parties: (limit = 1000) => request<Party[]>('GET', `/parties?limit=${limit}`),
    party: (id: string) => request<{ party: Party }>('GET', `/parties/${encodeURIComponent(id)}`),
    createParty: (input: PartyInput) => request<{ party: Party; screening: PartyScreening }>('POST', '/parties', input),
    parts: () => request<CataloguePart[]>('GET', '/parts'),
    rules: () => request<RulePackSummary>('GET', '/rules'),
    determine: (caseFile: unknown, signal?: AbortSignal) =>
      request<DeterminationResult>('POST', '/determine', caseFile, signal),
    saveTransaction: (caseFile: unknown, reference?: string) =>
      request<DeterminationResult>(
        'POST',
        `/transactions${reference ? `?reference=${encodeURIComponent(reference)}` : ''}`,
        caseFile,
      ),
    transactions: (limit = 200) => request<SavedTransaction[]>('GET', `/transactions?limit=${limit}`),
    transaction: (id: string) => request<SavedTransaction>('GET', `/transactions/${encodeURIComponent(id)}`),
    landmarks: () => request<Landmark[]>('GET', '/landmarks'),
    devices: () => request<Device[]>('GET', '/devices'),
    device: (id: string) => request<Device>('GET', `/devices/${encodeURIComponent(id)}`),
    verifications: (q: { deviceId?: string; limit?: number } = {}) =>
      request<StoredVerification[]>(
        'GET',
        `/verifications?limit=${q.limit ?? 1000}${q.deviceId ? `&deviceId=${encodeURIComponent(q.deviceId)}` : ''}`,
      ),
    verification: (id: string) => request<StoredVerification>('GET', `/verifications/${encodeURIComponent(id)}`),
    verify: (req: { deviceId: string }) => request<VerificationResult>('POST', '/verify', req),
  };
}
