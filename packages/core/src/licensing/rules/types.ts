/**
 * Rule store types. A {@link RulePack} is plain data (JSON-serialisable): dated country-group memberships, the CCL
 * subset, license requirements, review policies, license exceptions and the Federal Register actions they come from,
 * each with validFrom/validTo and citations. Conditions are a small tri-state expression language ({@link Cond}) so
 * user-supplied draft packs can add rules without code.
 *
 * Two layers: `asWritten` is the CFR text on the date; `enforced` is what BIS enforces (e.g. the AI Diffusion text is
 * in the CFR but not enforced since 2025-05-13). A rule's `layer` says which layer(s) it belongs to; its regulation's
 * enforcement timeline removes it from the enforced layer while not enforced.
 * @module
 */
import type { Citation, ISODate } from '../types.js';

export type Layer = 'asWritten' | 'enforced';
export type RuleLayer = 'both' | Layer;

/** Enforcement status of a Federal Register action on a date. `unknown` = status after a dated event was not found. */
export type Enforcement = 'enforced' | 'not-enforced' | 'stayed' | 'compliance-pending' | 'unknown';

export interface Dated {
  readonly validFrom: ISODate;
  /** Last day the rule applies (inclusive). Open-ended when absent. */
  readonly validTo?: ISODate;
}

export interface EnforcementPeriod {
  readonly from: ISODate;
  readonly status: Enforcement;
  readonly citation: Citation;
  readonly note?: string;
  /** Flag raised when a rule is dropped from (or made uncertain in) the enforced layer by this period. */
  readonly flag?: string;
}

/** One Federal Register action (or formal guidance) with its enforcement history. */
export interface Regulation extends Dated {
  readonly id: string;
  readonly title: string;
  /** e.g. "90 FR 4544". */
  readonly fr?: string;
  readonly frDoc?: string;
  readonly complianceFrom?: ISODate;
  /** Ordered by `from`; status before the first period is `enforced` from validFrom. */
  readonly enforcement?: readonly EnforcementPeriod[];
  readonly citation: Citation;
  readonly supersedes?: readonly string[];
}

/** Group names used by the EAR: "A:1" … "A:6", "B", "D:1" … "D:5", "E:1", "E:2". */
export type CountryGroup = string;

export interface CountryGroupMembership extends Dated {
  readonly iso2: string;
  readonly group: CountryGroup;
  /** `both` unless the CFR table and the controlling list disagree (e.g. Cambodia D:5, State list vs BIS table). */
  readonly layer: RuleLayer;
  readonly citation: Citation;
  /** Flag code raised when a determination relies on this row (e.g. CAMBODIA_D5_END_DATE). */
  readonly flag?: string;
  /** Only flag inside [flagFrom, flagTo]. */
  readonly flagFrom?: ISODate;
  readonly flagTo?: ISODate;
}

export interface CountryInfo {
  readonly iso2: string;
  readonly name: string;
  /** Country Chart columns marked X (Supp. 1 to Part 738, snapshot date). */
  readonly chart: readonly string[];
  /** Alias: the EAR treats this code as another (HK → CN since 2020-12-23). */
  readonly aliasOf?: string;
  readonly aliasNote?: string;
}

export interface CountryGroups {
  /** Snapshot date of the membership table. */
  readonly snapshotAsOf: ISODate;
  readonly labels: Readonly<Record<string, string>>;
  readonly countries: readonly CountryInfo[];
  readonly memberships: readonly CountryGroupMembership[];
}

/** Destination expression, evaluated against the destination's groups on the date (per layer). */
export type DestExpr =
  | { readonly any: readonly DestExpr[] }
  | { readonly all: readonly DestExpr[] }
  | { readonly not: DestExpr }
  | { readonly group: CountryGroup }
  | { readonly iso2: readonly string[] }
  | { readonly set: string }
  | { readonly worldwide: true };

export type PartyRole = 'purchaser' | 'intermediate-consignee' | 'ultimate-consignee' | 'end-user';
export type TxKind = 'export' | 'reexport' | 'in-country-transfer' | 'export-from-abroad';
export type EndUseKey =
  | 'supercomputer'
  | 'advancedNodeFab'
  | 'smeDevelopment'
  | 'military'
  | 'militaryIntelligence'
  | 'aiTrainingForD5Hq';

