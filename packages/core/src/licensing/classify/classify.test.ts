import { describe, expect, it } from 'vitest';
import type { ItemSpec } from '../types.js';
import { CATALOGUE, classify, findPart, NEEDS_INPUT, RESIDUAL_ECCN_IC } from './index.js';

const AS_OF = '2026-11-22';
const spec = (id: string): ItemSpec => {
  const p = findPart(id);
  if (!p) throw new Error(`no part ${id}`);
  return p.spec;
};
const codes = (c: { flags: readonly { code: string }[] }) => c.flags.map((f) => f.code);

/** Expected results as of 2026-11-22, derived from the 3A090 text and the reference §1.4 table. */
const EXPECTED: Record<
  string,
  { status: string; eccn: string | null; paragraphs?: string[]; tpp?: number; precision?: string }
> = {
  'nvidia-h100-sxm': {
    status: 'classified',
    eccn: '3A090.a',
    paragraphs: ['3A090.a.1', '3A090.a.2'],
    tpp: 15832,
    precision: 'FP8',
  },
  'nvidia-h100-pcie': {
    status: 'classified',
    eccn: '3A090.a',
    paragraphs: ['3A090.a.1', '3A090.a.2'],
    tpp: 12104,
    precision: 'FP8',
  },
  'nvidia-h200-sxm': { status: 'classified', eccn: '3A090.a', tpp: 15832, precision: 'FP8' },
  'nvidia-h20': { status: 'not-listed', eccn: RESIDUAL_ECCN_IC, paragraphs: [], tpp: 2368 },
  'nvidia-b200': { status: 'classified', eccn: '3A090.a', tpp: 36000, precision: 'FP4' },
  'nvidia-b300': { status: 'classified', eccn: '3A090.a', tpp: 56000, precision: 'FP4' },
  'nvidia-a100-sxm': { status: 'classified', eccn: '3A090.a', paragraphs: ['3A090.a.1', '3A090.a.2'], tpp: 4992 },
  'nvidia-a800-sxm': { status: 'classified', eccn: '3A090.a', paragraphs: ['3A090.a.1', '3A090.a.2'], tpp: 4992 },
  'nvidia-l4': { status: 'classified', eccn: '3A090.a', paragraphs: ['3A090.a.2'], tpp: 1940, precision: 'FP8' },
  'nvidia-rtx-4090': { status: 'classified', eccn: '3A090.a', tpp: 5286, precision: 'FP8' },
  'nvidia-rtx-4090-d': { status: 'not-listed', eccn: RESIDUAL_ECCN_IC, paragraphs: [], tpp: 4707 },
  'amd-mi300x': { status: 'classified', eccn: '3A090.a', tpp: 20919, precision: 'FP8' },
  'amd-mi325x': { status: 'classified', eccn: '3A090.a', tpp: 20919, precision: 'FP8' },
  'amd-mi355x': { status: 'classified', eccn: '3A090.a', tpp: 40266, precision: 'FP8' },
  'intel-gaudi-2': { status: 'classified', eccn: '3A090.a', paragraphs: ['3A090.a.1'], tpp: 6912, precision: 'BF16' },
  'intel-gaudi-3': { status: 'classified', eccn: '3A090.a', paragraphs: ['3A090.a.1'], tpp: 29360, precision: 'BF16' },
  'huawei-ascend-910b': { status: 'classified', eccn: '3A090.a', paragraphs: ['3A090.a.1'], tpp: 5120 },
  'skhynix-hbm3e-12h-36gb': { status: 'classified', eccn: '3A090.c', paragraphs: ['3A090.c'] },
  'nvidia-dgx-h100': { status: 'classified', eccn: '4A090.a', paragraphs: ['4A090.a'], tpp: 15832 },
  'example-euv-scanner': { status: 'classified', eccn: '3B001.f.1' },
  'example-duv-immersion-scanner': { status: 'classified', eccn: '3B993.f.1' },
  'example-har-dielectric-etch': { status: 'classified', eccn: '3B993' },
  'example-deposition-tool': { status: 'classified', eccn: '3B993' },
  'example-duv-wafer-stage': { status: 'classified', eccn: '3B993' },
  'example-rf-generator': { status: 'not-listed', eccn: 'EAR99' },
  'meta-llama-3.1-405b': { status: 'not-listed', eccn: null },
  'example-frontier-closed-weights': { status: 'classified', eccn: '4E091', paragraphs: ['4E091'] },
};

