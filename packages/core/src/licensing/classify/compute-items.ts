/**
 * Classification of integrated circuits (3A090.a/.b), computers, assemblies and components (4A090.a/.b),
 * the .z paragraphs of other ECCNs, and `other` items with an asserted ECCN.
 * @module
 */
import type { Classification, ISODate, ItemSpec } from '../types.js';
import { CFR_GP10, ccl, FR_2023, FR_2025_FOUNDRY, FR_2026_REVIEW, MAY25 } from './citations.js';
import { DIFFUSION_NOT_ENFORCED, FOUNDRY_RULE, onOrAfter, REVIEW_2026, TEXT_2023 } from './dates.js';
import { fmt } from './format.js';
import { isNamedPrcIc, thirdPartyLabelFor } from './known-parts.js';
import { NEEDS_INPUT, RESIDUAL_ECCN_COMPUTER, RESIDUAL_ECCN_IC } from './needs.js';
import { ResultBuilder } from './result.js';
import { type AcEvaluation, evaluate3A090, textVersionFor } from './three-a-090.js';
import { parseZBase, type ZBase, zParagraph } from './z-paragraphs.js';

const COMPUTER_NOTE =
  '4A090 covers "computers, electronic assemblies and components containing integrated circuits, any of which meets or exceeds the limits in 3A090.a / 3A090.b"; performance is that of the most capable IC inside.';

export function classifyComputeItem(spec: ItemSpec, asOf: ISODate): Classification {
  const b = new ResultBuilder(spec, textVersionFor(asOf));
  const z = parseZBase(spec.eccn);
  if (z) return classifyZ(spec, asOf, b, z);
  if (spec.kind === 'other') return classifyOther(spec, asOf, b);

  const computer = spec.kind === 'computer';
  const subject = computer ? 'The most capable IC in this computer/assembly' : 'The IC';
  if (computer) b.step(COMPUTER_NOTE, ccl('4A090'));
  const ev = evaluate3A090(spec, asOf, b, subject);
  if (ev.outcome === 'needs-input') return b.needsInputResult();

  const asserted = spec.eccn?.trim();
  if (ev.outcome === 'met' && ev.level) {
    const eccn = `${computer ? '4A090' : '3A090'}.${ev.level}`;
    const paragraphs = computer ? [eccn] : [...ev.paragraphs];
    if (computer) b.step(`It contains an IC meeting ${ev.paragraphs.join(' and ')} → ${eccn}.`, ccl(eccn));
    b.step(
      `Classification: ${eccn} (paragraphs ${paragraphs.join(', ')}).`,
      ccl(eccn),
      ...(onOrAfter(asOf, TEXT_2023) ? [FR_2023] : []),
    );
    if (asserted && !eccn.startsWith(asserted.toUpperCase()) && !asserted.toUpperCase().startsWith(eccn)) {
      b.flag(
        'ASSERTED_ECCN_CONFLICT',
        `The exporter asserted ${asserted}, but the item meets the ${ev.paragraphs.join('/')} parameters, so ${eccn} applies; review the asserted classification.`,
        ccl(eccn),
      );
    }
    afterCompute(spec, asOf, b, ev, eccn);
    return b.build('classified', eccn, paragraphs);
  }

  // Outside 3A090/4A090.
  const residual = asserted || (computer ? RESIDUAL_ECCN_COMPUTER : RESIDUAL_ECCN_IC);
  b.step(
    ev.outcome === 'excluded-note2'
      ? `Outside ${computer ? '4A090' : '3A090'} by Note 2${computer ? ' (Note 4 carries the exclusion to 4A090)' : ''}. Which other entry applies (if any) is for the remaining CCL entries: ${residual}.`
      : `Outside ${computer ? '4A090' : '3A090'}. Which other entry applies (if any) is for the remaining CCL entries: ${residual}.`,
    ccl(computer ? '4A090' : '3A090'),
  );
  if (!asserted) {
    b.flag(
      'RESIDUAL_ECCN_UNDETERMINED',
      `The item is outside ${computer ? '4A090' : '3A090'}; the reference does not say which ECCN then applies. Classify it against the remaining CCL entries (e.g. 3A991, 4A994, 5A992) or EAR99; supply the result as eccn.`,
      ccl(computer ? '4A090' : '3A090'),
    );
  }
  afterCompute(spec, asOf, b, ev, undefined);
  return b.build('not-listed', residual, []);
}

