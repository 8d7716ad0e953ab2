/**
 * `runDetectors`: normalise the check-ins (idempotent, order-independent), run every detector, deduplicate.
 * Pure and deterministic: the same input gives the same alerts with the same ids.
 * @module
 */
import { dedupFindings } from './dedup.js';
import { detectClonedKey } from './detectors/cloned-key.js';
import { detectFleetAnomaly } from './detectors/fleet-anomaly.js';
import { detectImpossibleTravel } from './detectors/impossible-travel.js';
import { detectMovedAway } from './detectors/moved-away.js';
import { detectOutOfRegion } from './detectors/out-of-region.js';
import { detectRegionInflation } from './detectors/region-inflation.js';
import { detectSilent } from './detectors/silent.js';
import { detectTamper } from './detectors/tamper.js';
import { prepareMonitoring } from './prepare.js';
import type { Alert, Detector, DetectorName, MonitoringInput } from './types.js';

export const DETECTORS: Readonly<Record<DetectorName, Detector>> = {
  silent: detectSilent,
  'out-of-region': detectOutOfRegion,
  'moved-away': detectMovedAway,
  'region-inflation': detectRegionInflation,
  'impossible-travel': detectImpossibleTravel,
  'cloned-key': detectClonedKey,
  'fleet-anomaly': detectFleetAnomaly,
  tamper: detectTamper,
};

export function runDetectors(input: MonitoringInput, only?: readonly DetectorName[]): Alert[] {
  const ctx = prepareMonitoring(input);
  const names = only ?? (Object.keys(DETECTORS) as DetectorName[]);
  const findings = names.flatMap((n) => DETECTORS[n](ctx));
  return dedupFindings(findings, ctx.config.dedupWindowHours);
}
