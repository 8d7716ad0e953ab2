/**
 * The database schema as TypeScript types: one definition for SQLite and PostgreSQL.
 * Times are ISO-8601 text, JSON is text, so both engines store and return the same values.
 * @module
 */
import type { ColumnType, Generated } from 'kysely';

/** JSON kept as text in both engines; (de)serialised by the repositories. */
type Json = string;

export interface ListVersionTable {
  id: string;
  /** `csl` or `un`: versions of one dataset supersede each other. */
  dataset: string;
  format: string;
  title: string;
  file_name: string;
  file_sha256: string;
  published_at: string | null;
  imported_at: string;
  imported_by: string;
  status: 'active' | 'superseded';
  entry_count: number;
  source_counts: Json;
  problems: Json;
  provenance: Json;
  delta: Json | null;
}

export interface ListEntryTable {
  version_id: string;
  entry_key: string;
  source: string;
  content_hash: string;
  entry: Json;
}

export interface PartyTable {
  id: string;
  name: string;
  country: string | null;
  type: string | null;
  identifiers: Json;
  reference: string | null;
  created_at: string;
  updated_at: string;
}

export interface OwnershipTable {
  owner_id: string;
  owned_id: string;
  share: number | null;
}

export interface ScreeningTable {
  id: string;
  party_id: string | null;
  query: Json;
  matcher_version: string;
  list_versions: Json;
  hit_count: number;
  top_score: number | null;
  trigger: string;
  at: string;
  actor: string;
}

export interface HitTable {
  id: string;
  party_id: string;
  entry_key: string;
  source: string;
  entry_name: string;
  entry_content_hash: string;
  list_version_id: string;
  score: number;
  band: string;
  matched_name: string;
  explanation: Json;
  status: 'open' | 'true_match' | 'false_positive' | 'escalated';
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  opened_at: string;
  updated_at: string;
  /** Why the hit is (again) in the queue: `new`, `entry-changed`. */
  open_reason: string;
}

export interface AuditTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: Json;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  role: 'viewer' | 'analyst' | 'admin';
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
  updated_at: ColumnType<string, string, string>;
}

export interface TransactionTable {
  id: string;
  reference: string | null;
  case_file: Json;
  determination: Json;
  rule_pack_id: string;
  rule_pack_version: string;
  ship_date: string;
  eccn: string | null;
  destination: string;
  /** Summary for lists: the enforced layer's answer, yes | no | unknown. */
  license_required: string;
  review_policy: string | null;
  created_at: string;
  created_by: string;
}

export interface LandmarkTable {
  id: string;
  label: string | null;
  lat: number;
  lon: number;
  uncertainty_km: number;
  public_key: string;
  operator: string | null;
  /** Where the landmark service listens (http://host:port), for the verifier to reach it. */
  url: string | null;
  created_at: string;
}

export interface DeviceTable {
  id: string;
  public_key: string;
  serial: string;
  model: string;
  eccn: string;
  licensee: string;
  license_id: string | null;
  site_lat: number;
  site_lon: number;
  site_country: string;
  site_radius_km: number;
  site_label: string | null;
  registered_at: string;
  /** X25519 key-agreement key (base64 raw 32 bytes), migration 0004; null for devices registered before it. */
  kex_public_key: string | null;
  /** The identity key's Ed25519 signature over the X25519 key (base64). */
  kex_key_signature: string | null;
  /** Fleet registry (migration 0005): the authorized end user, the check-in interval and the shipment. */
  end_user: string | null;
  expected_check_in_hours: number;
  shipment_id: string | null;
  /** Monitoring state, kept by check-in ingestion: newest check-in time, when silence becomes provable, last ingest. */
  last_check_in_at: string | null;
  silent_after: string | null;
  last_ingested_at: string | null;
}

export interface VerificationTable {
  id: string;
  device_id: string;
  /** One verification session: its signed records can be submitted once. */
  session_id: string;
  verdict: string;
  result: Json;
  /** The signed landmark records and the device transcript, kept for audit and evidence bundles. */
  evidence: Json;
  rejections: Json;
  created_at: string;
}

export interface ShipmentTable {
  id: string;
  reference: string | null;
  license_id: string | null;
  consignee: string;
  destination_country: string;
  shipped_at: string;
  created_at: string;
  created_by: string;
}

/** One verified location check-in (hash-partitioned by device_id on PostgreSQL). */
export interface CheckInTable {
  device_id: string;
  /** Idempotency key, unique per device: the verification id for check-ins from the location module. */
  check_in_id: string;
  at: string;
  verdict: string;
  radius_km: number;
  center_lat: number | null;
  center_lon: number | null;
  /** ISO2 codes, comma-separated, sorted. */
  countries: string;
  /** 1, 0, or null when no licensed site was in the policy. */
  site_in_region: number | null;
  tamper: number;
  /** `verification` (this verifier), `verifier:<id>` (a signed batch), `unsigned` (or `import` before 0014). */
  source: string;
  verification_id: string | null;
  ingested_at: string;
  /** The signed batch it came in (source `verifier:<id>`; migration 0014), else null. */
  batch_id: string | null;
}

