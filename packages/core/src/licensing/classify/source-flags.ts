/**
 * Flags raised from the evidence itself (reference §8.4 items 4 and 5): estimated die areas, vendor figures
 * that disagree, sparse and dense figures that do not match.
 * @module
 */
import type { Citation, ItemSpec } from '../types.js';
import { REF_AMBIGUITIES } from './citations.js';
import type { ResultBuilder } from './result.js';
import type { PrecisionTpp } from './tpp.js';

const ESTIMATE = /estimat/i;
const AREA = /\b(die|area|mm²|mm2)\b/i;
const PERF = /\b(tops|tflops|tpp|performance|precision|fp\d+|int\d+|bf16|tf32)\b/i;
const VARY = /figures? vary|vendor figures|inconsistent|appears erroneous/i;

function sourceText(c: Citation): string {
  return c.note ?? '';
}

/** PD_INPUT_UNCERTAIN when the die area is used and a source says it is an estimate. */
export function flagDieAreaUncertainty(spec: ItemSpec, b: ResultBuilder): void {
  if (spec.nonPlanarLogicDieAreaMm2 === undefined) return;
  const estimated = (spec.sources ?? []).filter((c) => ESTIMATE.test(sourceText(c)) && AREA.test(sourceText(c)));
  if (estimated.length === 0) return;
  b.flag(
    'PD_INPUT_UNCERTAIN',
    `The non-planar logic die area (${spec.nonPlanarLogicDieAreaMm2} mm²) is an estimate; vendors rarely publish die areas, and what counts as a non-planar logic die for chiplets, I/O dies and HBM base dies is unclear. PD is only as good as this input.`,
    { cfr: '15 CFR 774 Supp. 1, ECCN 3A090, Technical Note 2 (applicable die area)' },
    REF_AMBIGUITIES,
    ...estimated,
  );
}

/** VENDOR_FIGURES_VARY when sources say so, when a performance figure is an estimate, or when sparse ≠ 2 × dense. */
export function flagVendorFigures(spec: ItemSpec, rows: readonly PrecisionTpp[], b: ResultBuilder): void {
  const cites = (spec.sources ?? []).filter(
    (c) =>
      VARY.test(sourceText(c)) ||
      (ESTIMATE.test(sourceText(c)) && PERF.test(sourceText(c)) && !AREA.test(sourceText(c))),
  );
  const mismatches: string[] = [];
  for (const s of rows.filter((r) => r.sparse)) {
    const d = rows.find((r) => !r.sparse && r.precision === s.precision && r.bitLength === s.bitLength);
    if (d && Math.abs(d.denseTops - s.denseTops) > 1e-6 * Math.max(1, d.denseTops)) {
      mismatches.push(`${s.precision}: dense ${d.denseTops} vs sparse ${s.statedTops} ÷ 2 = ${s.denseTops}`);
    }
  }
  if (cites.length === 0 && mismatches.length === 0) return;
  const detail = mismatches.length
    ? ` Dense and halved sparse figures disagree (${mismatches.join('; ')}); the higher TPP is used.`
    : '';
  b.flag(
    'VENDOR_FIGURES_VARY',
    `The performance figures vary between sources or are estimates; TPP uses "the highest value the manufacturer claims" (Technical Note 2), so confirm the figures against the current datasheet.${detail}`,
    { cfr: '15 CFR 774 Supp. 1, ECCN 3A090, Technical Note 2' },
    REF_AMBIGUITIES,
    ...cites,
  );
}
