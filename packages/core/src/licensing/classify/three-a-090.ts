/**
 * The 3A090.a/.b performance test (also used for 4A090 and the .z paragraphs), in the text in force on
 * the date: the 2022 text (87 FR 62186: TPP ≥ 4800 AND ≥ 600 GB/s aggregate bidirectional I/O) until
 * 2023-11-16, then the TPP/PD text with Note 2 (88 FR 73458).
 * @module
 */
import type { ISODate, ItemSpec } from '../types.js';
import { CFR_740_8, ccl, FR_2022, FR_2023 } from './citations.js';
import { onOrAfter, TEXT_2023 } from './dates.js';
import { fmt } from './format.js';
import { NEEDS_INPUT } from './needs.js';
import type { ResultBuilder } from './result.js';
import { flagDieAreaUncertainty, flagVendorFigures } from './source-flags.js';
import { bestPrecision, describePrecision, type PrecisionTpp, performanceDensity, tppByPrecision } from './tpp.js';

export const TPP_A1 = 4800;
export const TPP_FLOOR = 1600;
export const TPP_B1 = 2400;
export const PD_A2 = 5.92;
export const PD_B1 = 1.6;
export const PD_B2 = 3.2;
export const IO_2022 = 600;

export const TEXT_VERSION_2022 = '2022-10-07 (3A090 with 600 GB/s I/O prong; 87 FR 62186)';
export const TEXT_VERSION_2023 = '2023-11-17 (TPP/PD; 88 FR 73458)';

export interface AcEvaluation {
  readonly outcome: 'met' | 'not-met' | 'excluded-note2' | 'needs-input';
  readonly level?: 'a' | 'b';
  /** 3A090 paragraphs met, e.g. ["3A090.a.1", "3A090.a.2"]. */
  readonly paragraphs: readonly string[];
  readonly tpp?: number;
  readonly pd?: number;
}

function unit(precision: string): string {
  return /^u?int/i.test(precision.trim()) ? 'TOPS' : 'TFLOPS';
}

function tppFormula(best: PrecisionTpp): string {
  const dense = best.sparse ? `dense: ${fmt(best.statedTops)} sparse ÷ 2` : 'dense';
  return `${fmt(best.denseTops)} ${unit(best.precision)} (${best.precision}, ${dense}) × ${best.bitLength} bits = ${fmt(best.tpp)}`;
}

export function textVersionFor(asOf: ISODate): string {
  return onOrAfter(asOf, TEXT_2023) ? TEXT_VERSION_2023 : TEXT_VERSION_2022;
}

/**
 * Evaluates the 3A090.a/.b parameters for `subject` ("The IC", "The most capable IC in this computer") and
 * records reasoning, metrics, flags and missing inputs in `b`.
 */
export function evaluate3A090(spec: ItemSpec, asOf: ISODate, b: ResultBuilder, subject: string): AcEvaluation {
  const figures = spec.performance ?? [];
  if (figures.length === 0) {
    b.need(NEEDS_INPUT.performance);
    b.step(
      `${subject}: no peak throughput figures were given, so TPP cannot be computed. TPP = 2 × MacTOPS × bit length, taken from the datasheet per precision.`,
      ccl('3A090', 'Technical Note 2 to 3A090.a and .b'),
    );
    return { outcome: 'needs-input', paragraphs: [] };
  }
  const rows = tppByPrecision(figures);
  const best = bestPrecision(rows)!;
  const T = best.tpp;
  b.metrics.tpp = T;
  b.metrics.tppPrecision = best.precision;
  const area = spec.nonPlanarLogicDieAreaMm2;
  const pd = area !== undefined ? performanceDensity(T, area) : undefined;
  if (pd !== undefined) b.metrics.performanceDensity = pd;
  if (spec.aggregateBidirectionalIoGBs !== undefined)
    b.metrics.aggregateBidirectionalIoGBs = spec.aggregateBidirectionalIoGBs;
  if (spec.totalDramBandwidthGBs !== undefined) b.metrics.totalDramBandwidthGBs = spec.totalDramBandwidthGBs;

  b.step(
    `${subject}: TPP per precision (dense TOPS × bit length; sparsity figures halved): ${rows.map(describePrecision).join('; ')}. The highest is ${best.precision} = ${fmt(T)}.`,
    ccl('3A090', 'Technical Note 2 to 3A090.a and .b: highest TPP over bit lengths; dense figures'),
  );
  flagVendorFigures(spec, rows, b);
  if (pd !== undefined) flagDieAreaUncertainty(spec, b);

  return onOrAfter(asOf, TEXT_2023) ? evaluate2023(spec, b, best, T, pd) : evaluate2022(spec, b, best, T);
}

