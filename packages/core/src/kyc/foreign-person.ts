/**
 * US person / foreign person determination for an IaaS applicant, as our reading of the 2024 proposed rule's
 * definitions (89 FR 5698; the definitional text is not in the reference note, so this reading is marked [U] in
 * rule `iaas-cip-foreign-person`):
 * - an individual is a US person when a US citizen or a US lawful permanent resident, otherwise a foreign person;
 * - an entity is a foreign person when organised abroad or with its principal place of business abroad;
 * - a US-organised entity is a foreign person when foreign persons own more than the threshold (default 50 %) in
 *   aggregate or any foreign person controls it.
 *
 * When a needed fact is missing the answer is "insufficient-information" with the missing fields, never a guess:
 * a non-US citizen whose permanent-resident status is not stated may be a green-card holder, and owners whose share
 * is unknown may tip the aggregate over the threshold.
 * @module
 */
import type { KycField } from './rules.js';
import type { BeneficialOwner, CountryCode, CustomerApplication, EntityApplication } from './types.js';

export type PersonStatus = 'us-person' | 'foreign-person' | 'insufficient-information';

export type ForeignPersonReasonCode =
  | 'us-citizen'
  | 'us-permanent-resident'
  | 'foreign-citizen'
  | 'citizenship-unknown'
  | 'permanent-residence-unstated'
  | 'incorporated-abroad'
  | 'incorporated-in-us'
  | 'incorporation-unknown'
  | 'principal-place-abroad'
  | 'foreign-owned'
  | 'foreign-controlled'
  | 'ownership-unresolved'
  | 'owners-missing';

export interface ForeignPersonReason {
  readonly code: ForeignPersonReasonCode;
  readonly text: string;
}

/** How one beneficial owner counts for the ownership prong. */
export interface OwnerClassification {
  readonly name: string;
  readonly status: PersonStatus;
  readonly sharePct?: number;
  readonly controls: boolean;
  /** Countries that make the owner foreign (nationalities or incorporation), for country-of-concern checks. */
  readonly countries: readonly CountryCode[];
}

export interface OwnershipSummary {
  /** Sum of the shares of owners known to be foreign persons. */
  readonly knownForeignPct: number;
  /** Share whose holder's status is unknown, plus the unlisted remainder when the owner list is not complete. */
  readonly unresolvedPct: number;
  /** Foreign or unresolved owners whose share is not given: their weight is unknown. */
  readonly ownersOfUnknownWeight: readonly string[];
  readonly thresholdPct: number;
  readonly owners: readonly OwnerClassification[];
}

export interface ForeignPersonDetermination {
  readonly status: PersonStatus;
  readonly reasons: readonly ForeignPersonReason[];
  /** Fields whose absence made the answer "insufficient-information". */
  readonly missing: readonly KycField[];
  /** Entities only. */
  readonly ownership?: OwnershipSummary;
  /** The rule this determination applies. */
  readonly ruleId: 'iaas-cip-foreign-person';
}

export interface ForeignPersonOptions {
  /** Foreign-owned when foreign persons own MORE than this percentage in aggregate. Default 50. */
  readonly ownershipThresholdPct?: number;
}

/** ISO-2 codes of US states' and territories' jurisdictions: organised there means organised in the US. */
const US_JURISDICTIONS: ReadonlySet<string> = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);

/** Whether an ISO-2 code is the US or one of its territories. */
export function isUsJurisdiction(country: CountryCode | undefined): boolean {
  return country !== undefined && US_JURISDICTIONS.has(country.toUpperCase());
}

const r = (code: ForeignPersonReasonCode, text: string): ForeignPersonReason => ({ code, text });

/** Individual rule, shared by applicants and beneficial owners. */
function individualStatus(
  citizenships: readonly CountryCode[],
  usPermanentResident: boolean | undefined,
): { status: PersonStatus; reasons: ForeignPersonReason[]; missing: KycField[] } {
  const cs = citizenships.map((c) => c.toUpperCase());
  if (cs.some((c) => isUsJurisdiction(c))) {
    return {
      status: 'us-person',
      reasons: [r('us-citizen', 'US citizen (a dual citizenship does not change this)')],
      missing: [],
    };
  }
  if (usPermanentResident === true) {
    return { status: 'us-person', reasons: [r('us-permanent-resident', 'US lawful permanent resident')], missing: [] };
  }
  if (cs.length === 0) {
    return {
      status: 'insufficient-information',
      reasons: [r('citizenship-unknown', 'No citizenship given and US permanent residence not stated')],
      missing: ['citizenship-or-residence'],
    };
  }
  if (usPermanentResident === undefined) {
    return {
      status: 'insufficient-information',
      reasons: [
        r(
          'permanent-residence-unstated',
          `Citizen of ${cs.join(', ')}; whether a US lawful permanent resident is not stated (a green-card holder is a US person)`,
        ),
      ],
      missing: ['citizenship-or-residence'],
    };
  }
  return {
    status: 'foreign-person',
    reasons: [r('foreign-citizen', `Citizen of ${cs.join(', ')} only, not a US permanent resident`)],
    missing: [],
  };
}

