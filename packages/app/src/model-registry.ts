/**
 * The model registry (issue 7): registered models built from scan reports, dated origin policies, and the policy
 * decisions that link them. A scan runs where the weights are (`stackport models scan` / `models register` on the
 * user's machine); the registry receives the report as JSON, never a path on the server. The server re-runs the pure
 * analysis (fingerprint, flags) over the files' parsed summaries, so the fingerprint rules applied are its own.
 *
 * - One model per set of weights: the key is the sha256 over the sorted, distinct hashes of the weight files
 *   (safetensors, GGUF, pickle, ONNX; every file when there is none). A re-scan of the same weights updates the
 *   model and records what changed (files, name, fingerprint, flags, outcome).
 * - Policies are dated versions (`ModelOriginPolicySchema` plus a required `source`). A model is checked against
 *   the version of every policy id in force on the date; its status is the strictest outcome (`allowed` <
 *   `flagged` < `forbidden`), `unchecked` when none is in force. Adding a version checks every model against it.
 * - Every change and its audit record commit in ONE transaction; a bad report is refused before anything is written.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  analyseModelFiles,
  buildCycloneDxAibom,
  buildSpdxAibom,
  checkModelPolicy,
  isCountryCode,
  type ModelAnalysis,
  type ModelFileKind,
  type ModelOriginPolicy,
  ModelOriginPolicySchema,
  type ModelScanReport,
  type PolicyDecision,
  type PolicyResult,
  policyInForce,
  type ScannedModelFile,
  sha256Hex,
} from '@stackport/core';
import {
  allModelIds,
  appendAudit,
  type Database,
  decisionsOfModel,
  evalRunsOfModel,
  findModelByWeights,
  findModelPolicy,
  getEvalRun,
  getModel,
  insertModel,
  insertModelDecision,
  insertModelPolicy,
  insertModelScan,
  listModelPolicies,
  listModels,
  type ModelFilter,
  type ModelPolicyOutcome,
  type ModelStatus,
  type StoredModel,
  type StoredModelFull,
  type StoredModelPolicy,
  scansOfModel,
  setEvalRunModel,
  setModelOutcome,
  updateModel,
} from '@stackport/store';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from './errors.js';
import { parseWith } from './licensing.js';
import type { Stackport } from './stackport.js';

type Trx = Transaction<Database>;

/** Written into the AI-BOMs as the generating tool's version. */
export const MODEL_REGISTRY_TOOL_VERSION = '0.1.0';
/** Largest scan report accepted over HTTP (JSON). */
export const MAX_SCAN_REPORT_BYTES = 64 * 1024 * 1024;

const MODEL_FILE_KINDS = [
  'safetensors',
  'safetensors-index',
  'gguf',
  'config',
  'generation-config',
  'tokenizer',
  'tokenizer-config',
  'special-tokens-map',
  'chat-template',
  'tekken',
  'sentencepiece',
  'tiktoken',
  'vocab',
  'merges',
  'pickle',
  'onnx',
  'readme',
  'license',
  'other',
] as const satisfies readonly ModelFileKind[];
// Every kind of the core is listed (a compile error here means a new kind needs adding above).
const _allKinds: readonly (typeof MODEL_FILE_KINDS)[number][] = [] as ModelFileKind[];
void _allKinds;

/** The `format` of each parsed summary the scanner writes. */
const PARSED_FORMATS = [
  'safetensors',
  'safetensors-index',
  'gguf',
  'config',
  'generation-config',
  'tokenizer',
  'tokenizer-config',
  'special-tokens-map',
  'chat-template',
  'tekken',
] as const;

