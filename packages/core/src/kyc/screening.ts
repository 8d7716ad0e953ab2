/**
 * Which names of a KYC account are screened, and what a re-screen against a new list version decides: the
 * applicant's names, every beneficial owner and every registered reseller of the chain are screened as subjects; a
 * hit is a finding identified by (role, screened name, list entry). A re-screen against the added and changed entries
 * of a list version opens a finding only for a (role, name, entry) that has none yet, open or resolved. Pure: the
 * caller passes the index (built from the delta entries) and the refs of the findings it already holds.
 * @module
 */
import type { ScreeningIndex } from '../screening/matching/candidate-index.js';
import { screen } from '../screening/matching/screen.js';
import { REVIEW_THRESHOLD } from '../screening/matching/thresholds.js';
import type { Hit, PartyType } from '../screening/types.js';
import type { CountryCode, CustomerApplication, Reseller } from './types.js';

export type KycSubjectRole = 'customer' | 'beneficial-owner' | 'reseller';

/** One name screened for an account. */
export interface KycScreeningSubject {
  readonly role: KycSubjectRole;
  readonly name: string;
  readonly country?: CountryCode;
  readonly type: PartyType;
}

/** Hits kept per screened name, at opening and at a re-screen. */
export const KYC_SCREENING_LIMIT = 10;

/**
 * The names screened at opening, in order: each distinct applicant name (with the declared country, else residence
 * or principal place of business or incorporation), each beneficial owner (first nationality, else residence, else
 * incorporation), and each distinct reseller of the chain that is in the registry.
 */
export function kycScreeningSubjects(
  app: CustomerApplication,
  resellers: readonly Pick<Reseller, 'id' | 'name' | 'country'>[],
): KycScreeningSubject[] {
  const subjects: KycScreeningSubject[] = [];
  const customerType: PartyType = app.type === 'individual' ? 'person' : 'organization';
  const customerCountry =
    app.declaredCountry ??
    (app.type === 'individual' ? app.residenceCountry : (app.principalPlaceOfBusiness ?? app.countryOfIncorporation));
  for (const name of new Set(app.names))
    subjects.push({
      role: 'customer',
      name,
      type: customerType,
      ...(customerCountry ? { country: customerCountry } : {}),
    });
  if (app.type === 'entity') {
    for (const o of app.beneficialOwners) {
      const country = o.nationalities?.[0] ?? o.residenceCountry ?? o.countryOfIncorporation;
      subjects.push({
        role: 'beneficial-owner',
        name: o.name,
        type: o.type === 'individual' ? 'person' : 'organization',
        ...(country ? { country } : {}),
      });
    }
  }
  for (const id of new Set(app.resellerChain)) {
    const r = resellers.find((x) => x.id === id);
    if (r) subjects.push({ role: 'reseller', name: r.name, country: r.country, type: 'organization' });
  }
  return subjects;
}

/** A name as stored with the account's screening at opening (role, name, country; the party type is not kept). */
export interface KycScreenedNameRecord {
  readonly role: KycSubjectRole;
  readonly name: string;
  readonly country: string | null;
}

/**
 * The subjects of a stored screening, with the party type each was screened as (the applicant's type for customer
 * names, the owner's for beneficial owners, organisation for resellers). Unknown roles are skipped.
 */
export function kycSubjectsOfScreened(
  app: CustomerApplication,
  screened: readonly KycScreenedNameRecord[],
): KycScreeningSubject[] {
  const out: KycScreeningSubject[] = [];
  for (const s of screened) {
    let type: PartyType;
    if (s.role === 'customer') type = app.type === 'individual' ? 'person' : 'organization';
    else if (s.role === 'beneficial-owner') {
      const owner = app.type === 'entity' ? app.beneficialOwners.find((o) => o.name === s.name) : undefined;
      type = owner ? (owner.type === 'individual' ? 'person' : 'organization') : 'unknown';
    } else if (s.role === 'reseller') type = 'organization';
    else continue;
    out.push({ role: s.role, name: s.name, type, ...(s.country ? { country: s.country } : {}) });
  }
  return out;
}

/** The `ref` of a screening-hit finding: what it is about within its kind. */
export function kycScreeningRef(role: KycSubjectRole, name: string, entryKey: string): string {
  return `${role}:${name}:${entryKey}`;
}

/** One subject's hits. */
export interface KycSubjectHits {
  readonly subject: KycScreeningSubject;
  readonly hits: readonly Hit[];
}

/** Screens every subject against an index with the screening module's matcher (hits at or above review). */
export function screenKycSubjects(
  index: ScreeningIndex,
  subjects: readonly KycScreeningSubject[],
  limit = KYC_SCREENING_LIMIT,
): KycSubjectHits[] {
  return subjects.map((subject) => ({
    subject,
    hits: screen(
      index,
      { name: subject.name, ...(subject.country ? { country: subject.country } : {}), type: subject.type },
      { limit, minScore: REVIEW_THRESHOLD },
    ),
  }));
}

/** A hit a re-screen turns into a new finding. */
export interface KycRescreenHit {
  readonly subject: KycScreeningSubject;
  readonly hit: Hit;
  readonly ref: string;
}

/**
 * The hits of a re-screen that need a new finding: every (role, name, entry) hit whose ref is not among the refs of
 * the account's existing screening-hit findings (open or resolved), each once, in subject then score order.
 */
export function newKycScreeningHits(
  screened: readonly KycSubjectHits[],
  existingRefs: ReadonlySet<string>,
): KycRescreenHit[] {
  const seen = new Set(existingRefs);
  const out: KycRescreenHit[] = [];
  for (const { subject, hits } of screened) {
    for (const hit of hits) {
      const ref = kycScreeningRef(subject.role, subject.name, hit.entryKey);
      if (seen.has(ref)) continue;
      seen.add(ref);
      out.push({ subject, hit, ref });
    }
  }
  return out;
}
