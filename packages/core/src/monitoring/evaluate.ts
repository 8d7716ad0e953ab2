/**
 * Scoring the detectors against the simulator's ground truth. An alert on a device at or after its injected event
 * is a detection; every other alert (honest devices, or before the event) is a false alarm. False alarms are
 * counted per device-day: distinct (device, UTC day of the alert) pairs over devices × days.
 * @module
 */
import { DIVERSION_KINDS, INJECTED_KINDS, type InjectedEvent, type InjectedKind } from './simulate.js';
import { HOUR_MS, toMs } from './time.js';
import { type Alert, DETECTOR_NAMES, type DetectorName, type FleetDevice } from './types.js';

export interface KindScore {
  readonly injected: number;
  readonly detected: number;
  readonly recall: number;
  /** Detected no later than one expected check-in interval after the event. */
  readonly withinOneInterval: number;
  readonly meanTtdIntervals: number | null;
  readonly maxTtdIntervals: number | null;
  /** Which detector raised the first alert, per detection. */
  readonly firstDetector: Partial<Record<DetectorName, number>>;
}

export interface Evaluation {
  readonly byKind: Readonly<Record<InjectedKind, KindScore>>;
  readonly diversions: KindScore;
  readonly alerts: number;
  readonly alertsByDetector: Readonly<Record<DetectorName, number>>;
  readonly falseAlarms: number;
  readonly falseAlarmDeviceDays: number;
  readonly deviceDays: number;
  readonly falseAlarmRate: number;
  readonly missed: readonly InjectedEvent[];
}

interface Hit {
  readonly kind: InjectedKind;
  readonly ttd: number | null;
  readonly detector?: DetectorName;
}

function score(hits: readonly Hit[]): KindScore {
  const found = hits.filter((h) => h.ttd !== null);
  const ttds = found.map((h) => h.ttd as number);
  const firstDetector: Partial<Record<DetectorName, number>> = {};
  for (const h of found) if (h.detector) firstDetector[h.detector] = (firstDetector[h.detector] ?? 0) + 1;
  return {
    injected: hits.length,
    detected: found.length,
    recall: hits.length ? found.length / hits.length : 1,
    withinOneInterval: ttds.filter((t) => t <= 1 + 1e-9).length,
    meanTtdIntervals: ttds.length ? Math.round((ttds.reduce((a, b) => a + b, 0) / ttds.length) * 1000) / 1000 : null,
    maxTtdIntervals: ttds.length ? Math.round(Math.max(...ttds) * 1000) / 1000 : null,
    firstDetector,
  };
}

export function evaluateDetection(
  truth: readonly InjectedEvent[],
  alerts: readonly Alert[],
  fleet: { readonly devices: readonly FleetDevice[]; readonly days: number },
): Evaluation {
  const interval = new Map(fleet.devices.map((d) => [d.deviceId, d.expectedCheckInHours]));
  const eventOf = new Map(truth.map((e) => [e.deviceId, e]));
  const byDevice = new Map<string, Alert[]>();
  const alertsByDetector = Object.fromEntries(DETECTOR_NAMES.map((d) => [d, 0])) as Record<DetectorName, number>;
  const falseDays = new Set<string>();
  let falseAlarms = 0;
  for (const a of alerts) {
    alertsByDetector[a.detector]++;
    const e = eventOf.get(a.deviceId);
    if (e && toMs(a.at) >= toMs(e.at)) {
      const list = byDevice.get(a.deviceId) ?? [];
      list.push(a);
      byDevice.set(a.deviceId, list);
    } else {
      falseAlarms++;
      falseDays.add(`${a.deviceId} ${a.at.slice(0, 10)}`);
    }
  }
  const hits: Hit[] = truth.map((e) => {
    const first = (byDevice.get(e.deviceId) ?? []).sort((x, y) => toMs(x.at) - toMs(y.at))[0];
    if (!first) return { kind: e.kind, ttd: null };
    const hours = (toMs(first.at) - toMs(e.at)) / HOUR_MS;
    return { kind: e.kind, ttd: hours / (interval.get(e.deviceId) ?? 24), detector: first.detector };
  });
  const byKind = Object.fromEntries(INJECTED_KINDS.map((k) => [k, score(hits.filter((h) => h.kind === k))])) as Record<
    InjectedKind,
    KindScore
  >;
  const deviceDays = fleet.devices.length * fleet.days;
  return {
    byKind,
    diversions: score(hits.filter((h) => DIVERSION_KINDS.includes(h.kind))),
    alerts: alerts.length,
    alertsByDetector,
    falseAlarms,
    falseAlarmDeviceDays: falseDays.size,
    deviceDays,
    falseAlarmRate: deviceDays ? falseDays.size / deviceDays : 0,
    missed: truth.filter((_, i) => hits[i]?.ttd === null),
  };
}
