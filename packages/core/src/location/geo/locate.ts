/**
 * The verdict (reference §7 "Decision semantics"): ALLOW / VIOLATION / INCONCLUSIVE from the conservative region
 * cover, never from a point estimate.
 *
 * Per fine (0.25°) cell f of the cover, with S(f) its country set (countries.ts, margin-grown; ∅ = open sea),
 * F = countries of concern (CN ⇒ also HK), A = allowed countries (CN ⇒ also HK), D = licensed-site disc:
 *   allowCell(f)   = S(f) ∩ F = ∅ ∧ ( f ⊆ D  ∨  (A ≠ ∅ ∧ S(f) ⊆ A) )
 *   outsideDisc(f) = f ∩ D = ∅                     (cell circumradius test; exact caps are a second certificate)
 * and for the region R (set of cells):
 *   empty R                                   → INCONCLUSIVE ("inconsistent measurements"), never ALLOW;
 *   ALLOW      ⇔ (site or A given) ∧ ∀f ∈ R: allowCell(f)
 *   VIOLATION  ⇔ site given ∧ (R ∩ D = ∅)    ["the licensed site cannot be in the region"]
 *              ∨ F ≠ ∅ ∧ R touches land ∧ ∀f ∈ R: S(f) ⊆ F   ["wholly inside countries of concern"]
 *   INCONCLUSIVE otherwise. ALLOW is tested first; see below for the one case where both hold.
 * Open sea (S = ∅) is neutral: it neither blocks ALLOW under allowed countries nor blocks VIOLATION (a
 * data-centre chip on a vessel in international waters is out of scope). With only a licensed site, every cell
 * (sea or land) must lie in the site disc.
 *
 * "The licensed site lies in the region" is read as the site disc meeting the region (R ∩ D ≠ ∅); with a
 * site and no allowed countries, ALLOW (R ⊆ D, R ≠ ∅) implies it. With allowed countries, a region wholly in
 * allowed countries that provably excludes the site is ALLOW with `licensedSiteInRegion: false` and an explicit
 * reason, not VIOLATION: any other choice lets an adversary turn a non-ALLOW into ALLOW by adding delay (grow the
 * region over the site), which breaks the core guarantee (delay never makes a verdict more permissive).
 *
 * Every predicate is monotone in the cell set and the cover only grows with RTT, so added delay can only move
 * ALLOW → INCONCLUSIVE and VIOLATION → INCONCLUSIVE, never towards ALLOW (for physically consistent
 * measurements; an empty region caused by a mislocated landmark is the self-check's job, selfcheck.ts).
 * @module
 */
import type { Cap, GeoPoint, LocationVerdict, SpeedProfile, VerdictPolicy, VerifiedMeasurement } from '../types.js';
import { capsFor, MAX_INFORMATIVE_RTT_MS, speedFactorFor } from './caps.js';
import { countryRaster } from './countries.js';
import { type Cover, coverCaps, prepareCaps } from './cover.js';
import { cellAreaKm2, cellBounds, cellOf, FINE_LEVEL, GRID, LEVELS } from './grid.js';
import { assertGeoPoint, EARTH_RADIUS_KM, greatCircleKm, toGeoPoint, unitVector } from './sphere.js';

/** Subsets evaluated for robustness before giving up (reported as not surviving, with a reason). */
export const MAX_ROBUSTNESS_SUBSETS = 20_000;

/** Region membership (for tests and callers that need it): is `p` inside a kept cell of the base region? */
export function coverContains(cover: Cover, p: GeoPoint): boolean {
  const cells = Array.from({ length: LEVELS }, (_, l) => cellOf(p, l));
  for (let k = 0; k < cover.level.length; k++) {
    if (cover.label[k] !== 0) continue;
    const c = cells[cover.level[k]!]!;
    if (c.row === cover.row[k] && c.col === cover.col[k]) return true;
  }
  return false;
}

interface Disc {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Per level: cell ⊆ disc ⇔ dot ≥ cosInside; cell ∩ disc = ∅ ⇔ dot < cosOutside. */
  readonly cosInside: Float64Array;
  readonly cosOutside: Float64Array;
}

