/**
 * End-use monitoring: the contract between check-ins (from verifications), the detectors and the simulator.
 * Pure data types. Times are ISO 8601 strings (UTC); no detector reads a clock.
 * @module
 */
import type { GeoPoint, LicensedSite, Verdict } from '../location/types.js';

/** A monitored device: who holds it, where it is licensed to be, and how often it must check in. */
export interface FleetDevice {
  readonly deviceId: string;
  readonly licensee: string;
  readonly licensedSite: LicensedSite;
  readonly expectedCheckInHours: number;
  /** When monitoring starts (a device that never checks in is silent from here). Optional. */
  readonly registeredAt?: string;
  /**
   * The newest check-in before the check-ins given (a store-backed pass loads a window, not the whole history):
   * silence is measured from it rather than from registration.
   */
  readonly priorCheckIn?: { readonly at: string; readonly checkInId: string };
}

/**
 * What a check-in tells the detectors about the feasible region. The region is represented by its bounding cap
 * {center, boundingRadiusKm}, which CONTAINS the feasible region: every "provably" below is a statement about that
 * cap, so it holds for every point the device could be at.
 */
export interface RegionSummary {
  /** Radius of the smallest cap containing the region, km. */
  readonly boundingRadiusKm: number;
  /** The bounding cap's centre. Display only as a point; detectors use it only together with the radius. */
  readonly center?: GeoPoint;
  /** Every country the region touches (ISO2), sorted. */
  readonly countriesTouched: readonly string[];
  /** Whether the licensed-site disc meets the region (null: no site in the policy). */
  readonly licensedSiteInRegion: boolean | null;
}

/** One verified location check-in (a completed verification). */
export interface CheckIn {
  readonly deviceId: string;
  /** Idempotency key: a second check-in with the same id is ignored. */
  readonly checkInId: string;
  readonly at: string;
  readonly verdict: Verdict;
  readonly region: RegionSummary;
  /** The agent reported tampering (case opened, debugger, firmware mismatch…). */
  readonly tamper?: boolean;
}

export type DetectorName =
  | 'silent'
  | 'out-of-region'
  | 'moved-away'
  | 'region-inflation'
  | 'impossible-travel'
  | 'cloned-key'
  | 'fleet-anomaly'
  | 'tamper';

export const DETECTOR_NAMES: readonly DetectorName[] = [
  'silent',
  'out-of-region',
  'moved-away',
  'region-inflation',
  'impossible-travel',
  'cloned-key',
  'fleet-anomaly',
  'tamper',
];

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** A fact a detector relied on: a name and a number or string, for a reviewer. */
export type Fact = Readonly<Record<string, string | number | boolean>>;

/** One detector firing once (before deduplication). */
export interface Finding {
  readonly detector: DetectorName;
  readonly severity: Severity;
  readonly deviceId: string;
  /** When the finding became provable (the check-in time, or the silence deadline). */
  readonly at: string;
  readonly checkInIds: readonly string[];
  readonly facts: Fact;
  readonly message: string;
}

/** A deduplicated alert: every finding of one detector on one device within one dedup window. */
export interface Alert {
  /** Deterministic: sha256(detector | deviceId | first finding time), first 16 hex digits, prefixed `al_`. */
  readonly id: string;
  readonly detector: DetectorName;
  /** The highest severity among the merged findings. */
  readonly severity: Severity;
  readonly deviceId: string;
  /** The first finding's time (time of detection). */
  readonly at: string;
  /** The last merged finding's time. */
  readonly lastAt: string;
  readonly evidence: {
    /** Every check-in id the findings relied on, in time order, without repeats. */
    readonly checkInIds: readonly string[];
    /** The facts of each merged finding, in time order. */
    readonly facts: readonly Fact[];
    readonly findings: number;
  };
  readonly message: string;
}

export interface DetectorConfig {
  /** Silent: no check-in for this many expected intervals (default 2)… */
  readonly silentIntervals: number;
  /** …plus this fraction of one interval as grace for schedule jitter (default 0.1). */
  readonly silentGraceFraction: number;
  /** Impossible travel / cloned key: the fastest feasible travel, km/h (default 1,000: an airliner). */
  readonly maxSpeedKmh: number;
  /** Cloned key: two check-ins closer than this fraction of the expected interval share one window (default 0.5). */
  readonly cloneWindowFraction: number;
  /** Region inflation: grown by at least this factor over the device's baseline (default 2)… */
  readonly inflationFactor: number;
  /** …and by at least this many km (default 1,000 km ≈ 6.7 ms of added round trip at c). */
  readonly inflationMinKm: number;
  /** Region inflation: the baseline is the median of up to this many earlier non-inflated check-ins (default 7, at least 3 needed). */
  readonly baselineCheckIns: number;
  /** Fleet anomaly: at least this many devices (default 3)… */
  readonly fleetMinDevices: number;
  /** …of at least this many licensees (default 2)… */
  readonly fleetMinLicensees: number;
  /** …whose bounding caps all lie inside one disc of this radius (default 2,500 km)… */
  readonly fleetAreaRadiusKm: number;
  /** …within this time window (default 48 h). */
  readonly fleetWindowHours: number;
  /** Deduplication: findings of one detector on one device less than this apart merge into one alert (default 168 h). */
  readonly dedupWindowHours: number;
}

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  silentIntervals: 2,
  silentGraceFraction: 0.1,
  maxSpeedKmh: 1000,
  cloneWindowFraction: 0.5,
  inflationFactor: 2,
  inflationMinKm: 1000,
  baselineCheckIns: 7,
  fleetMinDevices: 3,
  fleetMinLicensees: 2,
  fleetAreaRadiusKm: 2500,
  fleetWindowHours: 48,
  dedupWindowHours: 168,
};

/** Everything the detectors look at. `checkIns` may be unsorted and contain duplicates. */
export interface MonitoringInput {
  readonly devices: readonly FleetDevice[];
  readonly checkIns: readonly CheckIn[];
  /** The evaluation time (for silence). */
  readonly now: string;
  readonly config?: Partial<DetectorConfig>;
}

/** The prepared view every detector receives: deduplicated, sorted, grouped. */
export interface DetectorContext {
  readonly devices: ReadonlyMap<string, FleetDevice>;
  /** Per device, its check-ins sorted by time then id (devices without check-ins have an empty list). */
  readonly byDevice: ReadonlyMap<string, readonly CheckIn[]>;
  /** All check-ins of known devices, sorted by time then id. */
  readonly all: readonly CheckIn[];
  readonly nowMs: number;
  readonly config: DetectorConfig;
}

export type Detector = (ctx: DetectorContext) => Finding[];
