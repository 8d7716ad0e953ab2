/**
 * Conservative cell cover of an intersection of spherical caps, with "near-miss" labels for robustness.
 *
 * For a cell with centre u and circumradius r, and a cap (centre v, angular radius ρ):
 *   OUT  if angle(u, v) > ρ + r   → no point of the cell is in the cap (triangle inequality);
 *   IN   if angle(u, v) + r ≤ ρ   → every point of the cell is in the cap;
 *   else PARTIAL.
 * A cell is dropped only when it is OUT of some cap, so every point of the true intersection lies in a kept
 * cell: the cover is a superset (conservative). A cell IN every cap is kept whole; PARTIAL cells are split
 * down to the 0.25° level and kept there. Comparisons use precomputed cosines (no trig in the loop).
 *
 * Robustness labels: with `f > 0` a cell is kept while at most f caps are OUT; its label X is that set of caps.
 * The cover after removing a landmark set T is exactly {cells with X ⊆ T}, so ONE traversal answers every
 * removal of ≤ f landmarks. Label [] is the region itself.
 *
 * Monotonicity: OUT is anti-monotone and IN monotone in ρ, so a larger radius never drops a cell that a smaller
 * radius kept: adding delay can only grow the cover (tested in locate.test.ts).
 * @module
 */
import type { Cap } from '../types.js';
import { FINE_LEVEL, GRID, LEVELS } from './grid.js';
import { EARTH_RADIUS_KM, unitVector } from './sphere.js';

export interface PreparedCap {
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Angular radius, radians. */
  readonly rho: number;
  /** Per level: OUT ⇔ dot < cosOut (−2 when the cap plus a cell covers the sphere). */
  readonly cosOut: Float64Array;
  /** Per level: IN ⇔ dot ≥ cosIn (+2 when a cell cannot fit). */
  readonly cosIn: Float64Array;
}

export function prepareCaps(caps: readonly Cap[]): PreparedCap[] {
  return caps.map((c, index) => {
    const [x, y, z] = unitVector(c.center);
    const rho = c.radiusKm / EARTH_RADIUS_KM;
    const cosOut = new Float64Array(LEVELS);
    const cosIn = new Float64Array(LEVELS);
    for (let l = 0; l < LEVELS; l++) {
      const r = GRID[l]!.circumradius;
      cosOut[l] = rho + r >= Math.PI ? -2 : Math.cos(rho + r);
      cosIn[l] = rho - r < 0 ? 2 : rho - r >= Math.PI ? -2 : Math.cos(rho - r);
    }
    return { index, x, y, z, rho, cosOut, cosIn };
  });
}

/** Kept cells (parallel arrays) and their labels (sorted cap indices; labels[0] is always []). */
export interface Cover {
  readonly level: number[];
  readonly row: number[];
  readonly col: number[];
  readonly label: number[];
  readonly labels: number[][];
  /** Caps tested (work counter, for benchmarks). */
  tests: number;
}

/**
 * Cover of the intersection of `caps` with labels for up to `f` excluded caps. Caps with ρ ≥ π (cover the sphere)
 * never exclude anything. Caps are tested smallest first so far cells fail fast.
 */
export function coverCaps(caps: readonly PreparedCap[], f = 0): Cover {
  const order = [...caps].sort((a, b) => a.rho - b.rho || a.index - b.index);
  const cover: Cover = { level: [], row: [], col: [], label: [], labels: [[]], tests: 0 };
  const labelIds = new Map<string, number>([['', 0]]);
  const labelId = (x: number[]): number => {
    if (x.length === 0) return 0;
    const s = [...x].sort((a, b) => a - b);
    const key = s.join(',');
    let id = labelIds.get(key);
    if (id === undefined) {
      id = cover.labels.length;
      cover.labels.push(s);
      labelIds.set(key, id);
    }
    return id;
  };

  const visit = (l: number, i: number, j: number, active: readonly PreparedCap[], excluded: number[]): void => {
    const g = GRID[l]!;
    const rc = g.rowCos[i]!;
    const ux = rc * g.colCos[j]!;
    const uy = rc * g.colSin[j]!;
    const uz = g.rowSin[i]!;
    let next: PreparedCap[] | null = null;
    let ex = excluded;
    for (let k = 0; k < active.length; k++) {
      const c = active[k]!;
      const dot = ux * c.x + uy * c.y + uz * c.z;
      cover.tests++;
      if (dot < c.cosOut[l]!) {
        if (ex.length >= f) return;
        if (ex === excluded) ex = [...excluded, c.index];
        else ex.push(c.index);
        continue;
      }
      if (dot >= c.cosIn[l]!) continue;
      if (next === null) next = [c];
      else next.push(c);
    }
    if (next === null || l === FINE_LEVEL) {
      cover.level.push(l);
      cover.row.push(i);
      cover.col.push(j);
      cover.label.push(labelId(ex));
      return;
    }
    const i2 = 2 * i;
    const j2 = 2 * j;
    visit(l + 1, i2, j2, next, ex);
    visit(l + 1, i2, j2 + 1, next, ex);
    visit(l + 1, i2 + 1, j2, next, ex);
    visit(l + 1, i2 + 1, j2 + 1, next, ex);
  };

  // Latitude pre-filter: a cap of angular radius ρ centred at latitude φ lies in the band [φ − ρ, φ + ρ]; a base row
  // outside the band holds no point of that cap, exactly as if the cap were OUT for every cell of the row (the cap
  // joins the row's label). Per cap and monotone in ρ, like the OUT test: the bands only widen with delay.
  const g0 = GRID[0]!;
  const band = order.map((c) => {
    const phi = (Math.asin(Math.max(-1, Math.min(1, c.z))) * 180) / Math.PI;
    const r = (c.rho * 180) / Math.PI;
    return { index: c.index, lo: phi - r - 1e-9, hi: phi + r + 1e-9 };
  });
  for (let i = 0; i < g0.rows; i++) {
    const s = -90 + i * g0.deg;
    const n = s + g0.deg;
    const excluders: number[] = [];
    for (const b of band) if (n < b.lo || s > b.hi) excluders.push(b.index);
    if (excluders.length > f) continue;
    const active = excluders.length === 0 ? order : order.filter((c) => !excluders.includes(c.index));
    for (let j = 0; j < g0.cols; j++) visit(0, i, j, active, excluders);
  }
  return cover;
}
