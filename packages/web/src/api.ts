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

export type Answer = 'yes' | 'no' | 'unknown';
export type Outcome = 'resolved' | 'interpreted' | 'review';
export type LayerName = 'asWritten' | 'enforced';
export type RuleLayer = 'both' | LayerName;
export type PartyRole = 'purchaser' | 'intermediate-consignee' | 'ultimate-consignee' | 'end-user';
export type TxKind = 'export' | 'reexport' | 'in-country-transfer' | 'export-from-abroad';
export type ItemKind = 'integrated-circuit' | 'computer' | 'hbm' | 'sme' | 'model-weights' | 'other';
export type EndUseKey =
  | 'supercomputer'
  | 'advancedNodeFab'
  | 'smeDevelopment'
  | 'military'
  | 'militaryIntelligence'
  | 'aiTrainingForD5Hq';

export interface Citation {
  readonly cfr?: string;
  readonly fr?: string;
  readonly url?: string;
  readonly note?: string;
}

export interface Flag {
  readonly code: string;
  readonly message: string;
  readonly citations: readonly Citation[];
}

export interface ReasoningStep {
  readonly text: string;
  readonly citations?: readonly Citation[];
}

export interface PrecisionFigure {
  readonly precision: string;
  readonly bitLength: number;
  readonly tops: number;
  readonly sparse?: boolean;
}

/** What is known about an item (core `ItemSpec`); the console edits the common fields and keeps the rest. */
export interface ItemSpec {
  readonly kind: ItemKind;
  readonly name?: string;
  readonly partId?: string;
  readonly performance?: readonly PrecisionFigure[];
  readonly nonPlanarLogicDieAreaMm2?: number;
  readonly datacenter?: boolean;
  readonly aggregateBidirectionalIoGBs?: number;
  readonly totalDramBandwidthGBs?: number;
  readonly sme?: { readonly eccn?: string; readonly containsUsIc?: boolean; readonly subsystem?: boolean };
  readonly eccn?: string;
  readonly [more: string]: unknown;
}

export interface CataloguePart {
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string;
  readonly category: string;
  readonly spec: ItemSpec;
  readonly sources: readonly Citation[];
  readonly notes?: string;
}

export interface CaseParty {
  readonly role: PartyRole;
  readonly name: string;
  readonly country: string;
  readonly headquarters?: string;
  readonly ultimateParentHeadquarters?: string;
  readonly entityList?: {
    readonly entry: string;
    readonly footnotes: readonly (1 | 3 | 4 | 5)[];
    readonly licenseRequirement?: string;
    readonly licensePolicy?: string;
  };
  readonly meu?: boolean;
  readonly supp8ApprovedUae?: boolean;
  readonly ownedByListed?: { readonly share: number | 'unknown'; readonly owner?: string };
}

/** The facts of one transaction (docs/case-format.md). */
export interface CaseFile {
  readonly id?: string;
  readonly item: { readonly partId: string } | { readonly spec: ItemSpec };
  readonly quantity: number;
  readonly valueUsd: number;
  readonly transactionKind: TxKind;
  readonly shipFrom: string;
  readonly destination: string;
  readonly parties: readonly CaseParty[];
  readonly endUse: { readonly [K in EndUseKey]?: boolean };
  readonly usContent: {
    readonly usOriginItem: boolean;
    readonly usControlledContentPct?: number;
    readonly foreignProducedFromUsTechnology?: boolean;
  };
  readonly certifications?: { readonly h200PathCertifications?: boolean };
  readonly shipDate: string;
  readonly notes?: string;
}

export interface ReviewPolicyFinding {
  readonly policy: string;
  readonly text: string;
  readonly ruleId?: string;
  readonly citations: readonly Citation[];
  readonly candidates?: readonly string[];
  readonly pendingFacts?: readonly string[];
  readonly forRequirements: readonly string[];
}

export interface LayerVerdict {
  readonly licenseRequired: Answer;
  readonly subjectToEar: Answer;
  readonly requirementIds: readonly string[];
  readonly reviewPolicy?: ReviewPolicyFinding;
  readonly exceptionCodes: readonly string[];
}

export interface RequirementFinding {
  readonly id: string;
  readonly reason: string;
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly layer: RuleLayer;
  readonly status: 'applies' | 'possible';
  readonly pendingFacts?: readonly string[];
  readonly enforcement?: string;
}

