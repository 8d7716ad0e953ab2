/**
 * Classification of AI chips, systems, HBM, SME and model weights under the EAR (15 CFR 774 Supp. 1,
 * ECCNs 3A090, 4A090, the .z paragraphs, 3B001/3B993/3B994 and related SME entries, 4E091).
 * @module
 */

export { CATALOGUE } from './catalogue.data.js';
export { findPart } from './catalogue.js';
export type { CatalogueCategory, CataloguePart } from './catalogue-types.js';
export { classify } from './classify.js';
export { HBM_EXCEPTION_LIMIT, MBD_THRESHOLD, memoryBandwidthDensity } from './hbm.js';
export { TRAINING_OPS_4E091 } from './model-weights.js';
export { NEEDS_INPUT, RESIDUAL_ECCN_COMPUTER, RESIDUAL_ECCN_GENERIC, RESIDUAL_ECCN_IC } from './needs.js';
export { SME_TABLE, type SmeEccn } from './sme-paragraphs.js';
export {
  IO_2022,
  PD_A2,
  PD_B1,
  PD_B2,
  TEXT_VERSION_2022,
  TEXT_VERSION_2023,
  TPP_A1,
  TPP_B1,
  TPP_FLOOR,
} from './three-a-090.js';
export { type PrecisionTpp, performanceDensity, tpp, tppByPrecision } from './tpp.js';
export { Z_TABLE, type ZEntry } from './z-paragraphs.js';