function prepareDisc(center: GeoPoint, radiusKm: number): Disc {
  const [x, y, z] = unitVector(center);
  const rho = radiusKm / EARTH_RADIUS_KM;
  const cosInside = new Float64Array(LEVELS);
  const cosOutside = new Float64Array(LEVELS);
  for (let l = 0; l < LEVELS; l++) {
    const r = GRID[l]!.circumradius;
    cosInside[l] = rho - r < 0 ? 2 : rho - r >= Math.PI ? -2 : Math.cos(rho - r);
    cosOutside[l] = rho + r >= Math.PI ? -2 : Math.cos(rho + r);
  }
  return { x, y, z, cosInside, cosOutside };
}

function discDot(d: Disc, l: number, i: number, j: number): number {
  const g = GRID[l]!;
  const rc = g.rowCos[i]!;
  return rc * g.colCos[j]! * d.x + rc * g.colSin[j]! * d.y + g.rowSin[i]! * d.z;
}

/** Aggregates of one label's cells. */
export interface Agg {
  cells: number;
  areaKm2: number;
  allAllow: boolean;
  allOutsideDisc: boolean;
  allConcernOrSea: boolean;
  anyLand: boolean;
  sets: Set<number>;
}

export interface Evaluated {
  readonly aggs: Agg[];
  readonly labels: readonly (readonly number[])[];
}

export interface PolicyView {
  readonly concern: ReadonlySet<string>;
  readonly allowed: ReadonlySet<string>;
  readonly disc: Disc | null;
  readonly site: { position: GeoPoint; radiusKm: number } | null;
}

function normaliseCountries(list: readonly string[] | undefined, what: string): Set<string> {
  const out = new Set<string>();
  for (const raw of list ?? []) {
    const c = String(raw).trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(c))
      throw new RangeError(`${what}: ${JSON.stringify(raw)} is not an ISO 3166-1 alpha-2 code`);
    out.add(c);
  }
  // Policy: Hong Kong is treated as China (EAR since 2020); Macao must be listed on its own.
  if (out.has('CN')) out.add('HK');
  return out;
}

function policyView(policy: VerdictPolicy): PolicyView {
  const concern = normaliseCountries(policy.countriesOfConcern, 'countriesOfConcern');
  const allowed = normaliseCountries(policy.allowedCountries, 'allowedCountries');
  for (const c of concern) allowed.delete(c);
  const s = policy.licensedSite;
  if (s) {
    assertGeoPoint(s.position, 'licensedSite');
    if (!Number.isFinite(s.radiusKm) || s.radiusKm < 0) throw new RangeError(`licensedSite.radiusKm ${s.radiusKm}`);
  }
  return {
    concern,
    allowed,
    disc: s ? prepareDisc(s.position, s.radiusKm) : null,
    site: s ? { position: s.position, radiusKm: s.radiusKm } : null,
  };
}

