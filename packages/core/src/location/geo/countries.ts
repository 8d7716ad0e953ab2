/**
 * Country raster on the 0.25° grid (grid.ts) from the bundled Natural Earth admin-0 50m TopoJSON (world-atlas 2.0.2),
 * with a pyramid of unions for the coarser levels. Built once, lazily, on first use (≈ 0.3–0.6 s).
 *
 * Why 50m: 110m (1:110M) has no Singapore, Hong Kong or Macao polygons at all, which decides it for export
 * control; 10m (3.6 MB) costs ≈ 5× the load/raster time for detail (≈ 1 km) far below our region sizes
 * (≥ 100 km). 50m (1:50M, 0.76 MB) has all three and boundary error of a few km, covered by the margin below.
 *
 * A fine cell lists a country when the cell may meet the country's polygon grown by COUNTRY_MARGIN_KM:
 *   - boundary: every ring edge is sampled every ≤ 0.05° and the cells of the samples are marked, then grown by
 *     one row and by ⌈(margin + sampling step) / cell width⌉ + 1 columns (cell width shrinks with cos(lat));
 *   - interior: scanline fill (even–odd per ring, XOR across rings, so holes such as Lesotho in South Africa
 *     stay out) of every cell whose centre lies inside.
 * A cell meeting the polygon either contains a boundary point (marked, up to one cell of sampling slack, absorbed
 * by the growth) or lies wholly inside (centre inside): the raster is a superset, i.e. conservative. Edges are
 * taken as straight in lon/lat (Natural Earth's own model; d3 would read them as great-circle arcs — the
 * difference for 50m edges is < 0.1 km except on long parallels, where the margin dominates).
 * Rings crossing the antimeridian (Russia, Fiji, Antarctica in this build) are unwrapped; a ring whose longitude
 * winds once around (Antarctica) is closed through its pole.
 *
 * Ids: world-atlas ids are ISO 3166-1 numeric strings, mapped with i18n-iso-countries `numericToAlpha2`. Natural
 * Earth quirks handled explicitly (NAME_OVERRIDES): features with no id in this build (Kosovo → XK, N. Cyprus → CY,
 * Somaliland → SO, Indian Ocean Ter. → AU + CX + CC, Siachen Glacier → IN + PK (disputed: both)) and the "-99"
 * ids of other Natural Earth builds (France, Norway) resolved by name. Listing more codes than one is conservative
 * both ways (harder to be "wholly allowed" and harder to be "wholly of concern").
 * Hong Kong (344 → HK) and Macao (446 → MO) are separate features and are reported as such; treating HK as China
 * is policy (locate.ts), not geometry.
 * @module
 */
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';
import type { GeoPoint } from '../types.js';
import { cellOf, FINE_LEVEL, GRID, LEVELS } from './grid.js';

/** Buffer around every country polygon (Natural Earth 1:50M generalisation). */
export const COUNTRY_MARGIN_KM = 10;
const SAMPLE_STEP_DEG = 0.05;
const KM_PER_DEG = 111.195;

/** Features whose id is missing or non-numeric in some Natural Earth builds, by `properties.name`. */
export const NAME_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  Kosovo: ['XK'],
  'N. Cyprus': ['CY'],
  Somaliland: ['SO'],
  'Indian Ocean Ter.': ['AU', 'CX', 'CC'],
  'Siachen Glacier': ['IN', 'PK'],
  France: ['FR'],
  Norway: ['NO'],
};

export interface CountryRaster {
  /** Distinct country sets (sorted ISO2 lists); id 0 is the empty set (open sea). */
  readonly sets: readonly (readonly string[])[];
  /** Per level, set id of every cell (row-major). Coarser levels hold the union of their children. */
  readonly cellSet: readonly Uint16Array[];
  /** How the ids were mapped (for the docs/tests). */
  readonly mapping: readonly { id: string | null; name: string; codes: readonly string[] }[];
  readonly buildMs: number;
}

type Ring = number[][];

function codesFor(
  id: string | undefined,
  name: string,
  numericToAlpha2: (n: string) => string | undefined,
): readonly string[] {
  const override = NAME_OVERRIDES[name];
  if (id !== undefined && /^\d{3}$/.test(id)) {
    const a2 = numericToAlpha2(id);
    if (a2) return [a2];
  }
  if (override) return override;
  throw new Error(`Natural Earth feature ${JSON.stringify(name)} (id ${String(id)}) has no ISO 3166 mapping`);
}

