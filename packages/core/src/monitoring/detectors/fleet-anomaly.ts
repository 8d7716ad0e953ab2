/**
 * Fleet anomaly: at least `fleetMinDevices` devices of at least `fleetMinLicensees` licensees whose regions each
 * provably exclude their own licensed site, and whose bounding caps all lie inside one disc of
 * `fleetAreaRadiusKm` (centred on the newest such check-in's cap), within `fleetWindowHours`. Devices of unrelated
 * licensees converging on one area away from their sites is the pattern of a diversion hub. Kept deliberately
 * simple: one anchor per check-in, a disc test, no clustering. The finding is for the anchor's device (with the whole
 * group as evidence): each member is flagged at its own next check-in, so the work stays linear in the group size
 * per check-in rather than quadratic. Severity critical.
 * @module
 */
import { type BoundingCap, capOf, capWithin, siteGapKm } from '../geometry.js';
import { HOUR_MS, toMs } from '../time.js';
import type { CheckIn, Detector, Finding } from '../types.js';

interface Away {
  readonly c: CheckIn;
  readonly t: number;
  readonly cap: BoundingCap;
  readonly licensee: string;
}

export const detectFleetAnomaly: Detector = (ctx) => {
  const { fleetAreaRadiusKm, fleetMinDevices, fleetMinLicensees, fleetWindowHours } = ctx.config;
  const away: Away[] = [];
  for (const c of ctx.all) {
    const device = ctx.devices.get(c.deviceId);
    const cap = capOf(c);
    if (!device || !cap || cap.radiusKm > fleetAreaRadiusKm) continue;
    if (siteGapKm(cap, device.licensedSite) <= 0) continue;
    away.push({ c, t: toMs(c.at), cap, licensee: device.licensee });
  }
  const out: Finding[] = [];
  const windowMs = fleetWindowHours * HOUR_MS;
  let lo = 0;
  for (let j = 0; j < away.length; j++) {
    const anchor = away[j]!;
    while (anchor.t - away[lo]!.t > windowMs) lo++;
    // The newest away check-in per device in the window, inside the anchor's disc.
    const members = new Map<string, Away>();
    for (let i = j; i >= lo; i--) {
      const x = away[i]!;
      if (members.has(x.c.deviceId)) continue;
      if (capWithin(x.cap, anchor.cap.center, fleetAreaRadiusKm)) members.set(x.c.deviceId, x);
    }
    const licensees = new Set([...members.values()].map((m) => m.licensee));
    if (members.size < fleetMinDevices || licensees.size < fleetMinLicensees) continue;
    const ids = [...members.values()].map((m) => m.c.checkInId).sort();
    out.push({
      detector: 'fleet-anomaly',
      severity: 'critical',
      deviceId: anchor.c.deviceId,
      at: anchor.c.at,
      checkInIds: ids,
      facts: {
        devices: members.size,
        licensees: licensees.size,
        areaRadiusKm: fleetAreaRadiusKm,
        areaLat: Math.round(anchor.cap.center.lat * 10) / 10,
        areaLon: Math.round(anchor.cap.center.lon * 10) / 10,
        members: [...members.keys()].sort().join(' '),
      },
      message: `${anchor.c.deviceId}: one of ${members.size} devices of ${licensees.size} licensees away from their sites inside one ${fleetAreaRadiusKm} km area`,
    });
  }
  return out;
};