/** Files whose hashes identify the weights (the dedupe key). */
const WEIGHT_KINDS: ReadonlySet<string> = new Set(['safetensors', 'gguf', 'pickle', 'onnx']);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IsoDate = z
  .string()
  .regex(ISO_DATE, 'a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), 'not a calendar date');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

const ScannedFileSchema = z.object({
  path: z
    .string()
    .min(1)
    .max(4_096)
    .refine((p) => !p.includes('\u0000'), 'no NUL in a path'),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: Sha256.nullable(),
  kind: z.enum(MODEL_FILE_KINDS),
  /** The scanner's summary of the file (a header, a small side file); its fields are read by the analysis. */
  parsed: z.looseObject({ format: z.enum(PARSED_FORMATS) }).optional(),
  error: z.object({ code: z.string().min(1).max(100), message: z.string().max(4_000) }).optional(),
});

/** A scan report as `stackport models scan --json` prints it (`analysis` is ignored: the server recomputes it). */
export const ModelScanReportSchema = z.object({
  root: z.string().min(1).max(4_096),
  scannedAt: z.iso.datetime({ offset: true }),
  files: z.array(ScannedFileSchema).min(1, 'the report lists no file').max(100_000),
  skipped: z
    .array(z.object({ path: z.string().max(4_096), reason: z.string().max(1_000) }))
    .max(100_000)
    .default([]),
  analysis: z.unknown().optional(),
});

/** Body of `POST /models`: `{report, asOf?}` (the file `models scan --json --out F` writes also fits). */
export const ModelRegisterSchema = z.object({
  report: ModelScanReportSchema,
  /** Date the policies are applied for (default today). */
  asOf: IsoDate.optional(),
});
export type ModelRegisterInput = z.input<typeof ModelRegisterSchema>;

const Country = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, { message: 'unknown country code: use ISO 3166-1 alpha-2, e.g. CN' });

/** A policy version to store: the core policy, with a required source and checked dates and countries. */
export const ModelPolicyInputSchema = ModelOriginPolicySchema.extend({
  id: z.string().trim().min(1).max(100),
  version: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(500),
  source: z.string().trim().min(1, 'cite where the policy comes from (a URL or a document reference)').max(2_000),
  effectiveFrom: IsoDate,
  effectiveTo: IsoDate.optional(),
  countriesOfConcern: z.array(Country).min(1).max(250),
}).refine((p) => p.effectiveTo === undefined || p.effectiveFrom < p.effectiveTo, {
  message: 'effectiveTo must be after effectiveFrom',
  path: ['effectiveTo'],
});
export type ModelPolicyInput = z.input<typeof ModelPolicyInputSchema>;

export const ModelLinkEvalSchema = z.object({ runId: z.string().min(1).max(100) }).strict();

export interface ModelScanChanges {
  readonly first: boolean;
  readonly files: { readonly added: string[]; readonly removed: string[]; readonly changed: string[] };
  readonly fields: { readonly field: string; readonly from: unknown; readonly to: unknown }[];
  readonly flags: { readonly added: string[]; readonly removed: string[] };
}

export interface ModelPolicyCheck {
  readonly policyVersionId: string;
  readonly policyId: string;
  readonly version: string;
  readonly outcome: ModelPolicyOutcome;
  readonly result: PolicyResult;
}

export interface RegisterResult {
  /** true for a new model, false for a re-scan of known weights. */
  readonly created: boolean;
  readonly changes: ModelScanChanges;
  readonly checks: readonly ModelPolicyCheck[];
  readonly model: ModelDetail;
}

export interface ModelDetail extends StoredModel {
  readonly root: string;
  readonly scannedAt: string;
  readonly summary: ModelAnalysis['summary'];
  readonly fingerprint: ModelAnalysis['fingerprint'];
  readonly files: readonly Pick<ScannedModelFile, 'path' | 'size' | 'sha256' | 'kind' | 'error'>[];
  readonly skipped: ModelScanReport['skipped'];
  readonly policy: PolicyResult | null;
  readonly decisions: readonly (Awaited<ReturnType<typeof decisionsOfModel>>[number] & {
    readonly policy: { policyId: string; version: string; title: string; source: string } | null;
  })[];
  readonly scans: Awaited<ReturnType<typeof scansOfModel>>;
  readonly evalRuns: Awaited<ReturnType<typeof evalRunsOfModel>>;
  readonly aibom: unknown;
}

export interface PolicyAddResult {
  readonly policy: StoredModelPolicy;
  /** Whether the new version is in force today (then every model's status follows it). */
  readonly inForce: boolean;
  /** The date the models were checked for: today, or the version's start when it is not in force today. */
  readonly asOf: string;
  readonly reevaluated: number;
  readonly outcomes: Record<ModelPolicyOutcome, number>;
  readonly changed: readonly { modelId: string; name: string; from: ModelStatus; to: ModelStatus }[];
}

const OUTCOME: Record<PolicyDecision, ModelPolicyOutcome> = {
  allow: 'allowed',
  review: 'flagged',
  forbid: 'forbidden',
};
const RANK: Record<ModelStatus, number> = { unchecked: -1, allowed: 0, flagged: 1, forbidden: 2 };

