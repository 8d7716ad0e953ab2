/**
 * The model registry (migration 0009): registered models (one row per set of weights), their scan history, dated
 * origin policy versions and every policy decision; plus the link from evaluation runs to a model.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import { EVAL_RUN_SUMMARY_COLUMNS, type EvalRunSummary, toEvalRunSummary } from './evaluation-repo.js';
import type { Database, ModelPolicyDecisionTable, ModelPolicyTable, ModelScanTable, ModelTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ModelStatus = 'unchecked' | 'allowed' | 'flagged' | 'forbidden';
export type ModelPolicyOutcome = 'allowed' | 'flagged' | 'forbidden';

export interface StoredModel {
  readonly id: string;
  readonly weightsSha256: string;
  readonly name: string;
  readonly declared: unknown;
  readonly familyId: string | null;
  readonly familyName: string | null;
  readonly architectureFamilyId: string | null;
  readonly originOrg: string | null;
  readonly originCountry: string | null;
  readonly confidence: number;
  readonly confidenceLevel: string;
  readonly basis: string;
  readonly flags: unknown[];
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly scanCount: number;
  readonly firstSeen: string;
  readonly lastScanned: string;
  readonly status: ModelStatus;
  readonly registeredBy: string;
}

/** A model with its heavy JSON: the CycloneDX AI-BOM, the strictest policy result and the latest scan report. */
export interface StoredModelFull extends StoredModel {
  readonly aibom: unknown;
  readonly policyResult: unknown;
  readonly scanReport: unknown;
}

export interface StoredModelScan {
  readonly id: string;
  readonly modelId: string;
  readonly root: string;
  readonly scannedAt: string;
  readonly filesSha256: string;
  readonly changes: unknown;
  readonly actor: string;
  readonly at: string;
}

export interface StoredModelPolicy {
  readonly id: string;
  readonly policyId: string;
  readonly version: string;
  readonly title: string;
  readonly status: string;
  readonly source: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly countries: string[];
  readonly action: string;
  readonly policy: unknown;
  readonly addedAt: string;
  readonly addedBy: string;
}

export interface StoredModelDecision {
  readonly id: string;
  readonly modelId: string;
  readonly policyVersionId: string;
  readonly outcome: ModelPolicyOutcome;
  readonly reasons: unknown;
  readonly asOf: string;
  readonly trigger: string;
  readonly actor: string;
  readonly at: string;
}

export interface ModelFilter {
  readonly country?: string;
  readonly family?: string;
  /** Only models whose current outcome is flagged or forbidden (true), or neither (false). */
  readonly flagged?: boolean;
  readonly status?: ModelStatus;
  readonly limit?: number;
}

const LIGHT = [
  'id',
  'weights_sha256',
  'name',
  'declared',
  'family_id',
  'family_name',
  'architecture_family_id',
  'origin_org',
  'origin_country',
  'confidence',
  'confidence_level',
  'basis',
  'flags',
  'file_count',
  'total_bytes',
  'scan_count',
  'first_seen',
  'last_scanned',
  'status',
  'registered_by',
] as const;

type LightRow = Pick<ModelTable, (typeof LIGHT)[number]>;

function toModel(r: LightRow): StoredModel {
  return {
    id: r.id,
    weightsSha256: r.weights_sha256,
    name: r.name,
    declared: JSON.parse(r.declared),
    familyId: r.family_id,
    familyName: r.family_name,
    architectureFamilyId: r.architecture_family_id,
    originOrg: r.origin_org,
    originCountry: r.origin_country,
    confidence: Number(r.confidence),
    confidenceLevel: r.confidence_level,
    basis: r.basis,
    flags: JSON.parse(r.flags) as unknown[],
    fileCount: Number(r.file_count),
    totalBytes: Number(r.total_bytes),
    scanCount: Number(r.scan_count),
    firstSeen: r.first_seen,
    lastScanned: r.last_scanned,
    status: r.status as ModelStatus,
    registeredBy: r.registered_by,
  };
}

