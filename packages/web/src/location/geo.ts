/**
 * Spherical geometry for the location maps, on top of d3-geo: caps as great-circle disks, the
 * feasible region (the API's lon/lat cell runs) as a fill and as its outer outline, and the view
 * that frames a region. Pure functions, no DOM.
 * @module
 */
import { geoArea, geoCentroid, geoCircle, geoDistance } from 'd3-geo';
import type { Cap, GeoPoint, LocationVerdict } from '../api';

/** The mean Earth radius the geometry uses (IUGG R1), km. */
export const EARTH_RADIUS_KM = 6371.0088;
const DEG = 180 / Math.PI;

export type Position = [number, number];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export interface MultiLineStringGeometry {
  type: 'MultiLineString';
  coordinates: Position[][];
}
export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}

export const lonLat = (p: GeoPoint): Position => [p.lon, p.lat];

/** A great-circle distance (km) as an angle in degrees, capped just below the antipode. */
export function kmToDegrees(km: number): number {
  return Math.min(179.999, Math.max(0, (km / EARTH_RADIUS_KM) * DEG));
}

/**
 * The spherical cap (all points within `radiusKm` great-circle distance of `center`) as a GeoJSON
 * polygon; d3 projects it as a true spherical circle (an ellipse or worse on most projections).
 */
export function capPolygon(center: GeoPoint, radiusKm: number): PolygonGeometry {
  const r = kmToDegrees(radiusKm);
  // About 120 vertices whatever the size, at least one per 2°.
  const precision = Math.max(0.05, Math.min(2, r / 20));
  return geoCircle().center(lonLat(center)).radius(r).precision(precision)() as PolygonGeometry;
}

export const capPolygonOf = (cap: Cap): PolygonGeometry => capPolygon(cap.center, cap.radiusKm);

/** [west, south, east, north] in degrees. */
export type Rect = [number, number, number, number];

/** The region's cells: the bounding box of each ring of the API's Polygon/MultiPolygon (runs of cells). */
export function regionRects(geometry: LocationVerdict['region']['geometry']): Rect[] {
  if (!geometry) return [];
  const polys =
    geometry.type === 'MultiPolygon'
      ? (geometry.coordinates as Position[][][])
      : geometry.type === 'Polygon'
        ? [geometry.coordinates as Position[][]]
        : [];
  const out: Rect[] = [];
  for (const poly of polys) {
    const ring = poly[0];
    if (!ring || ring.length < 3) continue;
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    for (const [x, y] of ring) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
    if (e > w && n > s) out.push([w, s, e, n]);
  }
  return out;
}

/** Points along a parallel from lon `a` to `b` at latitude `lat`, at most 1° apart. */
function parallel(a: number, b: number, lat: number): Position[] {
  const steps = Math.max(1, Math.ceil(Math.abs(b - a)));
  const out: Position[] = [];
  for (let i = 0; i <= steps; i++) out.push([a + ((b - a) * i) / steps, lat]);
  return out;
}

/**
 * The region as a d3 MultiPolygon. The API's rings are counter-clockwise (RFC 7946); d3 reads a
 * spherical polygon's exterior ring clockwise, so each cell run is rebuilt clockwise, with its
 * north and south edges following their parallels (a straight lon/lat edge is not a great circle).
 */
export function regionFill(rects: readonly Rect[]): MultiPolygonGeometry {
  const coordinates = rects.map(([w, s, e, n]) => {
    const ring: Position[] = [[w, s], ...parallel(w, e, n), [e, s]];
    const south = parallel(e, w, s);
    ring.pop();
    ring.push(...south);
    return [ring];
  });
  // Guard: a reversed ring would cover the whole globe but the cell.
  for (const poly of coordinates) if (geoArea({ type: 'Polygon', coordinates: poly }) > 2 * Math.PI) poly[0]?.reverse();
  return { type: 'MultiPolygon', coordinates };
}