function evaluate(cover: Cover, pv: PolicyView): Evaluated {
  const raster = countryRaster();
  const { sets, cellSet } = raster;
  const { concern, allowed, disc } = pv;
  const memo = (fn: (s: number) => boolean) => {
    const cache = new Map<number, boolean>();
    return (s: number): boolean => {
      let v = cache.get(s);
      if (v === undefined) {
        v = fn(s);
        cache.set(s, v);
      }
      return v;
    };
  };
  const touchesConcern = memo((s) => sets[s]!.some((c) => concern.has(c)));
  const inAllowed = memo((s) => allowed.size > 0 && sets[s]!.every((c) => allowed.has(c)));
  const inConcern = memo((s) => sets[s]!.every((c) => concern.has(c)));
  const setOf = (l: number, i: number, j: number) => cellSet[l]![i * GRID[l]!.cols + j]!;
  const hasAllowedArea = disc !== null || allowed.size > 0;

  // allowCell for every fine cell under (l,i,j); `inside` = some ancestor lies wholly in the disc.
  const allowOk = (l: number, i: number, j: number, insideAncestor: boolean): boolean => {
    const s = setOf(l, i, j);
    if (touchesConcern(s)) return false; // some fine cell below touches F (sets are exact unions)
    if (inAllowed(s)) return true;
    if (disc === null) return false;
    const dot = discDot(disc, l, i, j);
    if (insideAncestor || dot >= disc.cosInside[l]!) return true;
    if (dot < disc.cosOutside[l]! || l === FINE_LEVEL) return false; // no child can be inside the disc
    const i2 = 2 * i;
    const j2 = 2 * j;
    return (
      allowOk(l + 1, i2, j2, false) &&
      allowOk(l + 1, i2, j2 + 1, false) &&
      allowOk(l + 1, i2 + 1, j2, false) &&
      allowOk(l + 1, i2 + 1, j2 + 1, false)
    );
  };
  const outsideOk = (l: number, i: number, j: number): boolean => {
    if (disc === null) return false;
    const dot = discDot(disc, l, i, j);
    if (dot < disc.cosOutside[l]!) return true;
    if (dot >= disc.cosInside[l]! || l === FINE_LEVEL) return false;
    const i2 = 2 * i;
    const j2 = 2 * j;
    return (
      outsideOk(l + 1, i2, j2) &&
      outsideOk(l + 1, i2, j2 + 1) &&
      outsideOk(l + 1, i2 + 1, j2) &&
      outsideOk(l + 1, i2 + 1, j2 + 1)
    );
  };
  // Ancestor certificates (a predicate proven for an ancestor holds for all its cells): keeps the fine-cell
  // definition independent of the level at which the traversal happened to keep a cell.
  const ancestorInside = (l: number, i: number, j: number): boolean => {
    if (disc === null) return false;
    for (let a = l - 1, ii = i >> 1, jj = j >> 1; a >= 0; a--, ii >>= 1, jj >>= 1) {
      if (discDot(disc, a, ii, jj) >= disc.cosInside[a]!) return true;
    }
    return false;
  };
  const ancestorOutside = (l: number, i: number, j: number): boolean => {
    if (disc === null) return false;
    for (let a = l - 1, ii = i >> 1, jj = j >> 1; a >= 0; a--, ii >>= 1, jj >>= 1) {
      if (discDot(disc, a, ii, jj) < disc.cosOutside[a]!) return true;
    }
    return false;
  };

  const aggs: Agg[] = cover.labels.map(() => ({
    cells: 0,
    areaKm2: 0,
    allAllow: hasAllowedArea,
    allOutsideDisc: disc !== null,
    allConcernOrSea: concern.size > 0,
    anyLand: false,
    sets: new Set<number>(),
  }));
  for (let k = 0; k < cover.level.length; k++) {
    const l = cover.level[k]!;
    const i = cover.row[k]!;
    const j = cover.col[k]!;
    const a = aggs[cover.label[k]!]!;
    const s = setOf(l, i, j);
    a.cells++;
    a.areaKm2 += cellAreaKm2(l, i);
    a.sets.add(s);
    if (s !== 0) a.anyLand = true;
    if (a.allConcernOrSea && !inConcern(s)) a.allConcernOrSea = false;
    if (a.allAllow && !allowOk(l, i, j, ancestorInside(l, i, j))) a.allAllow = false;
    if (a.allOutsideDisc && !(ancestorOutside(l, i, j) || outsideOk(l, i, j))) a.allOutsideDisc = false;
  }
  return { aggs, labels: cover.labels };
}

export type Decision = {
  verdict: 'ALLOW' | 'VIOLATION' | 'INCONCLUSIVE';
  empty: boolean;
  siteDisjoint: boolean;
  why: string[];
};