function classifyZ(spec: ItemSpec, asOf: ISODate, b: ResultBuilder, z: ZBase): Classification {
  const base = z.entry.base;
  const asserted = spec.eccn!.trim();
  b.step(
    `The exporter classifies the item under ${asserted}. ${base} has .z paragraphs for commodities that also meet or exceed the 3A090.a or 3A090.b parameters (3A090.c parameters are not used for .z, Note 4).`,
    ccl(`${base}.z`),
    ccl('3A090', 'Note 4'),
  );
  if (!onOrAfter(asOf, TEXT_2023)) {
    b.step(
      `The .z paragraphs were added on 2023-11-17 (88 FR 73458). On ${asOf} the asserted ${asserted} stands; the 2022 text's treatment of such items is not in the reference.`,
      FR_2023,
    );
    b.flag(
      'PRE_2023_Z_NOT_MODELLED',
      `Before 2023-11-17 there were no .z paragraphs; whether a ${base} item with a 3A090-level IC fell in 3A090/4A090 under the 2022 text is not modelled. Check the 2022 text (87 FR 62186).`,
      FR_2023,
    );
    return b.build('not-listed', asserted, []);
  }
  const ev = evaluate3A090(spec, asOf, b, 'The item (its most capable IC)');
  if (ev.outcome === 'needs-input') return b.needsInputResult();
  if (ev.outcome !== 'met' || !ev.level) {
    b.step(
      ev.outcome === 'excluded-note2'
        ? `Note 4: ICs excluded from 3A090 by Note 2 are also excluded from the .z paragraphs → stays ${asserted}.`
        : `It does not meet the 3A090.a or .b parameters → no .z paragraph; stays ${asserted}.`,
      ccl('3A090', 'Note 4'),
    );
    afterCompute(spec, asOf, b, ev, undefined);
    return b.build('not-listed', asserted, []);
  }
  const { paragraph, resolved } = zParagraph(z, ev.level);
  const eccn = `${base}.z`;
  b.step(
    `It meets ${ev.paragraphs.join(' and ')} → ${paragraph} ("commodities specified in ${base} that also meet or exceed the performance parameters in 3A090.${ev.level}").`,
    ccl(eccn),
  );
  if (!resolved) {
    b.flag(
      'Z_SUBPARAGRAPH_UNRESOLVED',
      `${base}.z has sub-paragraphs z.1 to z.${z.entry.count}, each split .a/.b; which z.x applies follows the ${base} paragraph of the item, which the reference does not map. Give eccn as "${base}.z.<x>" to resolve it.`,
      ccl(eccn),
    );
  }
  afterCompute(spec, asOf, b, ev, eccn);
  return b.build('classified', eccn, [paragraph]);
}

function classifyOther(spec: ItemSpec, asOf: ISODate, b: ResultBuilder): Classification {
  const asserted = spec.eccn?.trim();
  if (spec.performance?.length) {
    b.step(
      'Performance figures were given for an item of kind "other". 3A090 applies to integrated circuits and 4A090 to computers, assemblies and components containing them: use one of those kinds, or assert a base ECCN with a .z paragraph.',
      ccl('3A090'),
      ccl('4A090'),
    );
  }
  if (!asserted) {
    b.need(NEEDS_INPUT.assertedEccn);
    return b.needsInputResult();
  }
  b.step(
    `The exporter's classification ${asserted} is carried as given; this module classifies only the advanced computing, HBM, SME and 4E091 entries.`,
  );
  void asOf;
  return b.build('not-listed', asserted, []);
}

/** Information that does not change the ECCN: GP10, foundry presumption, third-party labels, Jan-2026 path. */
function afterCompute(
  spec: ItemSpec,
  asOf: ISODate,
  b: ResultBuilder,
  ev: AcEvaluation,
  eccn: string | undefined,
): void {
  const label = thirdPartyLabelFor(spec);
  if (label && label.label !== eccn) {
    b.flag(
      'THIRD_PARTY_LABEL_CONFLICT',
      `A third-party source labels this item ${label.label}, but the arithmetic gives ${eccn ?? 'no 3A090 paragraph'}${ev.tpp !== undefined ? ` (TPP ${fmt(ev.tpp)}${ev.pd !== undefined ? `, PD ${fmt(ev.pd)}` : ''})` : ''}. The arithmetic is reported; resolve the label before relying on either. ${label.extra}`,
      label.source,
      ...label.extraCitations,
    );
  }

  if (isNamedPrcIc(spec) && onOrAfter(asOf, DIFFUSION_NOT_ENFORCED) && (ev.outcome === 'met' || eccn)) {
    b.flag(
      'GP10_RISK',
      'BIS guidance of 2025-05-13 presumes PRC-designed 3A090 ICs, naming the Huawei Ascend 910B/910C/910D, to have been made in violation of the EAR. Using, selling, transferring, financing or servicing them risks General Prohibition 10 (technical analysis only is not pursued). This is a party/transaction risk, not a licence requirement for the item itself.',
      MAY25,
      CFR_GP10,
    );
  }

  if (
    (spec.kind === 'integrated-circuit' || spec.kind === 'computer') &&
    onOrAfter(asOf, FOUNDRY_RULE) &&
    ev.level !== 'a' &&
    spec.nonPlanarLogicDieAreaMm2 !== undefined
  ) {
    const tc = spec.transistorCountBillions;
    b.flag(
      'FOUNDRY_PRESUMPTION',
      `Information only: this classification uses the designer's figures. A front-end fabricator or OSAT exporting an "applicable advanced logic IC" (16/14 nm or below, or non-planar) must presume it 3A090.a and designed for datacenters (Note 1 to 3A090.a) unless rebutted by an approved/authorized designer's attestation or an aggregated transistor-count attestation (< 30 billion; < 35/40 billion without HBM from 2027/2029)${tc !== undefined ? `; stated transistor count: ${fmt(tc)} billion` : ''}.`,
      ccl('3A090.a', 'Note 1 to 3A090.a'),
      FR_2025_FOUNDRY,
    );
  }

  if (ev.outcome === 'met' && onOrAfter(asOf, REVIEW_2026) && ev.tpp !== undefined) {
    const dram = spec.totalDramBandwidthGBs;
    const inside = ev.tpp < 21000 && dram !== undefined && dram < 6500;
    b.step(
      `For the determination stage: TPP ${fmt(ev.tpp)} ${ev.tpp < 21000 ? '<' : '≥'} 21,000${dram !== undefined ? ` and total DRAM bandwidth ${fmt(dram)} GB/s ${dram < 6500 ? '<' : '≥'} 6,500 GB/s` : ' (total DRAM bandwidth not given)'} → ${inside ? 'within' : dram === undefined && ev.tpp < 21000 ? 'possibly within' : 'outside'} the parameters of the case-by-case review path for China/Macau.`,
      FR_2026_REVIEW,
    );
  }
}
