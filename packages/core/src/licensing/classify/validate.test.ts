import { describe, expect, it } from 'vitest';
import { type ItemSpec, LicensingInputError } from '../types.js';
import { classify } from './index.js';

function err(spec: ItemSpec, asOf = '2026-11-22'): LicensingInputError {
  try {
    classify(spec, asOf);
  } catch (e) {
    if (e instanceof LicensingInputError) return e;
    throw e;
  }
  throw new Error('expected a LicensingInputError');
}
const ic = (extra: Partial<ItemSpec>): ItemSpec => ({ kind: 'integrated-circuit', ...extra });
const fp8 = [{ precision: 'FP8', bitLength: 8, tops: 100 }];

describe('classify: invalid input', () => {
  it('dates: before 2022-10-07 → DATE_OUT_OF_RANGE; malformed → INVALID_DATE', () => {
    expect(err(ic({}), '2022-10-06')).toMatchObject({ code: 'DATE_OUT_OF_RANGE', path: 'asOf' });
    expect(err(ic({}), '2024-02-30').code).toBe('INVALID_DATE');
    expect(err(ic({}), '2024/01/01').code).toBe('INVALID_DATE');
    expect(classify(ic({}), '2022-10-07').status).toBe('needs-input');
  });

  it('negative numbers', () => {
    expect(err(ic({ performance: [{ precision: 'FP8', bitLength: 8, tops: -1 }] }))).toMatchObject({
      code: 'NEGATIVE_VALUE',
      path: 'performance[0].tops',
    });
    expect(err(ic({ performance: fp8, nonPlanarLogicDieAreaMm2: -5 })).code).toBe('NEGATIVE_VALUE');
    expect(err({ kind: 'hbm', hbm: { bandwidthGBs: -1, areaMm2: 100 } }).path).toBe('hbm.bandwidthGBs');
    expect(err({ kind: 'model-weights', modelWeights: { trainingOps: -1 } }).path).toBe('modelWeights.trainingOps');
    expect(err(ic({ aggregateBidirectionalIoGBs: -1 })).path).toBe('aggregateBidirectionalIoGBs');
  });

  it('non-finite numbers and zero areas', () => {
    expect(err(ic({ performance: [{ precision: 'FP8', bitLength: 8, tops: Number.NaN }] })).code).toBe(
      'INVALID_NUMBER',
    );
    expect(err(ic({ performance: fp8, nonPlanarLogicDieAreaMm2: 0 })).code).toBe('INVALID_NUMBER');
    expect(err({ kind: 'hbm', hbm: { bandwidthGBs: 1, areaMm2: 0 } }).code).toBe('INVALID_NUMBER');
  });

  it('bit length must be an integer 1..64', () => {
    for (const bitLength of [0, 65, 8.5, -8]) {
      expect(err(ic({ performance: [{ precision: 'X', bitLength, tops: 1 }] }))).toMatchObject({
        code: 'INVALID_BIT_LENGTH',
        path: 'performance[0].bitLength',
      });
    }
    expect(classify(ic({ performance: [{ precision: 'X', bitLength: 64, tops: 1 }] }), '2026-11-22').status).toBe(
      'not-listed',
    );
  });

  it('contradictory facts', () => {
    expect(err(ic({ performance: [{ precision: 'FP8', bitLength: 16, tops: 100 }] }))).toMatchObject({
      code: 'CONTRADICTORY_FACTS',
      path: 'performance[0].bitLength',
    });
    expect(
      err(
        ic({
          performance: [
            { precision: 'FP8', bitLength: 8, tops: 100 },
            { precision: 'FP8', bitLength: 8, tops: 200 },
          ],
        }),
      ).code,
    ).toBe('CONTRADICTORY_FACTS');
    expect(err({ kind: 'hbm', performance: fp8 }).code).toBe('CONTRADICTORY_FACTS');
    expect(err(ic({ modelWeights: { trainingOps: 1 } })).code).toBe('CONTRADICTORY_FACTS');
    expect(err(ic({ sme: { eccn: '3B001.c' } })).code).toBe('CONTRADICTORY_FACTS');
  });

  it('unknown kind and unknown .z sub-paragraph', () => {
    expect(err({ kind: 'widget' } as unknown as ItemSpec).code).toBe('INVALID_KIND');
    expect(err(ic({ eccn: '5A992.z.3', performance: fp8 })).code).toBe('UNKNOWN_Z_PARAGRAPH');
  });

  it('a sparse and a dense figure for the same precision are not a contradiction, but disagreement is flagged', () => {
    const c = classify(
      ic({
        performance: [
          { precision: 'FP8', bitLength: 8, tops: 1000 },
          { precision: 'FP8', bitLength: 8, tops: 1800, sparse: true },
        ],
      }),
      '2026-11-22',
    );
    expect(c.metrics.tpp).toBe(8000);
    expect(c.flags.map((f) => f.code)).toContain('VENDOR_FIGURES_VARY');
  });
});
