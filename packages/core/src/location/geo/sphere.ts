/**
 * Spherical primitives for the location geometry: constants, great-circle distance, unit vectors.
 * Sphere of mean radius R = 6371.0088 km (IUGG R1); ellipsoid error is covered by an explicit margin (caps.ts).
 * @module
 */
import type { GeoPoint } from '../types.js';

/** Speed of light in vacuum, km per millisecond (exact by SI definition). */
export const C_KM_PER_MS = 299.792458;
/** IUGG mean Earth radius R1, km. */
export const EARTH_RADIUS_KM = 6371.0088;

const DEG = Math.PI / 180;

/** Great-circle distance on the sphere of radius {@link EARTH_RADIUS_KM}, km (haversine, stable for short arcs). */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const p1 = a.lat * DEG;
  const p2 = b.lat * DEG;
  const dp = p2 - p1;
  const dl = (b.lon - a.lon) * DEG;
  const s = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Unit vector of a point on the sphere (x toward lon 0 on the equator, z toward the north pole). */
export function unitVector(p: GeoPoint): [number, number, number] {
  const phi = p.lat * DEG;
  const lam = p.lon * DEG;
  return [Math.cos(phi) * Math.cos(lam), Math.cos(phi) * Math.sin(lam), Math.sin(phi)];
}

/** Angle between two unit vectors, radians (atan2 form: accurate at all separations). */
export function angleBetween(u: readonly number[], v: readonly number[]): number {
  const cx = u[1]! * v[2]! - u[2]! * v[1]!;
  const cy = u[2]! * v[0]! - u[0]! * v[2]!;
  const cz = u[0]! * v[1]! - u[1]! * v[0]!;
  const dot = u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot);
}

/** Point of a unit vector (need not be normalised), degrees. */
export function toGeoPoint(v: readonly number[]): GeoPoint {
  const [x, y, z] = v as [number, number, number];
  return { lat: Math.atan2(z, Math.hypot(x, y)) / DEG, lon: Math.atan2(y, x) / DEG };
}

/** A finite, in-range position check (lat ∈ [−90, 90], lon ∈ [−180, 180]). */
export function assertGeoPoint(p: GeoPoint, what: string): void {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) {
    throw new RangeError(`${what}: invalid position (${p.lat}, ${p.lon})`);
  }
}
