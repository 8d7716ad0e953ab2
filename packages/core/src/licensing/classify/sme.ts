/**
 * SME and its parts (3B001, 3B002, 3B99x, 3D99x, 3E99x). The exporter asserts the paragraph; classification
 * checks it against the table of known paragraphs and dates, records FDP-relevant facts (US-origin IC content:
 * SME FDP Note 7, FN5 FDP Note 3, Red Flag 26) and flags the sub-system control gap.
 * @module
 */
import { type Classification, type ISODate, type ItemSpec, LicensingInputError } from '../types.js';
import { AI_ACTION_PLAN, ccl } from './citations.js';
import { onOrAfter } from './dates.js';
import { NEEDS_INPUT, RESIDUAL_ECCN_GENERIC } from './needs.js';
import { ResultBuilder } from './result.js';
import { lookupSmeParagraph, SME_TABLE } from './sme-paragraphs.js';

const FDP_CITES = [
  { cfr: '15 CFR 734.9(k)', note: 'SME FDP, Note 7 (items containing an IC made by a covered plant)' },
  { cfr: '15 CFR 734.9(e)(3)', note: 'Footnote 5 FDP, Note 3' },
  { cfr: '15 CFR 734.4(a)(8)-(9)', note: 'zero de minimis for SME containing a US-origin IC' },
  { cfr: '15 CFR 732 Supp. 3, Red Flag 26' },
];

export function classifySme(spec: ItemSpec, asOf: ISODate): Classification {
  const b = new ResultBuilder(spec, 'SME paragraphs as in force on the date (2023-11-17 and 2024-12-02 structures)');
  const asserted = (spec.sme?.eccn ?? spec.eccn)?.trim();
  const sub = spec.sme?.subsystem === true;

  if (!asserted) {
    b.need(NEEDS_INPUT.smeEccn);
    b.step(
      'SME is classified by the paragraph the exporter determines from the tool specification; none was given.',
      ccl('3B001'),
      ccl('3B993'),
    );
    return b.needsInputResult();
  }

  if (/^EAR99$/i.test(asserted)) {
    b.step('The exporter classifies this SME item as EAR99 (no CCL entry).');
    if (sub) flagSubsystem(b, false, asserted);
    recordIc(spec, b);
    return b.build('not-listed', 'EAR99', []);
  }

  const match = lookupSmeParagraph(asserted);
  if (!match) {
    throw new LicensingInputError(
      'UNKNOWN_SME_PARAGRAPH',
      spec.sme?.eccn ? 'sme.eccn' : 'eccn',
      `${asserted} is not an SME paragraph known to the reference (known: ${SME_TABLE.map((e) => e.eccn).join(', ')} and their named sub-paragraphs, e.g. 3B001.c, 3B993.f.1). Assert the ECCN heading if the paragraph is not listed.`,
    );
  }
  const { entry, paragraph } = match;
  if (!onOrAfter(asOf, entry.validFrom) || (entry.validTo && onOrAfter(asOf, entry.validTo))) {
    b.step(
      entry.validTo
        ? `${entry.eccn} existed from ${entry.validFrom} to ${entry.validTo} (exclusive); on ${asOf} it is not in the CCL. ${entry.controls}`
        : `${entry.eccn} took effect on ${entry.validFrom}; on ${asOf} it did not exist, so ${paragraph} cannot apply. Classify the item under the text in force then (e.g. 3B001, 3B991/3B992 or EAR99).`,
      ...entry.citations,
    );
    b.flag(
      'SME_ECCN_NOT_IN_FORCE',
      `${paragraph} is not in the CCL on ${asOf}; the classification must be redone against the text in force on that date.`,
      ...entry.citations,
    );
    recordIc(spec, b);
    return b.build('not-listed', RESIDUAL_ECCN_GENERIC, []);
  }

  b.step(
    `The exporter classifies the item under ${paragraph}: ${entry.summary}. ${entry.controls}`,
    ...entry.citations,
  );
  if (match.undescribed) {
    b.flag(
      'SME_PARAGRAPH_NOT_DESCRIBED',
      `${paragraph} is a paragraph of ${entry.eccn} that the reference does not describe; it is accepted as asserted but not checked.`,
      ccl(entry.eccn),
    );
  }
  const changed = (entry.amended ?? []).filter((d) => asOf < d);
  if (changed.length) {
    b.flag(
      'SME_TEXT_VERSION',
      `${entry.eccn} was amended on ${changed.join(' and ')}; the reference describes the current structure. Confirm ${paragraph} existed with this scope on ${asOf}.`,
      ...entry.citations,
    );
  }
  if (sub) flagSubsystem(b, entry.coversSpeciallyDesignedComponents, paragraph);
  recordIc(spec, b);
  return b.build('classified', paragraph, [paragraph]);
}

function recordIc(spec: ItemSpec, b: ResultBuilder): void {
  const ic = spec.sme?.containsUsIc;
  if (ic === true) {
    b.step(
      'Contains at least one US-origin integrated circuit: relevant to the SME FDP (Note 7), the Footnote 5 FDP (Note 3), zero de minimis for SME and Red Flag 26 (a 3B item containing an IC). The determination stage applies these.',
      ...FDP_CITES,
    );
  } else if (ic === false) {
    b.step(
      'Contains no US-origin integrated circuit (as stated): the IC-content prongs of the SME/FN5 FDP and Red Flag 26 are not triggered by IC content.',
      ...FDP_CITES,
    );
  } else {
    b.flag(
      'SME_IC_CONTENT_UNKNOWN',
      'Whether the item contains a US-origin integrated circuit was not stated; the SME FDP (Note 7), FN5 FDP (Note 3), zero de minimis and Red Flag 26 turn on it.',
      ...FDP_CITES,
    );
  }
}

function flagSubsystem(b: ResultBuilder, headingCovers: boolean, paragraph: string): void {
  b.flag(
    'SUBSYSTEM_CONTROL_GAP',
    headingCovers
      ? `Sub-system/component: caught by ${paragraph} only if it is "specially designed" for the listed equipment (the heading covers such components). The AI Action Plan (2025-07-23) notes that many component sub-systems are not controlled; confirm the "specially designed" analysis (15 CFR 772.1). §744.23(a)(4) can still reach items for developing or producing SME in Macau/D:5.`
      : `Sub-system/component classified ${paragraph}: the AI Action Plan (2025-07-23) notes that the US and allies "do not control many of the component sub-systems"; today's CCL catches parts only where a heading says "specially designed components" (3B001, 3B993, 3B994) or through §744.23(a)(4) end-use controls. New controls may follow.`,
    AI_ACTION_PLAN,
    ccl('3B001'),
    ccl('3B993'),
    { cfr: '15 CFR 744.23(a)(4)' },
  );
}