/**
 * Tri-state condition over the case facts. Unknown facts make a condition `unknown` (Kleene logic), never false.
 * - item: the classified ECCN matches one of the patterns ("3A090.a" matches "3A090.a.1"), or an item group (`@AC_A`).
 * - dest / shipFrom / partyLocated / partyHq: destination expressions; partyHq checks headquarters OR ultimate parent.
 * - partyHqOnly: every relevant party is HQ'd (and ultimately parented) inside the set (e.g. US/A:5/A:6 for PoA).
 */
export type Cond =
  | { readonly all: readonly Cond[] }
  | { readonly any: readonly Cond[] }
  | { readonly not: Cond }
  | { readonly item: readonly string[] }
  | { readonly dest: DestExpr }
  | { readonly shipFrom: DestExpr }
  | { readonly partyLocated: DestExpr; readonly roles?: readonly PartyRole[] }
  | { readonly partyHq: DestExpr; readonly roles?: readonly PartyRole[] }
  | { readonly partyHqOnly: DestExpr; readonly roles?: readonly PartyRole[] }
  | { readonly entityList: true | 1 | 3 | 4 | 5; readonly roles?: readonly PartyRole[] }
  | { readonly meuListed: true }
  | { readonly affiliateOfListed: true }
  | { readonly allSupp8Approved: true }
  | { readonly endUse: EndUseKey }
  | { readonly txKind: readonly TxKind[] }
  | { readonly datacenter: boolean }
  | { readonly metric: MetricKey; readonly lt?: number; readonly gte?: number; readonly gt?: number }
  | { readonly certification: 'h200PathCertifications' }
  | { readonly smeSubsystem: true }
  | { readonly containsUsIc: true }
  | { readonly usOrigin: boolean }
  | { readonly chart: string }
  | { readonly needsFact: string }
  | { readonly always: true };

export type MetricKey =
  | 'tpp'
  | 'performanceDensity'
  | 'memoryBandwidthDensityGBsPerMm2'
  | 'totalDramBandwidthGBs'
  | 'trainingOps'
  | 'transistorCountBillions'
  /** TPP × quantity (LPP's annual TPP cap). */
  | 'aggregateTpp';

/** Reason for control / basis of a requirement. */
export type ReasonCode =
  | 'RS'
  | 'NS'
  | 'MT'
  | 'NP'
  | 'CB'
  | 'CC'
  | 'AT'
  | 'EI'
  | 'EL'
  | 'MEU'
  | 'MIEU'
  | 'EU-744.23'
  | 'EMB'
  | 'AFF';

export interface RequirementRule extends Dated {
  readonly id: string;
  readonly reason: ReasonCode;
  /** One line, what the rule requires. */
  readonly text: string;
  readonly when: Cond;
  readonly layer: RuleLayer;
  /** Regulation (FR action) that created this wording: drives the enforcement layer. */
  readonly regulation: string;
  /** Overrides the regulation's enforcement (e.g. the HQ rule inside the Diffusion text, still enforced per BIS 2026-05-31 guidance). */
  readonly enforcement?: readonly EnforcementPeriod[];
  /** Review-policy family used when this requirement applies. */
  readonly policyFamily: string;
  readonly citations: readonly Citation[];
  /** Flags raised whenever the rule applies. */
  readonly flags?: readonly string[];
  /** Requirements of a later (more specific) version can supersede this one on overlapping dates. */
  readonly note?: string;
}

export type PolicyKind =
  | 'policy-of-denial'
  | 'presumption-of-denial'
  | 'case-by-case'
  | 'presumption-of-approval'
  | 'approval'
  | 'per-entry';

/** Restrictiveness rank: higher = more restrictive. */
export const POLICY_RANK: Readonly<Record<PolicyKind, number>> = {
  approval: 0,
  'presumption-of-approval': 1,
  'case-by-case': 2,
  'per-entry': 2,
  'presumption-of-denial': 3,
  'policy-of-denial': 4,
};

/** One branch of a review-policy family; the first branch whose `when` holds wins (e.g. §744.23(d)(2)/(3) before (d)(1)). */
export interface ReviewPolicyRule extends Dated {
  readonly id: string;
  readonly family: string;
  readonly order: number;
  readonly policy: PolicyKind;
  readonly when: Cond;
  readonly text: string;
  readonly layer: RuleLayer;
  readonly regulation: string;
  readonly enforcement?: readonly EnforcementPeriod[];
  readonly citations: readonly Citation[];
  readonly flags?: readonly string[];
}

