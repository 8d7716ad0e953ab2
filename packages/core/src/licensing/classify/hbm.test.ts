import { describe, expect, it } from 'vitest';
import { classify, findPart, NEEDS_INPUT, RESIDUAL_ECCN_GENERIC } from './index.js';

const hbm3e = findPart('skhynix-hbm3e-12h-36gb')!.spec;
const codes = (c: { flags: readonly { code: string }[] }) => c.flags.map((f) => f.code);

describe('3A090.c HBM', () => {
  it('12-high HBM3E (1,228.8 GB/s over an estimated 121 mm²) is 3A090.c from 2024-12-02, density recorded', () => {
    const c = classify(hbm3e, '2026-11-22');
    expect(c).toMatchObject({ status: 'classified', eccn: '3A090.c', paragraphs: ['3A090.c'] });
    expect(c.metrics.memoryBandwidthDensityGBsPerMm2).toBeCloseTo(10.16, 2);
    expect(codes(c)).toContain('MBD_INPUT_UNCERTAIN');
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('above the density limit of License Exception HBM');
  });

  it('was not 3A090.c before 2024-12-02 (density still recorded)', () => {
    const c = classify(hbm3e, '2024-12-01');
    expect(c).toMatchObject({ status: 'not-listed', eccn: RESIDUAL_ECCN_GENERIC });
    expect(c.metrics.memoryBandwidthDensityGBsPerMm2).toBeCloseTo(10.16, 2);
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('89 FR 96790');
  });

  it('flags the compliance window 2024-12-02 .. 2024-12-30', () => {
    expect(codes(classify(hbm3e, '2024-12-02'))).toContain('COMPLIANCE_DATE_PENDING');
    expect(codes(classify(hbm3e, '2024-12-31'))).not.toContain('COMPLIANCE_DATE_PENDING');
  });

  it('density must be greater than 2: exactly 2 is outside', () => {
    const c = classify({ kind: 'hbm', hbm: { bandwidthGBs: 200, areaMm2: 100 } }, '2026-11-22');
    expect(c.status).toBe('not-listed');
    expect(c.metrics.memoryBandwidthDensityGBsPerMm2).toBe(2);
  });

  it('records a density below 3.3 as within the License Exception HBM limit', () => {
    const c = classify({ kind: 'hbm', hbm: { bandwidthGBs: 300, areaMm2: 100 } }, '2026-11-22');
    expect(c.eccn).toBe('3A090.c');
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('within the density limit of License Exception HBM');
  });

  it('needs bandwidth and area', () => {
    const c = classify({ kind: 'hbm', hbm: { bandwidthGBs: 1000 } }, '2026-11-22');
    expect(c.status).toBe('needs-input');
    expect(c.needsInput).toEqual([NEEDS_INPUT.hbmArea]);
    expect(classify({ kind: 'hbm' }, '2026-11-22').needsInput).toEqual([NEEDS_INPUT.hbmBandwidth, NEEDS_INPUT.hbmArea]);
  });
});
