/**
 * Sound tests on bounding caps. A cap {center, radius} contains the feasible region, so "the caps are disjoint"
 * or "the cap excludes the site" holds for every point the device could be at. A delay-only adversary can only
 * grow caps, which makes these tests harder to pass, never easier: they cannot be triggered by adding delay.
 * @module
 */
import { greatCircleKm } from '../location/geo/sphere.js';
import type { GeoPoint, LicensedSite } from '../location/types.js';
import type { CheckIn } from './types.js';

export interface BoundingCap {
  readonly center: GeoPoint;
  readonly radiusKm: number;
}

/** The check-in's bounding cap, or undefined when no centre was reported (then no geometric test can fire). */
export function capOf(c: CheckIn): BoundingCap | undefined {
  const r = c.region.boundingRadiusKm;
  if (!c.region.center || !Number.isFinite(r) || r < 0) return undefined;
  return { center: c.region.center, radiusKm: r };
}

/** The smallest possible distance between a point of cap a and a point of cap b (0 when they may meet). */
export function capGapKm(a: BoundingCap, b: BoundingCap): number {
  return Math.max(0, greatCircleKm(a.center, b.center) - a.radiusKm - b.radiusKm);
}

/** How far the region provably is from the licensed-site disc (0 when it may meet it). */
export function siteGapKm(cap: BoundingCap, site: LicensedSite): number {
  return Math.max(0, greatCircleKm(cap.center, site.position) - cap.radiusKm - site.radiusKm);
}

/** Whether cap `inner` lies wholly inside the disc {center, radiusKm}. */
export function capWithin(inner: BoundingCap, center: GeoPoint, radiusKm: number): boolean {
  return greatCircleKm(inner.center, center) + inner.radiusKm <= radiusKm;
}

/** The point `km` from `p` along the initial bearing `bearingDeg` (great circle on the same sphere). */
export function destinationPoint(p: GeoPoint, bearingDeg: number, km: number): GeoPoint {
  const R = 6371.0088;
  const d = km / R;
  const th = (bearingDeg * Math.PI) / 180;
  const p1 = (p.lat * Math.PI) / 180;
  const l1 = (p.lon * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(th));
  const l2 = l1 + Math.atan2(Math.sin(th) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  const lon = ((((l2 * 180) / Math.PI + 540) % 360) + 360) % 360;
  return { lat: (p2 * 180) / Math.PI, lon: lon - 180 };
}
