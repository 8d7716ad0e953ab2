/**
 * From verified measurements to spherical caps (reference §7 "Constants").
 *   fromRttKm = minRtt / 2 × v            (no processing-time subtraction: it would only shrink the cap)
 *   marginKm  = positionUncertaintyKm + 0.6 % × fromRttKm   (Earth model: sphere vs WGS84, see EARTH_MODEL_MARGIN)
 *   radiusKm  = fromRttKm + marginKm
 * RTT > 250 ms is dropped as uninformative (geostationary floor 238 ms; such a cap covers most of the globe).
 * @module
 */
import type { Cap, SpeedProfile, VerifiedMeasurement } from '../types.js';
import { assertGeoPoint, C_KM_PER_MS } from './sphere.js';

/** Sound speed bound: c in vacuum (microwave, hollow-core fibre, free-space/LEO links approach c). */
export const SPEED_FACTOR_LIGHT = 1.0;
/** Silica fibre n ≈ 1.467 → 0.682 c, plus margin. NOT sound (faster-than-fibre paths exist). */
export const SPEED_FACTOR_FIBER_UNSOUND = 0.69;
/**
 * Relative Earth-model margin. The sphere R = 6371.0088 km overstates no distance by more than
 * R / M_min − 1 = 6371.0088 / 6335.439 − 1 = 0.56 % (M_min: WGS84 meridian radius of curvature at the equator);
 * east–west arcs are understated (N ≥ 6378 km), which is the safe side. 0.6 % ≥ the reference's "≥ 0.5 %".
 */
export const EARTH_MODEL_MARGIN = 0.006;
/** Minimum RTTs above this are uninformative and dropped (reference §7: geostationary floor 238 ms). */
export const MAX_INFORMATIVE_RTT_MS = 250;

export function speedFactorFor(profile: SpeedProfile = 'light'): number {
  if (profile === 'light') return SPEED_FACTOR_LIGHT;
  if (profile === 'fiber-unsound') return SPEED_FACTOR_FIBER_UNSOUND;
  throw new RangeError(`unknown speed profile ${String(profile)}`);
}

/**
 * Validates one measurement. Invalid RTTs (NaN, ±Infinity, negative) THROW: the verifier shells reject such
 * measurements (`rtt-invalid`) before the geometry; reaching here with one is a programming error, never a verdict.
 */
export function assertMeasurement(m: VerifiedMeasurement): void {
  const rtt = m.minRttMs;
  if (typeof rtt !== 'number' || !Number.isFinite(rtt) || rtt < 0) {
    throw new RangeError(`landmark ${m.landmark.id}: invalid minRttMs ${String(rtt)} (must be finite and ≥ 0)`);
  }
  const u = m.landmark.positionUncertaintyKm;
  if (typeof u !== 'number' || !Number.isFinite(u) || u < 0) {
    throw new RangeError(`landmark ${m.landmark.id}: invalid positionUncertaintyKm ${String(u)}`);
  }
  assertGeoPoint(m.landmark.position, `landmark ${m.landmark.id}`);
}

/** Caps at an explicit speed factor (fraction of c). `capsFor` is the public, profile-based entry. */
export function capsAtSpeed(measurements: readonly VerifiedMeasurement[], speedFactor: number): Cap[] {
  if (!(speedFactor > 0) || !Number.isFinite(speedFactor)) throw new RangeError(`invalid speed factor ${speedFactor}`);
  const v = speedFactor * C_KM_PER_MS;
  const caps: Cap[] = [];
  for (const m of measurements) {
    assertMeasurement(m);
    if (m.minRttMs > MAX_INFORMATIVE_RTT_MS) continue;
    const fromRttKm = (m.minRttMs / 2) * v;
    const marginKm = m.landmark.positionUncertaintyKm + EARTH_MODEL_MARGIN * fromRttKm;
    caps.push({
      landmarkId: m.landmark.id,
      center: { lat: m.landmark.position.lat, lon: m.landmark.position.lon },
      radiusKm: fromRttKm + marginKm,
      fromRttKm,
      marginKm,
    });
  }
  return caps;
}

/**
 * One cap per informative measurement (RTT ≤ 250 ms), in input order.
 * Throws RangeError on NaN / negative / infinite RTTs or invalid positions.
 */
export function capsFor(measurements: readonly VerifiedMeasurement[], profile: SpeedProfile = 'light'): Cap[] {
  return capsAtSpeed(measurements, speedFactorFor(profile));
}
