import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsl } from '../lists/csl.js';
import { buildIndex } from '../screening/matching/candidate-index.js';
import { evalDataPath } from '../screening/matching/test-data.js';
import { detectSharedIdentifiers, identifierKeys, identityOf } from './red-flags.js';
import {
  kycScreeningRef,
  kycScreeningSubjects,
  kycSubjectsOfScreened,
  newKycScreeningHits,
  screenKycSubjects,
} from './screening.js';
import { reseller, usEntityChineseOwned, usIndividual } from './test-data.js';

const nudt = parseCsl(readFileSync(evalDataPath('moov-io_watchman_csl.csv'), 'utf8')).entries.filter((e) =>
  e.names.some((n) => n.value.includes('National University of Defense Technology')),
);

describe('KYC screening subjects and re-screen decisions', () => {
  const app = usEntityChineseOwned({
    names: ['Brightpath Analytics LLC', 'Brightpath Analytics LLC', 'Brightpath AI'],
    resellerChain: ['rs-1', 'rs-unknown'],
    beneficialOwners: [
      { name: 'National University of Defense Technology', type: 'entity', sharePct: 30, countryOfIncorporation: 'CN' },
      { name: 'Robert Hale', type: 'individual', sharePct: 70, nationalities: ['US'] },
    ],
  });

  it('screens each distinct name, every owner and every registered reseller, with their types and countries', () => {
    const subjects = kycScreeningSubjects(app, [reseller({ id: 'rs-1', name: 'Lion City Cloud', country: 'SG' })]);
    expect(subjects).toEqual([
      { role: 'customer', name: 'Brightpath Analytics LLC', type: 'organization', country: 'US' },
      { role: 'customer', name: 'Brightpath AI', type: 'organization', country: 'US' },
      {
        role: 'beneficial-owner',
        name: 'National University of Defense Technology',
        type: 'organization',
        country: 'CN',
      },
      { role: 'beneficial-owner', name: 'Robert Hale', type: 'person', country: 'US' },
      { role: 'reseller', name: 'Lion City Cloud', type: 'organization', country: 'SG' },
    ]);
    // The stored screening (role, name, country) gives the same subjects back.
    expect(
      kycSubjectsOfScreened(
        app,
        subjects.map((s) => ({ role: s.role, name: s.name, country: s.country ?? null })),
      ),
    ).toEqual(subjects);
  });

  it('opens a finding only for a (role, name, entry) without one, each once', () => {
    expect(nudt.length).toBeGreaterThan(0);
    const index = buildIndex(nudt);
    const screened = screenKycSubjects(index, kycScreeningSubjects(app, []));
    const hits = screened.flatMap((s) =>
      s.hits.map((h) => kycScreeningRef(s.subject.role, s.subject.name, h.entryKey)),
    );
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((r) => r.startsWith('beneficial-owner:National University of Defense Technology:'))).toBe(true);
    expect(newKycScreeningHits(screened, new Set()).map((h) => h.ref)).toEqual([...new Set(hits)]);
    expect(newKycScreeningHits(screened, new Set(hits))).toEqual([]);
    // The same subject listed twice is decided once.
    expect(newKycScreeningHits([...screened, ...screened], new Set()).map((h) => h.ref)).toEqual([...new Set(hits)]);
  });

  it('indexes the identifiers the shared-identifier check compares, normalised the same way', () => {
    const a = usIndividual({
      emails: [' Jane.Miller@Example.com', 'jane.miller@example.com'],
      phones: ['+1 (614) 555-0142', 'n/a'],
    });
    expect(identifierKeys(identityOf(a))).toEqual([
      { kind: 'email', value: 'jane.miller@example.com' },
      { kind: 'phone', value: '16145550142' },
      { kind: 'payment', value: 'tok_card_4242' },
    ]);
    // Any two accounts the check flags share a key.
    const b = usIndividual({ accountId: 'b', names: ['Other'], emails: ['x@example.com'], phones: ['+16145550142'] });
    expect(detectSharedIdentifiers(a, [identityOf(b)])).toHaveLength(1);
    const keysOfB = new Set(identifierKeys(identityOf(b)).map((k) => `${k.kind}:${k.value}`));
    expect(identifierKeys(identityOf(a)).some((k) => keysOfB.has(`${k.kind}:${k.value}`))).toBe(true);
  });
});
