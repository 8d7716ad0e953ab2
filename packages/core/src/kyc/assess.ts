/**
 * Customer assessment at account opening: foreign-person determination, missing identification fields, red flags
 * and the caller's screening hits, combined into approve | review | reject-recommended with every reason, the rule
 * versions and legal statuses applied on the date, and the identification fields the (proposed) rule asks for
 * that are missing. Screening itself is the screening module's job: the caller passes its hits in.
 *
 * Outcome: a screening hit adjudicated a true match recommends rejection; an open or escalated hit, an undetermined
 * foreign-person status, a missing field, or a medium or high red flag sends the application to review; otherwise
 * it is approved, with any low flags kept as information. Because the CIP rules are proposed, a missing field is a
 * review item under our design baseline, not a breach of law; each carries the legal status of its rule.
 * @module
 */
import { kycDay } from './days.js';
import {
  determineForeignPerson,
  type ForeignPersonDetermination,
  type ForeignPersonOptions,
} from './foreign-person.js';
import {
  type AccountIdentity,
  type DormantBurstOptions,
  detectRedFlags,
  type PaymentChurnOptions,
  type RedFlag,
} from './red-flags.js';
import {
  KYC_RULES,
  type KycField,
  type KycLegalStatus,
  type KycRule,
  type KycRuleAtDate,
  kycRulesAt,
} from './rules.js';
import {
  type CustomerApplication,
  type DatedCountryList,
  type IsoDay,
  KYC_SEVERITY_RANK,
  type Reseller,
  type UsageRecord,
} from './types.js';

export type KycOutcome = 'approve' | 'review' | 'reject-recommended';

/** A screening hit from the screening module, as the caller summarises it. */
export interface KycScreeningHit {
  /** The name that was screened (applicant name or beneficial owner). */
  readonly screenedName: string;
  readonly subject: 'customer' | 'beneficial-owner';
  /** The listed party's name. */
  readonly listedName: string;
  /** List source code (EL, SDN, …). */
  readonly source: string;
  /** Matcher score, 0–100. */
  readonly score: number;
  readonly adjudication: 'open' | 'escalated' | 'true-match' | 'false-positive';
}

export interface KycAssessmentContext {
  /** Assessment day; selects the rules and the country-list memberships. */
  readonly date: string;
  readonly screeningHits: readonly KycScreeningHit[];
  readonly countriesOfConcern: DatedCountryList;
  readonly resellers: readonly Reseller[];
  readonly usage?: readonly UsageRecord[];
  readonly otherAccounts?: readonly AccountIdentity[];
  readonly rules?: readonly KycRule[];
  readonly foreignPerson?: ForeignPersonOptions;
  readonly paymentChurn?: PaymentChurnOptions;
  readonly dormantBurst?: Omit<DormantBurstOptions, 'asOf'>;
}

/** What a reason does to the outcome. */
export type KycReasonWeight = 'info' | 'review' | 'reject-recommended';

export interface KycReason {
  readonly code: string;
  readonly weight: KycReasonWeight;
  readonly text: string;
  readonly ruleId?: string;
  /** The legal status of `ruleId` on the assessment day (undefined when the rule is not known on that day). */
  readonly legalStatus?: KycLegalStatus;
}

export interface KycMissingField {
  readonly field: KycField;
  /** Where in the application, e.g. "paymentMeans[1].source". */
  readonly path: string;
  readonly ruleId: string;
  readonly legalStatus: KycLegalStatus;
  readonly inForce: boolean;
}

export interface KycAppliedRule {
  readonly id: string;
  readonly version: string;
  readonly legalStatus: KycLegalStatus;
  readonly statusLabel: string;
  readonly inForce: boolean;
  readonly effectiveFrom: IsoDay | null;
  readonly effectiveTo: IsoDay | null;
  readonly ambiguous: boolean;
  readonly citation: string;
}

export interface KycAssessment {
  readonly accountId: string;
  readonly date: IsoDay;
  readonly outcome: KycOutcome;
  readonly reasons: readonly KycReason[];
  readonly foreignPerson: ForeignPersonDetermination;
  readonly redFlags: readonly RedFlag[];
  readonly missingFields: readonly KycMissingField[];
  readonly rulesApplied: readonly KycAppliedRule[];
  /** True when none of the applied rules is in force on the day: the assessment rests on proposed text. */
  readonly restsOnProposedRules: boolean;
}

