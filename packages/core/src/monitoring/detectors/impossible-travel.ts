/**
 * Impossible travel: two consecutive check-ins (further apart than one clone window) whose bounding caps are
 * provably farther apart than `maxSpeedKmh` × Δt (default 1,000 km/h, an airliner). The cap gap is the minimum
 * distance between any point of one region and any point of the other, so no itinerary explains it: the key answered
 * from two places (cloned key, or a relay swapped in). Severity high.
 * @module
 */
import { capGapKm, capOf } from '../geometry.js';
import { HOUR_MS, toMs } from '../time.js';
import type { Detector, Finding } from '../types.js';

export const detectImpossibleTravel: Detector = (ctx) => {
  const out: Finding[] = [];
  for (const [deviceId, list] of ctx.byDevice) {
    const device = ctx.devices.get(deviceId);
    if (!device) continue;
    const windowMs = ctx.config.cloneWindowFraction * device.expectedCheckInHours * HOUR_MS;
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      const dtMs = toMs(b.at) - toMs(a.at);
      if (dtMs < windowMs) continue; // same window: the cloned-key detector's case
      const ca = capOf(a);
      const cb = capOf(b);
      if (!ca || !cb) continue;
      const gap = capGapKm(ca, cb);
      const reachable = (ctx.config.maxSpeedKmh * dtMs) / HOUR_MS;
      if (gap <= reachable) continue;
      out.push({
        detector: 'impossible-travel',
        severity: 'high',
        deviceId,
        at: b.at,
        checkInIds: [a.checkInId, b.checkInId],
        facts: {
          gapKm: Math.round(gap),
          hours: Math.round((dtMs / HOUR_MS) * 100) / 100,
          reachableKm: Math.round(reachable),
        },
        message: `${deviceId}: regions ≥ ${Math.round(gap)} km apart in ${(dtMs / HOUR_MS).toFixed(1)} h (max ${Math.round(reachable)} km)`,
      });
    }
  }
  return out;
};