function toFull(r: ModelTable): StoredModelFull {
  return {
    ...toModel(r),
    aibom: JSON.parse(r.aibom),
    policyResult: r.policy_result === null ? null : JSON.parse(r.policy_result),
    scanReport: JSON.parse(r.scan_report),
  };
}

function modelRow(m: StoredModelFull): ModelTable {
  return {
    id: m.id,
    weights_sha256: m.weightsSha256,
    name: m.name,
    declared: JSON.stringify(m.declared),
    family_id: m.familyId,
    family_name: m.familyName,
    architecture_family_id: m.architectureFamilyId,
    origin_org: m.originOrg,
    origin_country: m.originCountry,
    confidence: m.confidence,
    confidence_level: m.confidenceLevel,
    basis: m.basis,
    flags: JSON.stringify(m.flags),
    aibom: JSON.stringify(m.aibom),
    policy_result: m.policyResult === null || m.policyResult === undefined ? null : JSON.stringify(m.policyResult),
    scan_report: JSON.stringify(m.scanReport),
    file_count: m.fileCount,
    total_bytes: m.totalBytes,
    scan_count: m.scanCount,
    first_seen: m.firstSeen,
    last_scanned: m.lastScanned,
    status: m.status,
    registered_by: m.registeredBy,
  };
}

export async function insertModel(db: Db, m: StoredModelFull): Promise<void> {
  await db.insertInto('models').values(modelRow(m)).execute();
}

/** Rewrites a model row (a re-scan); `id`, `weights_sha256`, `first_seen` and `registered_by` are kept. */
export async function updateModel(db: Db, m: StoredModelFull): Promise<void> {
  const { id: _id, weights_sha256: _w, first_seen: _f, registered_by: _r, ...rest } = modelRow(m);
  await db.updateTable('models').set(rest).where('id', '=', m.id).execute();
}

/** Sets the outcome of a re-evaluation: status, strictest policy result and the AI-BOM that cites it. */
export async function setModelOutcome(
  db: Db,
  id: string,
  status: ModelStatus,
  policyResult: unknown,
  aibom: unknown,
): Promise<void> {
  await db
    .updateTable('models')
    .set({
      status,
      policy_result: policyResult === null ? null : JSON.stringify(policyResult),
      aibom: JSON.stringify(aibom),
    })
    .where('id', '=', id)
    .execute();
}

export async function getModel(db: Db, id: string): Promise<StoredModelFull | undefined> {
  const r = await db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toFull(r) : undefined;
}

export async function findModelByWeights(db: Db, weightsSha256: string): Promise<StoredModelFull | undefined> {
  const r = await db.selectFrom('models').selectAll().where('weights_sha256', '=', weightsSha256).executeTakeFirst();
  return r ? toFull(r) : undefined;
}

/** Models, most recently scanned first, without their heavy JSON. */
export async function listModels(db: Db, f: ModelFilter = {}): Promise<StoredModel[]> {
  let q = db.selectFrom('models').select(LIGHT);
  if (f.country) q = q.where('origin_country', '=', f.country);
  if (f.family) q = q.where('family_id', '=', f.family);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.flagged === true) q = q.where('status', 'in', ['flagged', 'forbidden']);
  if (f.flagged === false) q = q.where('status', 'not in', ['flagged', 'forbidden']);
  const rows = await q
    .orderBy('last_scanned', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 500)
    .execute();
  return rows.map(toModel);
}

/** Every model id, in a stable order (for a re-evaluation). */
export async function allModelIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('models').select('id').orderBy('first_seen').orderBy('id').execute();
  return rows.map((r) => r.id);
}

function toScan(r: ModelScanTable): StoredModelScan {
  return {
    id: r.id,
    modelId: r.model_id,
    root: r.root,
    scannedAt: r.scanned_at,
    filesSha256: r.files_sha256,
    changes: JSON.parse(r.changes),
    actor: r.actor,
    at: r.at,
  };
}

