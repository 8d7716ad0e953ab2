/**
 * Fleet simulator with known ground truth, for measuring the detectors. Pure and deterministic: a seeded PRNG
 * (mulberry32), times computed from `start`. Model (docs/monitoring.md):
 *
 * - Honest devices sit at a data-centre city (their licensed site, radius `siteRadiusKm`) and check in every
 *   `checkInHours` at a per-device phase ± `jitterMinutes`, missing an isolated check-in with `missedCheckInRate`.
 *   Each check-in's region is a bounding cap that CONTAINS the true location: radius = the place's landmark-density
 *   radius (log-uniform 300–1,500 km per city, docs/benchmarks.md) × U(0.85, 1.15) per device × U(0.9, 1.1) per
 *   check-in (× U(1.1, 1.6) on `benignDelayRate` of check-ins: congestion or a route change), centre offset from
 *   the true location by ≤ 0.25 × radius.
 * - Verdicts follow the location module's semantics on the cap: VIOLATION if the cap provably excludes the site disc
 *   (or lies inside a country-of-concern disc), ALLOW only if the cap lies inside the site city's `innerKm` disc
 *   (inside the allowed country or open sea), else INCONCLUSIVE.
 * - Diversions start between two check-ins; the first check-in after the event is the first affected one.
 *   `relay`: the device sits at a destination ≥ 2,500 km away and answers through a relay at its site; delay only
 *   grows regions, so the cap keeps its centre and grows by the relay distance × U(1, 1.5) (and contains the true
 *   location). `move`: the device is at the destination; caps centre there with the destination's r0.
 *   `clone`: a second responder at the destination answers a fixed 2–40 min after every genuine check-in.
 *   `silent`: the device stops checking in. `tamper`: the agent reports tampering at its next check-in.
 * @module
 */
import { EARTH_RADIUS_KM, greatCircleKm } from '../location/geo/sphere.js';
import type { GeoPoint, LicensedSite, Verdict } from '../location/types.js';
import { capWithin, destinationPoint } from './geometry.js';
import { ALL_PLACES, DATA_CENTRE_CITIES, DIVERSION_DESTINATIONS, type Place } from './places.js';
import { mulberry32, type Rng } from './prng.js';
import { HOUR_MS, toIso, toMs } from './time.js';
import type { CheckIn, FleetDevice, RegionSummary } from './types.js';

const HALF_CIRCUMFERENCE_KM = Math.PI * EARTH_RADIUS_KM;
export type InjectedKind = 'relay' | 'move' | 'clone' | 'silent' | 'tamper';
export const DIVERSION_KINDS: readonly InjectedKind[] = ['relay', 'move', 'clone'];
export const INJECTED_KINDS: readonly InjectedKind[] = ['relay', 'move', 'clone', 'silent', 'tamper'];

export interface InjectedEvent {
  readonly kind: InjectedKind;
  readonly deviceId: string;
  /** When the event happened (for `silent`: when the first missed check-in was due). */
  readonly at: string;
  readonly destination?: string;
  readonly distanceKm?: number;
}

export interface SimulationOptions {
  readonly devices: number;
  readonly days: number;
  /** Diversions, round-robin over relay, move, clone. */
  readonly diversions: number;
  readonly seed?: number;
  readonly checkInHours?: number;
  /** Silent devices (default max(1, ⌊diversions / 4⌋)). */
  readonly silentDevices?: number;
  /** Devices whose agent reports tampering (default max(1, ⌊diversions / 4⌋)). */
  readonly tamperDevices?: number;
  readonly start?: string;
  readonly siteRadiusKm?: number;
  readonly devicesPerLicensee?: number;
  readonly jitterMinutes?: number;
  readonly missedCheckInRate?: number;
  /** Honest check-ins whose region is grown ×U(1.1, 1.6) by benign delay (congestion, a route change); default 0.01. */
  readonly benignDelayRate?: number;
  /** Diversion destinations are at least this far from the site (default 2,500 km; see docs: separability). */
  readonly minDiversionKm?: number;
}

export interface Simulation {
  readonly devices: FleetDevice[];
  readonly checkIns: CheckIn[];
  readonly truth: InjectedEvent[];
  readonly start: string;
  readonly now: string;
  readonly options: Required<SimulationOptions>;
}

function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
}