function evaluate2022(spec: ItemSpec, b: ResultBuilder, best: PrecisionTpp, T: number): AcEvaluation {
  const cite = [ccl('3A090.a', '2022 text'), FR_2022];
  if (T < TPP_A1) {
    b.step(
      `TPP = ${tppFormula(best)} < ${fmt(TPP_A1)}: outside 3A090.a as written on 2022-10-07, which needs both bit length × TOPS ≥ 4,800 and ≥ 600 GB/s aggregate bidirectional I/O.`,
      ...cite,
    );
    return { outcome: 'not-met', paragraphs: [], tpp: T };
  }
  const io = spec.aggregateBidirectionalIoGBs;
  b.step(
    `TPP = ${tppFormula(best)} ≥ ${fmt(TPP_A1)}: the performance prong of the 2022 text of 3A090.a is met.`,
    ...cite,
  );
  if (io === undefined) {
    b.need(NEEDS_INPUT.io);
    b.step(
      'The 2022 text also requires an aggregate bidirectional transfer rate over all inputs and outputs (except to volatile memory) of 600 GB/s or more; that rate was not given.',
      ...cite,
    );
    return { outcome: 'needs-input', paragraphs: [], tpp: T };
  }
  if (io < IO_2022) {
    b.step(
      `Aggregate bidirectional I/O = ${fmt(io)} GB/s < 600 GB/s: the I/O prong is not met, so the item is outside 3A090 under the 2022 text (this is how the A800/H800, with NVLink cut to 400 GB/s, escaped until 2023-11-17).`,
      ...cite,
    );
    return { outcome: 'not-met', paragraphs: [], tpp: T };
  }
  b.step(`Aggregate bidirectional I/O = ${fmt(io)} GB/s ≥ 600 GB/s: both prongs met → 3A090.a (2022 text).`, ...cite);
  b.step(
    'The 2022 text has no performance-density test and no datacenter carve-out (Note 2 came with 88 FR 73458 on 2023-11-17).',
    FR_2023,
  );
  return { outcome: 'met', level: 'a', paragraphs: ['3A090.a'], tpp: T };
}