function unwrapRing(ring: Ring): Ring {
  const out: Ring = [];
  let shift = 0;
  let prev: number | null = null;
  for (const p of ring) {
    let lon = p[0]! + shift;
    if (prev !== null) {
      while (lon - prev > 180) {
        shift -= 360;
        lon -= 360;
      }
      while (lon - prev < -180) {
        shift += 360;
        lon += 360;
      }
    }
    out.push([lon, p[1]!]);
    prev = lon;
  }
  const first = out[0]!;
  const last = out[out.length - 1]!;
  const net = last[0]! - first[0]!;
  if (Math.abs(net) > 180) {
    // Winds around a pole: close the ring along that pole.
    const meanLat = out.reduce((s, p) => s + p[1]!, 0) / out.length;
    const pole = meanLat < 0 ? -90 : 90;
    out.push([last[0]!, pole], [first[0]!, pole], [first[0]!, first[1]!]);
  }
  return out;
}

let cached: CountryRaster | null = null;

/** The raster (built on first call, then cached for the process). */
export function countryRaster(): CountryRaster {
  if (cached) return cached;
  const t0 = performance.now();
  const require = createRequire(import.meta.url);
  const topology = require('world-atlas/countries-50m.json') as Topology;
  const { numericToAlpha2 } = require('i18n-iso-countries') as { numericToAlpha2: (n: string) => string | undefined };
  const fc = feature(topology, topology.objects.countries as GeometryObject) as unknown as {
    features: { id?: string; properties: { name: string }; geometry: { type: string; coordinates: unknown } }[];
  };

  const g = GRID[FINE_LEVEL]!;
  const { rows, cols, deg } = g;
  const n = rows * cols;
  const sets: string[][] = [[]];
  const setIds = new Map<string, number>([['', 0]]);
  const intern = (codes: string[]): number => {
    const key = codes.join(',');
    let id = setIds.get(key);
    if (id === undefined) {
      id = sets.length;
      if (id > 0xffff) throw new Error('too many country sets');
      sets.push(codes);
      setIds.set(key, id);
    }
    return id;
  };
  const fine = new Uint16Array(n);
  const addMemo = new Map<string, number>();
  const addCode = (setId: number, code: string): number => {
    const key = `${setId}+${code}`;
    let id = addMemo.get(key);
    if (id === undefined) {
      const cur = sets[setId]!;
      id = cur.includes(code) ? setId : intern([...cur, code].sort());
      addMemo.set(key, id);
    }
    return id;
  };

  const boundaryStamp = new Int32Array(n);
  const finalStamp = new Int32Array(n);
  const parity = new Uint8Array(n);
  const touchStamp = new Int32Array(n);
  const mapping: { id: string | null; name: string; codes: readonly string[] }[] = [];
  // Column growth per row for the boundary dilation.
  const growCols = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const poleward = Math.min(90, Math.max(Math.abs(-90 + i * deg), Math.abs(-90 + (i + 1) * deg)) + deg);
    const widthKm = deg * KM_PER_DEG * Math.cos((Math.min(poleward, 90) * Math.PI) / 180);
    const need = COUNTRY_MARGIN_KM + SAMPLE_STEP_DEG * KM_PER_DEG;
    growCols[i] = widthKm <= 1e-9 ? cols : Math.min(cols, Math.floor(need / widthKm) + 2);
  }
  const colIdx = (lon: number) => ((Math.floor((lon + 180) / deg) % cols) + cols) % cols;
  const rowIdx = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat + 90) / deg)));

  fc.features.forEach((f, fi) => {
    const stamp = fi + 1;
    const codes = codesFor(f.id, f.properties.name, numericToAlpha2);
    mapping.push({ id: f.id ?? null, name: f.properties.name, codes });
    const geom = f.geometry;
    const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as Ring[][];
    const boundary: number[] = [];
    const touched: number[] = [];
    for (const poly of polys) {
      for (const raw of poly) {
        const ring = unwrapRing(raw);
        const crossings = new Map<number, number[]>();
        for (let k = 1; k < ring.length; k++) {
          const [x0, y0] = ring[k - 1] as [number, number];
          const [x1, y1] = ring[k] as [number, number];
          // Boundary samples.
          const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) / SAMPLE_STEP_DEG));
          for (let s = 0; s <= steps; s++) {
            const t = s / steps;
            const idx = rowIdx(y0 + (y1 - y0) * t) * cols + colIdx(x0 + (x1 - x0) * t);
            if (boundaryStamp[idx] !== stamp) {
              boundaryStamp[idx] = stamp;
              boundary.push(idx);
            }
          }
          // Scanline crossings at row-centre latitudes (half-open in y).
          const lo = Math.min(y0, y1);
          const hi = Math.max(y0, y1);
          if (hi === lo) continue;
          const rStart = Math.max(0, Math.ceil((lo + 90) / deg - 0.5));
          const rEnd = Math.min(rows - 1, Math.ceil((hi + 90) / deg - 0.5) - 1);
          for (let r = rStart; r <= rEnd; r++) {
            const lat = -90 + (r + 0.5) * deg;
            if (lat < lo || lat >= hi) continue;
            const x = x0 + ((lat - y0) / (y1 - y0)) * (x1 - x0);
            let list = crossings.get(r);
            if (!list) {
              list = [];
              crossings.set(r, list);
            }
            list.push(x);
          }
        }
        for (const [r, xs] of crossings) {
          xs.sort((a, b) => a - b);
          for (let k = 0; k + 1 < xs.length; k += 2) {
            const c0 = Math.ceil((xs[k]! + 180) / deg - 0.5);
            const c1 = Math.floor((xs[k + 1]! + 180) / deg - 0.5);
            for (let c = c0; c <= c1; c++) {
              const idx = r * cols + (((c % cols) + cols) % cols);
              if (touchStamp[idx] !== stamp) {
                touchStamp[idx] = stamp;
                touched.push(idx);
              }
              parity[idx]! ^= 1;
            }
          }
        }
      }
    }
    const mark = (idx: number) => {
      if (finalStamp[idx] === stamp) return;
      finalStamp[idx] = stamp;
      let s = fine[idx]!;
      for (const code of codes) s = addCode(s, code);
      fine[idx] = s;
    };
    for (const idx of touched) {
      if (parity[idx] === 1) mark(idx);
      parity[idx] = 0;
    }
    for (const idx of boundary) {
      const r = Math.floor(idx / cols);
      const c = idx - r * cols;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= rows) continue;
        const k = growCols[rr]!;
        if (2 * k + 1 >= cols) {
          for (let cc = 0; cc < cols; cc++) mark(rr * cols + cc);
          continue;
        }
        for (let dc = -k; dc <= k; dc++) mark(rr * cols + ((((c + dc) % cols) + cols) % cols));
      }
    }
  });

  // Pyramid of unions.
  const cellSet: Uint16Array[] = new Array(LEVELS);
  cellSet[FINE_LEVEL] = fine;
  const unionMemo = new Map<number, number>();
  const union = (a: number, b: number): number => {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const key = a < b ? a * 65536 + b : b * 65536 + a;
    let id = unionMemo.get(key);
    if (id === undefined) {
      id = intern([...new Set([...sets[a]!, ...sets[b]!])].sort());
      unionMemo.set(key, id);
    }
    return id;
  };
  for (let l = FINE_LEVEL - 1; l >= 0; l--) {
    const gl = GRID[l]!;
    const child = cellSet[l + 1]!;
    const cc = GRID[l + 1]!.cols;
    const arr = new Uint16Array(gl.rows * gl.cols);
    for (let i = 0; i < gl.rows; i++) {
      for (let j = 0; j < gl.cols; j++) {
        const a = 2 * i * cc + 2 * j;
        const b = (2 * i + 1) * cc + 2 * j;
        arr[i * gl.cols + j] = union(union(child[a]!, child[a + 1]!), union(child[b]!, child[b + 1]!));
      }
    }
    cellSet[l] = arr;
  }
  cached = { sets, cellSet, mapping, buildMs: performance.now() - t0 };
  return cached;
}

/** Countries (ISO2, sorted) whose margin-grown polygon may meet the 0.25° cell containing `p`. */
export function countriesAt(p: GeoPoint): readonly string[] {
  const r = countryRaster();
  const { row, col } = cellOf(p, FINE_LEVEL);
  return r.sets[r.cellSet[FINE_LEVEL]![row * GRID[FINE_LEVEL]!.cols + col]!]!;
}
