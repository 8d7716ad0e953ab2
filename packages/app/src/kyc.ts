/**
 * Cloud-compute customer due diligence (issue 8, IaaS KYC) over the store: account opening (validation, screening of
 * the customer, every beneficial owner and the reseller chain through the restricted-party index of the `Stackport`
 * service, then the core `assessCustomer` with Country Group D:5 of the bundled licensing rule pack on the day),
 * findings and their resolution, decisions, the foreign-reseller registry with attestations, daily usage ingestion
 * (idempotent per account, day and accelerator; bad rows quarantined with their reason), the large-training-run
 * check over a rolling window with a draft report, the re-screening of every active account against the added and
 * changed entries of a new list version (inside the list import's transaction), and the rules with their legal status.
 * The shared-identifier check finds the other accounts through the identifier index (migration 0011). Every change
 * and its audit record commit in one transaction; bad input is refused before anything is written. Method: docs/kyc.md.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  ACCELERATOR_PEAK_FLOPS,
  type AccountIdentity,
  assessCustomer,
  BUNDLED_RULES,
  type CustomerApplication,
  type DatedCountryList,
  DEFAULT_TRAINING_THRESHOLD_OPS,
  DEFAULT_TRAINING_WINDOW_DAYS,
  detectDormantThenBurst,
  draftTrainingRunReport,
  estimateTrainingRuns,
  identifierKeys,
  identityOf,
  isCountryCode,
  type KycAssessment,
  type KycReason,
  type KycReportDocument,
  type KycScreenedNameRecord,
  type KycScreeningHit,
  kycRuleAt,
  kycRulesAt,
  kycScreeningRef,
  kycScreeningSubjects,
  kycSubjectsOfScreened,
  MATCHER_VERSION,
  newKycScreeningHits,
  type RedFlag,
  type Reseller,
  screenKycSubjects,
  type TrainingRunEstimate,
  type UsageRecord,
  usageRecordProblem,
} from '@stackport/core';
import {
  appendAudit,
  type Database,
  decisionsOfKycAccount,
  existingKycAccountIds,
  findKycFindings,
  getKycAccount,
  getKycFinding,
  getKycReseller,
  insertKycAccount,
  insertKycDecision,
  insertKycFinding,
  insertKycReseller,
  insertKycUsageRejections,
  insertScreening,
  KYC_ACCOUNT_STATUSES,
  type KycAccountStatus,
  type KycDecision,
  type KycDecisionKind,
  type KycUsageRejection,
  kycAccountsToRescreen,
  kycApplicationsSharing,
  kycFindingRefs,
  kycUsageBetween,
  listKycAccounts,
  listKycFindings,
  listKycResellers,
  refreshKycFinding,
  resolveKycFinding,
  type StoredKycAccount,
  type StoredKycFinding,
  type StoredKycReseller,
  type StoredKycUsage,
  updateKycAccountStatus,
  updateKycReseller,
  upsertKycUsage,
} from '@stackport/store';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from './errors.js';
import { parseWith } from './licensing.js';
import type { ReportDocument } from './report/document.js';
import { renderPdf, reportSha256 } from './report/pdf.js';
import type { LoadedIndex } from './screening-index.js';
import type { Stackport } from './stackport.js';

/** Largest usage batch accepted in one call. */
export const MAX_USAGE_BATCH = 100_000;
/** Days of usage before the check day that the dormant-then-burst detector reads (60-day baseline + 7 recent). */
const DORMANT_LOOKBACK_DAYS = 67;
const DAY_MS = 86_400_000;

// ---- input schemas ----------------------------------------------------------------------------------------------

const Country = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, { message: 'unknown country code: use ISO 3166-1 alpha-2, e.g. DE' });
const Text = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max);
const Day = z.iso.date();
const Id = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'letters, digits and . _ : @ / - only');

const PaymentBase = {
  id: Text(200, 'payment id'),
  source: z.enum(['own', 'employer', 'third-party', 'unknown']).optional(),
  addedOn: Day.optional(),
};
const PaymentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('card'), ...PaymentBase, binCountry: Country.optional() }).strict(),
  z.object({ kind: z.literal('bank'), ...PaymentBase, bankCountry: Country.optional() }).strict(),
  z.object({ kind: z.literal('crypto'), ...PaymentBase, network: z.string().trim().max(100).optional() }).strict(),
]);

const OwnerSchema = z
  .object({
    name: Text(300, 'owner name'),
    type: z.enum(['individual', 'entity']),
    sharePct: z.number().min(0).max(100).optional(),
    controls: z.boolean().optional(),
    nationalities: z.array(Country).max(10).optional(),
    residenceCountry: Country.optional(),
    usPermanentResident: z.boolean().optional(),
    countryOfIncorporation: Country.optional(),
  })
  .strict();

const ApplicationBase = {
  /** The provider's account id: the key of the account, of its usage and of reseller customer lists. */
  accountId: Id,
  names: z.array(Text(300, 'name')).min(1, 'give at least the legal name').max(20),
  addresses: z
    .array(
      z
        .object({
          lines: z.array(Text(300, 'address line')).min(1).max(6),
          city: z.string().trim().max(200).optional(),
          region: z.string().trim().max(200).optional(),
          postalCode: z.string().trim().max(40).optional(),
          country: Country,
        })
        .strict(),
    )
    .max(20)
    .default([]),
  paymentMeans: z.array(PaymentSchema).max(100).default([]),
  emails: z.array(z.email('not an e-mail address').max(320)).max(20).default([]),
  phones: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  ipAddresses: z
    .array(
      z
        .object({
          ip: z.union([z.ipv4(), z.ipv6()], 'not an IPv4 or IPv6 address'),
          country: Country.optional(),
          egress: z.enum(['direct', 'vpn', 'cloud', 'tor', 'unknown']).optional(),
          observedOn: Day.optional(),
        })
        .strict(),
    )
    .max(200)
    .default([]),
  declaredCountry: Country.optional(),
  resellerChain: z.array(Id).max(10).default([]),
  openedOn: Day.optional(),
  verification: z
    .array(
      z
        .object({
          method: z.enum(['documentary', 'non-documentary']),
          evidence: Text(300, 'verification evidence'),
          verifiedOn: Day,
        })
        .strict(),
    )
    .max(20)
    .optional(),
};