/** How a beneficial owner counts. Entity owners are judged by incorporation only (their own owners are not given). */
export function classifyOwner(owner: BeneficialOwner): OwnerClassification {
  const controls = owner.controls === true;
  const base = { name: owner.name, controls, ...(owner.sharePct === undefined ? {} : { sharePct: owner.sharePct }) };
  if (owner.type === 'entity') {
    const inc = owner.countryOfIncorporation?.toUpperCase();
    if (inc === undefined) return { ...base, status: 'insufficient-information', countries: [] };
    if (isUsJurisdiction(inc)) return { ...base, status: 'us-person', countries: [] };
    return { ...base, status: 'foreign-person', countries: [inc] };
  }
  const { status } = individualStatus(owner.nationalities ?? [], owner.usPermanentResident);
  const countries =
    status === 'us-person' ? [] : [...new Set((owner.nationalities ?? []).map((c) => c.toUpperCase()))].sort();
  return { ...base, status, countries };
}

/** Aggregate foreign ownership of an entity's listed owners. */
export function summariseOwnership(app: EntityApplication, thresholdPct: number): OwnershipSummary {
  const owners = app.beneficialOwners.map(classifyOwner);
  let knownForeignPct = 0;
  let unresolvedPct = 0;
  let listedPct = 0;
  const ownersOfUnknownWeight: string[] = [];
  for (const o of owners) {
    const share = o.sharePct;
    if (share !== undefined) listedPct += share;
    if (o.status === 'us-person') continue;
    if (share === undefined) ownersOfUnknownWeight.push(o.name);
    else if (o.status === 'foreign-person') knownForeignPct += share;
    else unresolvedPct += share;
  }
  if (app.beneficialOwnersComplete !== true) unresolvedPct += Math.max(0, 100 - listedPct);
  return {
    knownForeignPct: round(knownForeignPct),
    unresolvedPct: round(unresolvedPct),
    ownersOfUnknownWeight,
    thresholdPct,
    owners,
  };
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function entityStatus(app: EntityApplication, thresholdPct: number): ForeignPersonDetermination {
  const ruleId = 'iaas-cip-foreign-person' as const;
  const inc = app.countryOfIncorporation?.toUpperCase();
  const ownership = summariseOwnership(app, thresholdPct);
  if (inc === undefined) {
    return {
      status: 'insufficient-information',
      reasons: [r('incorporation-unknown', 'Country of incorporation not given')],
      missing: ['incorporation'],
      ownership,
      ruleId,
    };
  }
  if (!isUsJurisdiction(inc)) {
    return {
      status: 'foreign-person',
      reasons: [r('incorporated-abroad', `Organised under the laws of ${inc}`)],
      missing: [],
      ownership,
      ruleId,
    };
  }
  const reasons: ForeignPersonReason[] = [r('incorporated-in-us', `Organised under the laws of ${inc}`)];
  const ppb = app.principalPlaceOfBusiness?.toUpperCase();
  if (ppb !== undefined && !isUsJurisdiction(ppb)) {
    return {
      status: 'foreign-person',
      reasons: [...reasons, r('principal-place-abroad', `Principal place of business in ${ppb} (our reading [U])`)],
      missing: [],
      ownership,
      ruleId,
    };
  }
  const controllers = ownership.owners.filter((o) => o.controls && o.status === 'foreign-person').map((o) => o.name);
  if (controllers.length > 0) {
    return {
      status: 'foreign-person',
      reasons: [...reasons, r('foreign-controlled', `Controlled by foreign person(s): ${controllers.join('; ')}`)],
      missing: [],
      ownership,
      ruleId,
    };
  }
  if (ownership.knownForeignPct > thresholdPct) {
    return {
      status: 'foreign-person',
      reasons: [
        ...reasons,
        r(
          'foreign-owned',
          `Foreign persons own ${ownership.knownForeignPct} % in aggregate, more than ${thresholdPct} %`,
        ),
      ],
      missing: [],
      ownership,
      ruleId,
    };
  }
  if (app.beneficialOwners.length === 0 && app.beneficialOwnersComplete !== true) {
    return {
      status: 'insufficient-information',
      reasons: [...reasons, r('owners-missing', 'No beneficial owners given: foreign ownership cannot be ruled out')],
      missing: ['beneficial-owners'],
      ownership,
      ruleId,
    };
  }
  const unknownWeight = ownership.ownersOfUnknownWeight.length > 0;
  if (unknownWeight || ownership.knownForeignPct + ownership.unresolvedPct > thresholdPct) {
    const parts = [`known foreign ${ownership.knownForeignPct} %`, `unresolved ${ownership.unresolvedPct} %`];
    if (unknownWeight) parts.push(`owners without a share: ${ownership.ownersOfUnknownWeight.join('; ')}`);
    return {
      status: 'insufficient-information',
      reasons: [
        ...reasons,
        r('ownership-unresolved', `Foreign ownership could exceed ${thresholdPct} % (${parts.join(', ')})`),
      ],
      missing: ['beneficial-owners'],
      ownership,
      ruleId,
    };
  }
  return { status: 'us-person', reasons, missing: [], ownership, ruleId };
}

/** The US person / foreign person determination of an applicant, with every reason. */
export function determineForeignPerson(
  app: CustomerApplication,
  options: ForeignPersonOptions = {},
): ForeignPersonDetermination {
  const thresholdPct = options.ownershipThresholdPct ?? 50;
  if (app.type === 'entity') return entityStatus(app, thresholdPct);
  const { status, reasons, missing } = individualStatus(app.citizenships, app.usPermanentResident);
  return { status, reasons, missing, ruleId: 'iaas-cip-foreign-person' };
}
