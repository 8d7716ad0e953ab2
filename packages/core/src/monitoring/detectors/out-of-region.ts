/**
 * Out of region: the verifier's verdict was VIOLATION (the region cannot meet the licensed site, or lies wholly in
 * countries of concern). The location module proved it; this detector only surfaces it. Severity critical.
 * @module
 */
import type { Detector, Finding } from '../types.js';

export const detectOutOfRegion: Detector = (ctx) => {
  const out: Finding[] = [];
  for (const c of ctx.all) {
    if (c.verdict !== 'VIOLATION') continue;
    out.push({
      detector: 'out-of-region',
      severity: 'critical',
      deviceId: c.deviceId,
      at: c.at,
      checkInIds: [c.checkInId],
      facts: {
        verdict: c.verdict,
        countriesTouched: c.region.countriesTouched.join(' '),
        boundingRadiusKm: Math.round(c.region.boundingRadiusKm),
      },
      message: `${c.deviceId}: location verdict VIOLATION (region touches ${c.region.countriesTouched.join(', ') || 'no country'})`,
    });
  }
  return out;
};