/** A bounding cap around `truth` that contains it: radius r, centre ≤ 0.25 r away. */
function capAround(rng: Rng, truth: GeoPoint, r: number): { center: GeoPoint; r: number } {
  return { center: destinationPoint(truth, rng.uniform(0, 360), rng.uniform(0, 0.25) * r), r };
}

const round = (x: number, k = 1000) => Math.round(x * k) / k;

/** The verdict and summary the location module would give for a region with this bounding cap (see module doc). */
export function summariseSimulatedRegion(
  center: GeoPoint,
  radiusKm: number,
  site: LicensedSite,
  sitePlace: Place,
): { verdict: Verdict; region: RegionSummary } {
  // No cap on a sphere is wider than half the circumference: a larger radius is the whole globe.
  const r = Math.min(radiusKm, HALF_CIRCUMFERENCE_KM);
  const cap = { center, radiusKm: r };
  const excluded = greatCircleKm(center, site.position) > r + site.radiusKm;
  const touched = new Set<string>();
  for (const pl of ALL_PLACES) if (greatCircleKm(center, pl.position) <= r + pl.innerKm) touched.add(pl.country);
  touched.add(sitePlace.country);
  const inConcern = DIVERSION_DESTINATIONS.some((d) => capWithin(cap, d.position, d.innerKm));
  if (inConcern) touched.delete(sitePlace.country);
  let verdict: Verdict = 'INCONCLUSIVE';
  if (excluded || inConcern) verdict = 'VIOLATION';
  else if (capWithin(cap, sitePlace.position, sitePlace.innerKm)) verdict = 'ALLOW';
  return {
    verdict,
    region: {
      boundingRadiusKm: round(r),
      center: { lat: round(center.lat, 1e4), lon: round(center.lon, 1e4) },
      countriesTouched: [...touched].sort(),
      licensedSiteInRegion: !excluded,
    },
  };
}