const bad = (path: string, message: string) =>
  new AppError('SP_BAD_REQUEST', `${path}: ${message}`, [{ path, message }]);

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function policyDoc(p: StoredModelPolicy): ModelOriginPolicy {
  return ModelOriginPolicySchema.parse(p.policy);
}

/** The version of each policy id in force on `asOf`. */
export function policyVersionsInForce(all: readonly StoredModelPolicy[], asOf: string): StoredModelPolicy[] {
  const byId = new Map<string, StoredModelPolicy[]>();
  for (const p of all) byId.set(p.policyId, [...(byId.get(p.policyId) ?? []), p]);
  const out: StoredModelPolicy[] = [];
  for (const versions of byId.values()) {
    const docs = versions.map(policyDoc);
    const chosen = policyInForce(docs, asOf);
    const stored = chosen && versions.find((v) => v.version === chosen.version);
    if (stored) out.push(stored);
  }
  return out.sort((a, b) => a.policyId.localeCompare(b.policyId));
}

function checkAll(analysis: ModelAnalysis, versions: readonly StoredModelPolicy[], asOf: string): ModelPolicyCheck[] {
  return versions.map((v) => {
    const result = checkModelPolicy(analysis, policyDoc(v), asOf);
    return {
      policyVersionId: v.id,
      policyId: v.policyId,
      version: v.version,
      outcome: OUTCOME[result.decision],
      result,
    };
  });
}

/** Status = the strictest outcome (unchecked when no policy is in force), and the result that decided it. */
function strictest(checks: readonly ModelPolicyCheck[]): { status: ModelStatus; result: PolicyResult | null } {
  let status: ModelStatus = 'unchecked';
  let result: PolicyResult | null = null;
  for (const c of checks)
    if (RANK[c.outcome] > RANK[status]) {
      status = c.outcome;
      result = c.result;
    }
  return { status, result };
}

function weightsKey(files: readonly ScannedModelFile[]): string {
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw bad('report.files', `the path ${f.path} appears twice`);
    seen.add(f.path);
  }
  const unhashed = files.filter((f) => f.sha256 === null && !f.error);
  if (unhashed.length)
    throw bad(
      'report.files',
      `${unhashed.length} file(s) have no sha256 (e.g. ${unhashed[0]!.path}): registration needs a hashed scan (without --no-hash)`,
    );
  const hashed = files.filter((f) => f.sha256 !== null);
  const weights = hashed.filter((f) => WEIGHT_KINDS.has(f.kind));
  const basis = weights.length ? weights : hashed;
  if (!basis.length) throw bad('report.files', 'no file has a sha256');
  return sha256Hex([...new Set(basis.map((f) => f.sha256 as string))].sort().join('\n'));
}

function filesSha256(files: readonly ScannedModelFile[]): string {
  return sha256Hex(
    files
      .map((f) => `${f.path}\u0000${f.sha256 ?? ''}`)
      .sort()
      .join('\n'),
  );
}

function scanChanges(before: StoredModelFull | undefined, after: StoredModelFull): ModelScanChanges {
  if (!before)
    return {
      first: true,
      files: { added: [], removed: [], changed: [] },
      fields: [],
      flags: { added: [], removed: [] },
    };
  const old = new Map((before.scanReport as ModelScanReport).files.map((f) => [f.path, f.sha256]));
  const now = new Map((after.scanReport as ModelScanReport).files.map((f) => [f.path, f.sha256]));
  const files = {
    added: [...now.keys()].filter((p) => !old.has(p)).sort(),
    removed: [...old.keys()].filter((p) => !now.has(p)).sort(),
    changed: [...now.keys()].filter((p) => old.has(p) && old.get(p) !== now.get(p)).sort(),
  };
  const fields: ModelScanChanges['fields'] = [];
  const compare = (field: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) fields.push({ field, from, to });
  };
  compare('name', before.name, after.name);
  compare('root', (before.scanReport as ModelScanReport).root, (after.scanReport as ModelScanReport).root);
  compare('family', before.familyId, after.familyId);
  compare('architectureFamily', before.architectureFamilyId, after.architectureFamilyId);
  compare('originCountry', before.originCountry, after.originCountry);
  compare('confidence', before.confidence, after.confidence);
  compare('basis', before.basis, after.basis);
  compare('status', before.status, after.status);
  const oldFlags = new Set((before.flags as { code: string }[]).map((f) => f.code));
  const newFlags = new Set((after.flags as { code: string }[]).map((f) => f.code));
  return {
    first: false,
    files,
    fields,
    flags: {
      added: [...newFlags].filter((c) => !oldFlags.has(c)).sort(),
      removed: [...oldFlags].filter((c) => !newFlags.has(c)).sort(),
    },
  };
}

