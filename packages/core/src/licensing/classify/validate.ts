/**
 * Input checks. Classification refuses input it cannot reason about (negative or non-finite numbers,
 * bit lengths outside 1..64, contradictory facts) with a LicensingInputError naming the field.
 * @module
 */
import { type ItemKind, type ItemSpec, LicensingInputError } from '../types.js';

const KINDS: readonly ItemKind[] = ['integrated-circuit', 'computer', 'hbm', 'sme', 'model-weights', 'other'];

/** Precision names whose multiply-input bit length is fixed. TF32 is left open (19 or 32 are both used). */
const FIXED_BITS: Readonly<Record<string, number>> = {
  FP4: 4,
  MXFP4: 4,
  NVFP4: 4,
  INT4: 4,
  FP6: 6,
  MXFP6: 6,
  FP8: 8,
  MXFP8: 8,
  INT8: 8,
  E4M3: 8,
  E5M2: 8,
  FP16: 16,
  BF16: 16,
  INT16: 16,
  FP32: 32,
  FP64: 64,
};

function bad(code: string, path: string, message: string): never {
  throw new LicensingInputError(code, path, message);
}

function checkNumber(value: unknown, path: string, opts: { positive?: boolean } = {}): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value))
    bad('INVALID_NUMBER', path, `${path} must be a finite number`);
  if (value < 0) bad('NEGATIVE_VALUE', path, `${path} must not be negative (got ${value})`);
  if (opts.positive && value === 0) bad('INVALID_NUMBER', path, `${path} must be greater than zero`);
}

/** Normalised precision name for the fixed-bit table: "FP8 (E4M3)" → "FP8", "fp16 tensor" → "FP16". */
function precisionKey(p: string): string {
  return (
    p
      .trim()
      .toUpperCase()
      .split(/[\s(/]/)[0] ?? ''
  ).replace(/[^A-Z0-9]/g, '');
}

export function validateSpec(spec: ItemSpec): void {
  if (spec === null || typeof spec !== 'object') bad('INVALID_SPEC', 'spec', 'spec must be an object');
  if (!KINDS.includes(spec.kind)) bad('INVALID_KIND', 'kind', `kind must be one of ${KINDS.join(', ')}`);

  const dense = new Map<string, number>();
  spec.performance?.forEach((f, i) => {
    const p = `performance[${i}]`;
    if (typeof f?.precision !== 'string' || f.precision.trim() === '')
      bad('INVALID_PRECISION', `${p}.precision`, `${p}.precision must be a non-empty string`);
    if (!Number.isInteger(f.bitLength) || f.bitLength < 1 || f.bitLength > 64) {
      bad(
        'INVALID_BIT_LENGTH',
        `${p}.bitLength`,
        `${p}.bitLength must be an integer from 1 to 64 (got ${String(f.bitLength)})`,
      );
    }
    if (f.tops === undefined) bad('INVALID_NUMBER', `${p}.tops`, `${p}.tops is required`);
    checkNumber(f.tops, `${p}.tops`);
    const expected = FIXED_BITS[precisionKey(f.precision)];
    if (expected !== undefined && expected !== f.bitLength) {
      bad(
        'CONTRADICTORY_FACTS',
        `${p}.bitLength`,
        `${p}: ${f.precision} has ${expected}-bit inputs, not ${f.bitLength}`,
      );
    }
    if (!f.sparse) {
      const key = `${f.precision.trim().toUpperCase()}|${f.bitLength}`;
      const prior = dense.get(key);
      if (prior !== undefined && prior !== f.tops) {
        bad(
          'CONTRADICTORY_FACTS',
          `${p}.tops`,
          `${p}: two different dense figures for ${f.precision} (${prior} and ${f.tops})`,
        );
      }
      dense.set(key, f.tops);
    }
  });

  checkNumber(spec.nonPlanarLogicDieAreaMm2, 'nonPlanarLogicDieAreaMm2', { positive: true });
  checkNumber(spec.aggregateBidirectionalIoGBs, 'aggregateBidirectionalIoGBs');
  checkNumber(spec.totalDramBandwidthGBs, 'totalDramBandwidthGBs');
  checkNumber(spec.transistorCountBillions, 'transistorCountBillions');
  checkNumber(spec.hbm?.bandwidthGBs, 'hbm.bandwidthGBs');
  checkNumber(spec.hbm?.areaMm2, 'hbm.areaMm2', { positive: true });
  checkNumber(spec.modelWeights?.trainingOps, 'modelWeights.trainingOps');

  if (spec.datacenter !== undefined && typeof spec.datacenter !== 'boolean')
    bad('INVALID_SPEC', 'datacenter', 'datacenter must be a boolean');

  // Facts that cannot both be true.
  if (spec.kind === 'hbm' && spec.performance?.length) {
    bad(
      'CONTRADICTORY_FACTS',
      'performance',
      'an HBM stack has no processing units: give it kind integrated-circuit if it is co-packaged logic',
    );
  }
  if (spec.kind === 'model-weights' && (spec.performance?.length || spec.hbm || spec.sme)) {
    bad('CONTRADICTORY_FACTS', 'kind', 'model weights cannot carry hardware facts (performance, hbm, sme)');
  }
  if (spec.kind !== 'model-weights' && spec.modelWeights) {
    bad(
      'CONTRADICTORY_FACTS',
      'modelWeights',
      `modelWeights is only meaningful for kind model-weights (got ${spec.kind})`,
    );
  }
  if (spec.kind !== 'sme' && spec.sme?.eccn) {
    bad('CONTRADICTORY_FACTS', 'sme.eccn', `sme.eccn is only meaningful for kind sme (got ${spec.kind})`);
  }
  if (
    spec.kind === 'sme' &&
    spec.eccn &&
    spec.sme?.eccn &&
    spec.eccn.trim().toUpperCase() !== spec.sme.eccn.trim().toUpperCase()
  ) {
    bad('CONTRADICTORY_FACTS', 'eccn', `eccn ${spec.eccn} and sme.eccn ${spec.sme.eccn} disagree`);
  }
}