export function simulateFleet(opts: SimulationOptions): Simulation {
  const o: Required<SimulationOptions> = {
    seed: 1,
    checkInHours: 24,
    silentDevices: Math.max(1, Math.floor(opts.diversions / 4)),
    tamperDevices: Math.max(1, Math.floor(opts.diversions / 4)),
    start: '2026-01-01T00:00:00.000Z',
    siteRadiusKm: 50,
    devicesPerLicensee: 25,
    jitterMinutes: 10,
    missedCheckInRate: 0.002,
    benignDelayRate: 0.01,
    minDiversionKm: 2500,
    ...opts,
  };
  if (o.diversions + o.silentDevices + o.tamperDevices > o.devices)
    throw new RangeError('more injected events than devices');
  if (!(o.days > 0) || !(o.checkInHours > 0) || !(o.devices > 0)) throw new RangeError('devices, days, interval > 0');
  const rng = mulberry32(o.seed);
  const startMs = toMs(o.start);
  const endMs = startMs + o.days * 24 * HOUR_MS;
  const intervalMs = o.checkInHours * HOUR_MS;
  const jitterMs = o.jitterMinutes * 60_000;

  // Who gets which event: a seeded shuffle.
  const order = Array.from({ length: o.devices }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const eventOf = new Map<number, InjectedKind>();
  let n = 0;
  for (let k = 0; k < o.diversions; k++) eventOf.set(order[n++]!, DIVERSION_KINDS[k % DIVERSION_KINDS.length]!);
  for (let k = 0; k < o.silentDevices; k++) eventOf.set(order[n++]!, 'silent');
  for (let k = 0; k < o.tamperDevices; k++) eventOf.set(order[n++]!, 'tamper');

  // Landmark coverage is a property of the place: one radius per city, devices vary by ±15 %.
  const cityR0 = new Map(ALL_PLACES.map((pl) => [pl.name, logUniform(rng, 300, 1500)]));
  const licenseeSites: Place[] = [];
  const devices: FleetDevice[] = [];
  const checkIns: CheckIn[] = [];
  const truth: InjectedEvent[] = [];
  for (let i = 0; i < o.devices; i++) {
    const li = Math.floor(i / o.devicesPerLicensee);
    licenseeSites[li] ??= rng.pick(DATA_CENTRE_CITIES);
    const place = licenseeSites[li]!;
    const deviceId = `dev-${String(i).padStart(6, '0')}`;
    const site: LicensedSite = {
      position: place.position,
      country: place.country,
      radiusKm: o.siteRadiusKm,
      label: place.name,
    };
    devices.push({
      deviceId,
      licensee: `lic-${String(li).padStart(4, '0')}`,
      licensedSite: site,
      expectedCheckInHours: o.checkInHours,
      registeredAt: o.start,
    });
    const r0 = (cityR0.get(place.name) ?? 900) * rng.uniform(0.85, 1.15);
    const phaseMs = rng.uniform(0, intervalMs);
    const slots: number[] = [];
    for (let t = startMs + phaseMs; t < endMs; t += intervalMs) slots.push(t);
    const times = slots.map((t) => Math.min(endMs - 1, Math.max(startMs, t + rng.uniform(-jitterMs, jitterMs))));

    const kind = eventOf.get(i);
    let firstAffected = Number.POSITIVE_INFINITY;
    const cloneLagMs = rng.uniform(2, 40) * 60_000;
    let dest: Place | undefined;
    let rD = 0;
    if (kind && times.length >= 3) {
      // A silent device must stop early enough for the silence to become provable before the end.
      firstAffected = 1 + rng.int(kind === 'silent' ? Math.max(1, times.length - 4) : times.length - 1);
      // The clone runs a fixed lag behind the genuine schedule; its first answer is the first affected check-in.
      const lag = kind === 'clone' ? cloneLagMs : 0;
      const tNext = times[firstAffected]! + lag;
      const tPrev = times[firstAffected - 1]! + lag;
      let eventMs = rng.uniform(Math.max(tPrev, tNext - intervalMs), tNext);
      if (kind === 'silent') eventMs = tNext;
      let distanceKm: number | undefined;
      if (kind === 'relay' || kind === 'move' || kind === 'clone') {
        const far = DIVERSION_DESTINATIONS.filter((d) => greatCircleKm(d.position, place.position) >= o.minDiversionKm);
        dest = rng.pick(far.length ? far : DIVERSION_DESTINATIONS);
        rD = (cityR0.get(dest.name) ?? 900) * rng.uniform(0.85, 1.15);
        distanceKm = Math.round(greatCircleKm(dest.position, place.position));
      }
      truth.push({
        kind,
        deviceId,
        at: toIso(Math.round(eventMs)),
        ...(dest ? { destination: dest.name, distanceKm } : {}),
      });
    }

    let missedPrev = false;
    for (let k = 0; k < times.length; k++) {
      const at = toIso(Math.round(times[k]!));
      const checkInId = `${deviceId}-${k}`;
      const affected = k >= firstAffected;
      if (kind === 'silent' && affected) break;
      if (!kind && !missedPrev && rng.next() < o.missedCheckInRate) {
        missedPrev = true;
        continue;
      }
      missedPrev = false;
      if (affected && kind === 'move' && dest) {
        const cap = capAround(rng, dest.position, rD * rng.uniform(0.9, 1.1));
        checkIns.push({ deviceId, checkInId, at, ...summariseSimulatedRegion(cap.center, cap.r, site, place) });
        continue;
      }
      const benign = rng.next() < o.benignDelayRate ? rng.uniform(1.1, 1.6) : 1;
      const cap = capAround(rng, place.position, r0 * rng.uniform(0.9, 1.1) * benign);
      if (affected && kind === 'relay' && dest) {
        const grown = Math.max(
          cap.r + greatCircleKm(place.position, dest.position) * rng.uniform(1, 1.5),
          greatCircleKm(cap.center, dest.position) + 50,
        );
        checkIns.push({ deviceId, checkInId, at, ...summariseSimulatedRegion(cap.center, grown, site, place) });
        continue;
      }
      checkIns.push({
        deviceId,
        checkInId,
        at,
        ...summariseSimulatedRegion(cap.center, cap.r, site, place),
        ...(affected && kind === 'tamper' && k === firstAffected ? { tamper: true } : {}),
      });
      if (affected && kind === 'clone' && dest) {
        const c2 = capAround(rng, dest.position, rD * rng.uniform(0.9, 1.1));
        const at2 = Math.min(endMs - 1, toMs(at) + cloneLagMs);
        checkIns.push({
          deviceId,
          checkInId: `${checkInId}-x`,
          at: toIso(Math.round(at2)),
          ...summariseSimulatedRegion(c2.center, c2.r, site, place),
        });
      }
    }
  }
  return { devices, checkIns, truth, start: o.start, now: toIso(endMs), options: o };
}