/**
 * The outer boundary of the union of the cell runs, as line segments (shared edges between cells
 * are left out, so the outline is the region's and not the cells'). The rectangles are merged on
 * the grid of their own edges; a run touching ±180° continues across the antimeridian.
 */
export function regionOutline(rects: readonly Rect[]): MultiLineStringGeometry {
  if (rects.length === 0) return { type: 'MultiLineString', coordinates: [] };
  const xs = [...new Set(rects.flatMap((r) => [r[0], r[2]]))].sort((a, b) => a - b);
  const ys = [...new Set(rects.flatMap((r) => [r[1], r[3]]))].sort((a, b) => a - b);
  const xi = new Map(xs.map((x, i) => [x, i]));
  const yi = new Map(ys.map((y, i) => [y, i]));
  const nx = xs.length - 1;
  const ny = ys.length - 1;
  const filled = new Uint8Array(nx * ny);
  for (const [w, s, e, n] of rects) {
    const i0 = xi.get(w) as number;
    const i1 = xi.get(e) as number;
    const j0 = yi.get(s) as number;
    const j1 = yi.get(n) as number;
    for (let j = j0; j < j1; j++) filled.fill(1, j * nx + i0, j * nx + i1);
  }
  const wraps = xs[0] === -180 && xs[nx] === 180;
  const at = (i: number, j: number): number => {
    if (j < 0 || j >= ny) return 0;
    if (i < 0) return wraps ? (filled[j * nx + nx - 1] as number) : 0;
    if (i >= nx) return wraps ? (filled[j * nx] as number) : 0;
    return filled[j * nx + i] as number;
  };
  const lines: Position[][] = [];
  // Edges along parallels (skipping the poles, where a "parallel" is a point).
  for (let j = 0; j <= ny; j++) {
    const lat = ys[j] as number;
    if (Math.abs(lat) >= 90) continue;
    let start = -1;
    for (let i = 0; i <= nx; i++) {
      const edge = i < nx && at(i, j - 1) !== at(i, j);
      if (edge && start < 0) start = i;
      if (!edge && start >= 0) {
        lines.push(parallel(xs[start] as number, xs[i] as number, lat));
        start = -1;
      }
    }
  }
  // Edges along meridians (great circles already).
  for (let i = 0; i <= nx; i++) {
    if (wraps && i === nx) continue; // the same meridian as i = 0
    let start = -1;
    for (let j = 0; j <= ny; j++) {
      const edge = j < ny && at(i - 1, j) !== at(i, j);
      if (edge && start < 0) start = j;
      if (!edge && start >= 0) {
        const x = xs[i] as number;
        lines.push([
          [x, ys[start] as number],
          [x, ys[j] as number],
        ]);
        start = -1;
      }
    }
  }
  return { type: 'MultiLineString', coordinates: lines };
}

/** The frame of the zoomed view: a centre and an angular radius (degrees) that holds what matters. */
export function zoomFrame(opts: {
  readonly region: MultiPolygonGeometry | null;
  readonly site?: GeoPoint | undefined;
  readonly landmarks: readonly GeoPoint[];
}): { center: Position; radiusDeg: number } {
  const { region, site, landmarks } = opts;
  let center: Position;
  if (region && region.coordinates.length > 0) center = geoCentroid(region) as Position;
  else if (site) center = lonLat(site);
  else if (landmarks.length > 0)
    center = geoCentroid({ type: 'MultiPoint', coordinates: landmarks.map(lonLat) }) as Position;
  else center = [0, 0];
  let far = 0;
  if (region)
    for (const poly of region.coordinates)
      for (const p of poly[0] ?? []) far = Math.max(far, geoDistance(center, p) * DEG);
  if (site) far = Math.max(far, geoDistance(center, lonLat(site)) * DEG);
  if (!region || region.coordinates.length === 0)
    for (const l of landmarks) far = Math.max(far, geoDistance(center, lonLat(l)) * DEG);
  // Some room around the region; at least ≈ 550 km across, at most a hemisphere.
  return { center, radiusDeg: Math.min(90, Math.max(5, far * 1.35)) };
}
