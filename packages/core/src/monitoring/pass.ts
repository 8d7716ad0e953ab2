/**
 * A detector pass over a stored fleet, one chunk of devices at a time: the per-device detectors run on each
 * chunk's recent check-ins, the check-ins that provably left their licensed site are kept for the one
 * cross-device detector (fleet anomaly), and new alerts are merged into the stored ones so a re-run, an
 * overlapping window or a retried pass never duplicates an alert. Pure: the store shell feeds it.
 * @module
 */
import { DETECTORS, runDetectors } from './run.js';
import { HOUR_MS, toIso, toMs } from './time.js';
import {
  type Alert,
  type CheckIn,
  type DetectorConfig,
  type DetectorName,
  type Fact,
  type FleetDevice,
  type MonitoringInput,
  SEVERITY_RANK,
} from './types.js';

const PER_DEVICE: readonly DetectorName[] = (Object.keys(DETECTORS) as DetectorName[]).filter(
  (n) => n !== 'fleet-anomaly',
);

/**
 * How far back a pass must read check-ins so every detector sees what it needs: the dedup window (to merge
 * with earlier findings), the inflation baseline (`baselineCheckIns` + 1 intervals), the silence limit and the
 * fleet window.
 */
export function passLookbackHours(config: DetectorConfig, longestIntervalHours: number): number {
  return Math.max(
    config.dedupWindowHours,
    (config.baselineCheckIns + 1) * longestIntervalHours,
    (config.silentIntervals + 1 + config.silentGraceFraction) * longestIntervalHours,
    config.fleetWindowHours,
  );
}

/** When a device that last checked in at `lastAt` becomes provably silent. */
export function silentAfter(lastAtMs: number, expectedCheckInHours: number, config: DetectorConfig): string {
  return toIso(lastAtMs + (config.silentIntervals + config.silentGraceFraction) * expectedCheckInHours * HOUR_MS);
}

/** Every detector but fleet anomaly: they look at one device at a time, so a pass can run them chunk by chunk. */
export const PER_DEVICE_DETECTORS = PER_DEVICE;

/** A check-in whose bounding cap provably excludes its device's licensed site (fleet-anomaly candidates). */
export interface AwayCheckIn {
  readonly device: FleetDevice;
  readonly checkIn: CheckIn;
}

/** The per-device detectors on one chunk of devices and their recent check-ins. */
export function detectChunk(input: MonitoringInput): Alert[] {
  return runDetectors(input, PER_DEVICE);
}

/** The cross-device detector over the fleet's away check-ins (those whose region excludes the licensed site). */
export function detectAcrossFleet(
  away: readonly AwayCheckIn[],
  now: string,
  config?: Partial<DetectorConfig>,
): Alert[] {
  const devices = new Map(away.map((a) => [a.device.deviceId, a.device]));
  return runDetectors(
    { devices: [...devices.values()], checkIns: away.map((a) => a.checkIn), now, ...(config ? { config } : {}) },
    ['fleet-anomaly'],
  );
}

/** A stored alert as far as merging is concerned. */
export interface MergeableAlert extends Alert {
  readonly status: 'open' | 'in-case' | 'dismissed';
}

export interface AlertMerge<A extends MergeableAlert> {
  /** New alerts to insert (status open). */
  readonly inserts: Alert[];
  /** Stored alerts whose evidence grew (same id, first time and device; status reopened from dismissed). */
  readonly updates: A[];
}

const factKey = (f: Fact) => JSON.stringify(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Merges a pass's alerts into the stored ones: an incoming alert joins a stored alert of the same detector and
 * device when their spans come within the dedup window; its new check-ins and facts are appended and the
 * severity rises to the higher one. Identical evidence changes nothing, so re-running a pass is a no-op.
 * A dismissed alert that gains new evidence is reopened: a reviewer dismissed what they saw, not what came later.
 */
export function mergeAlerts<A extends MergeableAlert>(
  stored: readonly A[],
  incoming: readonly Alert[],
  dedupWindowHours: number,
): AlertMerge<A> {
  const windowMs = dedupWindowHours * HOUR_MS;
  const groups = new Map<string, A[]>();
  for (const s of stored) {
    const k = `${s.detector}\u0000${s.deviceId}`;
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  const changed = new Map<string, A>();
  const inserts: Alert[] = [];
  for (const a of incoming) {
    const k = `${a.detector}\u0000${a.deviceId}`;
    const group = groups.get(k) ?? [];
    const aFrom = toMs(a.at);
    const aTo = toMs(a.lastAt);
    const target = group.find((s) => aFrom - toMs(s.lastAt) < windowMs && toMs(s.at) - aTo < windowMs);
    if (!target) {
      inserts.push(a);
      const placeholder = { ...a, status: 'open' } as A;
      group.push(placeholder);
      groups.set(k, group);
      continue;
    }
    const current = changed.get(target.id) ?? target;
    const ids = [...current.evidence.checkInIds];
    const seenIds = new Set(ids);
    for (const id of a.evidence.checkInIds)
      if (!seenIds.has(id)) {
        seenIds.add(id);
        ids.push(id);
      }
    const facts = [...current.evidence.facts];
    const seenFacts = new Set(facts.map(factKey));
    for (const f of a.evidence.facts)
      if (!seenFacts.has(factKey(f))) {
        seenFacts.add(factKey(f));
        facts.push(f);
      }
    const grew = ids.length !== current.evidence.checkInIds.length || facts.length !== current.evidence.facts.length;
    const lastAt = toMs(a.lastAt) > toMs(current.lastAt) ? a.lastAt : current.lastAt;
    const severity = SEVERITY_RANK[a.severity] > SEVERITY_RANK[current.severity] ? a.severity : current.severity;
    if (!grew && lastAt === current.lastAt && severity === current.severity) continue;
    const merged = {
      ...current,
      lastAt,
      severity,
      evidence: { checkInIds: ids, facts, findings: facts.length },
      message:
        facts.length > 1 ? `${a.message.replace(/ \(\+\d+ more\)$/, '')} (+${facts.length - 1} more)` : a.message,
      status: current.status === 'dismissed' && grew ? 'open' : current.status,
    } as A;
    // A placeholder (inserted in this same merge) is updated in place among the inserts.
    const insertIdx = inserts.findIndex((i) => i.id === merged.id);
    if (insertIdx >= 0) {
      const { status: _s, ...plain } = merged;
      inserts[insertIdx] = plain as Alert;
      group[group.indexOf(current)] = merged;
    } else {
      changed.set(merged.id, merged);
      group[group.indexOf(target)] = merged;
    }
  }
  return { inserts, updates: [...changed.values()] };
}