describe('classify: every catalogue part as of 2026-11-22', () => {
  it('has an expectation for every part', () => {
    expect(CATALOGUE.map((p) => p.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [id, exp] of Object.entries(EXPECTED)) {
    it(`${id} → ${exp.eccn}`, () => {
      const c = classify(spec(id), AS_OF);
      expect(c.status).toBe(exp.status);
      expect(c.eccn).toBe(exp.eccn);
      if (exp.paragraphs) expect(c.paragraphs).toEqual(exp.paragraphs);
      if (exp.tpp !== undefined) expect(Math.round(c.metrics.tpp!)).toBe(exp.tpp);
      if (exp.precision) expect(c.metrics.tppPrecision).toBe(exp.precision);
      expect(c.needsInput).toEqual([]);
      expect(c.reasoning.length).toBeGreaterThan(0);
      for (const f of c.flags) expect(f.citations.length).toBeGreaterThan(0);
    });
  }
});

describe('classify: worked examples', () => {
  it('H100 SXM: TPP 15,832 via FP8 (sparse 3,958 halved), PD 19.45, reasoning shows every precision', () => {
    const c = classify(spec('nvidia-h100-sxm'), AS_OF);
    expect(c.metrics.performanceDensity).toBeCloseTo(19.45, 2);
    const all = c.reasoning.map((r) => r.text).join('\n');
    expect(all).toContain('TPP = 1,979 TFLOPS (FP8, dense: 3,958 sparse ÷ 2) × 8 bits = 15,832 ≥ 4,800 → 3A090.a.1');
    expect(all).toContain('15 CFR 774 Supp. 1, ECCN 3A090.a.1; Technical Note 2');
    for (const p of ['FP8', 'INT8', 'FP16', 'BF16', 'TF32', 'FP64']) expect(all).toContain(`${p}:`);
    expect(all).toContain('NAC/ACA are not available');
    expect(all).toMatch(/TPP 15,832 < 21,000 and total DRAM bandwidth 3,350 GB\/s < 6,500 GB\/s → within/);
  });

  it('A100: TPP 4,992 (FP16 312 × 16 = INT8 624 × 8), PD 6.04 → a.1 and a.2', () => {
    const c = classify(spec('nvidia-a100-sxm'), AS_OF);
    expect(c.metrics.tpp).toBe(4992);
    expect(c.metrics.performanceDensity).toBeCloseTo(6.04, 2);
  });

  it('H20: TPP 2,368 and PD 2.91 are below 3A090.b; the SWK "3A090.b.2" label is flagged, not used', () => {
    const c = classify(spec('nvidia-h20'), AS_OF);
    expect(c.metrics.tpp).toBe(2368);
    expect(c.metrics.performanceDensity).toBeCloseTo(2.91, 2);
    expect(codes(c)).toContain('THIRD_PARTY_LABEL_CONFLICT');
    expect(codes(c)).toContain('RESIDUAL_ECCN_UNDETERMINED');
    expect(c.reasoning.map((r) => r.text).join('\n')).toMatch(
      /below 3A090\.b.*b\.1 needs TPP ≥ 2,400.*b\.2 needs PD ≥ 3\.2/,
    );
  });

  it('L4: TPP ~1,940 < 4,800 but PD 6.6 ≥ 5.92 → 3A090.a.2 (datacenter product)', () => {
    const c = classify(spec('nvidia-l4'), AS_OF);
    expect(c.metrics.tpp).toBe(1940);
    expect(c.metrics.performanceDensity).toBeCloseTo(6.6, 1);
  });

  it('RTX 4090: consumer, TPP ≥ 4,800 → stays 3A090.a, NAC/ACA noted', () => {
    const c = classify(spec('nvidia-rtx-4090'), AS_OF);
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('NAC/ACA are available in principle');
  });

  it('RTX 4090 D: consumer, TPP ~4,707 < 4,800 → outside 3A090 by Note 2 even though PD would meet a.2', () => {
    const c = classify(spec('nvidia-rtx-4090-d'), AS_OF);
    expect(c.reasoning.map((r) => r.text).join('\n')).toMatch(/Note 2 .* "do not apply" → outside 3A090/);
    expect(codes(c)).toContain('RESIDUAL_ECCN_UNDETERMINED');
  });

  it('Gaudi 3: TPP 29,360 via BF16, vendor-figure flag', () => {
    const c = classify(spec('intel-gaudi-3'), AS_OF);
    expect(codes(c)).toContain('VENDOR_FIGURES_VARY');
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('PD is unknown');
  });

  it('estimated die areas raise PD_INPUT_UNCERTAIN (B200, MI300X)', () => {
    expect(codes(classify(spec('nvidia-b200'), AS_OF))).toContain('PD_INPUT_UNCERTAIN');
    expect(codes(classify(spec('amd-mi300x'), AS_OF))).toContain('PD_INPUT_UNCERTAIN');
    expect(codes(classify(spec('nvidia-h100-sxm'), AS_OF))).not.toContain('PD_INPUT_UNCERTAIN');
  });

  it('Ascend 910B: GP10_RISK from 2025-05-13, not before', () => {
    expect(codes(classify(spec('huawei-ascend-910b'), AS_OF))).toContain('GP10_RISK');
    expect(codes(classify(spec('huawei-ascend-910b'), '2025-05-12'))).not.toContain('GP10_RISK');
  });

  it('DGX H100 is a computer: 4A090.a on its most capable IC', () => {
    const c = classify(spec('nvidia-dgx-h100'), AS_OF);
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain(
      'It contains an IC meeting 3A090.a.1 and 3A090.a.2 → 4A090.a',
    );
  });
});

describe('classify: the 2022 text vs the 2023 text', () => {
  it('A800 on 2023-06-01 is outside 3A090 (NVLink 400 GB/s + PCIe < 600 GB/s); on 2023-12-01 it is 3A090.a', () => {
    const before = classify(spec('nvidia-a800-sxm'), '2023-06-01');
    expect(before.status).toBe('not-listed');
    expect(before.textVersion).toMatch(/^2022-10-07/);
    expect(before.reasoning.map((r) => r.text).join('\n')).toContain('464 GB/s < 600 GB/s');
    const after = classify(spec('nvidia-a800-sxm'), '2023-12-01');
    expect(after.status).toBe('classified');
    expect(after.eccn).toBe('3A090.a');
    expect(after.textVersion).toMatch(/^2023-11-17/);
  });

  it('A100 on 2023-06-01 (600 GB/s NVLink) is 3A090.a under the 2022 text', () => {
    const c = classify(spec('nvidia-a100-sxm'), '2023-06-01');
    expect(c.eccn).toBe('3A090.a');
    expect(c.paragraphs).toEqual(['3A090.a']);
  });

  it('the last day of the 2022 text is 2023-11-16', () => {
    expect(classify(spec('nvidia-a800-sxm'), '2023-11-16').status).toBe('not-listed');
    expect(classify(spec('nvidia-a800-sxm'), '2023-11-17').eccn).toBe('3A090.a');
  });

  it('2022 text with TPP ≥ 4,800 and no I/O figure → needs input', () => {
    const c = classify(
      { kind: 'integrated-circuit', performance: [{ precision: 'FP8', bitLength: 8, tops: 1000 }] },
      '2023-01-01',
    );
    expect(c.status).toBe('needs-input');
    expect(c.needsInput).toEqual([NEEDS_INPUT.io]);
  });

  it('no Note 2 under the 2022 text: a consumer GPU with ≥ 600 GB/s I/O and TPP ≥ 4,800 is 3A090.a', () => {
    const c = classify(
      {
        kind: 'integrated-circuit',
        datacenter: false,
        aggregateBidirectionalIoGBs: 700,
        performance: [{ precision: 'FP16', bitLength: 16, tops: 300 }],
      },
      '2023-01-01',
    );
    expect(c.eccn).toBe('3A090.a');
  });
});

describe('classify: missing inputs', () => {
  const ic = (extra: Partial<ItemSpec>): ItemSpec => ({ kind: 'integrated-circuit', ...extra });

  it('no performance → needs dense TOPS per precision', () => {
    const c = classify(ic({}), AS_OF);
    expect(c.status).toBe('needs-input');
    expect(c.eccn).toBeNull();
    expect(c.needsInput).toEqual([NEEDS_INPUT.performance]);
  });

  it('TPP ≥ 4,800 without die area is still 3A090.a.1 (PD only noted as unknown)', () => {
    const c = classify(ic({ datacenter: true, performance: [{ precision: 'FP8', bitLength: 8, tops: 700 }] }), AS_OF);
    expect(c.status).toBe('classified');
    expect(c.paragraphs).toEqual(['3A090.a.1']);
    expect(c.metrics.performanceDensity).toBeUndefined();
  });

  it('1,600 ≤ TPP < 4,800, datacenter, no die area → needs the die area only', () => {
    const c = classify(ic({ datacenter: true, performance: [{ precision: 'FP8', bitLength: 8, tops: 300 }] }), AS_OF);
    expect(c.status).toBe('needs-input');
    expect(c.needsInput).toEqual([NEEDS_INPUT.dieArea]);
  });

  it('1,600 ≤ TPP < 4,800, datacenter unknown, no die area → die area and datacenter, DATACENTER_UNDEFINED', () => {
    const c = classify(ic({ performance: [{ precision: 'FP8', bitLength: 8, tops: 300 }] }), AS_OF);
    expect(c.needsInput).toEqual([NEEDS_INPUT.dieArea, NEEDS_INPUT.datacenter]);
    expect(codes(c)).toContain('DATACENTER_UNDEFINED');
  });

  it('would meet 3A090.b but datacenter unknown → needs datacenter, DATACENTER_UNDEFINED', () => {
    const c = classify(
      ic({ nonPlanarLogicDieAreaMm2: 700, performance: [{ precision: 'FP16', bitLength: 16, tops: 181 }] }),
      AS_OF,
    );
    expect(c.status).toBe('needs-input');
    expect(c.needsInput).toEqual([NEEDS_INPUT.datacenter]);
    expect(codes(c)).toEqual(['DATACENTER_UNDEFINED']);
    expect(c.metrics.tpp).toBe(2896);
  });

  it('datacenter unknown does not matter when the IC is below 3A090.b anyway', () => {
    const c = classify(
      ic({ nonPlanarLogicDieAreaMm2: 814, performance: [{ precision: 'FP8', bitLength: 8, tops: 296 }] }),
      AS_OF,
    );
    expect(c.status).toBe('not-listed');
    expect(codes(c)).not.toContain('DATACENTER_UNDEFINED');
  });

  it('TPP < 1,600 needs no die area', () => {
    const c = classify(ic({ performance: [{ precision: 'INT8', bitLength: 8, tops: 100 }] }), AS_OF);
    expect(c.status).toBe('not-listed');
  });
});

describe('classify: 3A090.b', () => {
  it('MI210-like figures (TPP 2,896, PD 3.67, datacenter) → 3A090.b via b.1 and b.2', () => {
    const c = classify(
      {
        kind: 'integrated-circuit',
        datacenter: true,
        nonPlanarLogicDieAreaMm2: 790,
        performance: [{ precision: 'FP16', bitLength: 16, tops: 181 }],
      },
      AS_OF,
    );
    expect(c.eccn).toBe('3A090.b');
    expect(c.paragraphs).toEqual(['3A090.b.1', '3A090.b.2']);
  });

  it('b.2 only: TPP 2,000, PD 4 → 3A090.b.2', () => {
    const c = classify(
      {
        kind: 'integrated-circuit',
        datacenter: true,
        nonPlanarLogicDieAreaMm2: 500,
        performance: [{ precision: 'INT8', bitLength: 8, tops: 250 }],
      },
      AS_OF,
    );
    expect(c.paragraphs).toEqual(['3A090.b.2']);
  });

  it('boundaries: TPP exactly 4,800 is a.1; PD exactly 5.92 is a.2', () => {
    expect(
      classify({ kind: 'integrated-circuit', performance: [{ precision: 'INT8', bitLength: 8, tops: 600 }] }, AS_OF)
        .paragraphs,
    ).toEqual(['3A090.a.1']);
    const c = classify(
      {
        kind: 'integrated-circuit',
        datacenter: true,
        nonPlanarLogicDieAreaMm2: 500,
        performance: [{ precision: 'FP16', bitLength: 16, tops: 185 }],
      },
      AS_OF,
    );
    expect(c.metrics.performanceDensity).toBe(5.92);
    expect(c.paragraphs).toEqual(['3A090.a.2']);
  });

  it('4A090.b for a computer whose best IC meets 3A090.b', () => {
    const c = classify(
      {
        kind: 'computer',
        datacenter: true,
        nonPlanarLogicDieAreaMm2: 790,
        performance: [{ precision: 'FP16', bitLength: 16, tops: 181 }],
      },
      AS_OF,
    );
    expect(c.eccn).toBe('4A090.b');
  });

  it('a computer with a consumer GPU below 4,800 is outside 4A090 (Note 2 via Note 4)', () => {
    const c = classify({ ...spec('nvidia-rtx-4090-d'), kind: 'computer', partId: undefined, name: 'gaming PC' }, AS_OF);
    expect(c.status).toBe('not-listed');
  });
});

describe('classify: .z paragraphs', () => {
  const h100 = spec('nvidia-h100-sxm');
  const zSpec = (eccn: string, base: ItemSpec = h100): ItemSpec => ({
    ...base,
    kind: 'computer',
    partId: undefined,
    name: 'server',
    eccn,
  });

  it('5A992 item with an H100-class IC → 5A992.z (5A992.z.1)', () => {
    const c = classify(zSpec('5A992'), AS_OF);
    expect(c.status).toBe('classified');
    expect(c.eccn).toBe('5A992.z');
    expect(c.paragraphs).toEqual(['5A992.z.1']);
  });

  it('4A004 item at 3A090.b level → 4A004.z.2', () => {
    const b: ItemSpec = {
      kind: 'computer',
      datacenter: true,
      nonPlanarLogicDieAreaMm2: 790,
      performance: [{ precision: 'FP16', bitLength: 16, tops: 181 }],
    };
    expect(classify(zSpec('4A004', b), AS_OF).paragraphs).toEqual(['4A004.z.2']);
  });

  it('5A002: z.x unresolved unless given', () => {
    const c = classify(zSpec('5A002'), AS_OF);
    expect(c.eccn).toBe('5A002.z');
    expect(c.paragraphs).toEqual(['5A002.z.x.a (x = 1..5)']);
    expect(codes(c)).toContain('Z_SUBPARAGRAPH_UNRESOLVED');
    expect(classify(zSpec('5A002.z.3'), AS_OF).paragraphs).toEqual(['5A002.z.3.a']);
  });

  it('Note 4: a consumer IC excluded by Note 2 is excluded from .z too → stays the base ECCN', () => {
    const c = classify(zSpec('5A992', spec('nvidia-rtx-4090-d')), AS_OF);
    expect(c.status).toBe('not-listed');
    expect(c.eccn).toBe('5A992');
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('Note 4');
  });

  it('below 3A090 parameters → stays the base ECCN', () => {
    const c = classify(
      zSpec('4A003', { kind: 'computer', performance: [{ precision: 'FP32', bitLength: 32, tops: 10 }] }),
      AS_OF,
    );
    expect(c).toMatchObject({ status: 'not-listed', eccn: '4A003' });
  });

  it('before 2023-11-17 there are no .z paragraphs', () => {
    const c = classify(zSpec('5A992'), '2023-06-01');
    expect(c).toMatchObject({ status: 'not-listed', eccn: '5A992' });
    expect(codes(c)).toContain('PRE_2023_Z_NOT_MODELLED');
  });

  it('an asserted non-.z ECCN that conflicts with 3A090 is flagged', () => {
    const c = classify({ ...h100, eccn: '3A991' }, AS_OF);
    expect(c.eccn).toBe('3A090.a');
    expect(codes(c)).toContain('ASSERTED_ECCN_CONFLICT');
  });

  it('an IC outside 3A090 keeps an asserted ECCN as not-listed', () => {
    const c = classify({ ...spec('nvidia-h20'), eccn: '3A991.p' }, AS_OF);
    expect(c).toMatchObject({ status: 'not-listed', eccn: '3A991.p' });
  });

  it('other items carry the asserted ECCN, or need it', () => {
    expect(classify({ kind: 'other', eccn: '5A003' }, AS_OF)).toMatchObject({ status: 'not-listed', eccn: '5A003' });
    // A .z base without performance figures: whether .z applies is unknown → needs input, never a guess.
    expect(classify({ kind: 'other', eccn: '5A002' }, AS_OF).needsInput).toEqual([NEEDS_INPUT.performance]);
    expect(classify({ kind: 'other', eccn: 'EAR99' }, AS_OF)).toMatchObject({ status: 'not-listed', eccn: 'EAR99' });
    expect(classify({ kind: 'other' }, AS_OF).needsInput).toEqual([NEEDS_INPUT.assertedEccn]);
  });
});

describe('classify: determinism', () => {
  it('returns equal results for equal input and does not mutate the spec', () => {
    const s = spec('nvidia-h100-sxm');
    const copy = structuredClone(s);
    expect(classify(s, AS_OF)).toEqual(classify(s, AS_OF));
    expect(s).toEqual(copy);
  });
});
