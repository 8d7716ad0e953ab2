/** End-use monitoring (issue 5): pure detectors, deduplication, chunked passes and alert merging, cases, registry CSV, fleet simulator, scoring. @module */
export type { CaseStatus, TransitionCheck } from './cases.js';
export { allowedCaseTransitions, CASE_STATUSES, checkCaseTransition } from './cases.js';
export { alertId, dedupFindings } from './dedup.js';
export { detectClonedKey } from './detectors/cloned-key.js';
export { detectFleetAnomaly } from './detectors/fleet-anomaly.js';
export { detectImpossibleTravel } from './detectors/impossible-travel.js';
export { detectMovedAway } from './detectors/moved-away.js';
export { detectOutOfRegion } from './detectors/out-of-region.js';
export { detectRegionInflation } from './detectors/region-inflation.js';
export { detectSilent } from './detectors/silent.js';
export { detectTamper } from './detectors/tamper.js';
export type { Evaluation, KindScore } from './evaluate.js';
export { evaluateDetection } from './evaluate.js';
export type { BoundingCap } from './geometry.js';
export { capGapKm, capOf, capWithin, destinationPoint, siteGapKm } from './geometry.js';
export type { AlertMerge, AwayCheckIn, MergeableAlert } from './pass.js';
export {
  detectAcrossFleet,
  detectChunk,
  mergeAlerts,
  PER_DEVICE_DETECTORS,
  passLookbackHours,
  silentAfter,
} from './pass.js';
export type { Place } from './places.js';
export { DATA_CENTRE_CITIES, DIVERSION_DESTINATIONS } from './places.js';
export { compareCheckIns, normaliseCheckIns, prepareMonitoring } from './prepare.js';
export type { Rng } from './prng.js';
export { mulberry32 } from './prng.js';
export type { RegistryColumn, RegistryParse, RegistryProblem, RegistryRecord } from './registry-csv.js';
export { formatRegistryCsv, parseRegistryCsv, REGISTRY_COLUMNS } from './registry-csv.js';
export { DETECTORS, runDetectors } from './run.js';
export type {
  BatchRefusal,
  BatchVerification,
  SignedCheckInBatch,
  UnsignedCheckInBatch,
  VerifierKey,
} from './signed-batch.js';
export {
  BATCH_CLOCK_SKEW_MS,
  CHECK_IN_BATCH_FORMAT,
  checkInBatchDigest,
  checkInBatchSigningBytes,
  isSignedBatchClaim,
  MAX_BATCH_CHECK_INS,
  SignedCheckInBatchSchema,
  signCheckInBatch,
  verifyCheckInBatch,
} from './signed-batch.js';
export type { InjectedEvent, InjectedKind, Simulation, SimulationOptions } from './simulate.js';
export { DIVERSION_KINDS, INJECTED_KINDS, simulateFleet, summariseSimulatedRegion } from './simulate.js';
export * from './types.js';
