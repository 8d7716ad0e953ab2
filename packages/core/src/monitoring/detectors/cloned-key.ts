/**
 * Cloned key: two check-ins of one device inside one check-in window (closer than `cloneWindowFraction` × the
 * expected interval) whose bounding caps are disjoint and too far apart to travel between at `maxSpeedKmh` in the
 * time between them. One physical device cannot be in both regions, so two responders hold the key. Each check-in
 * is compared with the earlier ones in its window. Severity critical.
 * @module
 */
import { capGapKm, capOf } from '../geometry.js';
import { HOUR_MS, toMs } from '../time.js';
import type { Detector, Finding } from '../types.js';

export const detectClonedKey: Detector = (ctx) => {
  const out: Finding[] = [];
  for (const [deviceId, list] of ctx.byDevice) {
    const device = ctx.devices.get(deviceId);
    if (!device) continue;
    const windowMs = ctx.config.cloneWindowFraction * device.expectedCheckInHours * HOUR_MS;
    const times = list.map((c) => toMs(c.at));
    let lo = 0;
    for (let j = 0; j < list.length; j++) {
      const b = list[j]!;
      const tb = times[j]!;
      while (tb - times[lo]! >= windowMs) lo++;
      const cb = capOf(b);
      if (!cb) continue;
      for (let i = lo; i < j; i++) {
        const a = list[i]!;
        const ca = capOf(a);
        if (!ca) continue;
        const gap = capGapKm(ca, cb);
        const dtH = (tb - times[i]!) / HOUR_MS;
        if (gap <= ctx.config.maxSpeedKmh * dtH) continue;
        out.push({
          detector: 'cloned-key',
          severity: 'critical',
          deviceId,
          at: b.at,
          checkInIds: [a.checkInId, b.checkInId],
          facts: { gapKm: Math.round(gap), minutesApart: Math.round(dtH * 60) },
          message: `${deviceId}: one key answered from two disjoint regions ≥ ${Math.round(gap)} km apart, ${Math.round(dtH * 60)} min apart`,
        });
        break;
      }
    }
  }
  return out;
};
