/**
 * A fixed lat/lon quadtree on the sphere: level 0 = 4° cells (45 × 90), each level halves the cell side,
 * level 4 = 0.25° (720 × 1440, ≈ 28 km). The same grid carries the country raster (countries.ts) and the
 * region cover (cover.ts), so a kept cell maps to its country set without any polygon test at query time.
 *
 * Every cell has a circumradius (max great-circle distance from its centre to any of its points). For a
 * lat/lon rectangle the farthest point is a corner (distance grows with |Δlon| on a parallel and is unimodal
 * along a meridian), so corners suffice; one value per level (the largest, at the equator) is used.
 * @module
 */
import type { GeoPoint } from '../types.js';
import { EARTH_RADIUS_KM } from './sphere.js';

export const LEVELS = 5;
export const BASE_DEG = 4;
export const FINE_LEVEL = LEVELS - 1;
export const FINE_DEG = BASE_DEG / 2 ** FINE_LEVEL;

const DEG = Math.PI / 180;

export interface LevelGrid {
  readonly level: number;
  readonly deg: number;
  readonly rows: number;
  readonly cols: number;
  readonly rowCos: Float64Array;
  readonly rowSin: Float64Array;
  readonly colCos: Float64Array;
  readonly colSin: Float64Array;
  /** Max circumradius over all cells of the level, radians (plus a 1e-12 rad float guard). */
  readonly circumradius: number;
}

function corner(latC: number, lonC: number, lat: number, lon: number): number {
  const a = [Math.cos(latC) * Math.cos(lonC), Math.cos(latC) * Math.sin(lonC), Math.sin(latC)];
  const b = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  const cx = a[1]! * b[2]! - a[2]! * b[1]!;
  const cy = a[2]! * b[0]! - a[0]! * b[2]!;
  const cz = a[0]! * b[1]! - a[1]! * b[0]!;
  return Math.atan2(Math.hypot(cx, cy, cz), a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!);
}

function buildLevel(level: number): LevelGrid {
  const deg = BASE_DEG / 2 ** level;
  const rows = Math.round(180 / deg);
  const cols = Math.round(360 / deg);
  const rowCos = new Float64Array(rows);
  const rowSin = new Float64Array(rows);
  const colCos = new Float64Array(cols);
  const colSin = new Float64Array(cols);
  let circumradius = 0;
  for (let i = 0; i < rows; i++) {
    const lat0 = (-90 + i * deg) * DEG;
    const lat1 = lat0 + deg * DEG;
    const latC = (lat0 + lat1) / 2;
    rowCos[i] = Math.cos(latC);
    rowSin[i] = Math.sin(latC);
    const h = (deg / 2) * DEG;
    circumradius = Math.max(circumradius, corner(latC, 0, lat0, h), corner(latC, 0, lat1, h));
  }
  for (let j = 0; j < cols; j++) {
    const lonC = (-180 + (j + 0.5) * deg) * DEG;
    colCos[j] = Math.cos(lonC);
    colSin[j] = Math.sin(lonC);
  }
  return { level, deg, rows, cols, rowCos, rowSin, colCos, colSin, circumradius: circumradius + 1e-12 };
}

export const GRID: readonly LevelGrid[] = Array.from({ length: LEVELS }, (_, l) => buildLevel(l));

/** Row/column of the cell containing a point at a level (lat 90 and lon 180 fold into the last row/column). */
export function cellOf(p: GeoPoint, level: number): { row: number; col: number } {
  const g = GRID[level]!;
  const row = Math.min(g.rows - 1, Math.max(0, Math.floor((p.lat + 90) / g.deg)));
  let lon = p.lon;
  if (lon >= 180) lon -= 360;
  if (lon < -180) lon += 360;
  const col = Math.min(g.cols - 1, Math.max(0, Math.floor((lon + 180) / g.deg)));
  return { row, col };
}

/** Cell bounds in degrees: [west, south, east, north]. */
export function cellBounds(level: number, row: number, col: number): [number, number, number, number] {
  const d = GRID[level]!.deg;
  return [-180 + col * d, -90 + row * d, -180 + (col + 1) * d, -90 + (row + 1) * d];
}

const AREA: readonly Float64Array[] = GRID.map((g) => {
  const a = new Float64Array(g.rows);
  for (let i = 0; i < g.rows; i++) {
    const s = Math.sin((-90 + (i + 1) * g.deg) * DEG) - Math.sin((-90 + i * g.deg) * DEG);
    a[i] = EARTH_RADIUS_KM * EARTH_RADIUS_KM * g.deg * DEG * s;
  }
  return a;
});

/** Exact area of a lat/lon cell on the sphere, km² (tabulated per level and row). */
export function cellAreaKm2(level: number, row: number): number {
  return AREA[level]![row]!;
}