export const KycApplicationSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('individual'),
      ...ApplicationBase,
      citizenships: z.array(Country).max(10).default([]),
      usPermanentResident: z.boolean().optional(),
      residenceCountry: Country.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('entity'),
      ...ApplicationBase,
      countryOfIncorporation: Country.optional(),
      principalPlaceOfBusiness: Country.optional(),
      beneficialOwners: z.array(OwnerSchema).max(200).default([]),
      beneficialOwnersComplete: z.boolean().optional(),
    })
    .strict(),
]);
export type KycApplicationInput = z.input<typeof KycApplicationSchema>;

export const KycAccountQuerySchema = z.object({
  status: z.enum(KYC_ACCOUNT_STATUSES as [KycAccountStatus, ...KycAccountStatus[]]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const KycFindingQuerySchema = z.object({
  account: z.string().max(200).optional(),
  kind: z.string().max(100).optional(),
  status: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const KycDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'close']),
    reason: z.string().trim().min(3, 'give a reason a reviewer or auditor can follow').max(4000),
    /**
     * Approving over unresolved high-severity findings needs this explicit override reason (kept with the decision
     * and in the audit log).
     */
    override: z.string().trim().min(10, 'an override reason has at least 10 characters').max(4000).optional(),
  })
  .strict();

export const KycFindingResolutionSchema = z
  .object({ reason: z.string().trim().min(3, 'give a reason a reviewer or auditor can follow').max(4000) })
  .strict();

const AttestationSchema = z
  .object({
    program: Text(300, 'program'),
    attestedOn: Day,
    /** Exclusive: the attestation lapses on this day. */
    expiresOn: Day,
    lastAuditOn: Day.optional(),
  })
  .strict()
  .refine((a) => a.attestedOn < a.expiresOn, { message: 'expiresOn must be after attestedOn', path: ['expiresOn'] });

export const KycResellerSchema = z
  .object({
    id: Id,
    name: Text(300, 'reseller name'),
    country: Country,
    attestations: z.array(AttestationSchema).max(100).default([]),
    /** Account ids of the reseller's own customers, as it reported them. */
    customers: z.array(Id).max(100_000).default([]),
  })
  .strict();
export const KycAttestationSchema = AttestationSchema;
export const KycResellerCustomersSchema = z.object({ accounts: z.array(Id).min(1).max(100_000) }).strict();

const UsageRowSchema = z
  .object({
    accountId: Id,
    day: Day,
    acceleratorModel: Text(100, 'acceleratorModel'),
    count: z.number().finite().min(0),
    hours: z.number().finite().min(0).max(24),
    utilisation: z.number().finite().min(0).max(1),
  })
  .strict();

export const KycUsageBatchSchema = z
  .object({
    /** Rows are checked one by one: a bad row is quarantined with its reason, the others are applied. */
    records: z.array(z.unknown()).min(1, 'the batch has no record').max(MAX_USAGE_BATCH),
    source: z.string().trim().max(300).optional(),
  })
  .strict();

export const KycTrainingCheckSchema = z
  .object({
    /** The check day: the rolling window ends here. Default today. */
    asOf: Day.optional(),
    thresholdOps: z.number().finite().positive().default(DEFAULT_TRAINING_THRESHOLD_OPS),
    windowDays: z.number().int().min(1).max(3650).default(DEFAULT_TRAINING_WINDOW_DAYS),
  })
  .strict();

export const KycRulesQuerySchema = z.object({
  date: Day.optional(),
  currentOnly: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .optional(),
});

// ---- countries of concern ---------------------------------------------------------------------------------------

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Country Group D:5 of the bundled licensing rule pack as a dated list (the layer BIS enforces, as
 * `defaultCountriesOfConcern` in location.ts reads it), plus Macau and Hong Kong on China's dates (the EAR's
 * "Macau/D:5"; Hong Kong is treated as China). The pack's validTo is inclusive; the list's `to` is exclusive.
 */
export function kycCountriesOfConcern(): DatedCountryList {
  const d5 = BUNDLED_RULES.countryGroups.memberships.filter((m) => m.group === 'D:5' && m.layer !== 'asWritten');
  const entries = d5.map((m) => ({
    country: m.iso2,
    from: m.validFrom,
    ...(m.validTo ? { to: addDays(m.validTo, 1) } : {}),
    source: m.citation.cfr ?? m.citation.fr ?? m.citation.note ?? 'bundled rule pack',
  }));
  for (const cn of entries.filter((e) => e.country === 'CN')) {
    for (const c of ['MO', 'HK'])
      if (!entries.some((e) => e.country === c))
        entries.push({ ...cn, country: c, source: `${cn.source}; treated as China (Macau/D:5, Hong Kong)` });
  }
  return {
    id: `ear-d5-enforced@${BUNDLED_RULES.version}`,
    title: 'EAR Country Group D:5 (enforced), with Macau and Hong Kong',
    entries,
  };
}

// ---- report -----------------------------------------------------------------------------------------------------

/**
 * The core's draft report as the app's report document. The core defines the same shape locally (it may not import
 * the app); the assignment below fails to compile the day the two shapes drift apart.
 */