function evaluate2023(
  spec: ItemSpec,
  b: ResultBuilder,
  best: PrecisionTpp,
  T: number,
  pd: number | undefined,
): AcEvaluation {
  const dc = spec.datacenter;
  const area = spec.nonPlanarLogicDieAreaMm2;
  const pdText = pd !== undefined && area !== undefined ? `PD = ${fmt(T)} / ${fmt(area)} mm² = ${fmt(pd)}` : '';
  const note2 = ccl('3A090', 'Note 2 to 3A090.a and .b (datacenter distinction)');

  if (T >= TPP_A1) {
    const paragraphs = ['3A090.a.1'];
    b.step(
      `TPP = ${tppFormula(best)} ≥ ${fmt(TPP_A1)} → 3A090.a.1 (15 CFR 774 Supp. 1, ECCN 3A090.a.1; Technical Note 2).`,
      ccl('3A090.a.1', 'Technical Note 2'),
      FR_2023,
    );
    if (pd !== undefined) {
      if (pd >= PD_A2) paragraphs.push('3A090.a.2');
      b.step(
        pd >= PD_A2
          ? `${pdText} ≥ ${PD_A2} (and TPP ≥ 1,600) → 3A090.a.2 is also met (15 CFR 774 Supp. 1, ECCN 3A090.a.2).`
          : `${pdText} < ${PD_A2}: 3A090.a.2 is not met, which does not matter because a.1 is met.`,
        ccl('3A090.a.2', 'Technical Note 2 (performance density)'),
      );
    } else {
      b.step(
        'PD is unknown (no non-planar logic die area given); it is not needed because 3A090.a.1 is met on TPP alone.',
        ccl('3A090.a.2'),
      );
    }
    if (dc === false) {
      b.step(
        'Not designed or marketed for datacenters, but TPP ≥ 4,800, so Note 2 does not take it out of 3A090.a. License Exceptions NAC/ACA are available in principle for such items ("Yes, for 3A090.a, if the item is not designed or marketed for use in datacenters and has a TPP of 4800 or more").',
        note2,
        CFR_740_8,
      );
    } else if (dc === true) {
      b.step(
        'Designed or marketed for datacenters and meeting 3A090.a: NAC/ACA are not available (15 CFR 740.8 excludes such items).',
        note2,
        CFR_740_8,
      );
    } else {
      b.step(
        'Whether it is designed or marketed for datacenters was not given. It does not change the ECCN (TPP ≥ 4,800), but it decides NAC/ACA eligibility.',
        note2,
        CFR_740_8,
      );
    }
    return { outcome: 'met', level: 'a', paragraphs, tpp: T, ...(pd !== undefined ? { pd } : {}) };
  }

  if (T < TPP_FLOOR) {
    b.step(
      `TPP = ${tppFormula(best)} < ${fmt(TPP_FLOOR)}: below every 3A090.a/.b threshold (a.1 needs 4,800; a.2 and b.2 need 1,600; b.1 needs 2,400). PD is not needed.`,
      ccl('3A090.a'),
      ccl('3A090.b'),
    );
    return { outcome: 'not-met', paragraphs: [], tpp: T, ...(pd !== undefined ? { pd } : {}) };
  }

  b.step(
    `TPP = ${tppFormula(best)}: between 1,600 and 4,800, so 3A090.a.2 and 3A090.b depend on performance density.`,
    ccl('3A090.a.2'),
    ccl('3A090.b'),
  );

  if (dc === false) {
    b.step(
      `Not designed or marketed for datacenters and TPP < 4,800: Note 2 to 3A090.a and .b (15 CFR 774 Supp. 1) says they "do not apply" → outside 3A090 whatever the PD${pd !== undefined ? ` (${pdText})` : ''}.`,
      note2,
      FR_2023,
    );
    return { outcome: 'excluded-note2', paragraphs: [], tpp: T, ...(pd !== undefined ? { pd } : {}) };
  }

  if (pd === undefined) {
    b.need(NEEDS_INPUT.dieArea);
    if (dc === undefined) {
      b.need(NEEDS_INPUT.datacenter);
      flagDatacenterUndefined(b);
      b.step(
        'Either fact can settle this: a non-planar logic die area (for PD), or a statement that the item is not designed or marketed for datacenters (Note 2).',
        note2,
      );
    }
    return { outcome: 'needs-input', paragraphs: [], tpp: T };
  }

  const a2 = pd >= PD_A2;
  const b1 = T >= TPP_B1 && pd >= PD_B1 && pd < PD_A2;
  const b2 = pd >= PD_B2 && pd < PD_A2;
  let level: 'a' | 'b' | undefined;
  let paragraphs: string[] = [];
  if (a2) {
    level = 'a';
    paragraphs = ['3A090.a.2'];
    b.step(
      `${pdText} ≥ ${PD_A2} and TPP ≥ 1,600 → 3A090.a.2.`,
      ccl('3A090.a.2', 'Technical Note 2 (performance density)'),
      FR_2023,
    );
  } else if (b1 || b2) {
    level = 'b';
    paragraphs = [...(b1 ? ['3A090.b.1'] : []), ...(b2 ? ['3A090.b.2'] : [])];
    const why = [
      b1 ? `b.1: 2,400 ≤ TPP < 4,800 and 1.6 ≤ PD < 5.92` : '',
      b2 ? `b.2: TPP ≥ 1,600 and 3.2 ≤ PD < 5.92` : '',
    ].filter(Boolean);
    b.step(
      `${pdText} → 3A090.b (${why.join('; ')}; 15 CFR 774 Supp. 1, ECCN 3A090.b).`,
      ccl('3A090.b', 'Technical Note 2'),
      FR_2023,
    );
  } else {
    const reasons = [
      `a.2 needs PD ≥ ${PD_A2}`,
      `b.1 needs TPP ≥ 2,400 and PD ≥ 1.6 (TPP is ${fmt(T)})`,
      `b.2 needs PD ≥ 3.2`,
    ];
    b.step(`${pdText}: below 3A090.b (${reasons.join('; ')}).`, ccl('3A090.a.2'), ccl('3A090.b.1'), ccl('3A090.b.2'));
    return { outcome: 'not-met', paragraphs: [], tpp: T, pd };
  }

  if (dc === undefined) {
    b.need(NEEDS_INPUT.datacenter);
    flagDatacenterUndefined(b);
    b.step(
      `It would meet ${paragraphs.join(' and ')}, but with TPP < 4,800 Note 2 takes it out of 3A090 unless it is designed or marketed for datacenters, which was not stated.`,
      note2,
    );
    return { outcome: 'needs-input', paragraphs: [], tpp: T, pd };
  }
  b.step(
    level === 'b'
      ? 'Designed or marketed for datacenters: Note 2 does not exclude it. NAC/ACA may be available for 3A090.b items designed or marketed for datacenters.'
      : 'Designed or marketed for datacenters: Note 2 does not exclude it.',
    note2,
    ...(level === 'b' ? [CFR_740_8] : []),
  );
  return { outcome: 'met', level, paragraphs, tpp: T, pd };
}

export function flagDatacenterUndefined(b: ResultBuilder): void {
  b.flag(
    'DATACENTER_UNDEFINED',
    'The EAR does not define "designed or marketed for use in datacenters" (3A090 Note 2). Assert it from the datasheet and marketing material; BIS asks for that evidence in NAC notifications.',
    ccl('3A090', 'Note 2 to 3A090.a and .b'),
    {
      url: 'https://www.bis.gov/licensing/notification-advance-computing-alert',
      note: 'BIS NAC notification guidance',
    },
    { note: 'Stackport reference docs/research/ear-rules.md §8.4 item 3' },
  );
}
