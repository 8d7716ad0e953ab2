/** Landmarks, devices and location verifications (tables from migrations 0003 and 0004). */
import type { DeviceRegistration, LandmarkInfo } from '@stackport/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database, DeviceTable, LandmarkTable, VerificationTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredLandmark extends LandmarkInfo {
  /** The landmark service's control URL (http://host:port), for server-orchestrated verification. */
  readonly url: string | null;
  readonly createdAt: string;
}

export interface StoredDevice extends DeviceRegistration {
  readonly registeredAt: string;
  /** The authorized end user named in the license (fleet registry). */
  readonly endUser?: string;
  /** How often the device must check in, hours (default 24). */
  readonly expectedCheckInHours: number;
  readonly shipmentId?: string;
}

export interface StoredVerification {
  readonly id: string;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly verdict: string;
  readonly result: unknown;
  readonly evidence: unknown;
  readonly rejections: unknown;
  readonly createdAt: string;
}

function toLandmark(r: LandmarkTable): StoredLandmark {
  return {
    id: r.id,
    position: { lat: Number(r.lat), lon: Number(r.lon) },
    positionUncertaintyKm: Number(r.uncertainty_km),
    publicKey: r.public_key,
    ...(r.operator !== null ? { operator: r.operator } : {}),
    ...(r.label !== null ? { label: r.label } : {}),
    url: r.url,
    createdAt: r.created_at,
  };
}

export function toDevice(r: DeviceTable): StoredDevice {
  return {
    deviceId: r.id,
    publicKey: r.public_key,
    serial: r.serial,
    model: r.model,
    eccn: r.eccn,
    licensee: r.licensee,
    ...(r.license_id !== null ? { licenseId: r.license_id } : {}),
    licensedSite: {
      position: { lat: Number(r.site_lat), lon: Number(r.site_lon) },
      country: r.site_country,
      radiusKm: Number(r.site_radius_km),
      ...(r.site_label !== null ? { label: r.site_label } : {}),
    },
    ...(r.kex_public_key !== null ? { kexPublicKey: r.kex_public_key } : {}),
    ...(r.kex_key_signature !== null ? { kexKeySignature: r.kex_key_signature } : {}),
    registeredAt: r.registered_at,
    ...(r.end_user !== null ? { endUser: r.end_user } : {}),
    expectedCheckInHours: Number(r.expected_check_in_hours),
    ...(r.shipment_id !== null ? { shipmentId: r.shipment_id } : {}),
  };
}

function toVerification(r: VerificationTable): StoredVerification {
  return {
    id: r.id,
    deviceId: r.device_id,
    sessionId: r.session_id,
    verdict: r.verdict,
    result: JSON.parse(r.result) as unknown,
    evidence: JSON.parse(r.evidence) as unknown,
    rejections: JSON.parse(r.rejections) as unknown,
    createdAt: r.created_at,
  };
}

export async function insertLandmark(db: Db, l: StoredLandmark): Promise<void> {
  await db
    .insertInto('landmarks')
    .values({
      id: l.id,
      label: l.label ?? null,
      lat: l.position.lat,
      lon: l.position.lon,
      uncertainty_km: l.positionUncertaintyKm,
      public_key: l.publicKey,
      operator: l.operator ?? null,
      url: l.url,
      created_at: l.createdAt,
    })
    .execute();
}

export async function getLandmark(db: Db, id: string): Promise<StoredLandmark | undefined> {
  const r = await db.selectFrom('landmarks').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toLandmark(r) : undefined;
}

export async function listLandmarks(db: Db): Promise<StoredLandmark[]> {
  return (await db.selectFrom('landmarks').selectAll().orderBy('id').execute()).map(toLandmark);
}

export function deviceRow(d: StoredDevice) {
  return {
    id: d.deviceId,
    public_key: d.publicKey,
    serial: d.serial,
    model: d.model,
    eccn: d.eccn,
    licensee: d.licensee,
    license_id: d.licenseId ?? null,
    site_lat: d.licensedSite.position.lat,
    site_lon: d.licensedSite.position.lon,
    site_country: d.licensedSite.country,
    site_radius_km: d.licensedSite.radiusKm,
    site_label: d.licensedSite.label ?? null,
    registered_at: d.registeredAt,
    kex_public_key: d.kexPublicKey ?? null,
    kex_key_signature: d.kexKeySignature ?? null,
    end_user: d.endUser ?? null,
    expected_check_in_hours: d.expectedCheckInHours,
    shipment_id: d.shipmentId ?? null,
  };
}

export async function insertDevice(db: Db, d: StoredDevice): Promise<void> {
  await db.insertInto('devices').values(deviceRow(d)).execute();
}

export async function getDevice(db: Db, id: string): Promise<StoredDevice | undefined> {
  const r = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toDevice(r) : undefined;
}

export async function findDeviceByKey(db: Db, publicKey: string): Promise<StoredDevice | undefined> {
  const r = await db.selectFrom('devices').selectAll().where('public_key', '=', publicKey).executeTakeFirst();
  return r ? toDevice(r) : undefined;
}

export async function findDeviceByKexKey(db: Db, kexPublicKey: string): Promise<StoredDevice | undefined> {
  const r = await db.selectFrom('devices').selectAll().where('kex_public_key', '=', kexPublicKey).executeTakeFirst();
  return r ? toDevice(r) : undefined;
}

export async function listDevices(db: Db): Promise<StoredDevice[]> {
  return (await db.selectFrom('devices').selectAll().orderBy('id').execute()).map(toDevice);
}

export async function insertVerification(db: Db, v: StoredVerification): Promise<void> {
  await db
    .insertInto('verifications')
    .values({
      id: v.id,
      device_id: v.deviceId,
      session_id: v.sessionId,
      verdict: v.verdict,
      result: JSON.stringify(v.result),
      evidence: JSON.stringify(v.evidence),
      rejections: JSON.stringify(v.rejections),
      created_at: v.createdAt,
    })
    .execute();
}

export async function getVerification(db: Db, id: string): Promise<StoredVerification | undefined> {
  const r = await db.selectFrom('verifications').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toVerification(r) : undefined;
}

export async function sessionUsed(db: Db, sessionId: string): Promise<boolean> {
  const r = await db.selectFrom('verifications').select('id').where('session_id', '=', sessionId).executeTakeFirst();
  return r !== undefined;
}

export async function listVerifications(
  db: Db,
  opts: { deviceId?: string; limit?: number; offset?: number } = {},
): Promise<StoredVerification[]> {
  let q = db.selectFrom('verifications').selectAll();
  if (opts.deviceId) q = q.where('device_id', '=', opts.deviceId);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map(toVerification);
}

/**
 * Up to `limit` other devices' X25519 keys (key → device id), so the verifier can name a response MACed under
 * another device's key. Read with a LIMIT in SQL: the fleet may hold a million devices.
 */
export async function otherKexKeys(db: Db, exceptDeviceId: string, limit: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'kex_public_key'])
    .where('kex_public_key', 'is not', null)
    .where('id', '!=', exceptDeviceId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return new Map(rows.map((r) => [r.kex_public_key as string, r.id]));
}

/** Binds an X25519 key to a device that has none (returns false when the device already has one). */
export async function setKexKey(db: Db, deviceId: string, kexPublicKey: string, signature: string): Promise<boolean> {
  const r = await db
    .updateTable('devices')
    .set({ kex_public_key: kexPublicKey, kex_key_signature: signature })
    .where('id', '=', deviceId)
    .where('kex_public_key', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