export async function insertModelScan(db: Db, s: StoredModelScan): Promise<void> {
  await db
    .insertInto('model_scans')
    .values({
      id: s.id,
      model_id: s.modelId,
      root: s.root,
      scanned_at: s.scannedAt,
      files_sha256: s.filesSha256,
      changes: JSON.stringify(s.changes),
      actor: s.actor,
      at: s.at,
    })
    .execute();
}

export async function scansOfModel(db: Db, modelId: string): Promise<StoredModelScan[]> {
  const rows = await db
    .selectFrom('model_scans')
    .selectAll()
    .where('model_id', '=', modelId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toScan);
}

function toPolicy(r: ModelPolicyTable): StoredModelPolicy {
  return {
    id: r.id,
    policyId: r.policy_id,
    version: r.version,
    title: r.title,
    status: r.status,
    source: r.source,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    countries: JSON.parse(r.countries) as string[],
    action: r.action,
    policy: JSON.parse(r.policy),
    addedAt: r.added_at,
    addedBy: r.added_by,
  };
}

export async function insertModelPolicy(db: Db, p: StoredModelPolicy): Promise<void> {
  await db
    .insertInto('model_policies')
    .values({
      id: p.id,
      policy_id: p.policyId,
      version: p.version,
      title: p.title,
      status: p.status,
      source: p.source,
      effective_from: p.effectiveFrom,
      effective_to: p.effectiveTo,
      countries: JSON.stringify(p.countries),
      action: p.action,
      policy: JSON.stringify(p.policy),
      added_at: p.addedAt,
      added_by: p.addedBy,
    })
    .execute();
}

/** Every policy version, latest effective date first. */
export async function listModelPolicies(db: Db): Promise<StoredModelPolicy[]> {
  const rows = await db
    .selectFrom('model_policies')
    .selectAll()
    .orderBy('effective_from', 'desc')
    .orderBy('policy_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toPolicy);
}

export async function findModelPolicy(
  db: Db,
  policyId: string,
  version: string,
): Promise<StoredModelPolicy | undefined> {
  const r = await db
    .selectFrom('model_policies')
    .selectAll()
    .where('policy_id', '=', policyId)
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? toPolicy(r) : undefined;
}

function toDecision(r: ModelPolicyDecisionTable): StoredModelDecision {
  return {
    id: r.id,
    modelId: r.model_id,
    policyVersionId: r.policy_version_id,
    outcome: r.outcome as ModelPolicyOutcome,
    reasons: JSON.parse(r.reasons),
    asOf: r.as_of,
    trigger: r.trigger,
    actor: r.actor,
    at: r.at,
  };
}

export async function insertModelDecision(db: Db, d: StoredModelDecision): Promise<void> {
  await db
    .insertInto('model_policy_decisions')
    .values({
      id: d.id,
      model_id: d.modelId,
      policy_version_id: d.policyVersionId,
      outcome: d.outcome,
      reasons: JSON.stringify(d.reasons),
      as_of: d.asOf,
      trigger: d.trigger,
      actor: d.actor,
      at: d.at,
    })
    .execute();
}

/** Decisions on a model, newest first. */
export async function decisionsOfModel(db: Db, modelId: string): Promise<StoredModelDecision[]> {
  const rows = await db
    .selectFrom('model_policy_decisions')
    .selectAll()
    .where('model_id', '=', modelId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toDecision);
}

/** Links an evaluation run to a registered model (or unlinks it with null). */
export async function setEvalRunModel(db: Db, runId: string, modelId: string | null): Promise<void> {
  await db.updateTable('eval_runs').set({ model_id: modelId }).where('id', '=', runId).execute();
}

/** Evaluation runs linked to a model, newest first, without their configuration. */
export async function evalRunsOfModel(db: Db, modelId: string): Promise<EvalRunSummary[]> {
  const rows = await db
    .selectFrom('eval_runs')
    .select(EVAL_RUN_SUMMARY_COLUMNS)
    .where('model_id', '=', modelId)
    .orderBy('started_at', 'desc')
    .execute();
  return rows.map(toEvalRunSummary);
}
