/**
 * Idempotent check-in handling: duplicates (same checkInId) are dropped, keeping the first seen; the rest are
 * sorted by time then id, so out-of-order delivery gives the same result as in-order delivery.
 * @module
 */
import { toMs } from './time.js';
import { type CheckIn, DEFAULT_DETECTOR_CONFIG, type DetectorContext, type MonitoringInput } from './types.js';

export function compareCheckIns(a: CheckIn, b: CheckIn): number {
  const d = toMs(a.at) - toMs(b.at);
  if (d !== 0) return d;
  return a.checkInId < b.checkInId ? -1 : a.checkInId > b.checkInId ? 1 : 0;
}

/** Drops repeated checkInIds (first occurrence wins) and sorts by time then id. */
export function normaliseCheckIns(checkIns: readonly CheckIn[]): CheckIn[] {
  const seen = new Set<string>();
  const out: CheckIn[] = [];
  for (const c of checkIns) {
    if (seen.has(c.checkInId)) continue;
    seen.add(c.checkInId);
    out.push(c);
  }
  // Decorate with the parsed time once: sorting 10^5 check-ins must not parse 10^6 dates.
  return out
    .map((c) => ({ c, t: toMs(c.at) }))
    .sort((x, y) => x.t - y.t || (x.c.checkInId < y.c.checkInId ? -1 : x.c.checkInId > y.c.checkInId ? 1 : 0))
    .map((x) => x.c);
}

export function prepareMonitoring(input: MonitoringInput): DetectorContext {
  const config = { ...DEFAULT_DETECTOR_CONFIG, ...input.config };
  const devices = new Map(input.devices.map((d) => [d.deviceId, d]));
  const byDevice = new Map<string, CheckIn[]>();
  for (const d of input.devices) byDevice.set(d.deviceId, []);
  const all: CheckIn[] = [];
  for (const c of normaliseCheckIns(input.checkIns)) {
    const list = byDevice.get(c.deviceId);
    if (!list) continue; // unknown device: not monitored here (the verifier rejects it earlier)
    list.push(c);
    all.push(c);
  }
  return { devices, byDevice, all, nowMs: toMs(input.now), config };
}
