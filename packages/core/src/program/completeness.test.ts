import { describe, expect, it } from 'vitest';
import { bomTotalMismatch, checkCompleteness } from './completeness.js';
import { EXAMPLE_PROPOSAL } from './fixtures.js';
import { PROPOSAL_SCHEMA_VERSION, type Proposal } from './types.js';

const empty: Proposal = {
  schemaVersion: PROPOSAL_SCHEMA_VERSION,
  id: 'draft',
  title: '',
  consortium: { name: '', members: [] },
  layers: [],
  hardwareBom: { lines: [], fxRates: [] },
  targets: [],
  businessModel: {},
  dataCenters: [],
  supportRequests: [],
  attestations: [],
  confidentiality: [],
  justifications: [],
};

describe('checkCompleteness', () => {
  it('finds nothing wrong in the example', () => {
    expect(checkCompleteness(EXAMPLE_PROPOSAL)).toEqual([]);
  });

  it('lists every gap of an empty draft, each with a path and a requirement citation', () => {
    const f = checkCompleteness(empty);
    const ids = f.map((x) => x.id);
    for (const id of [
      'NO_MEMBERS',
      'LAYER_MISSING',
      'BOM_EMPTY',
      'BOM_NO_DECLARED_TOTAL',
      'NO_TARGET',
      'NO_BUSINESS_MODEL',
      'NO_DATA_CENTER',
      'NO_SUPPORT_REQUEST',
      'ATTESTATION_MISSING',
    ])
      expect(ids).toContain(id);
    expect(f.filter((x) => x.id === 'LAYER_MISSING')).toHaveLength(5);
    expect(f.filter((x) => x.id === 'ATTESTATION_MISSING')).toHaveLength(3);
    for (const x of f) {
      expect(x.citation.sources.length).toBeGreaterThan(0);
      expect(x.requirementId).toMatch(/^PR-/);
    }
  });

  it('checks owner shares and chains', () => {
    const p = structuredClone(EXAMPLE_PROPOSAL);
    const m = p.consortium.members[0];
    if (!m) throw new Error('fixture');
    m.owners = [
      { id: 'a', name: 'A', type: 'person', country: 'US', sharePct: 70 },
      { id: 'b', name: 'B', type: 'person', country: 'US', sharePct: 40 },
      { id: 'c', name: 'C', type: 'person', country: 'US', sharePct: 10, via: 'nobody' },
      { id: 'd', name: 'D', type: 'person', country: 'US' },
    ];
    const ids = checkCompleteness(p).map((x) => x.id);
    expect(ids).toEqual(
      expect.arrayContaining(['OWNER_SHARES_EXCEED_100', 'OWNER_VIA_UNKNOWN', 'OWNER_SHARE_MISSING']),
    );
  });

  it('flags references outside the consortium and a responsible member that does not serve the layer', () => {
    const p = structuredClone(EXAMPLE_PROPOSAL);
    const dc = p.dataCenters[0];
    if (dc) dc.owner = { memberId: 'm-ghost' };
    const sec = p.layers.find((l) => l.layer === 'security');
    if (sec) sec.responsibleMemberId = 'm-data';
    const f = checkCompleteness(p);
    expect(f.find((x) => x.id === 'DC_PARTY_NOT_MEMBER')?.path).toBe('dataCenters.0.owner');
    const notServing = f.find((x) => x.id === 'RESPONSIBLE_NOT_SERVING_LAYER');
    expect(notServing?.severity).toBe('advisory');
  });

  it('compares totals exactly in one currency and within rounding across currencies', () => {
    const one = structuredClone(EXAMPLE_PROPOSAL);
    one.hardwareBom.lines = one.hardwareBom.lines.filter((l) => l.unitValue.currency === 'USD');
    one.hardwareBom.declaredTotal = { amount: 52_200_000, currency: 'USD' };
    expect(bomTotalMismatch(one)).toBeUndefined();
    one.hardwareBom.declaredTotal = { amount: 52_200_000.01, currency: 'USD' };
    expect(bomTotalMismatch(one)?.details).toMatchObject({ bomCents: 5_220_000_000, declaredCents: 5_220_000_001 });
    expect(bomTotalMismatch(EXAMPLE_PROPOSAL)).toBeUndefined();
  });
});
