import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES } from '../rules/index.js';
import { type Classification, LicensingInputError } from '../types.js';
import { type CaseFile, CaseFileSchema, determine, parseCaseFile } from './index.js';

const h100: Classification = {
  status: 'classified',
  eccn: '3A090.a',
  paragraphs: ['3A090.a.1', '3A090.a.2'],
  metrics: { tpp: 15832, performanceDensity: 19.45, totalDramBandwidthGBs: 3350 },
  textVersion: '2023-11-17 (TPP/PD)',
  reasoning: [],
  needsInput: [],
  flags: [],
  item: { kind: 'integrated-circuit', name: 'H100 SXM', partId: 'nvidia-h100-sxm', datacenter: true },
};

const base: CaseFile = {
  item: { partId: 'nvidia-h100-sxm' },
  quantity: 8,
  valueUsd: 250_000,
  transactionKind: 'export',
  shipFrom: 'US',
  destination: 'HK',
  parties: [
    { role: 'end-user', name: 'HK Compute', country: 'HK', headquarters: 'HK', ultimateParentHeadquarters: 'HK' },
  ],
  endUse: {
    supercomputer: false,
    advancedNodeFab: false,
    smeDevelopment: false,
    military: false,
    militaryIntelligence: false,
  },
  usContent: { usOriginItem: true },
  certifications: { h200PathCertifications: false },
  shipDate: '2026-03-01',
};

describe('CaseFileSchema / parseCaseFile', () => {
  it('accepts a valid case file', () => {
    expect(CaseFileSchema.safeParse(base).success).toBe(true);
    expect(parseCaseFile(JSON.parse(JSON.stringify(base)), BUNDLED_RULES).destination).toBe('HK');
  });
  it('names the path of a schema error', () => {
    const bad = { ...base, parties: [{ ...base.parties[0], country: 'hk' }] };
    try {
      parseCaseFile(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LicensingInputError);
      expect((e as LicensingInputError).path).toBe('parties.0.country');
    }
    const extra = { ...base, shipdate: '2026-01-01' };
    expect(() => parseCaseFile(extra)).toThrow(LicensingInputError);
  });
  it('refuses unknown countries and contradictions with a path', () => {
    const run = (cf: CaseFile) => {
      try {
        determine(cf, h100, BUNDLED_RULES);
        return undefined;
      } catch (e) {
        return e as LicensingInputError;
      }
    };
    expect(run({ ...base, parties: [{ ...base.parties[0]!, headquarters: 'ZZ' }] })?.path).toBe(
      'parties.0.headquarters',
    );
    expect(run({ ...base, transactionKind: 'in-country-transfer', shipFrom: 'CN', destination: 'MO' })?.code).toBe(
      'CONTRADICTORY_FACTS',
    );
    expect(run({ ...base, usContent: { usOriginItem: true, usControlledContentPct: 30 } })?.path).toBe(
      'usContent.usControlledContentPct',
    );
    expect(run({ ...base, item: { partId: 'nvidia-b200' } })?.path).toBe('item.partId');
    expect(run({ ...base, shipDate: '2027-03-01' })?.code).toBe('DATE_OUT_OF_RANGE');
  });
});

describe('determine', () => {
  it('treats Hong Kong as China with a note', () => {
    const d = determine(base, h100, BUNDLED_RULES);
    expect(d.transaction.destination).toBe('CN');
    expect(d.transaction.destinationAsGiven).toBe('HK');
    expect(d.notes.some((n) => n.includes('HK treated as CN'))).toBe(true);
    expect(d.licenseRequired).toBe('yes');
    expect(d.reviewPolicy?.policy).toBe('presumption-of-denial');
  });
  it('is pure: same inputs give the same output, inputs are not mutated', () => {
    const snapshot = JSON.stringify(base);
    const a = determine(base, h100, BUNDLED_RULES);
    const b = determine(JSON.parse(JSON.stringify(base)), h100, BUNDLED_RULES);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(base)).toBe(snapshot);
  });
  it('reports both layers, rule versions and a cited reasoning trail', () => {
    const d = determine(
      {
        ...base,
        destination: 'DE',
        parties: [{ ...base.parties[0]!, country: 'DE', headquarters: 'DE', ultimateParentHeadquarters: 'DE' }],
        shipDate: '2025-09-01',
      },
      h100,
      BUNDLED_RULES,
    );
    expect(d.layers.asWritten.licenseRequired).toBe('yes');
    expect(d.layers.enforced.licenseRequired).toBe('no');
    expect(d.layersDiffer).toBe(true);
    expect(d.requirements.find((r) => r.id === 'RS-AC-IIIA')?.layer).toBe('asWritten');
    expect(d.requirements.find((r) => r.id === 'RS-AC-IIIA')?.enforcement).toBe('not-enforced');
    expect(d.ruleVersions.find((r) => r.id === 'RS-AC-IIIA')?.validFrom).toBe('2025-01-13');
    expect(d.reasoning.some((s) => s.citations?.some((c) => c.cfr?.includes('742.6(a)(6)(iii)(A)')))).toBe(true);
  });
  it('needs-input classifications give unknown, listing the classification inputs', () => {
    const c: Classification = {
      ...h100,
      status: 'needs-input',
      eccn: null,
      paragraphs: [],
      metrics: {},
      needsInput: ['needs input: dense TOPS per precision with bit length'],
    };
    const d = determine(
      {
        ...base,
        destination: 'DE',
        parties: [{ ...base.parties[0]!, country: 'DE', headquarters: 'DE', ultimateParentHeadquarters: 'DE' }],
      },
      c,
      BUNDLED_RULES,
    );
    expect(d.licenseRequired).toBe('unknown');
    expect(d.outcome).toBe('review');
    expect(d.incomplete.some((i) => i.includes('dense TOPS'))).toBe(true);
  });
  it('a North Korea destination needs a license even when the item is not classified', () => {
    const c: Classification = { ...h100, status: 'needs-input', eccn: null, paragraphs: [], metrics: {} };
    const d = determine(
      {
        ...base,
        destination: 'KP',
        parties: [{ ...base.parties[0]!, country: 'KP', headquarters: 'KP', ultimateParentHeadquarters: 'KP' }],
      },
      c,
      BUNDLED_RULES,
    );
    expect(d.licenseRequired).toBe('yes');
    expect(d.reviewPolicy?.policy).toBe('policy-of-denial');
  });
});
