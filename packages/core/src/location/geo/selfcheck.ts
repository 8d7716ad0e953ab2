/**
 * Landmark self-check (reference §7, threat A4): every landmark pair must satisfy
 *   distance ≤ RTT/2 × c × (1 + EARTH_MODEL_MARGIN) + position uncertainties,
 * since no signal outruns light. A violating pair proves that at least one of the two is not where its metadata
 * says. The landmarks to blame are named by a greedy cover (the reference §6 sanitisation): repeatedly take the
 * landmark in the most remaining violations until no violation is left. Ties (e.g. WonderProxy Auckland–Wellington,
 * one pair at 5.2 c between just the two of them) are broken by the weaker evidence each landmark carries elsewhere:
 * more pairs beyond 0.68 c (faster than fibre, which honest pairs almost never are), then the highest speed ratio
 * among its physically possible pairs (Auckland–Sydney 0.60 c vs Wellington–Sydney 0.58 c), then id. A tie-broken
 * pick is said so in `detail`: both ends of such a pair deserve a resurvey.
 * A second, independent check places each landmark with a declared country on the Natural Earth raster: coordinates
 * outside the (margin-grown) declared country are flagged (catches swapped rows, e.g. WonderProxy Guatemala/Panama,
 * which no RTT pair can prove when both rows are plausible cities).
 * @module
 */
import type { GeoPoint } from '../types.js';
import { EARTH_MODEL_MARGIN } from './caps.js';
import { countriesAt } from './countries.js';
import { C_KM_PER_MS, greatCircleKm } from './sphere.js';

/** Effective speed above which a pair is "faster than silica fibre" (tie-break evidence only). */
const FIBER_RATIO = 0.68;

export interface SelfCheckLandmark {
  readonly id: string;
  readonly position: GeoPoint;
  /** Declared ISO2 country: enables the country-polygon check. */
  readonly country?: string;
  readonly positionUncertaintyKm?: number;
}

export interface SuspectLandmark {
  readonly id: string;
  /** Violating pairs this landmark is in (before the greedy removal). */
  readonly violations: number;
  /** "a|b" of its most extreme pair ('' when flagged by the country check only). */
  readonly worstPair: string;
  readonly detail: string;
  /** Why: impossible RTTs, coordinates outside the declared country, or both. */
  readonly kind: 'rtt' | 'country' | 'rtt+country';
  /** Countries found at the coordinates (country check). */
  readonly countriesAtPosition?: readonly string[];
}

export interface InconsistentPair {
  readonly a: string;
  readonly b: string;
  readonly rttMs: number;
  readonly distanceKm: number;
  /** 2 × distance / c: the least RTT physics allows. */
  readonly minPossibleRttMs: number;
}

export interface SelfCheckResult {
  readonly suspect: SuspectLandmark[];
  readonly inconsistentPairs: InconsistentPair[];
}