function decide(
  ev: Evaluated,
  removed: ReadonlySet<number>,
  caps: readonly Cap[],
  pv: PolicyView,
  capExcludesSite: readonly boolean[],
): Decision {
  let cells = 0;
  let allAllow = true;
  let allOutside = true;
  let allConcernOrSea = true;
  let anyLand = false;
  ev.labels.forEach((lab, id) => {
    if (!lab.every((c) => removed.has(c))) return;
    const a = ev.aggs[id]!;
    if (a.cells === 0) return;
    cells += a.cells;
    allAllow &&= a.allAllow;
    allOutside &&= a.allOutsideDisc;
    allConcernOrSea &&= a.allConcernOrSea;
    anyLand ||= a.anyLand;
  });
  const why: string[] = [];
  if (cells === 0) {
    why.push('the caps do not intersect: the measurements are inconsistent (mislocated landmark or clock fault)');
    return { verdict: 'INCONCLUSIVE', empty: true, siteDisjoint: false, why };
  }
  let siteDisjoint = false;
  if (pv.site) {
    const byCap = caps.findIndex((_, i) => capExcludesSite[i] && !removed.has(i));
    if (byCap >= 0) {
      const c = caps[byCap]!;
      why.push(
        `landmark ${c.landmarkId} excludes the licensed site: site is ${greatCircleKm(c.center, pv.site.position).toFixed(0)} km away, cap radius ${c.radiusKm.toFixed(0)} km + site radius ${pv.site.radiusKm} km`,
      );
      siteDisjoint = true;
    } else if (allOutside) {
      why.push('the region does not meet the licensed-site disc');
      siteDisjoint = true;
    }
  }
  if (allAllow) {
    why.push('the whole region lies in the allowed area');
    if (siteDisjoint)
      why.push('NOTE: the device is provably not at its licensed site, but wholly inside allowed countries');
    return { verdict: 'ALLOW', empty: false, siteDisjoint, why };
  }
  const concernOnly = pv.concern.size > 0 && allConcernOrSea && anyLand;
  if (concernOnly) why.push('the region lies wholly inside countries of concern');
  if (siteDisjoint || concernOnly) return { verdict: 'VIOLATION', empty: false, siteDisjoint, why };
  why.push('the region is neither wholly inside the allowed area nor excludes it');
  return { verdict: 'INCONCLUSIVE', empty: false, siteDisjoint, why };
}

function* subsets(items: readonly number[], maxSize: number): Generator<number[]> {
  const n = items.length;
  const pick: number[] = [];
  function* rec(start: number): Generator<number[]> {
    if (pick.length > 0) yield [...pick];
    if (pick.length === maxSize) return;
    for (let k = start; k < n; k++) {
      pick.push(items[k]!);
      yield* rec(k + 1);
      pick.pop();
    }
  }
  yield* rec(0);
}

/**
 * A small enclosing cap of the base cells (Bădoiu–Clarkson steps from the area centroid); always a valid upper
 * bound: radius = max over cells of (angle to the cell centre + the level's circumradius).
 */
function boundingCap(cover: Cover): { center: GeoPoint | null; radiusKm: number } {
  let sx = 0;
  let sy = 0;
  let sz = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  const ls: number[] = [];
  for (let k = 0; k < cover.level.length; k++) {
    if (cover.label[k] !== 0) continue;
    const l = cover.level[k]!;
    const i = cover.row[k]!;
    const j = cover.col[k]!;
    const g = GRID[l]!;
    const x = g.rowCos[i]! * g.colCos[j]!;
    const y = g.rowCos[i]! * g.colSin[j]!;
    const z = g.rowSin[i]!;
    const w = cellAreaKm2(l, i);
    sx += x * w;
    sy += y * w;
    sz += z * w;
    xs.push(x);
    ys.push(y);
    zs.push(z);
    ls.push(l);
  }
  if (xs.length === 0) return { center: null, radiusKm: 0 };
  const norm = Math.hypot(sx, sy, sz);
  if (norm < 1e-9) return { center: null, radiusKm: Math.PI * EARTH_RADIUS_KM };
  // Farthest cell from c: per level the smallest dot (same circumradius within a level), then compare angles.
  const farthest = (cx: number, cy: number, cz: number) => {
    const minDot = new Float64Array(LEVELS).fill(2);
    const arg = new Int32Array(LEVELS).fill(-1);
    for (let k = 0; k < xs.length; k++) {
      const d = cx * xs[k]! + cy * ys[k]! + cz * zs[k]!;
      const l = ls[k]!;
      if (d < minDot[l]!) {
        minDot[l] = d;
        arg[l] = k;
      }
    }
    let a = -1;
    let at = 0;
    for (let l = 0; l < LEVELS; l++) {
      if (arg[l]! < 0) continue;
      const v = Math.acos(Math.max(-1, Math.min(1, minDot[l]!))) + GRID[l]!.circumradius;
      if (v > a) {
        a = v;
        at = arg[l]!;
      }
    }
    return { a, at };
  };
  let c = [sx / norm, sy / norm, sz / norm] as [number, number, number];
  let best = c;
  let bestA = farthest(...c).a;
  for (let it = 1; it <= 8; it++) {
    const { at } = farthest(...c);
    const t = 1 / (it + 1);
    const m = [c[0] + (xs[at]! - c[0]) * t, c[1] + (ys[at]! - c[1]) * t, c[2] + (zs[at]! - c[2]) * t];
    const mn = Math.hypot(m[0]!, m[1]!, m[2]!);
    if (mn < 1e-12) break;
    c = [m[0]! / mn, m[1]! / mn, m[2]! / mn];
    const a = farthest(...c).a;
    if (a < bestA) {
      bestA = a;
      best = c;
    }
  }
  // acos loses precision near 0: pad by 1e-7 rad (0.6 m) so the radius stays an upper bound.
  return { center: toGeoPoint(best), radiusKm: Math.min(Math.PI, bestA + 1e-7) * EARTH_RADIUS_KM };
}