export function kycReportDocument(doc: KycReportDocument): ReportDocument {
  return {
    ...doc,
    sections: doc.sections.map((s) => ({ ...s, blocks: s.blocks.map((b) => ({ ...b })) })),
  };
}
type Assignable<T extends U, U> = T;
/** Compile-time check both ways: the core's report shape and the app's stay mutually assignable. */
export type KycReportShapeCheck = [
  Assignable<KycReportDocument, ReportDocument>,
  Assignable<ReportDocument, KycReportDocument>,
];

// ---- views ------------------------------------------------------------------------------------------------------

export interface KycScreenedName {
  readonly role: 'customer' | 'beneficial-owner' | 'reseller';
  readonly name: string;
  readonly country: string | null;
  readonly hits: ReturnType<Stackport['describeHits']>;
}

export interface KycAccountView extends StoredKycAccount {
  readonly findings: readonly StoredKycFinding[];
  readonly decisions: readonly KycDecision[];
  /** Open high-severity findings: approval needs an explicit override while any remains. */
  readonly blockingFindings: number;
}

export interface KycRuleView {
  readonly id: string;
  readonly version: string;
  readonly topic: string;
  readonly title: string;
  readonly text: string;
  readonly legalStatus: string;
  readonly statusLabel: string;
  readonly inForce: boolean;
  readonly knownFrom: string;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  readonly ambiguous: boolean;
  readonly ambiguityNote: string | null;
  readonly citation: string;
  readonly sectionVerified: boolean;
}

export interface KycUsageIngestResult {
  readonly batchId: string;
  readonly received: number;
  readonly inserted: number;
  readonly replaced: number;
  readonly unchanged: number;
  readonly rejected: readonly { row: number; reason: string }[];
  /** Accelerator models with no peak figure: stored, but not counted by the estimate ("needs input"). */
  readonly unknownModels: readonly string[];
}

export interface KycTrainingCheckResult {
  readonly asOf: string;
  readonly thresholdOps: number;
  readonly windowDays: number;
  readonly estimates: readonly TrainingRunEstimate[];
  /** Findings opened or refreshed by this check (large training runs, dormant-then-burst). */
  readonly findings: readonly StoredKycFinding[];
}

/** What a list-import re-screen did: accounts re-screened, screening-hit findings opened. */
export interface KycRescreenResult {
  readonly accounts: number;
  readonly findings: number;
}

/** The account statuses a list import re-screens: rejected and closed are final. */
export const KYC_RESCREEN_STATUSES: readonly KycAccountStatus[] = ['pending-review', 'approved'];

