/**
 * 4E091: "'Parameters' for an artificial intelligence model trained utilizing 10^26 or more 'operations'"
 * (AI Diffusion IFR, 90 FR 4544, effective 2025-01-13). BIS announced non-enforcement on 2025-05-13; the text
 * is still in the CFR and GAO (2026-05-12) says it remains legally in effect. Classified under the text as
 * written, flagged. Published weights are not subject to the EAR (15 CFR 734.7).
 * @module
 */
import type { Classification, ISODate, ItemSpec } from '../types.js';
import { CFR_734_7, ccl, FR_2025_DIFFUSION, GAO26, MAY25 } from './citations.js';
import { DIFFUSION, DIFFUSION_NOT_ENFORCED, onOrAfter } from './dates.js';
import { NEEDS_INPUT, RESIDUAL_ECCN_GENERIC } from './needs.js';
import { ResultBuilder } from './result.js';

export const TRAINING_OPS_4E091 = 1e26;

function sci(n: number): string {
  if (n === 0) return '0';
  const e = Math.floor(Math.log10(n));
  const m = n / 10 ** e;
  return `${Number(m.toFixed(2))} × 10^${e}`;
}

export function classifyModelWeights(spec: ItemSpec, asOf: ISODate): Classification {
  const inForce = onOrAfter(asOf, DIFFUSION);
  const b = new ResultBuilder(
    spec,
    inForce ? '2025-01-13 (4E091; AI Diffusion, 90 FR 4544)' : 'before 2025-01-13 (no 4E091)',
  );
  const ops = spec.modelWeights?.trainingOps;
  const published = spec.modelWeights?.published;
  if (ops !== undefined) b.metrics.trainingOps = ops;
  const entry = ccl('4E091', 'Technical Notes: operations include pre-training and all subsequent training');

  if (!inForce) {
    b.step(
      `4E091 was created by the AI Diffusion IFR effective 2025-01-13; on ${asOf} model weights had no such entry.`,
      FR_2025_DIFFUSION,
    );
    if (published === true) b.step('Published weights are not subject to the EAR in any case.', CFR_734_7);
    return b.build('not-listed', published === true ? null : RESIDUAL_ECCN_GENERIC, []);
  }
  if (onOrAfter(asOf, DIFFUSION_NOT_ENFORCED)) {
    b.flag(
      'AI_DIFFUSION_TEXT_NOT_ENFORCED',
      '4E091 is AI Diffusion text: BIS announced on 2025-05-13 that it will not enforce it and has published no rescission; GAO (2026-05-12) says the non-enforcement is an unsubmitted CRA rule, so the text "remains legally in effect". Classified under the text as written; the determination stage must report both layers.',
      MAY25,
      GAO26,
      FR_2025_DIFFUSION,
    );
  }

  if (ops === undefined) {
    b.need(NEEDS_INPUT.trainingOps);
    b.step('4E091 turns on the number of training operations (10^26 or more), which was not given.', entry);
    return b.needsInputResult();
  }
  if (ops < TRAINING_OPS_4E091) {
    b.step(`Trained with ${sci(ops)} operations < 10^26 → outside 4E091.`, entry);
    if (published === true) {
      b.step('The weights are published, so they are not subject to the EAR either way.', CFR_734_7);
      return b.build('not-listed', null, []);
    }
    b.flag(
      'RESIDUAL_ECCN_UNDETERMINED',
      'Unpublished weights below 10^26 operations are outside 4E091; the reference names no other ECCN for them. Treat as EAR99 unless another entry applies.',
      entry,
    );
    return b.build('not-listed', RESIDUAL_ECCN_GENERIC, []);
  }
  b.step(`Trained with ${sci(ops)} operations ≥ 10^26 → meets the 4E091 parameter.`, entry, FR_2025_DIFFUSION);
  if (published === undefined) {
    b.need(NEEDS_INPUT.published);
    b.step(
      'Whether the weights are published decides whether they are subject to the EAR at all (15 CFR 734.7).',
      CFR_734_7,
    );
    return b.needsInputResult();
  }
  if (published) {
    b.step(
      'The weights are published: published information is not subject to the EAR, so 4E091 does not reach them (Note to 4E091).',
      CFR_734_7,
      ccl('4E091', 'Notes'),
    );
    return b.build('not-listed', null, []);
  }
  b.step(
    'Not published → 4E091. The 4E091 notes also exclude models derived from published weights unless the extra training exceeds 2.5 × 10^25 operations or 25% of the total, and models trained with fewer operations than needed to match the best published model on widely used benchmarks; those exclusions were not evaluated (no facts given).',
    ccl('4E091', 'Notes'),
  );
  b.flag(
    'MODEL_WEIGHTS_EXCLUSIONS_NOT_EVALUATED',
    'The derived-model and "no better than the best published model" exclusions in the 4E091 notes need facts this input does not carry; confirm they do not apply.',
    ccl('4E091', 'Notes'),
  );
  return b.build('classified', '4E091', ['4E091']);
}
