/**
 * Dates that change the classification text. The core never reads the clock: every answer is "as of"
 * the date the caller gives.
 * @module
 */
import { type ISODate, LicensingInputError } from '../types.js';

/** First day covered: the Oct-2022 advanced computing IFR (87 FR 62186). */
export const RANGE_START: ISODate = '2022-10-07';
/** 88 FR 73458: TPP/PD test, 3A090.a/.b, Note 2, .z paragraphs. SME IFR 88 FR 73424 the same day. */
export const TEXT_2023: ISODate = '2023-11-17';
/** 89 FR 96790: 3A090.c (HBM), 3B993/3B994, 3D992-3D994, 3E992-3E994. */
export const TEXT_2024: ISODate = '2024-12-02';
/** 89 FR 96790 compliance date for most HBM-related amendments. */
export const HBM_COMPLIANCE: ISODate = '2024-12-31';
/** 90 FR 4544: AI Diffusion IFR (4E091). */
export const DIFFUSION: ISODate = '2025-01-13';
/** 90 FR 5298: foundry due-diligence rule (Note 1 to 3A090.a). */
export const FOUNDRY_RULE: ISODate = '2025-01-16';
/** BIS announces non-enforcement of AI Diffusion; GP10 guidance on PRC 3A090 ICs. */
export const DIFFUSION_NOT_ENFORCED: ISODate = '2025-05-13';
/** 91 FR 1684: case-by-case path for TPP < 21,000 and total DRAM bandwidth < 6,500 GB/s. */
export const REVIEW_2026: ISODate = '2026-01-15';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks `YYYY-MM-DD` (a real calendar day) and the supported range; throws LicensingInputError. */
export function checkAsOf(asOf: unknown): ISODate {
  if (typeof asOf !== 'string')
    throw new LicensingInputError('INVALID_DATE', 'asOf', 'asOf must be a YYYY-MM-DD string');
  const m = ISO.exec(asOf);
  if (!m) throw new LicensingInputError('INVALID_DATE', 'asOf', `asOf "${asOf}" is not a YYYY-MM-DD date`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw new LicensingInputError('INVALID_DATE', 'asOf', `asOf "${asOf}" is not a calendar date`);
  }
  if (asOf < RANGE_START) {
    throw new LicensingInputError(
      'DATE_OUT_OF_RANGE',
      'asOf',
      `asOf ${asOf} is before ${RANGE_START}, the first day of the advanced computing rules (87 FR 62186); classification is not supported before it`,
    );
  }
  return asOf;
}

/** ISO dates compare as strings. */
export function onOrAfter(asOf: ISODate, date: ISODate): boolean {
  return asOf >= date;
}
