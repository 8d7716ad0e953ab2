import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determineForeignPerson } from './foreign-person.js';
import { usEntityChineseOwned, usIndividual } from './test-data.js';
import type { BeneficialOwner } from './types.js';

describe('foreign-person determination', () => {
  it('a US citizen is a US person, also with a second citizenship', () => {
    expect(determineForeignPerson(usIndividual()).status).toBe('us-person');
    const dual = determineForeignPerson(usIndividual({ citizenships: ['CN', 'US'] }));
    expect(dual.status).toBe('us-person');
    expect(dual.reasons[0]?.code).toBe('us-citizen');
  });

  it('a green-card holder is a US person; a foreign citizen without one is a foreign person', () => {
    expect(determineForeignPerson(usIndividual({ citizenships: ['IN'], usPermanentResident: true })).status).toBe(
      'us-person',
    );
    const f = determineForeignPerson(usIndividual({ citizenships: ['DE'], usPermanentResident: false }));
    expect(f.status).toBe('foreign-person');
    expect(f.reasons[0]?.text).toMatch(/DE/);
  });

  it('does not guess: unstated permanent residence or no citizenship is insufficient information', () => {
    const a = determineForeignPerson(usIndividual({ citizenships: ['FR'] }));
    expect(a.status).toBe('insufficient-information');
    expect(a.missing).toEqual(['citizenship-or-residence']);
    expect(determineForeignPerson(usIndividual({ citizenships: [] })).status).toBe('insufficient-information');
  });

  it('an entity organised abroad is a foreign person; unknown incorporation is insufficient', () => {
    expect(determineForeignPerson(usEntityChineseOwned({ countryOfIncorporation: 'SG' })).status).toBe(
      'foreign-person',
    );
    const { countryOfIncorporation: _drop, ...noInc } = usEntityChineseOwned();
    const d = determineForeignPerson(noInc);
    expect(d.status).toBe('insufficient-information');
    expect(d.missing).toEqual(['incorporation']);
  });

  it('a Delaware company 60 % owned by a PRC national is a foreign person (foreign-owned)', () => {
    const d = determineForeignPerson(usEntityChineseOwned());
    expect(d.status).toBe('foreign-person');
    expect(d.reasons.map((r) => r.code)).toEqual(['incorporated-in-us', 'foreign-owned']);
    expect(d.ownership?.knownForeignPct).toBe(60);
    expect(d.ownership?.owners[0]?.countries).toEqual(['CN']);
  });

  it('a 40 % foreign owner with control makes it foreign-controlled; without control it is a US person', () => {
    const owners: BeneficialOwner[] = [
      {
        name: 'A',
        type: 'individual',
        sharePct: 40,
        nationalities: ['RU'],
        usPermanentResident: false,
        controls: true,
      },
      { name: 'B', type: 'individual', sharePct: 60, nationalities: ['US'] },
    ];
    expect(determineForeignPerson(usEntityChineseOwned({ beneficialOwners: owners })).reasons.at(-1)?.code).toBe(
      'foreign-controlled',
    );
    const noControl = owners.map((o) => ({ ...o, controls: false }));
    expect(determineForeignPerson(usEntityChineseOwned({ beneficialOwners: noControl })).status).toBe('us-person');
  });

  it('unresolved owners that could tip the balance give insufficient information', () => {
    const owners: BeneficialOwner[] = [
      { name: 'A', type: 'individual', sharePct: 30, nationalities: ['RU'], usPermanentResident: false },
      { name: 'B', type: 'individual', sharePct: 30, nationalities: ['FR'] }, // LPR status unstated
      { name: 'C', type: 'individual', sharePct: 40, nationalities: ['US'] },
    ];
    const d = determineForeignPerson(usEntityChineseOwned({ beneficialOwners: owners }));
    expect(d.status).toBe('insufficient-information');
    expect(d.reasons.at(-1)?.code).toBe('ownership-unresolved');
    expect(d.ownership).toMatchObject({ knownForeignPct: 30, unresolvedPct: 30 });
  });

  it('an incomplete owner list leaves the unlisted remainder unresolved', () => {
    const owners: BeneficialOwner[] = [
      { name: 'A', type: 'individual', sharePct: 45, nationalities: ['CN'], usPermanentResident: false },
    ];
    const d = determineForeignPerson(
      usEntityChineseOwned({ beneficialOwners: owners, beneficialOwnersComplete: false }),
    );
    expect(d.status).toBe('insufficient-information');
    expect(d.ownership?.unresolvedPct).toBe(55);
    expect(
      determineForeignPerson(usEntityChineseOwned({ beneficialOwners: owners, beneficialOwnersComplete: true })).status,
    ).toBe('us-person');
  });

  it('no owners and no completeness statement: owners missing', () => {
    const d = determineForeignPerson(
      usEntityChineseOwned({ beneficialOwners: [], beneficialOwnersComplete: undefined }),
    );
    expect(d.status).toBe('insufficient-information');
    expect(d.missing).toEqual(['beneficial-owners']);
  });

  it('property: the answer does not depend on the order of owners, and a US citizenship always wins', () => {
    const owner = fc.record({
      name: fc.string({ minLength: 1, maxLength: 5 }),
      type: fc.constant('individual' as const),
      sharePct: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
      controls: fc.boolean(),
      nationalities: fc.subarray(['US', 'CN', 'DE', 'RU']),
      usPermanentResident: fc.option(fc.boolean(), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(owner, { maxLength: 5 }), fc.boolean(), (owners, complete) => {
        const a = determineForeignPerson(
          usEntityChineseOwned({ beneficialOwners: owners, beneficialOwnersComplete: complete }),
        );
        const b = determineForeignPerson(
          usEntityChineseOwned({ beneficialOwners: [...owners].reverse(), beneficialOwnersComplete: complete }),
        );
        expect(b.status).toBe(a.status);
      }),
    );
    fc.assert(
      fc.property(fc.subarray(['CN', 'DE', 'RU', 'IR']), fc.option(fc.boolean(), { nil: undefined }), (cs, lpr) => {
        const app = usIndividual({ citizenships: [...cs, 'US'], usPermanentResident: lpr });
        expect(determineForeignPerson(app).status).toBe('us-person');
      }),
    );
  });
});
