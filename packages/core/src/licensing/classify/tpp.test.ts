import { describe, expect, it } from 'vitest';
import { performanceDensity, tpp, tppByPrecision } from './tpp.js';

describe('tpp', () => {
  it('is undefined without figures', () => {
    expect(tpp([])).toBeUndefined();
  });

  it('multiplies dense TOPS by bit length (Technical Note 2 worked example: 600 TOPS at 8 bits = 4,800)', () => {
    expect(tpp([{ precision: 'INT8', bitLength: 8, tops: 600 }])).toEqual({ tpp: 4800, precision: 'INT8' });
    expect(tpp([{ precision: 'FP16', bitLength: 16, tops: 300 }])).toEqual({ tpp: 4800, precision: 'FP16' });
  });

  it('halves sparsity figures', () => {
    expect(tpp([{ precision: 'FP8', bitLength: 8, tops: 3958, sparse: true }])).toEqual({
      tpp: 15832,
      precision: 'FP8',
    });
    const [row] = tppByPrecision([{ precision: 'FP8', bitLength: 8, tops: 485, sparse: true }]);
    expect(row).toMatchObject({ statedTops: 485, denseTops: 242.5, sparse: true, tpp: 1940 });
  });

  it('takes the highest TPP over precisions, not the highest TOPS (Gaudi 3: BF16 beats FP8)', () => {
    const r = tpp([
      { precision: 'FP8', bitLength: 8, tops: 1835 },
      { precision: 'BF16', bitLength: 16, tops: 1835 },
    ]);
    expect(r).toEqual({ tpp: 29360, precision: 'BF16' });
  });

  it('keeps the first listed precision on a tie', () => {
    expect(
      tpp([
        { precision: 'FP16', bitLength: 16, tops: 312 },
        { precision: 'INT8', bitLength: 8, tops: 624 },
      ])?.precision,
    ).toBe('FP16');
  });

  it('removes floating-point noise (2,614.9 × 8 = 20,919.2 exactly)', () => {
    expect(tpp([{ precision: 'FP8', bitLength: 8, tops: 2614.9 }])?.tpp).toBe(20919.2);
  });

  it('computes performance density', () => {
    expect(performanceDensity(15832, 814)).toBeCloseTo(19.45, 2);
    expect(performanceDensity(2368, 814)).toBeCloseTo(2.91, 2);
  });
});