export interface LicenseExceptionRule extends Dated {
  readonly id: string;
  /** NAC, ACA, HBM, AIA, ACM, LPP, ENC, GOV … */
  readonly code: string;
  readonly name: string;
  /** Items within the exception's scope. */
  readonly scope: Cond;
  /** Eligibility conditions (destination, parties, item facts). */
  readonly eligible: Cond;
  /** Requirement reasons (or requirement ids prefixed `id:`) the exception can overcome. */
  readonly overcomes: readonly string[];
  readonly conditionsToConfirm: readonly string[];
  /** Why it is ruled out when `eligible` is false. */
  readonly ineligibleWhy: string;
  readonly layer: RuleLayer;
  readonly regulation: string;
  readonly enforcement?: readonly EnforcementPeriod[];
  readonly citations: readonly Citation[];
}

/** A CCL-based license row: chart column (`column`) or prose destination (`when`). */
export interface CclControl extends Dated {
  readonly reason: ReasonCode;
  /** Country Chart column, e.g. "NS2", "AT1", "EI" (EI = all destinations except Canada, §742.15). */
  readonly column?: string;
  /** Only these paragraphs (patterns); whole entry when absent. */
  readonly paragraphs?: readonly string[];
  readonly text: string;
  readonly citation: Citation;
}

export interface CclEntry {
  readonly eccn: string;
  readonly heading: string;
  /** Reasons for control as printed. */
  readonly reasons: readonly ReasonCode[];
  /** Column-based rows. Prose rows (e.g. §742.6(a)(6)) are RequirementRules referencing the ECCN. */
  readonly controls: readonly CclControl[];
  /** License exception availability lines as printed (summary). */
  readonly exceptions?: string;
  readonly validFrom: ISODate;
  readonly validTo?: ISODate;
  readonly citation: Citation;
  readonly note?: string;
}

export interface RulePack {
  readonly id: string;
  readonly version: string;
  /** Date the pack's legal baseline was last checked. */
  readonly asOf: ISODate;
  readonly description: string;
  /** Earliest date the pack covers (2022-10-07). */
  readonly validFrom: ISODate;
  /** Days after asOf a determination may be dated (stale-rule horizon). */
  readonly horizonDays: number;
  readonly countryGroups: CountryGroups;
  /** Named destination sets referenced by `{ set }`. */
  readonly destSets: Readonly<Record<string, DestExpr>>;
  /** Named item groups referenced by `@NAME` in `item` conditions: ECCN patterns. */
  readonly itemGroups: Readonly<Record<string, readonly string[]>>;
  readonly requirements: readonly RequirementRule[];
  readonly reviewPolicies: readonly ReviewPolicyRule[];
  readonly exceptions: readonly LicenseExceptionRule[];
  readonly regulations: readonly Regulation[];
  readonly ccl: readonly CclEntry[];
  /** Flag texts by code (message + citations). */
  readonly flagCatalogue: Readonly<Record<string, FlagDefinition>>;
}

export interface FlagDefinition {
  readonly message: string;
  readonly citations: readonly Citation[];
  /** Raising it makes a definite license answer depend on an interpretation (outcome "interpreted"). */
  readonly interpretive?: boolean;
}

/** A what-if pack: rules added or overriding base rules by id; memberships added. */
export interface DraftRulePack {
  readonly id: string;
  readonly version?: string;
  readonly description: string;
  readonly asOf?: ISODate;
  readonly memberships?: readonly CountryGroupMembership[];
  readonly destSets?: Readonly<Record<string, DestExpr>>;
  readonly itemGroups?: Readonly<Record<string, readonly string[]>>;
  readonly requirements?: readonly RequirementRule[];
  readonly reviewPolicies?: readonly ReviewPolicyRule[];
  readonly exceptions?: readonly LicenseExceptionRule[];
  readonly regulations?: readonly Regulation[];
  readonly ccl?: readonly CclEntry[];
  /** Rule ids (any kind) to drop from the base. */
  readonly remove?: readonly string[];
}

export type RuleChangeKind =
  | 'rule-start'
  | 'rule-end'
  | 'membership-added'
  | 'membership-removed'
  | 'enforcement-change'
  | 'regulation-effective';

export interface RuleChange {
  readonly date: ISODate;
  readonly kind: RuleChangeKind;
  /** Rule id, membership "iso2 group", or regulation id. */
  readonly subject: string;
  readonly description: string;
  readonly layer: RuleLayer;
  readonly citations: readonly Citation[];
}