/** Rules every assessment consults (when known on the day). */
const BASE_RULES = ['iaas-cip-program', 'iaas-cip-identifying-information', 'iaas-cip-foreign-person', 'csl-screening'];

const FIELD_PATHS: Readonly<Record<KycField, string>> = {
  name: 'names',
  address: 'addresses',
  'payment-means': 'paymentMeans',
  'payment-source': 'paymentMeans[].source',
  email: 'emails',
  phone: 'phones',
  'ip-address': 'ipAddresses',
  'beneficial-owners': 'beneficialOwners',
  'citizenship-or-residence': 'citizenships / usPermanentResident',
  incorporation: 'countryOfIncorporation',
  verification: 'verification',
};

/** Fields of `rule` that `app` lacks, as (field, path) pairs. */
function lacking(app: CustomerApplication, fields: readonly KycField[]): { field: KycField; path: string }[] {
  const out: { field: KycField; path: string }[] = [];
  for (const field of fields) {
    switch (field) {
      case 'name':
        if (!app.names.some((n) => n.trim() !== '')) out.push({ field, path: FIELD_PATHS[field] });
        break;
      case 'address':
        if (app.addresses.length === 0) out.push({ field, path: FIELD_PATHS[field] });
        break;
      case 'payment-means':
        if (app.paymentMeans.length === 0) out.push({ field, path: FIELD_PATHS[field] });
        break;
      case 'payment-source':
        app.paymentMeans.forEach((p, i) => {
          if (p.source === undefined || p.source === 'unknown') out.push({ field, path: `paymentMeans[${i}].source` });
        });
        break;
      case 'email':
        if (!app.emails.some((e) => e.trim() !== '')) out.push({ field, path: FIELD_PATHS[field] });
        break;
      case 'phone':
        if (!app.phones.some((p) => p.trim() !== '')) out.push({ field, path: FIELD_PATHS[field] });
        break;
      case 'ip-address':
        if (app.ipAddresses.length === 0) out.push({ field, path: FIELD_PATHS[field] });
        break;
      case 'beneficial-owners':
        if (app.type === 'entity' && app.beneficialOwners.length === 0 && app.beneficialOwnersComplete !== true) {
          out.push({ field, path: FIELD_PATHS[field] });
        }
        break;
      case 'verification':
        if ((app.verification ?? []).length === 0) out.push({ field, path: FIELD_PATHS[field] });
        break;
      case 'citizenship-or-residence':
      case 'incorporation':
        // Judged by the foreign-person determination (a stated fact may still be insufficient).
        break;
    }
  }
  return out;
}

