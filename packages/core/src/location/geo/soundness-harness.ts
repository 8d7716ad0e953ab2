/**
 * Soundness harness shared by the property tests (soundness-*.test.ts) and usable from benchmarks: random honest
 * measurements of a random device, then random non-negative delays; checks that the delayed verdict is never more
 * permissive ("→ ALLOW" from anything else is forbidden) and that the region only grows.
 * Exercises `capsFor` + `verdictCore` (cover, per-cell predicates, decision: the exact path `locate` takes),
 * without robustness subsets and the display outline/bounding cap (not part of the decision).
 * Part of the build (small, pure, no I/O) so every test file and the benchmark share one generator.
 * @module
 */
import type { LandmarkInfo, VerdictPolicy, VerifiedMeasurement } from '../types.js';
import { capsFor } from './caps.js';
import type { Cover } from './cover.js';
import { coverContains, verdictCore } from './locate.js';
import { C_KM_PER_MS, EARTH_RADIUS_KM, greatCircleKm } from './sphere.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Point at distance `km` and bearing `deg` from (lat, lon). */
export function destination(lat: number, lon: number, km: number, bearingDeg: number): { lat: number; lon: number } {
  const d = km / EARTH_RADIUS_KM;
  const p1 = (lat * Math.PI) / 180;
  const l1 = (lon * Math.PI) / 180;
  const b = (bearingDeg * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  let lonDeg = (l2 * 180) / Math.PI;
  lonDeg = ((((lonDeg + 180) % 360) + 360) % 360) - 180;
  return { lat: (p2 * 180) / Math.PI, lon: lonDeg };
}

const ANCHORS = [
  { lat: 1.35, lon: 103.82 }, // Singapore
  { lat: 22.3, lon: 114.17 }, // Hong Kong
  { lat: 31.2, lon: 121.5 }, // Shanghai
  { lat: 25.03, lon: 121.53 }, // Taipei
  { lat: 50.45, lon: 30.52 }, // Kyiv
  { lat: 48.86, lon: 2.35 }, // Paris
  { lat: 40.0, lon: -100.0 }, // US
  { lat: 64.0, lon: 178.0 }, // Chukotka (antimeridian)
];
const COUNTRY_POOL = [
  'SG',
  'MY',
  'ID',
  'TH',
  'VN',
  'CN',
  'HK',
  'TW',
  'JP',
  'KR',
  'PH',
  'UA',
  'RU',
  'PL',
  'FR',
  'DE',
  'US',
  'CA',
  'MX',
  'BY',
];
const CONCERN_POOL: readonly (readonly string[])[] = [[], ['CN', 'MO'], ['CN'], ['RU', 'BY'], ['CN', 'RU', 'MO']];

export interface Trial {
  readonly measurements: VerifiedMeasurement[];
  readonly delayed: VerifiedMeasurement[];
  readonly policy: VerdictPolicy;
  readonly truth: { lat: number; lon: number };
}

export function randomTrial(rnd: () => number): Trial {
  const a = ANCHORS[Math.floor(rnd() * ANCHORS.length)]!;
  const truth = destination(a.lat, a.lon, rnd() * 800, rnd() * 360);
  const n = 2 + Math.floor(rnd() * 4); // 2–5 landmarks: cheap per trial
  const measurements: VerifiedMeasurement[] = [];
  for (let k = 0; k < n; k++) {
    const pos = destination(truth.lat, truth.lon, rnd() < 0.2 ? rnd() * 60 : rnd() * 1500, rnd() * 360);
    const landmark: LandmarkInfo = {
      id: `L${k}`,
      position: pos,
      positionUncertaintyKm: rnd() < 0.5 ? 0 : rnd() * 5,
      publicKey: '',
    };
    const d = greatCircleKm(pos, truth);
    // Honest RTT: at least the light-speed minimum, typically 1–2.5× it, plus host/processing noise.
    const rtt = ((2 * d) / C_KM_PER_MS) * (1 + rnd() * rnd() * 1.5) + rnd() * rnd() * 4;
    measurements.push({ landmark, minRttMs: rtt, samples: 10 });
  }
  const delayed = measurements.map((m) => {
    const r = rnd();
    const extra = r < 0.4 ? 0 : r < 0.9 ? rnd() * rnd() * 40 : r < 0.97 ? rnd() * 300 : 0.001;
    return { ...m, minRttMs: m.minRttMs + extra };
  });
  const sitePos = rnd() < 0.5 ? truth : destination(truth.lat, truth.lon, rnd() * 3000, rnd() * 360);
  const radii = [0, 25, 300, 1500, 4000];
  const allowed = rnd() < 0.5 ? COUNTRY_POOL.filter(() => rnd() < 0.4) : undefined;
  const policy: VerdictPolicy = {
    licensedSite:
      rnd() < 0.8
        ? { position: sitePos, country: 'XX', radiusKm: radii[Math.floor(rnd() * radii.length)]! }
        : undefined,
    allowedCountries: allowed,
    countriesOfConcern: CONCERN_POOL[Math.floor(rnd() * CONCERN_POOL.length)]!,
    speedProfile: rnd() < 0.9 ? 'light' : 'fiber-unsound',
  };
  return { measurements, delayed, policy, truth };
}

const RANK = { VIOLATION: 0, INCONCLUSIVE: 1, ALLOW: 2 } as const;

/** Is every base cell of `small` inside a base cell of `big`? (Cells of the smaller cover descend from the bigger's.) */
export function coverWithin(small: Cover, big: Cover): boolean {
  const keys = new Set<number>();
  for (let k = 0; k < big.level.length; k++) {
    if (big.label[k] === 0) keys.add(key(big.level[k]!, big.row[k]!, big.col[k]!));
  }
  for (let k = 0; k < small.level.length; k++) {
    if (small.label[k] !== 0) continue;
    let l = small.level[k]!;
    let i = small.row[k]!;
    let j = small.col[k]!;
    let found = false;
    for (; l >= 0; l--, i >>= 1, j >>= 1) {
      if (keys.has(key(l, i, j))) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
const key = (l: number, i: number, j: number) => (l * 1024 + i) * 4096 + j;

export interface TrialOutcome {
  readonly before: keyof typeof RANK;
  readonly after: keyof typeof RANK;
  /** A verdict moved to ALLOW from anything else. */
  readonly morePermissive: boolean;
  readonly regionGrew: boolean;
  readonly truthInRegion: boolean;
}

export function runTrial(t: Trial, checkGrowth = true): TrialOutcome {
  const profile = t.policy.speedProfile ?? 'light';
  const c1 = verdictCore(capsFor(t.measurements, profile), t.policy);
  const c2 = verdictCore(capsFor(t.delayed, profile), t.policy);
  const before = c1.decision.verdict;
  const after = c2.decision.verdict;
  return {
    before,
    after,
    morePermissive: after === 'ALLOW' && before !== 'ALLOW',
    regionGrew: checkGrowth ? coverWithin(c1.cover, c2.cover) : true,
    truthInRegion: profile !== 'light' || (coverContains(c1.cover, t.truth) && coverContains(c2.cover, t.truth)),
  };
}

export interface BatchResult {
  trials: number;
  morePermissive: number;
  notGrown: number;
  truthMissed: number;
  transitions: Record<string, number>;
  firstFailure: Trial | null;
}

/** `n` trials from `seed`; `profile` forces the speed profile of every trial (the property is claimed for 'light'). */
export function runBatch(seed: number, n: number, profile: 'light' | 'fiber-unsound' = 'light'): BatchResult {
  const rnd = mulberry32(seed);
  const r: BatchResult = {
    trials: 0,
    morePermissive: 0,
    notGrown: 0,
    truthMissed: 0,
    transitions: {},
    firstFailure: null,
  };
  for (let k = 0; k < n; k++) {
    const base = randomTrial(rnd);
    const t = { ...base, policy: { ...base.policy, speedProfile: profile } };
    const o = runTrial(t);
    r.trials++;
    const key = `${o.before}>${o.after}`;
    r.transitions[key] = (r.transitions[key] ?? 0) + 1;
    const bad = o.morePermissive || !o.regionGrew || !o.truthInRegion;
    if (o.morePermissive) r.morePermissive++;
    if (!o.regionGrew) r.notGrown++;
    if (!o.truthInRegion) r.truthMissed++;
    if (bad && !r.firstFailure) r.firstFailure = t;
  }
  return r;
}
