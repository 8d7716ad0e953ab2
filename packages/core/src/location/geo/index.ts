/**
 * Location geometry and verdict for chip location verification (docs/location-geometry.md).
 * Pure and deterministic; the only I/O is the one-time load of the bundled Natural Earth 50m TopoJSON.
 * @module
 */
export {
  assertMeasurement,
  capsAtSpeed,
  capsFor,
  EARTH_MODEL_MARGIN,
  MAX_INFORMATIVE_RTT_MS,
  SPEED_FACTOR_FIBER_UNSOUND,
  SPEED_FACTOR_LIGHT,
  speedFactorFor,
} from './caps.js';
export { COUNTRY_MARGIN_KM, countriesAt, countryRaster, NAME_OVERRIDES } from './countries.js';
export type { Cover } from './cover.js';
export {
  countriesTouched,
  coverContains,
  locate,
  locateCaps,
  MAX_ROBUSTNESS_SUBSETS,
  regionCover,
} from './locate.js';
export type { InconsistentPair, SelfCheckLandmark, SelfCheckResult, SuspectLandmark } from './selfcheck.js';
export { landmarkSelfCheck } from './selfcheck.js';
export { C_KM_PER_MS, EARTH_RADIUS_KM, greatCircleKm } from './sphere.js';