function missingFieldsOf(
  app: CustomerApplication,
  fp: ForeignPersonDetermination,
  rules: ReadonlyMap<string, KycRuleAtDate>,
): KycMissingField[] {
  const out: KycMissingField[] = [];
  const seen = new Set<string>();
  const add = (field: KycField, path: string, at: KycRuleAtDate): void => {
    const key = `${field}|${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ field, path, ruleId: at.rule.id, legalStatus: at.rule.legalStatus, inForce: at.inForce });
  };
  for (const at of rules.values()) {
    const r = at.rule;
    const fields = [...(r.requiredFields ?? []), ...(app.type === 'entity' ? (r.entityFields ?? []) : [])];
    for (const m of lacking(app, fields)) add(m.field, m.path, at);
    if (r.id === fp.ruleId) {
      for (const field of fp.missing) add(field, FIELD_PATHS[field], at);
      if (fp.status === 'foreign-person') {
        for (const m of lacking(app, r.foreignPersonFields ?? [])) add(m.field, m.path, at);
      }
    }
  }
  return out;
}

function citationText(r: KycRule): string {
  return `${r.citation.instrument}, ${r.citation.section}`;
}

/** Assess an application on `context.date`. Pure: the same inputs give the same assessment. */
export function assessCustomer(app: CustomerApplication, context: KycAssessmentContext): KycAssessment {
  const date = kycDay(context.date);
  const allRules = context.rules ?? KYC_RULES;
  const atDate = new Map(kycRulesAt(date, allRules).map((r) => [r.rule.id, r]));
  const statusOf = (ruleId: string): KycLegalStatus | undefined => atDate.get(ruleId)?.rule.legalStatus;
  const reasons: KycReason[] = [];
  const reason = (code: string, weight: KycReasonWeight, text: string, ruleId?: string): void => {
    const legalStatus = ruleId === undefined ? undefined : statusOf(ruleId);
    reasons.push({
      code,
      weight,
      text,
      ...(ruleId === undefined ? {} : { ruleId }),
      ...(legalStatus === undefined ? {} : { legalStatus }),
    });
  };

  // 1. Screening hits (given by the caller).
  for (const h of context.screeningHits) {
    const who = `${h.subject === 'customer' ? 'Applicant' : 'Beneficial owner'} "${h.screenedName}"`;
    const hit = `${h.listedName} (${h.source}, score ${h.score})`;
    if (h.adjudication === 'true-match') {
      reason('screening-true-match', 'reject-recommended', `${who} is a confirmed match of ${hit}`, 'csl-screening');
    } else if (h.adjudication === 'false-positive') {
      reason('screening-false-positive', 'info', `${who}: hit on ${hit} adjudicated a false positive`, 'csl-screening');
    } else {
      reason('screening-unresolved', 'review', `${who}: ${h.adjudication} hit on ${hit}`, 'csl-screening');
    }
  }

  // 2. Foreign-person determination.
  const fp = determineForeignPerson(app, context.foreignPerson);
  const fpText = fp.reasons.map((r) => r.text).join('; ');
  if (fp.status === 'insufficient-information') {
    reason('foreign-person-undetermined', 'review', `US/foreign person status undetermined: ${fpText}`, fp.ruleId);
  } else {
    reason(
      `determined-${fp.status}`,
      'info',
      `${fp.status === 'us-person' ? 'US person' : 'Foreign person'}: ${fpText}`,
      fp.ruleId,
    );
  }

  // 3. Missing identification fields under the rules known on the day.
  const consulted = new Map([...atDate].filter(([id]) => BASE_RULES.includes(id)));
  const missingFields = missingFieldsOf(app, fp, consulted);
  for (const [ruleId, fields] of groupBy(missingFields, (m) => m.ruleId)) {
    const status = statusOf(ruleId);
    reason(
      'missing-fields',
      'review',
      `Missing identification fields (${status ?? 'rule'} ${ruleId}): ${fields.map((m) => m.path).join(', ')}`,
      ruleId,
    );
  }

  // 4. Red flags.
  const redFlags = detectRedFlags(app, {
    date,
    countriesOfConcern: context.countriesOfConcern,
    resellers: context.resellers,
    ...(context.usage ? { usage: context.usage } : {}),
    ...(context.otherAccounts ? { otherAccounts: context.otherAccounts } : {}),
    ...(context.paymentChurn ? { paymentChurn: context.paymentChurn } : {}),
    ...(context.dormantBurst ? { dormantBurst: context.dormantBurst } : {}),
  });
  for (const f of redFlags) {
    const weight: KycReasonWeight = KYC_SEVERITY_RANK[f.severity] >= KYC_SEVERITY_RANK.medium ? 'review' : 'info';
    reason(`flag:${f.code}`, weight, `[${f.severity}] ${f.summary}`, f.ruleId);
  }

  // 5. Outcome.
  const outcome: KycOutcome = reasons.some((r) => r.weight === 'reject-recommended')
    ? 'reject-recommended'
    : reasons.some((r) => r.weight === 'review')
      ? 'review'
      : 'approve';

  // 6. Rules applied: the base set plus every rule a reason or flag served, as they stand on the day.
  const usedIds = new Set<string>([...BASE_RULES, ...reasons.flatMap((r) => (r.ruleId ? [r.ruleId] : []))]);
  const rulesApplied: KycAppliedRule[] = [...atDate.values()]
    .filter((at) => usedIds.has(at.rule.id))
    .map((at) => ({
      id: at.rule.id,
      version: at.rule.version,
      legalStatus: at.rule.legalStatus,
      statusLabel: at.statusLabel,
      inForce: at.inForce,
      effectiveFrom: at.rule.effectiveFrom,
      effectiveTo: at.rule.effectiveTo,
      ambiguous: at.rule.ambiguous,
      citation: citationText(at.rule),
    }));
  const restsOnProposedRules = !rulesApplied.some((r) => r.inForce);
  if (restsOnProposedRules && rulesApplied.length > 0) {
    reason(
      'rules-not-in-force',
      'info',
      'No rule applied is in force on this day: the identification requirements are proposed (89 FR 5698) and applied as a design baseline',
    );
  }

  return {
    accountId: app.accountId,
    date,
    outcome,
    reasons,
    foreignPerson: fp,
    redFlags,
    missingFields,
    rulesApplied,
    restsOnProposedRules,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}
