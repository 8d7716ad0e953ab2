/**
 * `classify(spec, asOf)`: pure, deterministic classification of AI chips, systems, HBM, SME and model
 * weights under the EAR as of a date. Throws LicensingInputError for input it cannot reason about.
 * @module
 */
import type { Classification, ISODate, ItemSpec } from '../types.js';
import { classifyComputeItem } from './compute-items.js';
import { checkAsOf } from './dates.js';
import { classifyHbm } from './hbm.js';
import { classifyModelWeights } from './model-weights.js';
import { classifySme } from './sme.js';
import { validateSpec } from './validate.js';

export function classify(spec: ItemSpec, asOf: ISODate): Classification {
  const date = checkAsOf(asOf);
  validateSpec(spec);
  switch (spec.kind) {
    case 'hbm':
      return classifyHbm(spec, date);
    case 'sme':
      return classifySme(spec, date);
    case 'model-weights':
      return classifyModelWeights(spec, date);
    default:
      return classifyComputeItem(spec, date);
  }
}
