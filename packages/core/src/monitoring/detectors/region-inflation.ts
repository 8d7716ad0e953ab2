/**
 * Region inflation (the relay signature): the bounding radius jumps above the device's baseline by
 * ≥ `inflationFactor` × and ≥ `inflationMinKm`. The baseline is the median of the device's last `baselineCheckIns`
 * non-inflated check-ins once it has 3; before that, the median over every check-in of devices licensed at the same
 * site (same landmarks, same geometry; a median, so a few diverted peers cannot move it). With both, the smaller
 * one counts, so a slow ramp of added delay cannot drag the baseline along.
 * Added delay is the only way to grow a region at a fixed place, and 1,000 km of radius is ≥ 6.7 ms of extra
 * round trip on every landmark at once: a relay, a tunnel or a move behind a proxy. It does not prove a diversion;
 * it proves the evidence no longer pins the device to its site (the device could be anywhere in the grown cap).
 * Severity medium, high when the grown region touches a country it never touched at baseline.
 * @module
 */
import type { LicensedSite } from '../../location/types.js';
import type { Detector, Finding } from '../types.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const siteKey = (s: LicensedSite) => `${s.position.lat},${s.position.lon},${s.radiusKm}`;

export const detectRegionInflation: Detector = (ctx) => {
  const out: Finding[] = [];
  const { inflationFactor, inflationMinKm, baselineCheckIns } = ctx.config;
  const perSite = new Map<string, number[]>();
  for (const c of ctx.all) {
    const d = ctx.devices.get(c.deviceId);
    if (!d || !Number.isFinite(c.region.boundingRadiusKm)) continue;
    const k = siteKey(d.licensedSite);
    const xs = perSite.get(k) ?? [];
    xs.push(c.region.boundingRadiusKm);
    perSite.set(k, xs);
  }
  const siteMedian = new Map([...perSite].map(([k, xs]) => [k, median(xs)]));
  for (const [deviceId, list] of ctx.byDevice) {
    const device = ctx.devices.get(deviceId);
    if (!device) continue;
    const peers = (perSite.get(siteKey(device.licensedSite))?.length ?? 0) - list.length;
    const fallback = peers >= 3 ? siteMedian.get(siteKey(device.licensedSite)) : undefined;
    const baseline: number[] = [];
    const baseCountries = new Set<string>();
    for (const c of list) {
      const r = c.region.boundingRadiusKm;
      if (!Number.isFinite(r)) continue;
      // The smaller of the two: a patient relay that ramps delay slowly drags the device's own median up, but not
      // its site peers'.
      const own = baseline.length >= 3 ? median(baseline) : undefined;
      const b = own === undefined ? fallback : fallback === undefined ? own : Math.min(own, fallback);
      if (b !== undefined) {
        if (r >= b * inflationFactor && r - b >= inflationMinKm) {
          const fresh = c.region.countriesTouched.filter((x) => !baseCountries.has(x));
          out.push({
            detector: 'region-inflation',
            severity: fresh.length > 0 ? 'high' : 'medium',
            deviceId,
            at: c.at,
            checkInIds: [c.checkInId],
            facts: {
              baselineRadiusKm: Math.round(b),
              baselineFrom: own !== undefined && b === own ? 'device' : 'site-peers',
              radiusKm: Math.round(r),
              addedRoundTripMsAtLeast: Math.round(((2 * (r - b)) / 299.792458) * 10) / 10,
              newCountries: fresh.join(' '),
            },
            message: `${deviceId}: region grew from ~${Math.round(b)} km to ${Math.round(r)} km (added delay: relay or move)${fresh.length ? `; now touches ${fresh.join(', ')}` : ''}`,
          });
          continue; // an inflated check-in never enters the baseline, so a sustained relay keeps firing
        }
      }
      baseline.push(r);
      if (baseline.length > baselineCheckIns) baseline.shift();
      for (const x of c.region.countriesTouched) baseCountries.add(x);
    }
  }
  return out;
};
