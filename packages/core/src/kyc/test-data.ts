/**
 * Test fixtures for the KYC core: realistic applications, resellers and the EAR Country Group D:5 taken as dated
 * data from the bundled licensing rule pack (so the list is never hard-coded in the KYC core). Not part of the build.
 * @module
 */
import { BUNDLED_RULES } from '../licensing/rules/bundled.js';
import { addDays } from './days.js';
import type { DatedCountryList, EntityApplication, IndividualApplication, Reseller, UsageRecord } from './types.js';

/** Country Group D:5 as written in the CFR (bundled rule pack), as a dated list. validTo is inclusive there. */
export function d5List(): DatedCountryList {
  const entries = BUNDLED_RULES.countryGroups.memberships
    .filter((m) => m.group === 'D:5' && m.layer !== 'enforced')
    .map((m) => ({
      country: m.iso2,
      from: m.validFrom,
      ...(m.validTo === undefined ? {} : { to: addDays(m.validTo, 1) }),
      source: m.citation.cfr ?? m.citation.fr ?? m.citation.note ?? 'bundled rule pack',
    }));
  return { id: 'ear-d5-as-written', title: 'EAR Country Group D:5 (as written)', entries };
}

export const EMPTY_LIST: DatedCountryList = { id: 'none', title: 'no countries', entries: [] };

/** A US citizen in Ohio, paying with her own US card, from a US residential IP. */
export function usIndividual(over: Partial<IndividualApplication> = {}): IndividualApplication {
  return {
    type: 'individual',
    accountId: 'acct-us-1',
    names: ['Jane Q. Miller'],
    addresses: [{ lines: ['1200 High St'], city: 'Columbus', region: 'OH', postalCode: '43201', country: 'US' }],
    paymentMeans: [{ kind: 'card', id: 'tok_card_4242', binCountry: 'US', source: 'own', addedOn: '2026-03-01' }],
    emails: ['jane.miller@example.com'],
    phones: ['+1 614 555 0142'],
    ipAddresses: [{ ip: '198.51.100.23', country: 'US', egress: 'direct', observedOn: '2026-03-01' }],
    declaredCountry: 'US',
    resellerChain: [],
    openedOn: '2026-03-01',
    citizenships: ['US'],
    residenceCountry: 'US',
    ...over,
  };
}

/** A Delaware company 60 % owned by a PRC national, the rest by a US citizen. */
export function usEntityChineseOwned(over: Partial<EntityApplication> = {}): EntityApplication {
  return {
    type: 'entity',
    accountId: 'acct-ent-1',
    names: ['Brightpath Analytics LLC'],
    addresses: [{ lines: ['251 Little Falls Dr'], city: 'Wilmington', region: 'DE', country: 'US' }],
    paymentMeans: [{ kind: 'bank', id: 'ba_001', bankCountry: 'US', source: 'own', addedOn: '2026-02-10' }],
    emails: ['ops@brightpath.example'],
    phones: ['+1 302 555 0100'],
    ipAddresses: [{ ip: '203.0.113.9', country: 'US', egress: 'direct' }],
    declaredCountry: 'US',
    resellerChain: [],
    countryOfIncorporation: 'US',
    principalPlaceOfBusiness: 'US',
    beneficialOwners: [
      {
        name: 'Wang Lei',
        type: 'individual',
        sharePct: 60,
        nationalities: ['CN'],
        residenceCountry: 'CN',
        usPermanentResident: false,
      },
      { name: 'Robert Hale', type: 'individual', sharePct: 40, nationalities: ['US'], residenceCountry: 'US' },
    ],
    beneficialOwnersComplete: true,
    verification: [{ method: 'documentary', evidence: 'certificate of formation', verifiedOn: '2026-02-11' }],
    ...over,
  };
}

export function reseller(over: Partial<Reseller> & { id: string }): Reseller {
  return {
    name: `Reseller ${over.id}`,
    country: 'SG',
    attestations: [{ program: 'CIP v2', attestedOn: '2025-06-01', expiresOn: '2026-06-01' }],
    customers: [],
    ...over,
  };
}

/** `days` daily records ending on `lastDay`. */
export function dailyUsage(
  accountId: string,
  lastDay: string,
  days: number,
  perDay: Omit<UsageRecord, 'accountId' | 'day'>,
): UsageRecord[] {
  return Array.from({ length: days }, (_, i) => ({ accountId, day: addDays(lastDay, i - days + 1), ...perDay }));
}
