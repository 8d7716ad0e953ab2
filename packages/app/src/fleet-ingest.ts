/**
 * Writing check-ins and device monitoring state, shared by the verifier (a verification is a check-in) and the
 * fleet service (imported check-ins, registrations). Runs inside the caller's transaction.
 * @module
 */
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig, silentAfter } from '@stackport/core';
import {
  type DeviceMonitorUpdate,
  insertCheckIns,
  type StoredCheckIn,
  type StoredDevice,
  setInitialSilence,
  updateDeviceMonitorState,
} from '@stackport/store';
import type { Transaction } from 'kysely';

type Trx = Transaction<import('@stackport/store').Database>;

/**
 * Stores new check-ins and moves their devices' monitoring state forward, inside the caller's transaction.
 * Callers have already dropped stored duplicates; `devices` must hold every check-in's device.
 */
export async function recordCheckIns(
  trx: Trx,
  checkIns: readonly StoredCheckIn[],
  devices: ReadonlyMap<string, StoredDevice>,
  config: DetectorConfig = DEFAULT_DETECTOR_CONFIG,
): Promise<void> {
  if (checkIns.length === 0) return;
  await insertCheckIns(trx, checkIns);
  const newest = new Map<string, StoredCheckIn>();
  for (const c of checkIns) {
    const n = newest.get(c.deviceId);
    if (!n || n.at < c.at) newest.set(c.deviceId, c);
  }
  const updates: DeviceMonitorUpdate[] = [];
  for (const [deviceId, c] of newest) {
    const d = devices.get(deviceId) as StoredDevice;
    updates.push({
      deviceId,
      lastCheckInAt: c.at,
      silentAfter: silentAfter(Date.parse(c.at), d.expectedCheckInHours, config),
      ingestedAt: c.ingestedAt,
    });
  }
  await updateDeviceMonitorState(trx, updates);
}

/** The silence deadline of freshly registered devices (registration + the silent limit). */
export async function startMonitoring(
  trx: Trx,
  devices: readonly StoredDevice[],
  config: DetectorConfig = DEFAULT_DETECTOR_CONFIG,
): Promise<void> {
  await setInitialSilence(
    trx,
    devices.map((d) => ({
      deviceId: d.deviceId,
      silentAfter: silentAfter(Date.parse(d.registeredAt), d.expectedCheckInHours, config),
    })),
  );
}