type DecisionRule = { readonly to: KycAccountStatus; readonly from: readonly KycAccountStatus[] };
const DECISIONS: Record<KycDecisionKind, DecisionRule> = {
  approve: { to: 'approved', from: ['pending-review'] },
  reject: { to: 'rejected', from: ['pending-review'] },
  close: { to: 'closed', from: ['pending-review', 'approved'] },
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const legalStatusOf = (ruleId: string | undefined, day: string) =>
  ruleId === undefined ? null : (kycRuleAt(ruleId, day)?.rule.legalStatus ?? null);

/** A red flag's `ref`: what it is about within its kind (reseller, owner, other account), or the flag itself. */
function flagRef(f: RedFlag): string {
  const e = f.evidence;
  for (const k of ['resellerId', 'owner', 'otherAccountId'] as const) {
    const v = e[k];
    if (typeof v === 'string') return v;
  }
  return f.code;
}

type DescribedHit = KycScreenedName['hits'][number];

/** The finding of one screening hit, at opening or at a list-import re-screen: high, open, citing entry and version. */
function screeningHitFinding(
  accountId: string,
  s: Pick<KycScreenedName, 'role' | 'name'>,
  h: DescribedHit,
  source: StoredKycFinding['source'],
  date: string,
  at: string,
): StoredKycFinding {
  return {
    id: randomUUID(),
    accountId,
    kind: 'screening-hit',
    ref: kycScreeningRef(s.role, s.name, h.id),
    severity: 'high',
    summary: `${s.role} '${s.name}' matches ${h.source} entry '${h.name}' (matched name '${h.matchedName}', score ${h.score.toFixed(1)}, ${h.band})`,
    evidence: {
      role: s.role,
      screenedName: s.name,
      entryKey: h.id,
      source: h.source,
      listedName: h.name,
      matchedName: h.matchedName,
      score: h.score,
      band: h.band,
      listVersionId: h.listVersionId,
    },
    ruleId: 'csl-screening',
    legalStatus: legalStatusOf('csl-screening', date),
    source,
    report: null,
    status: 'open',
    at,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
  };
}

function describeFinding(f: StoredKycFinding): string {
  return `${f.kind}:${f.ref} (${f.severity})`;
}

export class KycService {
  constructor(private readonly app: Stackport) {}

  private get db() {
    return this.app.connection.db;
  }

  private get engine() {
    return this.app.connection.engine;
  }

  // ---- rules ------------------------------------------------------------------------------------------------

  /** The KYC rules known on `date` (default today), each with its legal status, dates and citation. */
  rules(query: unknown = {}): { date: string; rules: KycRuleView[] } {
    const q = parseWith(KycRulesQuerySchema, query ?? {});
    const date = q.date ?? this.app.today();
    const rules = kycRulesAt(date, undefined, { currentOnly: q.currentOnly === true }).map((at) => ({
      id: at.rule.id,
      version: at.rule.version,
      topic: at.rule.topic,
      title: at.rule.title,
      text: at.rule.text,
      legalStatus: at.rule.legalStatus,
      statusLabel: at.statusLabel,
      inForce: at.inForce,
      knownFrom: at.rule.knownFrom,
      effectiveFrom: at.rule.effectiveFrom,
      effectiveTo: at.rule.effectiveTo,
      ambiguous: at.rule.ambiguous,
      ambiguityNote: at.rule.ambiguityNote ?? null,
      citation: `${at.rule.citation.instrument}, ${at.rule.citation.section}`,
      sectionVerified: at.rule.citation.sectionVerified,
    }));
    return { date, rules };
  }

  // ---- resellers --------------------------------------------------------------------------------------------

  async resellers(): Promise<StoredKycReseller[]> {
    return listKycResellers(this.db);
  }

  async registerReseller(input: unknown, actor: string): Promise<StoredKycReseller> {
    const data = parseWith(KycResellerSchema, input);
    const at = this.app.now().toISOString();
    const reseller: StoredKycReseller = { ...data, createdAt: at, updatedAt: at };
    return this.db.transaction().execute(async (trx) => {
      if (await getKycReseller(trx, data.id))
        throw new AppError('SP_CONFLICT', `reseller ${data.id} is already registered`, [
          { path: 'id', message: 'already registered' },
        ]);
      await insertKycReseller(trx, reseller);
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'kyc.reseller.register',
        subject: `kyc-reseller:${data.id}`,
        data: { name: data.name, country: data.country, attestations: data.attestations, customers: data.customers },
      });
      return reseller;
    });
  }

  /** Records a reseller's attestation that it keeps its own customer identification program. */
  async attestReseller(id: string, input: unknown, actor: string): Promise<StoredKycReseller> {
    const a = parseWith(KycAttestationSchema, input);
    return this.changeReseller(id, actor, 'kyc.reseller.attest', (r) => ({
      attestations: [...r.attestations, a],
      customers: r.customers,
      audit: a,
    }));
  }

  /** Adds accounts the reseller reported as its customers. */
  async addResellerCustomers(id: string, input: unknown, actor: string): Promise<StoredKycReseller> {
    const { accounts } = parseWith(KycResellerCustomersSchema, input);
    return this.changeReseller(id, actor, 'kyc.reseller.customers', (r) => {
      const added = [...new Set(accounts)].filter((a) => !r.customers.includes(a));
      return { attestations: r.attestations, customers: [...r.customers, ...added], audit: { added } };
    });
  }

  private async changeReseller(
    id: string,
    actor: string,
    action: string,
    change: (r: StoredKycReseller) => Pick<StoredKycReseller, 'attestations' | 'customers'> & { audit: unknown },
  ): Promise<StoredKycReseller> {
    const at = this.app.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const r = await getKycReseller(trx, id);
      if (!r) throw new AppError('SP_NOT_FOUND', `no reseller ${id}`);
      const { audit, ...patch } = change(r);
      await updateKycReseller(trx, id, { ...patch, updatedAt: at });
      await appendAudit(trx, this.engine, { at, actor, action, subject: `kyc-reseller:${id}`, data: audit });
      return { ...r, ...patch, updatedAt: at };
    });
  }

  // ---- account opening --------------------------------------------------------------------------------------

  /**
   * Validates, screens, assesses and stores an account application. Bad input is refused with SP_BAD_REQUEST naming
   * the fields, and nothing is stored; an account id already opened is SP_CONFLICT. The applicant's names, every
   * beneficial owner and every registered reseller of the chain are screened against the active lists; each hit,
   * red flag, undetermined foreign-person status and missing field becomes a finding. The account is `approved`
   * when the assessment approves (no review reason), otherwise `pending-review`. One transaction with its audit.
   */
  async openAccount(input: unknown, actor: string): Promise<KycAccountView> {
    const data = parseWith(KycApplicationSchema, input);
    const application = data as CustomerApplication;
    const now = this.app.now();
    const at = now.toISOString();
    const today = at.slice(0, 10);
    if (data.openedOn && data.openedOn > today)
      throw new AppError('SP_BAD_REQUEST', `openedOn ${data.openedOn} is in the future`, [
        { path: 'openedOn', message: 'in the future' },
      ]);
    const date = data.openedOn ?? today;
    if (await getKycAccount(this.db, data.accountId))
      throw new AppError('SP_CONFLICT', `account ${data.accountId} is already opened`, [
        { path: 'accountId', message: 'already opened' },
      ]);

    const stored = await listKycResellers(this.db);
    const resellers: Reseller[] = stored.map((r) => ({
      id: r.id,
      name: r.name,
      country: r.country,
      attestations: r.attestations,
      customers: r.customers,
    }));

    // Screening through the screening module's index and matcher.
    const loaded = await this.app.index();
    const screened: KycScreenedName[] = screenKycSubjects(
      loaded.index,
      kycScreeningSubjects(application, resellers),
    ).map(({ subject, hits }) => ({
      role: subject.role,
      name: subject.name,
      country: subject.country ?? null,
      hits: this.app.describeHits([...hits], loaded),
    }));
    const screeningHits: KycScreeningHit[] = screened
      .filter((s) => s.role !== 'reseller')
      .flatMap((s) =>
        s.hits.map((h) => ({
          screenedName: s.name,
          subject: s.role as 'customer' | 'beneficial-owner',
          listedName: h.name,
          source: h.source,
          score: Math.round(h.score * 10) / 10,
          adjudication: 'open' as const,
        })),
      );

    // Only the accounts holding one of this application's identifiers can share one: an indexed lookup.
    const others: AccountIdentity[] = (
      await kycApplicationsSharing(this.db, identifierKeys(identityOf(application)), data.accountId)
    ).map((a) => identityOf(a as unknown as CustomerApplication));
    const assessed = assessCustomer(application, {
      date,
      screeningHits,
      countriesOfConcern: kycCountriesOfConcern(),
      resellers,
      otherAccounts: others,
    });
    const cslStatus = kycRuleAt('csl-screening', date)?.rule.legalStatus;
    // The core knows customers and owners; a hit on a reseller of the chain sends the application to review too.
    const resellerReasons: KycReason[] = screened
      .filter((s) => s.role === 'reseller')
      .flatMap((s) =>
        s.hits.map((h) => ({
          code: 'screening-unresolved',
          weight: 'review' as const,
          text: `Reseller "${s.name}": open hit on ${h.name} (${h.source}, score ${h.score.toFixed(1)})`,
          ruleId: 'csl-screening',
          ...(cslStatus ? { legalStatus: cslStatus } : {}),
        })),
      );
    const assessment: KycAssessment =
      resellerReasons.length === 0
        ? assessed
        : {
            ...assessed,
            reasons: [...assessed.reasons, ...resellerReasons],
            outcome: assessed.outcome === 'approve' ? 'review' : assessed.outcome,
          };

    const findings = this.findingsOf(data.accountId, assessment, screened, date, at);
    const status: KycAccountStatus = assessment.outcome === 'approve' ? 'approved' : 'pending-review';
    const account: StoredKycAccount = {
      id: data.accountId,
      type: data.type,
      name: data.names[0] ?? data.accountId,
      declaredCountry: data.declaredCountry ?? null,
      application: data as Record<string, unknown>,
      status,
      recommendation: assessment.outcome,
      outcome: { ...assessment },
      screening: { matcherVersion: MATCHER_VERSION, listVersions: loaded.versionIds, screened },
      assessedOn: date,
      openedAt: at,
      openedBy: actor,
      decidedAt: status === 'approved' ? at : null,
      updatedAt: at,
    };

    return this.db.transaction().execute(async (trx) => {
      if (await getKycAccount(trx, data.accountId))
        throw new AppError('SP_CONFLICT', `account ${data.accountId} is already opened`);
      await insertKycAccount(trx, account);
      for (const f of findings) await insertKycFinding(trx, f);
      for (const s of screened) {
        await insertScreening(trx, {
          id: randomUUID(),
          partyId: null,
          query: { name: s.name, country: s.country, role: s.role, kycAccount: data.accountId },
          matcherVersion: MATCHER_VERSION,
          listVersions: loaded.versionIds,
          hitCount: s.hits.length,
          topScore: s.hits[0]?.score ?? null,
          trigger: 'kyc-account',
          at,
          actor,
        });
      }
      const decisions: KycDecision[] = [];
      if (status === 'approved') {
        const d: KycDecision = {
          id: randomUUID(),
          accountId: data.accountId,
          decision: 'approve',
          reason: 'automatic at opening: the assessment found no reason for review',
          override: null,
          statusFrom: 'pending-review',
          statusTo: 'approved',
          openFindings: findings.map(describeFinding),
          actor,
          at,
        };
        await insertKycDecision(trx, d);
        decisions.push(d);
      }
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'kyc.account.open',
        subject: `kyc-account:${data.accountId}`,
        data: {
          type: data.type,
          applicationSha256: sha256(JSON.stringify(data)),
          assessedOn: date,
          recommendation: assessment.outcome,
          status,
          foreignPerson: assessment.foreignPerson.status,
          rulesApplied: assessment.rulesApplied.map((r) => `${r.id}@${r.version} (${r.statusLabel})`),
          restsOnProposedRules: assessment.restsOnProposedRules,
          matcherVersion: MATCHER_VERSION,
          listVersions: loaded.versionIds,
          findings: findings.map(describeFinding),
        },
      });
      return {
        ...account,
        findings,
        decisions,
        blockingFindings: findings.filter((f) => f.status === 'open' && f.severity === 'high').length,
      };
    });
  }

  private findingsOf(
    accountId: string,
    a: KycAssessment,
    screened: readonly KycScreenedName[],
    date: string,
    at: string,
  ): StoredKycFinding[] {
    const base = {
      accountId,
      source: 'account-opening' as const,
      report: null,
      status: 'open' as const,
      at,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    };
    const out: StoredKycFinding[] = [];
    for (const s of screened) {
      for (const h of s.hits) out.push(screeningHitFinding(accountId, s, h, 'account-opening', date, at));
    }
    if (a.foreignPerson.status === 'insufficient-information')
      out.push({
        ...base,
        id: randomUUID(),
        kind: 'foreign-person-undetermined',
        ref: 'foreign-person',
        severity: 'medium',
        summary: `US/foreign person status undetermined: ${a.foreignPerson.reasons.map((r) => r.text).join('; ')}`,
        evidence: { missing: [...a.foreignPerson.missing] },
        ruleId: a.foreignPerson.ruleId,
        legalStatus: legalStatusOf(a.foreignPerson.ruleId, date),
      });
    const byRule = new Map<string, typeof a.missingFields>();
    for (const m of a.missingFields) byRule.set(m.ruleId, [...(byRule.get(m.ruleId) ?? []), m]);
    for (const [ruleId, fields] of byRule)
      out.push({
        ...base,
        id: randomUUID(),
        kind: 'missing-fields',
        ref: ruleId,
        severity: 'medium',
        summary: `Missing identification fields (${fields[0]?.legalStatus} ${ruleId}): ${fields.map((m) => m.path).join(', ')}`,
        evidence: { fields: fields.map((m) => m.path), inForce: fields.some((m) => m.inForce) },
        ruleId,
        legalStatus: fields[0]?.legalStatus ?? null,
      });
    for (const f of a.redFlags)
      out.push({
        ...base,
        id: randomUUID(),
        kind: f.code,
        ref: flagRef(f),
        severity: f.severity,
        summary: f.summary,
        evidence: { ...f.evidence },
        ruleId: f.ruleId,
        legalStatus: legalStatusOf(f.ruleId, date),
      });
    return out;
  }

  // ---- re-screening on a list import ------------------------------------------------------------------------

  /**
   * Re-screens the names every active KYC account was screened under at opening (customer names, beneficial owners,
   * resellers: the `screened` list stored with the account) against `delta`, the index of the added and changed
   * entries of a new list version, with the screening module's matcher. A hit on a (role, name, entry) without a
   * screening-hit finding yet, open or resolved, opens one (high, citing the entry and the list version) with its
   * audit record. Runs inside the caller's transaction: `Stackport.importList` calls it, so the import, the findings
   * and their audit records commit or roll back together. Rejected and closed accounts are final and not re-screened.
   */
  async rescreenOnListImport(
    trx: Transaction<Database>,
    delta: LoadedIndex,
    ctx: { readonly at: string; readonly actor: string },
  ): Promise<KycRescreenResult> {
    const result = { accounts: 0, findings: 0 };
    const date = ctx.at.slice(0, 10);
    let after = '';
    for (;;) {
      const page = await kycAccountsToRescreen(trx, KYC_RESCREEN_STATUSES, after, 500);
      if (page.length === 0) break;
      after = page[page.length - 1]?.id ?? after;
      for (const account of page) {
        const application = account.application as unknown as CustomerApplication;
        const stored = (account.screening as { screened?: KycScreenedNameRecord[] }).screened ?? [];
        const subjects = kycSubjectsOfScreened(application, stored);
        if (subjects.length === 0) continue;
        const screened = screenKycSubjects(delta.index, subjects);
        const hitCount = screened.reduce((n, s) => n + s.hits.length, 0);
        result.accounts++;
        await insertScreening(trx, {
          id: randomUUID(),
          partyId: null,
          query: { kycAccount: account.id, names: subjects.map((x) => ({ role: x.role, name: x.name })) },
          matcherVersion: MATCHER_VERSION,
          listVersions: delta.versionIds,
          hitCount,
          topScore: hitCount === 0 ? null : Math.max(...screened.flatMap((s) => s.hits.map((h) => h.score))),
          trigger: 'kyc-list-update',
          at: ctx.at,
          actor: ctx.actor,
        });
        if (hitCount === 0) continue;
        const fresh = newKycScreeningHits(screened, await kycFindingRefs(trx, account.id, 'screening-hit'));
        for (const { subject, hit } of fresh) {
          const [described] = this.app.describeHits([hit], delta);
          if (!described) continue;
          const finding = screeningHitFinding(account.id, subject, described, 'list-update', date, ctx.at);
          await insertKycFinding(trx, finding);
          await appendAudit(trx, this.engine, {
            at: ctx.at,
            actor: ctx.actor,
            action: 'kyc.finding.open',
            subject: `kyc-account:${account.id}`,
            data: {
              finding: finding.id,
              kind: finding.kind,
              ref: finding.ref,
              severity: finding.severity,
              trigger: 'list-update',
              entryKey: hit.entryKey,
              score: hit.score,
              listVersionId: described.listVersionId,
              accountStatus: account.status,
            },
          });
          result.findings++;
        }
      }
    }
    return result;
  }

  // ---- reading ----------------------------------------------------------------------------------------------

  async accounts(query: unknown = {}) {
    const q = parseWith(KycAccountQuerySchema, query ?? {});
    return listKycAccounts(this.db, q);
  }

  async account(id: string): Promise<KycAccountView> {
    const account = await getKycAccount(this.db, id);
    if (!account) throw new AppError('SP_NOT_FOUND', `no KYC account ${id}`);
    const findings = await listKycFindings(this.db, { accountId: id, limit: 1000 });
    return {
      ...account,
      findings,
      decisions: await decisionsOfKycAccount(this.db, id),
      blockingFindings: findings.filter((f) => f.status === 'open' && f.severity === 'high').length,
    };
  }

  async findings(query: unknown = {}) {
    const q = parseWith(KycFindingQuerySchema, query ?? {});
    return listKycFindings(this.db, {
      accountId: q.account,
      kind: q.kind,
      status: q.status,
      limit: q.limit,
      offset: q.offset,
    });
  }

  async finding(id: string): Promise<StoredKycFinding> {
    const f = await getKycFinding(this.db, id);
    if (!f) throw new AppError('SP_NOT_FOUND', `no KYC finding ${id}`);
    return f;
  }

  // ---- findings and decisions -------------------------------------------------------------------------------

  /** Resolves an open finding with a reason (a cleared screening hit, a verified reseller…). */
  async resolveFinding(id: string, input: unknown, actor: string): Promise<StoredKycFinding> {
    const { reason } = parseWith(KycFindingResolutionSchema, input);
    const at = this.app.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const f = await getKycFinding(trx, id);
      if (!f) throw new AppError('SP_NOT_FOUND', `no KYC finding ${id}`);
      if (f.status !== 'open') throw new AppError('SP_CONFLICT', `finding ${id} is already ${f.status}`);
      await resolveKycFinding(trx, id, { resolvedAt: at, resolvedBy: actor, resolution: reason });
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'kyc.finding.resolve',
        subject: `kyc-account:${f.accountId}`,
        data: { finding: id, kind: f.kind, ref: f.ref, severity: f.severity, reason },
      });
      return { ...f, status: 'resolved', resolvedAt: at, resolvedBy: actor, resolution: reason };
    });
  }

  /**
   * Records approve / reject / close with a reason. Approve and reject apply to a pending-review account, close to a
   * pending-review or approved one; rejected and closed are final. Approval is refused (SP_CONFLICT, naming them)
   * while any high-severity finding is open, unless an explicit `override` reason is given.
   */
  async decide(id: string, input: unknown, actor: string): Promise<KycAccountView> {
    const data = parseWith(KycDecisionSchema, input);
    await this.db.transaction().execute(async (trx) => {
      const account = await getKycAccount(trx, id);
      if (!account) throw new AppError('SP_NOT_FOUND', `no KYC account ${id}`);
      const rule = DECISIONS[data.decision];
      if (!rule.from.includes(account.status))
        throw new AppError(
          'SP_CONFLICT',
          `account ${id} is ${account.status}: '${data.decision}' is allowed only from ${rule.from.join(', ')}`,
          [{ path: 'decision', message: `not allowed from ${account.status}` }],
        );
      const open = await listKycFindings(trx, { accountId: id, status: 'open', limit: 1000 });
      const blocking = open.filter((f) => f.severity === 'high');
      if (data.decision === 'approve' && blocking.length > 0 && !data.override)
        throw new AppError(
          'SP_CONFLICT',
          `account ${id} has ${blocking.length} unresolved high-severity finding(s): resolve them or approve with an explicit override reason (${blocking
            .slice(0, 5)
            .map(describeFinding)
            .join('; ')})`,
          blocking.map((f) => ({ path: `findings.${f.id}`, message: f.summary })),
        );
      const at = this.app.now().toISOString();
      const decision: KycDecision = {
        id: randomUUID(),
        accountId: id,
        decision: data.decision,
        reason: data.reason,
        override: data.override ?? null,
        statusFrom: account.status,
        statusTo: rule.to,
        openFindings: open.map(describeFinding),
        actor,
        at,
      };
      await insertKycDecision(trx, decision);
      await updateKycAccountStatus(trx, id, { status: rule.to, decidedAt: at, updatedAt: at });
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'kyc.account.decide',
        subject: `kyc-account:${id}`,
        data: {
          decision: data.decision,
          reason: data.reason,
          override: decision.override,
          from: account.status,
          to: rule.to,
          openFindings: decision.openFindings,
        },
      });
    });
    return this.account(id);
  }

  // ---- usage ------------------------------------------------------------------------------------------------

  /**
   * Ingests a batch of daily usage records. The batch shape is checked first (not a batch → SP_BAD_REQUEST, nothing
   * stored); each row is then checked on its own: a bad field, a day in the future, an account never opened, or a
   * second row for the same (account, day, accelerator) is quarantined with its reason, and the other rows are
   * applied. Rows are idempotent per (account, day, accelerator): the same figures change nothing, new figures
   * replace the old. One transaction with its audit record.
   */
  async ingestUsage(input: unknown, actor: string): Promise<KycUsageIngestResult> {
    const batch = parseWith(KycUsageBatchSchema, Array.isArray(input) ? { records: input } : input);
    const at = this.app.now().toISOString();
    const today = at.slice(0, 10);
    const batchId = randomUUID();
    const rejected: { row: number; reason: string; raw: unknown }[] = [];
    const valid: { row: number; record: StoredKycUsage }[] = [];
    batch.records.forEach((raw, i) => {
      const row = i + 1;
      const r = UsageRowSchema.safeParse(raw);
      if (!r.success) {
        rejected.push({
          row,
          raw,
          reason: r.error.issues.map((x) => `${x.path.join('.') || '(row)'}: ${x.message}`).join('; '),
        });
        return;
      }
      const problem = usageRecordProblem(r.data as UsageRecord);
      if (problem) rejected.push({ row, raw, reason: problem });
      else if (r.data.day > today) rejected.push({ row, raw, reason: `day ${r.data.day} is in the future` });
      else valid.push({ row, record: r.data });
    });
    const known = await existingKycAccountIds(
      this.db,
      valid.map((v) => v.record.accountId),
    );
    const seen = new Map<string, number>();
    const accepted: StoredKycUsage[] = [];
    for (const v of valid) {
      const u = v.record;
      const key = `${u.accountId}|${u.day}|${u.acceleratorModel}`;
      if (!known.has(u.accountId)) {
        rejected.push({ row: v.row, raw: u, reason: `no KYC account ${u.accountId}: open the account first` });
      } else if (seen.has(key)) {
        rejected.push({
          row: v.row,
          raw: u,
          reason: `duplicate of row ${seen.get(key)} for (${u.accountId}, ${u.day}, ${u.acceleratorModel})`,
        });
      } else {
        seen.set(key, v.row);
        accepted.push(u);
      }
    }
    rejected.sort((a, b) => a.row - b.row);
    const peaks = new Set(ACCELERATOR_PEAK_FLOPS.map((a) => a.model));
    const unknownModels = [...new Set(accepted.map((u) => u.acceleratorModel))].filter((m) => !peaks.has(m)).sort();
    return this.db.transaction().execute(async (trx) => {
      const counts = await upsertKycUsage(trx, accepted, batchId, at);
      const quarantine: KycUsageRejection[] = rejected.map((r) => ({
        id: randomUUID(),
        batchId,
        rowNumber: r.row,
        reason: r.reason,
        raw: r.raw,
        at,
      }));
      await insertKycUsageRejections(trx, quarantine);
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'kyc.usage.ingest',
        subject: `kyc-usage-batch:${batchId}`,
        data: {
          source: batch.source ?? null,
          received: batch.records.length,
          ...counts,
          rejected: rejected.length,
          unknownModels,
        },
      });
      return {
        batchId,
        received: batch.records.length,
        ...counts,
        rejected: rejected.map(({ row, reason }) => ({ row, reason })),
        unknownModels,
      };
    });
  }

  // ---- training runs ----------------------------------------------------------------------------------------

  /**
   * Estimates every account's operations over its busiest `windowDays` window ending by `asOf`, from the stored
   * usage, and runs the dormant-then-burst detector. A crossing run becomes a high `large-training-run` finding with
   * a draft report (rendered with `trainingRunReport`); a burst becomes a finding. One open finding per account and
   * kind: a re-run refreshes it; a resolved one comes back only for another window. One transaction with its audit.
   */
  async checkTrainingRuns(input: unknown, actor: string): Promise<KycTrainingCheckResult> {
    const q = parseWith(KycTrainingCheckSchema, input ?? {});
    const now = this.app.now();
    const at = now.toISOString();
    const asOf = q.asOf ?? at.slice(0, 10);
    if (asOf > at.slice(0, 10))
      throw new AppError('SP_BAD_REQUEST', `asOf ${asOf} is in the future`, [
        { path: 'asOf', message: 'in the future' },
      ]);
    const from = addDays(asOf, -(Math.max(q.windowDays, DORMANT_LOOKBACK_DAYS) - 1));
    const usage: UsageRecord[] = await kycUsageBetween(this.db, from, asOf);
    const estimates = estimateTrainingRuns(usage, { thresholdOps: q.thresholdOps, windowDays: q.windowDays, asOf });
    const accounts = [...new Set(usage.map((u) => u.accountId))].sort();

    return this.db.transaction().execute(async (trx) => {
      const touched: StoredKycFinding[] = [];
      for (const e of estimates.filter((x) => x.crossesThreshold)) {
        const account = await getKycAccount(trx, e.accountId);
        if (!account) continue;
        const assessment = account.outcome as unknown as KycAssessment;
        const ref = `${e.windowFrom}..${e.windowTo}`;
        const upsert = await this.upsertFinding(trx, {
          accountId: e.accountId,
          kind: 'large-training-run',
          ref,
          severity: 'high',
          summary: `Estimated ${e.estimatedOps.toExponential(3)} operations in ${ref} (${e.windowDays}-day window) ≥ threshold ${e.thresholdOps.toExponential(3)}`,
          evidence: { ...e },
          ruleId: 'iaas-large-ai-training-report',
          at,
          report: (findingId) =>
            draftTrainingRunReport({
              estimate: e,
              generatedAt: at,
              reference: `KYC-TR-${findingId.slice(0, 8)}`,
              statusDate: asOf,
              application: account.application as unknown as CustomerApplication,
              ...(assessment?.foreignPerson ? { foreignPerson: assessment.foreignPerson } : {}),
            }),
        });
        if (upsert) touched.push(upsert);
      }
      for (const accountId of accounts) {
        for (const f of detectDormantThenBurst(accountId, usage, { asOf })) {
          if (!(await getKycAccount(trx, accountId))) continue;
          const upsert = await this.upsertFinding(trx, {
            accountId,
            kind: f.code,
            ref: `as of ${asOf}`,
            severity: f.severity,
            summary: f.summary,
            evidence: { ...f.evidence },
            ruleId: f.ruleId,
            at,
          });
          if (upsert) touched.push(upsert);
        }
      }
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'kyc.training-runs.check',
        subject: 'kyc-usage',
        data: {
          asOf,
          thresholdOps: q.thresholdOps,
          windowDays: q.windowDays,
          accounts: estimates.length,
          crossing: estimates.filter((e) => e.crossesThreshold).map((e) => e.accountId),
          findings: touched.map((f) => `${f.id} ${f.accountId} ${describeFinding(f)}`),
        },
      });
      return { asOf, thresholdOps: q.thresholdOps, windowDays: q.windowDays, estimates, findings: touched };
    });
  }

  /** Opens or refreshes the open finding of (account, kind); undefined when a resolved one covers the same ref. */
  private async upsertFinding(
    trx: Parameters<typeof listKycFindings>[0],
    f: {
      accountId: string;
      kind: string;
      ref: string;
      severity: StoredKycFinding['severity'];
      summary: string;
      evidence: Record<string, unknown>;
      ruleId: string;
      at: string;
      report?: (findingId: string) => KycReportDocument;
    },
  ): Promise<StoredKycFinding | undefined> {
    const prior = await listKycFindings(trx, { accountId: f.accountId, kind: f.kind, limit: 1000 });
    const open = prior.find((p) => p.status === 'open');
    if (!open && (await findKycFindings(trx, f.accountId, f.kind, f.ref)).length > 0) return undefined;
    const id = open?.id ?? randomUUID();
    const report = f.report ? { ...f.report(id) } : null;
    const day = f.at.slice(0, 10);
    if (open) {
      await refreshKycFinding(trx, id, {
        ref: f.ref,
        summary: f.summary,
        evidence: f.evidence,
        report,
        severity: f.severity,
        at: f.at,
      });
      return { ...open, ref: f.ref, summary: f.summary, evidence: f.evidence, report, severity: f.severity, at: f.at };
    }
    const finding: StoredKycFinding = {
      id,
      accountId: f.accountId,
      kind: f.kind,
      ref: f.ref,
      severity: f.severity,
      summary: f.summary,
      evidence: f.evidence,
      ruleId: f.ruleId,
      legalStatus: legalStatusOf(f.ruleId, day),
      source: 'training-run-check',
      report,
      status: 'open',
      at: f.at,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    };
    await insertKycFinding(trx, finding);
    return finding;
  }

  /**
   * The draft training-run report as a PDF: `id` is a large-training-run finding, or an account (its latest such
   * finding). The draft document was built by the check; rendering it is deterministic.
   */
  async trainingRunReport(
    id: string,
  ): Promise<{ findingId: string; accountId: string; document: ReportDocument; bytes: Uint8Array; sha256: string }> {
    let finding = await getKycFinding(this.db, id);
    if (!finding) {
      if (!(await getKycAccount(this.db, id))) throw new AppError('SP_NOT_FOUND', `no KYC finding or account ${id}`);
      finding = (await listKycFindings(this.db, { accountId: id, kind: 'large-training-run', limit: 1 }))[0];
      if (!finding)
        throw new AppError('SP_NOT_FOUND', `account ${id} has no large-training-run finding: run the check first`);
    }
    if (finding.kind !== 'large-training-run' || !finding.report)
      throw new AppError('SP_CONFLICT', `finding ${finding.id} is a ${finding.kind} finding, with no draft report`);
    const document = kycReportDocument(finding.report as unknown as KycReportDocument);
    const bytes = await renderPdf(document);
    return { findingId: finding.id, accountId: finding.accountId, document, bytes, sha256: reportSha256(bytes) };
  }
}
