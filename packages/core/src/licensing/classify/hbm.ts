/**
 * 3A090.c: "High bandwidth memory (HBM) having a 'memory bandwidth density' greater than 2 GB/s/mm²"
 * (89 FR 96790, effective 2024-12-02). Density = bandwidth (GB/s) ÷ package or stack area (mm²); the package
 * if the stack is packaged (Technical Note 1 to 3A090.c). License Exception HBM (§740.25) needs < 3.3.
 * @module
 */
import type { Classification, ISODate, ItemSpec } from '../types.js';
import { CFR_740_25, ccl, FR_2024, REF_AMBIGUITIES } from './citations.js';
import { HBM_COMPLIANCE, onOrAfter, TEXT_2024 } from './dates.js';
import { clean, fmt } from './format.js';
import { NEEDS_INPUT, RESIDUAL_ECCN_GENERIC } from './needs.js';
import { ResultBuilder } from './result.js';

export const MBD_THRESHOLD = 2;
export const HBM_EXCEPTION_LIMIT = 3.3;

export function memoryBandwidthDensity(bandwidthGBs: number, areaMm2: number): number {
  return clean(bandwidthGBs / areaMm2);
}

export function classifyHbm(spec: ItemSpec, asOf: ISODate): Classification {
  const inForce = onOrAfter(asOf, TEXT_2024);
  const b = new ResultBuilder(
    spec,
    inForce ? '2024-12-02 (3A090.c HBM; 89 FR 96790)' : 'before 2024-12-02 (no 3A090.c)',
  );
  const bw = spec.hbm?.bandwidthGBs;
  const area = spec.hbm?.areaMm2;
  const tn = ccl('3A090.c', 'Technical Note 1 to 3A090.c (memory bandwidth density)');
  let density: number | undefined;
  if (bw !== undefined && area !== undefined) {
    density = memoryBandwidthDensity(bw, area);
    b.metrics.memoryBandwidthDensityGBsPerMm2 = density;
    b.step(`Memory bandwidth density = ${fmt(bw)} GB/s ÷ ${fmt(area)} mm² = ${fmt(density)} GB/s/mm².`, tn);
    const est = (spec.sources ?? []).filter((c) => /estimat/i.test(c.note ?? '') && /area|mm/i.test(c.note ?? ''));
    if (est.length) {
      b.flag(
        'MBD_INPUT_UNCERTAIN',
        `The package/stack area (${fmt(area)} mm²) is an estimate, not a datasheet figure; the density is only as good as this input.`,
        tn,
        REF_AMBIGUITIES,
        ...est,
      );
    }
  }

  if (!inForce) {
    b.step(
      `3A090.c was added by 89 FR 96790, effective 2024-12-02. On ${asOf} HBM stacks were not in 3A090.c; which entry applied is for the CCL text in force then.`,
      FR_2024,
    );
    return b.build('not-listed', RESIDUAL_ECCN_GENERIC, []);
  }
  if (bw === undefined) b.need(NEEDS_INPUT.hbmBandwidth);
  if (area === undefined) b.need(NEEDS_INPUT.hbmArea);
  if (density === undefined) {
    b.step(
      '3A090.c turns on memory bandwidth density, which needs both the bandwidth and the package or stack area.',
      tn,
    );
    return b.needsInputResult();
  }
  b.step(
    'Technical Note 1 to 3A090.c covers DRAM stacks whether or not they conform to JEDEC standards, and excludes co-packaged HBM and logic where the dominant function is processing (classify that as an IC instead).',
    tn,
  );
  if (density <= MBD_THRESHOLD) {
    b.step(`${fmt(density)} GB/s/mm² is not greater than 2 → outside 3A090.c.`, ccl('3A090.c'));
    b.flag(
      'RESIDUAL_ECCN_UNDETERMINED',
      'The stack is outside 3A090.c; the reference does not say which ECCN then applies. Classify it against the remaining CCL entries or EAR99.',
      ccl('3A090.c'),
    );
    return b.build('not-listed', RESIDUAL_ECCN_GENERIC, []);
  }
  b.step(
    `${fmt(density)} GB/s/mm² > 2 → 3A090.c. (BIS: "All HBM stacks currently in production exceed this threshold.")`,
    ccl('3A090.c'),
    FR_2024,
  );
  b.step(
    density < HBM_EXCEPTION_LIMIT
      ? `For the determination stage: ${fmt(density)} < 3.3 GB/s/mm², within the density limit of License Exception HBM (its other conditions apply).`
      : `For the determination stage: ${fmt(density)} ≥ 3.3 GB/s/mm², above the density limit of License Exception HBM, which is therefore not available.`,
    CFR_740_25,
  );
  if (!onOrAfter(asOf, HBM_COMPLIANCE)) {
    b.flag(
      'COMPLIANCE_DATE_PENDING',
      `3A090.c is effective from 2024-12-02 but 89 FR 96790 set 2024-12-31 as the compliance date for most HBM-related amendments; ${asOf} is in between.`,
      FR_2024,
    );
  }
  return b.build('classified', '3A090.c', ['3A090.c']);
}