export function landmarkSelfCheck(
  landmarks: readonly SelfCheckLandmark[],
  pairwiseMinRttMs: ReadonlyMap<string, number>,
): SelfCheckResult {
  const byId = new Map(landmarks.map((l) => [l.id, l]));
  // Unordered pairs, min over both key orders.
  const pairs = new Map<string, { a: string; b: string; rtt: number }>();
  for (const [key, rtt] of pairwiseMinRttMs) {
    const sep = key.indexOf('|');
    if (sep < 0) throw new RangeError(`pair key ${JSON.stringify(key)} is not "a|b"`);
    const x = key.slice(0, sep);
    const y = key.slice(sep + 1);
    if (x === y || !byId.has(x) || !byId.has(y)) continue;
    if (!Number.isFinite(rtt) || rtt < 0) throw new RangeError(`pair ${key}: invalid RTT ${rtt}`);
    const [a, b] = x < y ? [x, y] : [y, x];
    const k = `${a}|${b}`;
    const prev = pairs.get(k);
    if (!prev || rtt < prev.rtt) pairs.set(k, { a, b, rtt });
  }

  const inconsistent: (InconsistentPair & { ratio: number })[] = [];
  const fastCount = new Map<string, number>();
  const worstConsistent = new Map<string, number>();
  for (const p of pairs.values()) {
    const la = byId.get(p.a)!;
    const lb = byId.get(p.b)!;
    const d = greatCircleKm(la.position, lb.position);
    const budget = (p.rtt / 2) * C_KM_PER_MS;
    const ratio = budget > 0 ? d / budget : d > 0 ? Number.POSITIVE_INFINITY : 0;
    const slack = (la.positionUncertaintyKm ?? 0) + (lb.positionUncertaintyKm ?? 0);
    const violates = d > budget * (1 + EARTH_MODEL_MARGIN) + slack;
    for (const id of [p.a, p.b]) {
      if (ratio > FIBER_RATIO) fastCount.set(id, (fastCount.get(id) ?? 0) + 1);
      if (!violates && ratio > (worstConsistent.get(id) ?? 0)) worstConsistent.set(id, ratio);
    }
    if (violates) {
      inconsistent.push({
        a: p.a,
        b: p.b,
        rttMs: p.rtt,
        distanceKm: d,
        minPossibleRttMs: (2 * d) / C_KM_PER_MS,
        ratio,
      });
    }
  }
  inconsistent.sort((x, y) => y.ratio - x.ratio || (x.a + x.b < y.a + y.b ? -1 : 1));

  const total = new Map<string, number>();
  for (const p of inconsistent) for (const id of [p.a, p.b]) total.set(id, (total.get(id) ?? 0) + 1);

  // Greedy cover of the violating pairs.
  let remaining = inconsistent.slice();
  const blamed: string[] = [];
  const tieBroken = new Map<string, string>();
  while (remaining.length > 0) {
    const count = new Map<string, number>();
    for (const p of remaining) for (const id of [p.a, p.b]) count.set(id, (count.get(id) ?? 0) + 1);
    const ranked = [...count.entries()].sort(
      ([ia, ca], [ib, cb]) =>
        cb - ca ||
        (fastCount.get(ib) ?? 0) - (fastCount.get(ia) ?? 0) ||
        (worstConsistent.get(ib) ?? 0) - (worstConsistent.get(ia) ?? 0) ||
        (ia < ib ? -1 : 1),
    );
    const pick = ranked[0]![0];
    const runnerUp = ranked[1];
    if (runnerUp && runnerUp[1] === ranked[0]![1]) {
      const partner = remaining.find(
        (p) => (p.a === pick && p.b === runnerUp[0]) || (p.b === pick && p.a === runnerUp[0]),
      );
      if (partner) {
        tieBroken.set(
          pick,
          `tie with ${runnerUp[0]} broken by weaker evidence (best possible-pair speed ${(worstConsistent.get(pick) ?? 0).toFixed(2)} c vs ${(worstConsistent.get(runnerUp[0]) ?? 0).toFixed(2)} c): resurvey both`,
        );
      }
    }
    blamed.push(pick);
    remaining = remaining.filter((p) => p.a !== pick && p.b !== pick);
  }

  const suspect = new Map<string, SuspectLandmark>();
  for (const id of blamed) {
    const mine = inconsistent.filter((p) => p.a === id || p.b === id);
    const w = mine[0]!;
    suspect.set(id, {
      id,
      violations: total.get(id) ?? 0,
      worstPair: `${w.a}|${w.b}`,
      kind: 'rtt',
      detail:
        `${mine.length} pair(s) faster than light; worst ${w.a}–${w.b}: ${w.rttMs.toFixed(2)} ms RTT over ` +
        `${w.distanceKm.toFixed(0)} km (needs ≥ ${w.minPossibleRttMs.toFixed(2)} ms; ${w.ratio.toFixed(2)} c); ` +
        `${fastCount.get(id) ?? 0} pair(s) beyond 0.68 c${tieBroken.has(id) ? `; ${tieBroken.get(id)}` : ''}`,
    });
  }
  for (const l of landmarks) {
    if (!l.country) continue;
    const declared = l.country.toUpperCase();
    const here = countriesAt(l.position);
    if (here.includes(declared)) continue;
    const prev = suspect.get(l.id);
    const note = `coordinates (${l.position.lat}, ${l.position.lon}) fall in ${here.length ? here.join('/') : 'open sea'}, not the declared ${declared}`;
    suspect.set(l.id, {
      id: l.id,
      violations: prev?.violations ?? total.get(l.id) ?? 0,
      worstPair: prev?.worstPair ?? '',
      kind: prev ? 'rtt+country' : 'country',
      detail: prev ? `${prev.detail}; ${note}` : note,
      countriesAtPosition: here,
    });
  }
  return {
    suspect: [...suspect.values()].sort((x, y) => y.violations - x.violations || (x.id < y.id ? -1 : 1)),
    inconsistentPairs: inconsistent.map(({ ratio: _r, ...p }) => p),
  };
}
