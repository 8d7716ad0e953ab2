/**
 * Moved away: the region provably excludes the licensed site. Either the verifier says so
 * (`licensedSiteInRegion === false`, exact over the cell cover) or the bounding cap does:
 * distance(site, cap centre) > cap radius + site radius. The message says whether the previous check-in still
 * admitted the site (a move between check-ins). Severity high.
 * @module
 */
import { capOf, siteGapKm } from '../geometry.js';
import type { CheckIn, Detector, Finding } from '../types.js';

export const detectMovedAway: Detector = (ctx) => {
  const out: Finding[] = [];
  for (const [deviceId, list] of ctx.byDevice) {
    const device = ctx.devices.get(deviceId);
    if (!device) continue;
    let prev: CheckIn | undefined;
    let prevExcluded = false;
    for (const c of list) {
      const cap = capOf(c);
      const gap = cap ? siteGapKm(cap, device.licensedSite) : 0;
      const excluded = c.region.licensedSiteInRegion === false || gap > 0;
      if (excluded) {
        const moved = prev !== undefined && !prevExcluded;
        out.push({
          detector: 'moved-away',
          severity: 'high',
          deviceId,
          at: c.at,
          checkInIds: moved && prev ? [prev.checkInId, c.checkInId] : [c.checkInId],
          facts: {
            siteGapKm: Math.round(gap),
            licensedSiteInRegion: c.region.licensedSiteInRegion === false ? false : 'unknown-or-true',
            movedSincePrevious: moved,
          },
          message: `${deviceId}: region excludes the licensed site ${device.licensedSite.label ?? device.licensedSite.country}${gap > 0 ? ` by ≥ ${Math.round(gap)} km` : ''}${moved ? ' (it did not at the previous check-in)' : ''}`,
        });
      }
      prev = c;
      prevExcluded = excluded;
    }
  }
  return out;
};