export class ModelRegistryService {
  constructor(private readonly app: Stackport) {}

  private get db() {
    return this.app.connection.db;
  }

  private get engine() {
    return this.app.connection.engine;
  }

  private aibomOf(report: ModelScanReport, result: PolicyResult | null): unknown {
    return buildCycloneDxAibom(report, {
      toolVersion: MODEL_REGISTRY_TOOL_VERSION,
      ...(result ? { policy: result } : {}),
    });
  }

  /**
   * Registers a scan report: validates it, recomputes the analysis, finds the model by its weights, checks the
   * policies in force on `asOf` (default today), and stores model + scan + decisions + audit in one transaction.
   */
  async register(input: unknown, actor: string): Promise<RegisterResult> {
    const req = parseWith(ModelRegisterSchema, input);
    const asOf = req.asOf ?? this.app.today();
    const files = req.report.files as ScannedModelFile[];
    const submitted = req.report.analysis as { summary?: { name?: unknown } } | undefined;
    const fallbackName =
      typeof submitted?.summary?.name === 'string' && submitted.summary.name.length <= 300
        ? submitted.summary.name
        : (req.report.root.split(/[\\/]/).filter(Boolean).pop() ?? req.report.root);
    let analysis: ModelAnalysis;
    try {
      analysis = analyseModelFiles(files, fallbackName);
    } catch (err) {
      throw bad(
        'report.files',
        `the parsed file summaries are not what the scanner writes (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    const report: ModelScanReport = {
      root: req.report.root,
      // Normalised to UTC so that scan times compare as text.
      scannedAt: new Date(req.report.scannedAt).toISOString(),
      files,
      skipped: req.report.skipped,
      analysis,
    };
    const key = weightsKey(files);
    const at = this.app.now().toISOString();
    const fp = analysis.fingerprint;
    try {
      const out = await this.db.transaction().execute(async (trx) => {
        const existing = await findModelByWeights(trx, key);
        const checks = checkAll(analysis, policyVersionsInForce(await listModelPolicies(trx), asOf), asOf);
        const { status, result } = strictest(checks);
        const model: StoredModelFull = {
          id: existing?.id ?? `MDL-${randomUUID()}`,
          weightsSha256: key,
          name: analysis.summary.name.slice(0, 500),
          declared: {
            fields: analysis.signals.declared,
            families: fp.declaredFamilies,
            baseModels: analysis.summary.baseModels,
            licenses: analysis.summary.licenses,
          },
          familyId: fp.family?.id ?? null,
          familyName: fp.family?.name ?? null,
          architectureFamilyId: fp.architectureFamily?.id ?? null,
          originOrg: fp.family?.organization ?? null,
          originCountry: fp.family?.country ?? null,
          confidence: fp.confidence,
          confidenceLevel: fp.level,
          basis: fp.basis,
          flags: analysis.flags,
          fileCount: analysis.summary.fileCount,
          totalBytes: analysis.summary.totalBytes,
          scanCount: (existing?.scanCount ?? 0) + 1,
          firstSeen: existing?.firstSeen ?? at,
          lastScanned: existing && existing.lastScanned > report.scannedAt ? existing.lastScanned : report.scannedAt,
          status,
          registeredBy: existing?.registeredBy ?? actor,
          aibom: this.aibomOf(report, result),
          policyResult: result,
          scanReport: report,
        };
        const changes = scanChanges(existing, model);
        if (existing) await updateModel(trx, model);
        else await insertModel(trx, model);
        await insertModelScan(trx, {
          id: `MSC-${randomUUID()}`,
          modelId: model.id,
          root: report.root,
          scannedAt: report.scannedAt,
          filesSha256: filesSha256(files),
          changes,
          actor,
          at,
        });
        await this.recordDecisions(trx, model.id, checks, asOf, existing ? 'rescan' : 'register', actor, at);
        await appendAudit(trx, this.engine, {
          at,
          actor,
          action: existing ? 'models.rescan' : 'models.register',
          subject: `model:${model.id}`,
          data: {
            weightsSha256: key,
            name: model.name,
            family: model.familyId,
            originCountry: model.originCountry,
            confidence: model.confidence,
            flags: analysis.flags.map((f) => `${f.code}:${f.severity}`),
            status,
            asOf,
            decisions: checks.map((c) => ({ policy: c.policyId, version: c.version, outcome: c.outcome })),
            ...(existing ? { changes } : {}),
          },
        });
        return { created: !existing, changes, checks, id: model.id };
      });
      return { created: out.created, changes: out.changes, checks: out.checks, model: await this.model(out.id) };
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('SP_CONFLICT', 'these weights were registered concurrently: submit the report again');
      throw err;
    }
  }

  private async recordDecisions(
    trx: Trx,
    modelId: string,
    checks: readonly ModelPolicyCheck[],
    asOf: string,
    trigger: string,
    actor: string,
    at: string,
  ): Promise<void> {
    for (const c of checks)
      await insertModelDecision(trx, {
        id: `MPD-${randomUUID()}`,
        modelId,
        policyVersionId: c.policyVersionId,
        outcome: c.outcome,
        reasons: c.result,
        asOf,
        trigger,
        actor,
        at,
      });
  }

  /** Models, most recently scanned first (filters: origin country, family, flagged, status). */
  async models(filter: ModelFilter = {}): Promise<StoredModel[]> {
    const f = parseWith(
      z.object({
        country: z
          .string()
          .trim()
          .transform((v) => v.toUpperCase())
          .pipe(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'))
          .optional(),
        family: z.string().trim().min(1).max(100).optional(),
        flagged: z.boolean().optional(),
        status: z.enum(['unchecked', 'allowed', 'flagged', 'forbidden']).optional(),
        limit: z.number().int().min(1).max(1_000).optional(),
      }),
      filter,
    );
    return listModels(this.db, f as ModelFilter);
  }

  /** A model with its fingerprint, files, decisions (with the policy cited), scan history, eval runs and AI-BOM. */
  async model(id: string): Promise<ModelDetail> {
    const m = await getModel(this.db, id);
    if (!m) throw new AppError('SP_NOT_FOUND', `no model ${id}`);
    const { scanReport, policyResult, aibom, ...light } = m;
    const report = scanReport as ModelScanReport;
    const policies = new Map((await listModelPolicies(this.db)).map((p) => [p.id, p]));
    const decisions = (await decisionsOfModel(this.db, id)).map((d) => {
      const p = policies.get(d.policyVersionId);
      return {
        ...d,
        policy: p ? { policyId: p.policyId, version: p.version, title: p.title, source: p.source } : null,
      };
    });
    return {
      ...light,
      root: report.root,
      scannedAt: report.scannedAt,
      summary: report.analysis.summary,
      fingerprint: report.analysis.fingerprint,
      files: report.files.map((f) => ({
        path: f.path,
        size: f.size,
        sha256: f.sha256,
        kind: f.kind,
        ...(f.error ? { error: f.error } : {}),
      })),
      skipped: report.skipped,
      policy: policyResult as PolicyResult | null,
      decisions,
      scans: await scansOfModel(this.db, id),
      evalRuns: await evalRunsOfModel(this.db, id),
      aibom,
    };
  }

  /** The AI-BOM of a model's latest scan: CycloneDX 1.6 (as stored) or SPDX 3.0.1 (built from the stored report). */
  async aibom(id: string, format: 'cyclonedx' | 'spdx' = 'cyclonedx'): Promise<unknown> {
    const m = await getModel(this.db, id);
    if (!m) throw new AppError('SP_NOT_FOUND', `no model ${id}`);
    if (format === 'cyclonedx') return m.aibom;
    return buildSpdxAibom(m.scanReport as ModelScanReport, {
      toolVersion: MODEL_REGISTRY_TOOL_VERSION,
      ...(m.policyResult ? { policy: m.policyResult as PolicyResult } : {}),
    });
  }

  /** Every policy version, latest start first, marked when in force today. */
  async policies(): Promise<(StoredModelPolicy & { inForce: boolean })[]> {
    const all = await listModelPolicies(this.db);
    const now = new Set(policyVersionsInForce(all, this.app.today()).map((p) => p.id));
    return all.map((p) => ({ ...p, inForce: now.has(p.id) }));
  }

  /**
   * Adds a policy version and checks every registered model against it (one decision per model). When the version
   * is in force today, each model's status, policy result and AI-BOM follow the policies now in force. One
   * transaction with its audit record.
   */
  async addPolicy(input: unknown, actor: string): Promise<PolicyAddResult> {
    const p = parseWith(ModelPolicyInputSchema, input);
    const at = this.app.now().toISOString();
    const today = this.app.today();
    const stored: StoredModelPolicy = {
      id: `MPV-${randomUUID()}`,
      policyId: p.id,
      version: p.version,
      title: p.title,
      status: p.status,
      source: p.source,
      effectiveFrom: p.effectiveFrom,
      effectiveTo: p.effectiveTo ?? null,
      countries: [...new Set(p.countriesOfConcern)].sort(),
      action: p.action,
      policy: { ...p, countriesOfConcern: [...new Set(p.countriesOfConcern)].sort() },
      addedAt: at,
      addedBy: actor,
    };
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (await findModelPolicy(trx, p.id, p.version))
          throw new AppError(
            'SP_CONFLICT',
            `policy ${p.id} version ${p.version} exists already (versions are never edited)`,
          );
        await insertModelPolicy(trx, stored);
        const inForceNow = policyVersionsInForce(await listModelPolicies(trx), today);
        const inForce = inForceNow.some((v) => v.id === stored.id);
        const asOf = inForce ? today : p.effectiveFrom;
        const doc = policyDoc(stored);
        const outcomes: Record<ModelPolicyOutcome, number> = { allowed: 0, flagged: 0, forbidden: 0 };
        const changed: { modelId: string; name: string; from: ModelStatus; to: ModelStatus }[] = [];
        const ids = await allModelIds(trx);
        for (const id of ids) {
          const m = (await getModel(trx, id)) as StoredModelFull;
          const report = m.scanReport as ModelScanReport;
          const result = checkModelPolicy(report.analysis, doc, asOf);
          const check: ModelPolicyCheck = {
            policyVersionId: stored.id,
            policyId: stored.policyId,
            version: stored.version,
            outcome: OUTCOME[result.decision],
            result,
          };
          outcomes[check.outcome]++;
          await this.recordDecisions(trx, id, [check], asOf, 'policy', actor, at);
          if (!inForce) continue;
          const now = strictest(checkAll(report.analysis, inForceNow, today));
          await setModelOutcome(trx, id, now.status, now.result, this.aibomOf(report, now.result));
          if (now.status !== m.status) changed.push({ modelId: id, name: m.name, from: m.status, to: now.status });
        }
        await appendAudit(trx, this.engine, {
          at,
          actor,
          action: 'models.policy.add',
          subject: `model-policy:${stored.policyId}@${stored.version}`,
          data: {
            id: stored.id,
            title: stored.title,
            source: stored.source,
            status: stored.status,
            effectiveFrom: stored.effectiveFrom,
            effectiveTo: stored.effectiveTo,
            countries: stored.countries,
            action: stored.action,
            inForce,
            asOf,
            reevaluated: ids.length,
            outcomes,
            changed: changed.slice(0, 1_000),
          },
        });
        return { policy: stored, inForce, asOf, reevaluated: ids.length, outcomes, changed };
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('SP_CONFLICT', `policy ${p.id} version ${p.version} exists already`);
      throw err;
    }
  }

  /** Links an evaluation run to a registered model (audited). */
  async linkEvalRun(modelId: string, input: unknown, actor: string): Promise<ModelDetail> {
    const { runId } = parseWith(ModelLinkEvalSchema, input);
    const at = this.app.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const m = await getModel(trx, modelId);
      if (!m) throw new AppError('SP_NOT_FOUND', `no model ${modelId}`);
      const run = await getEvalRun(trx, runId);
      if (!run) throw new AppError('SP_NOT_FOUND', `no evaluation run ${runId}`);
      await setEvalRunModel(trx, runId, modelId);
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'models.eval.link',
        subject: `model:${modelId}`,
        data: { runId, previous: run.modelId ?? null, endpoint: run.endpointUrl, model: run.model },
      });
    });
    return this.model(modelId);
  }
}