/** Display outline: base cells merged into runs along each row, as GeoJSON MultiPolygon coordinates. */
function outline(cover: Cover): number[][][][] | null {
  const idx: number[] = [];
  for (let k = 0; k < cover.level.length; k++) if (cover.label[k] === 0) idx.push(k);
  if (idx.length === 0) return null;
  idx.sort(
    (a, b) => cover.level[a]! - cover.level[b]! || cover.row[a]! - cover.row[b]! || cover.col[a]! - cover.col[b]!,
  );
  const polys: number[][][][] = [];
  let run: [number, number, number, number] | null = null;
  let last = { l: -1, i: -1, j: -1 };
  const flush = () => {
    if (!run) return;
    const [w, s, e, n] = run;
    polys.push([
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ]);
  };
  for (const k of idx) {
    const l = cover.level[k]!;
    const i = cover.row[k]!;
    const j = cover.col[k]!;
    const b = cellBounds(l, i, j);
    if (run && l === last.l && i === last.i && j === last.j + 1) run[2] = b[2];
    else {
      flush();
      run = [...b];
    }
    last = { l, i, j };
  }
  flush();
  return polys;
}

export interface RegionOptions {
  /** Landmarks that may be removed in the robustness check (0 = no robustness labels). */
  readonly f?: number;
}

/** The cover of the caps' intersection (base cells have label 0), for tests and benchmarks. */
export function regionCover(caps: readonly Cap[], options: RegionOptions = {}): Cover {
  return coverCaps(prepareCaps(caps), options.f ?? 0);
}

/** The decision core shared by {@link locateCaps} and the soundness property test (no robustness, no outline). */
export interface VerdictCore {
  readonly decision: Decision;
  readonly cover: Cover;
  readonly ev: Evaluated;
  readonly pv: PolicyView;
  readonly capExcludesSite: readonly boolean[];
}

/** Cover + per-cell predicates + decision for the full landmark set (labels kept for `f` removals). */
export function verdictCore(caps: readonly Cap[], policy: VerdictPolicy, f = 0): VerdictCore {
  const pv = policyView(policy);
  const cover = regionCover(caps, { f });
  const ev = evaluate(cover, pv);
  const capExcludesSite = caps.map((c) =>
    pv.site ? greatCircleKm(c.center, pv.site.position) > c.radiusKm + pv.site.radiusKm : false,
  );
  return { decision: decide(ev, new Set(), caps, pv, capExcludesSite), cover, ev, pv, capExcludesSite };
}

/**
 * Verdict from verified measurements under a policy. Throws RangeError on invalid RTTs (NaN, negative, ±Infinity),
 * invalid positions or country codes. Deterministic; the only I/O is the one-time Natural Earth load.
 */
export function locate(measurements: readonly VerifiedMeasurement[], policy: VerdictPolicy): LocationVerdict {
  const profile: SpeedProfile = policy.speedProfile ?? 'light';
  const caps = capsFor(measurements, profile);
  return locateCaps(caps, policy, measurements.length - caps.length);
}