export interface Determination {
  readonly asOf: string;
  readonly rulePack: { readonly id: string; readonly version: string };
  readonly caseId?: string;
  readonly classification: {
    readonly status: string;
    readonly eccn: string | null;
    readonly paragraphs: readonly string[];
    readonly textVersion: string;
    readonly tpp?: number;
    readonly performanceDensity?: number;
    readonly datacenter?: boolean;
    readonly acLevel?: string;
  };
  readonly transaction: {
    readonly kind: string;
    readonly shipFrom: string;
    readonly destination: string;
    readonly destinationAsGiven?: string;
  };
  readonly subjectToEar: {
    readonly answer: Answer;
    readonly basis: readonly string[];
    readonly citations: readonly Citation[];
    readonly byLayer?: Readonly<Record<LayerName, Answer>>;
  };
  readonly licenseRequired: Answer;
  readonly layers: Readonly<Record<LayerName, LayerVerdict>>;
  readonly layersDiffer: boolean;
  readonly outcome: Outcome;
  readonly requirements: readonly RequirementFinding[];
  readonly reviewPolicy?: ReviewPolicyFinding;
  readonly exceptions: {
    readonly candidates: readonly {
      readonly code: string;
      readonly name: string;
      readonly citations: readonly Citation[];
      readonly conditionsToConfirm: readonly string[];
      readonly layer: RuleLayer;
    }[];
    readonly ruledOut: readonly {
      readonly code: string;
      readonly why: string;
      readonly citations: readonly Citation[];
      readonly layer: RuleLayer;
    }[];
  };
  readonly redFlags: readonly { readonly n: number; readonly text: string; readonly why: string }[];
  readonly flags: readonly Flag[];
  readonly reasoning: readonly ReasoningStep[];
  readonly incomplete: readonly string[];
  readonly ruleVersions: readonly {
    readonly id: string;
    readonly validFrom: string;
    readonly validTo?: string;
    readonly regulation?: string;
  }[];
  readonly notes: readonly string[];
}

export interface Classification {
  readonly status: 'classified' | 'needs-input' | 'not-listed';
  readonly eccn: string | null;
  readonly paragraphs: readonly string[];
  readonly metrics: {
    readonly tpp?: number;
    readonly tppPrecision?: string;
    readonly performanceDensity?: number;
    readonly memoryBandwidthDensityGBsPerMm2?: number;
    readonly totalDramBandwidthGBs?: number;
    readonly aggregateBidirectionalIoGBs?: number;
    readonly trainingOps?: number;
  };
  readonly textVersion: string;
  readonly reasoning: readonly ReasoningStep[];
  readonly needsInput: readonly string[];
  readonly flags: readonly Flag[];
  readonly item: ItemSpec;
}

export interface PartyGate {
  readonly role: string;
  readonly name: string;
  readonly status: 'clear' | 'unresolved';
  readonly hits: readonly {
    readonly entryKey: string;
    readonly source: string;
    readonly name: string;
    readonly score: number;
    readonly band: string;
    readonly entityListFootnotes?: readonly number[];
  }[];
}

export interface ScreeningGate {
  readonly status: 'clear' | 'unresolved';
  readonly parties: readonly PartyGate[];
  readonly matcherVersion: string;
  readonly listVersions: readonly string[];
}

export interface DeterminationResult {
  readonly determination: Determination;
  readonly classification: Classification;
  readonly screening: ScreeningGate;
  /** The enforced answer, held at `unknown` by an unresolved screening gate. */
  readonly summary: { readonly licenseRequired: Answer; readonly reviewPolicy: string | null };
  readonly transactionId?: string;
}

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

export type LocationVerdictCode = 'ALLOW' | 'VIOLATION' | 'INCONCLUSIVE';

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

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

export interface LicensedSite {
  readonly position: GeoPoint;
  readonly country: string;
  readonly radiusKm: number;
  readonly label?: string;
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

/** A spherical cap: the device is within `radiusKm` (great-circle) of the landmark. */
export interface Cap {
  readonly landmarkId: string;
  readonly center: GeoPoint;
  readonly radiusKm: number;
  readonly fromRttKm: number;
  readonly marginKm: number;
}

export interface LocationVerdict {
  readonly verdict: LocationVerdictCode;
  readonly reasons: readonly string[];
  readonly caps: readonly Cap[];
  readonly region: {
    readonly empty: boolean;
    /** GeoJSON Polygon/MultiPolygon (lon/lat, counter-clockwise rings) or null when empty. */
    readonly geometry: { readonly type: string; readonly coordinates: unknown } | null;
    readonly boundingRadiusKm: number;
    readonly areaKm2: number;
  };
  readonly countriesTouched: readonly string[];
  readonly licensedSiteInRegion: boolean | null;
  readonly speedProfile: 'light' | 'fiber-unsound';
  readonly sound: boolean;
  readonly robustness: { readonly f: number; readonly survives: boolean; readonly weakestLandmarks: readonly string[] };
}

export interface LocationRejection {
  readonly reason: string;
  readonly detail: string;
  readonly landmarkId?: string;
}

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

  return {
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