export interface AlertTable {
  id: string;
  detector: string;
  severity: string;
  device_id: string;
  at: string;
  last_at: string;
  evidence: Json;
  message: string;
  status: 'open' | 'in-case' | 'dismissed';
  case_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseTable {
  id: string;
  title: string;
  status: 'open' | 'investigating' | 'reported' | 'closed';
  severity: string;
  assignee: string | null;
  device_ids: Json;
  opened_at: string;
  opened_by: string;
  updated_at: string;
  closed_at: string | null;
  resolution: string | null;
}

export interface CaseAlertTable {
  case_id: string;
  alert_id: string;
}

export interface CaseEventTable {
  id: string;
  case_id: string;
  at: string;
  actor: string;
  /** `opened`, `status`, `assign`, `note`, `alert-added`, `bundle`, `report`. */
  kind: string;
  data: Json;
}

export interface FleetImportTable {
  id: string;
  /** `registry` or `check-ins`. */
  kind: string;
  file_name: string | null;
  sha256: string;
  at: string;
  actor: string;
  accepted: number;
  unchanged: number;
  rejected: number;
}

/** Quarantine: a rejected registry row or check-in, with its reason and the raw input, never applied. */
export interface FleetRejectionTable {
  id: string;
  import_id: string | null;
  at: string;
  /** `registry-csv`, `check-in`. */
  source: string;
  /** Where: `line 12`, or the check-in id. */
  ref: string;
  reason: string;
  raw: Json;
}

/** A provider-supplied database of sequences of concern (migration 0006): one version is active. */
export interface SynthesisConcernSetTable {
  id: string;
  name: string;
  file_name: string | null;
  sha256: string;
  /** The concern index's content digest (`cdb-…`), recorded on every screening. */
  index_version: string;
  imported_at: string;
  imported_by: string;
  status: 'active' | 'superseded';
  dna_count: number;
  protein_count: number;
  residue_count: number;
  provenance: Json;
  /** The concern sequences as imported (FASTA text). */
  fasta: string;
}

export interface SynthesisCustomerTable {
  id: string;
  /** The provider's account key (account id, or the normalised e-mail). */
  account: string;
  name: string;
  email: string;
  institution: string;
  country: string;
  details: Json;
  created_at: string;
  updated_at: string;
}

export interface SynthesisOrderTable {
  id: string;
  reference: string | null;
  customer_id: string;
  /** The customer as submitted with this order (a snapshot kept for retention). */
  customer: Json;
  end_use: string;
  received_at: string;
  fasta_sha256: string;
  records: Json;
  intake_warnings: Json;
  /** Clear | Warning | Flag (sequence screening, within-order and cross-order splits). */
  outcome: string;
  policy_version: string;
  concern_set_id: string;
  index_version: string;
  screening: Json;
  customer_screening: Json;
  splits: Json;
  review_items: Json;
  exchange_checks: Json;
  /** pending-review | ready | held | denied | fulfilled | reported */
  status: string;
  retain_until: string;
  created_by: string;
  updated_at: string;
}

export interface SynthesisDecisionTable {
  id: string;
  order_id: string;
  /** fulfil | hold | deny | report */
  decision: string;
  reason: string;
  expert: number;
  status_from: string;
  status_to: string;
  actor: string;
  at: string;
}

/** An evaluation run (migration 0007): endpoint and model, never an API key. */
export interface EvalRunTable {
  id: string;
  endpoint_url: string;
  model: string;
  /** JSON array of suite ids. */
  suites: Json;
  item_bank_sha256: string;
  item_count: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  /** `running`, `completed`, `completed-with-errors`, `interrupted`. */
  status: string;
  actor: string;
  /** Run configuration and the item snapshot (JSON). */
  config: Json;
  /** The registered model evaluated (migration 0009), when linked. */
  model_id?: string | null;
}

/** One answer of a run; one row per (run, item), rewritten only when a failed attempt is retried. */
export interface EvalResponseTable {
  run_id: string;
  item_id: string;
  attempt: number;
  /** The request body sent (no headers, so no key). */
  request: Json;
  response_text: string | null;
  /** The response body as received (JSON text, or the raw text when it was not JSON), capped. */
  raw: string | null;
  latency_ms: number | null;
  error: string | null;
  graded: Json | null;
  at: string;
}

/** A KYC account (migration 0008): the application as opened, its assessment, screening and status. */
export interface KycAccountTable {
  id: string;
  /** individual | entity */
  type: string;
  name: string;
  declared_country: string | null;
  application: Json;
  /** pending-review | approved | rejected | closed */
  status: string;
  /** The assessment's outcome: approve | review | reject-recommended. */
  recommendation: string;
  /** The assessment: reasons, rules applied (versions, legal statuses), foreign-person determination. */
  outcome: Json;
  screening: Json;
  assessed_on: string;
  opened_at: string;
  opened_by: string;
  decided_at: string | null;
  updated_at: string;
}

export interface KycResellerTable {
  id: string;
  name: string;
  country: string;
  attestations: Json;
  customers: Json;
  created_at: string;
  updated_at: string;
}

/** One account's use of one accelerator model on one day; (account_id, day, accelerator) is the key. */
export interface KycUsageTable {
  account_id: string;
  day: string;
  accelerator: string;
  count: number;
  hours: number;
  utilisation: number;
  batch_id: string;
  ingested_at: string;
}

/**
 * One normalised identifier of a KYC account (migration 0011): the shared-identifier check finds the accounts
 * sharing an email, phone or payment id through the index on (kind, value) instead of reading every application.
 */
export interface KycIdentifierTable {
  account_id: string;
  /** email | phone | payment */
  kind: string;
  /** Normalised as the core's `identifierKeys`. */
  value: string;
}

export interface KycUsageRejectionTable {
  id: string;
  batch_id: string;
  row_number: number;
  reason: string;
  raw: Json;
  at: string;
}

export interface KycFindingTable {
  id: string;
  account_id: string;
  /** A red-flag code, screening-hit, foreign-person-undetermined, missing-fields, large-training-run… */
  kind: string;
  /** What it is about within the kind (a screened name, a window); (account_id, kind, ref) is unique in practice. */
  ref: string;
  /** low | medium | high */
  severity: string;
  summary: string;
  evidence: Json;
  rule_id: string | null;
  legal_status: string | null;
  /** account-opening | training-run-check | list-update */
  source: string;
  /** Draft report document (large training runs). */
  report: Json | null;
  /** open | resolved */
  status: string;
  at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

/** An external verifier whose signed check-in batches are accepted (migration 0014). ISO times. */
export interface FleetVerifierTable {
  id: string;
  name: string;
  /** Ed25519, base64 of the raw 32 bytes. */
  public_key: string;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  revocation_reason: string | null;
  created_at: string;
  created_by: string;
}

/** A signed check-in batch as received (migration 0014): `body` is its canonical JSON, signature included. */
export interface CheckInBatchTable {
  verifier_id: string;
  batch_id: string;
  signed_at: string;
  signature: string;
  /** sha256 of the signed bytes. */
  sha256: string;
  check_ins: number;
  body: string;
  import_id: string;
  ingested_at: string;
}

/** A named lease (migration 0012): work one process at a time may do on a shared store. ISO times. */
export interface LeaseTable {
  name: string;
  holder: string;
  acquired_at: string;
  expires_at: string;
}

export interface KycDecisionTable {
  id: string;
  account_id: string;
  /** approve | reject | close */
  decision: string;
  reason: string;
  override: string | null;
  status_from: string;
  status_to: string;
  open_findings: Json;
  actor: string;
  at: string;
}

/** A registered model (migration 0009): one row per set of weights; the latest scan, fingerprint and AI-BOM. */
export interface ModelTable {
  id: string;
  /** sha256 over the sorted, distinct weight-file hashes (all file hashes when there is no weight file). */
  weights_sha256: string;
  name: string;
  /** Declared metadata: fields, base models, licences. */
  declared: Json;
  family_id: string | null;
  family_name: string | null;
  architecture_family_id: string | null;
  origin_org: string | null;
  origin_country: string | null;
  confidence: number;
  confidence_level: string;
  basis: string;
  flags: Json;
  /** CycloneDX 1.6 AI-BOM of the latest scan, with the strictest policy result. */
  aibom: Json;
  /** The strictest policy result of the latest check (null when no policy was in force). */
  policy_result: Json | null;
  /** The latest scan report (every file with its hash; the analysis recomputed by the server). */
  scan_report: Json;
  file_count: number;
  total_bytes: number;
  scan_count: number;
  first_seen: string;
  last_scanned: string;
  /** unchecked | allowed | flagged | forbidden */
  status: string;
  registered_by: string;
}

/** One registration of a scan of a model, with what changed since the previous one. */
export interface ModelScanTable {
  id: string;
  model_id: string;
  root: string;
  scanned_at: string;
  /** sha256 over the sorted (path, sha256) pairs of every file. */
  files_sha256: string;
  changes: Json;
  actor: string;
  at: string;
}

/** A dated version of a model origin policy. */
export interface ModelPolicyTable {
  id: string;
  policy_id: string;
  version: string;
  title: string;
  status: string;
  source: string;
  effective_from: string;
  effective_to: string | null;
  countries: Json;
  action: string;
  /** The whole validated policy (ModelOriginPolicy). */
  policy: Json;
  added_at: string;
  added_by: string;
}

/** One check of one model against one policy version. */
export interface ModelPolicyDecisionTable {
  id: string;
  model_id: string;
  policy_version_id: string;
  /** allowed | flagged | forbidden */
  outcome: string;
  /** The PolicyResult: findings with their messages, the policy cited. */
  reasons: Json;
  as_of: string;
  /** register | rescan | policy */
  trigger: string;
  actor: string;
  at: string;
}

export interface ProgramProposalTable {
  id: string;
  title: string;
  consortium: string;
  /** draft | submitted | under-review | decided */
  status: string;
  current_version: number;
  /** The core ReviewRecord. */
  review: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ProgramVersionTable {
  id: string;
  proposal_id: string;
  version: number;
  content: string;
  content_sha256: string;
  frozen: number;
  submitted_at: string | null;
  submitted_by: string | null;
  check_result: string | null;
  us_content: string | null;
  checked_at: string | null;
  /** Matcher, list versions, rule pack, policy and date of the last check. */
  check_context: string | null;
  updated_at: string;
}

export interface ProgramJustificationTable {
  id: string;
  proposal_id: string;
  version: number;
  finding_key: string;
  text: string;
  by: string;
  at: string;
}

export interface ProgramReviewTable {
  id: string;
  proposal_id: string;
  version: number;
  agency: string;
  reviewer: string;
  scores: string;
  weighted_score: number;
  recommendation: string;
  comment: string | null;
  at: string;
}

export interface ProgramDecisionTable {
  id: string;
  proposal_id: string;
  version: number;
  kind: string;
  in_national_interest: number | null;
  conditions: string | null;
  effective_from: string | null;
  expires_on: string | null;
  detail: string;
  by: string;
  at: string;
}

export interface Database {
  list_versions: ListVersionTable;
  list_entries: ListEntryTable;
  parties: PartyTable;
  ownerships: OwnershipTable;
  screenings: ScreeningTable;
  hits: HitTable;
  audit_log: AuditTable;
  audit_head: AuditHeadTable;
  api_tokens: ApiTokenTable;
  meta: MetaTable;
  transactions: TransactionTable;
  landmarks: LandmarkTable;
  devices: DeviceTable;
  verifications: VerificationTable;
  shipments: ShipmentTable;
  check_ins: CheckInTable;
  alerts: AlertTable;
  cases: CaseTable;
  case_alerts: CaseAlertTable;
  case_events: CaseEventTable;
  fleet_imports: FleetImportTable;
  fleet_rejections: FleetRejectionTable;
  synthesis_concern_sets: SynthesisConcernSetTable;
  synthesis_customers: SynthesisCustomerTable;
  synthesis_orders: SynthesisOrderTable;
  synthesis_decisions: SynthesisDecisionTable;
  synthesis_rescreen_findings: SynthesisRescreenFindingTable;
  eval_runs: EvalRunTable;
  eval_responses: EvalResponseTable;
  models: ModelTable;
  model_scans: ModelScanTable;
  model_policies: ModelPolicyTable;
  model_policy_decisions: ModelPolicyDecisionTable;
  kyc_accounts: KycAccountTable;
  kyc_resellers: KycResellerTable;
  kyc_usage: KycUsageTable;
  kyc_usage_rejections: KycUsageRejectionTable;
  kyc_findings: KycFindingTable;
  kyc_decisions: KycDecisionTable;
  kyc_identifiers: KycIdentifierTable;
  leases: LeaseTable;
  fleet_verifiers: FleetVerifierTable;
  check_in_batches: CheckInBatchTable;
  program_proposals: ProgramProposalTable;
  program_versions: ProgramVersionTable;
  program_justifications: ProgramJustificationTable;
  program_reviews: ProgramReviewTable;
  program_decisions: ProgramDecisionTable;
}

export type { Generated };

/**
 * A stored order's match against a concern added or changed by a later concern database version (migration 0013).
 * Unique per (order, concern id, concern content digest).
 */
export interface SynthesisRescreenFindingTable {
  id: string;
  order_id: string;
  /** The concern set version whose import found it. */
  concern_set_id: string;
  index_version: string;
  concern_id: string;
  concern_digest: string;
  /** Flag | Warning */
  outcome: string;
  /** 1 when the match needs an expert (a Flag). */
  requires_review: number;
  /** 1 when the order was already decided (fulfilled, denied, reported) and the Flag needs follow-up. */
  follow_up: number;
  /** The order's status when the match was found. */
  order_status: string;
  policy_version: string;
  covered_nt: number;
  /** Records, regions and window hits, within-order and cross-order splits, reasons (JSON). */
  detail: Json;
  at: string;
  actor: string;
}