/** As {@link locate}, from caps already built (e.g. by `capsAtSpeed`). */
export function locateCaps(caps: readonly Cap[], policy: VerdictPolicy, droppedCount = 0): LocationVerdict {
  const profile: SpeedProfile = policy.speedProfile ?? 'light';
  const sound = profile === 'light';
  const f = policy.robustnessF ?? 1;
  if (!Number.isInteger(f) || f < 0) throw new RangeError(`robustnessF ${f} must be a non-negative integer`);
  const reasons: string[] = [];
  if (!sound) {
    reasons.push(
      `UNSOUND speed profile '${profile}' (v = ${speedFactorFor(profile)} c): paths faster than silica fibre (microwave, hollow-core, free-space) can place the device outside the region; not valid for decisions`,
    );
  }
  if (droppedCount > 0) {
    reasons.push(`${droppedCount} measurement(s) with RTT > ${MAX_INFORMATIVE_RTT_MS} ms dropped as uninformative`);
  }
  if (caps.length === 0) reasons.push('no informative measurement: the region is the whole Earth');

  const core = verdictCore(caps, policy, f);
  const { cover, ev, pv, capExcludesSite } = core;
  const base = core.decision;
  reasons.push(...base.why);

  // Robustness: every removal of ≤ f landmarks among those that can change anything.
  const relevant = new Set<number>();
  for (const lab of ev.labels) for (const c of lab) relevant.add(c);
  capExcludesSite.forEach((x, i) => {
    if (x) relevant.add(i);
  });
  const items = [...relevant].sort((a, b) => a - b);
  let survives = true;
  const flips = new Map<number, number>();
  let evaluated = 0;
  let truncated = false;
  if (f > 0) {
    for (const t of subsets(items, f)) {
      if (++evaluated > MAX_ROBUSTNESS_SUBSETS) {
        truncated = true;
        break;
      }
      const d = decide(ev, new Set(t), caps, pv, capExcludesSite);
      if (d.verdict !== base.verdict || d.empty !== base.empty) {
        if (d.verdict !== base.verdict) survives = false;
        for (const c of t) flips.set(c, (flips.get(c) ?? 0) + 1);
      }
    }
  }
  if (truncated) {
    survives = false;
    reasons.push(
      `robustness: more than ${MAX_ROBUSTNESS_SUBSETS} landmark subsets; not evaluated (reported as not surviving)`,
    );
  }
  let weakest: number[];
  if (flips.size > 0) {
    weakest = [...flips.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  } else {
    // Nothing flips: the landmarks whose single removal would grow the region most.
    const gain = new Map<number, number>();
    ev.labels.forEach((lab, id) => {
      if (lab.length === 1) gain.set(lab[0]!, (gain.get(lab[0]!) ?? 0) + ev.aggs[id]!.areaKm2);
    });
    weakest = [...gain.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  }
  const weakestLandmarks = [...new Set(weakest.slice(0, 5).map((c) => caps[c]!.landmarkId))];
  if (base.empty && flips.size > 0) {
    reasons.push(`removing ${weakestLandmarks.join(', ')} makes the measurements consistent: suspect landmark(s)`);
  } else if (f > 0 && !survives) {
    reasons.push(
      `robustness: the verdict does not survive removing ${f} landmark(s); weakest: ${weakestLandmarks.join(', ')}`,
    );
  }

  const baseAgg = ev.aggs[0]!;
  const touched = new Set<string>();
  for (const s of baseAgg.sets) for (const c of countryRaster().sets[s]!) touched.add(c);
  const countriesTouched = [...touched].sort();
  const bc = boundingCap(cover);
  let geometry: unknown;
  let geometryDone = false;
  const region = {
    empty: base.empty,
    get geometry(): unknown {
      if (!geometryDone) {
        const polys = outline(cover);
        geometry = polys ? { type: 'MultiPolygon', coordinates: polys } : null;
        geometryDone = true;
      }
      return geometry;
    },
    boundingRadiusKm: bc.radiusKm,
    boundingCenter: bc.center,
    areaKm2: baseAgg.areaKm2,
  };
  return {
    verdict: base.verdict,
    reasons,
    caps,
    region,
    countriesTouched,
    licensedSiteInRegion: pv.site ? !base.siteDisjoint && !base.empty : null,
    speedProfile: profile,
    sound,
    robustness: { f, survives, weakestLandmarks },
  };
}

/** Every country (ISO2, sorted, as Natural Earth gives them: HK and MO separate) the caps' intersection may touch. */
export function countriesTouched(caps: readonly Cap[]): string[] {
  const cover = regionCover(caps);
  const { sets, cellSet } = countryRaster();
  const out = new Set<string>();
  for (let k = 0; k < cover.level.length; k++) {
    const l = cover.level[k]!;
    for (const c of sets[cellSet[l]![cover.row[k]! * GRID[l]!.cols + cover.col[k]!]!]!) out.add(c);
  }
  return [...out].sort();
}
