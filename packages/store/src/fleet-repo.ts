/**
 * Fleet registry and check-ins (migration 0005): batched device inserts, idempotent check-in ingestion with the
 * device monitoring state, the device sets an incremental detector pass reads, shipments, imports, quarantine.
 * @module
 */
import type { CheckIn, Verdict } from '@stackport/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import { deviceRow, type StoredDevice, toDevice } from './location-repo.js';
import type { CheckInTable, Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row statement: 20 columns × 500 stays far below both engines' parameter limits. */
const BATCH = 500;

function* chunks<T>(xs: readonly T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

export async function insertDevices(db: Db, devices: readonly StoredDevice[]): Promise<void> {
  for (const part of chunks(devices, BATCH)) await db.insertInto('devices').values(part.map(deviceRow)).execute();
}

export async function getDevices(db: Db, ids: readonly string[]): Promise<Map<string, StoredDevice>> {
  const out = new Map<string, StoredDevice>();
  for (const part of chunks(ids, BATCH)) {
    if (part.length === 0) continue;
    for (const r of await db.selectFrom('devices').selectAll().where('id', 'in', part).execute())
      out.set(r.id, toDevice(r));
  }
  return out;
}

/** Devices whose identity or agreement key is one of these (to refuse a registry row reusing a key). */
export async function devicesWithKeys(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(keys, BATCH)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('devices')
      .select(['id', 'public_key', 'kex_public_key'])
      .where((eb) => eb.or([eb('public_key', 'in', part), eb('kex_public_key', 'in', part)]))
      .execute();
    for (const r of rows) {
      out.set(r.public_key, r.id);
      if (r.kex_public_key) out.set(r.kex_public_key, r.id);
    }
  }
  return out;
}

export interface DevicePageQuery {
  readonly afterId?: string;
  readonly limit: number;
  readonly licensee?: string;
  readonly country?: string;
}

/** Keyset pagination by id: stable under concurrent inserts and linear over a million rows. */
export async function devicePage(db: Db, q: DevicePageQuery): Promise<StoredDevice[]> {
  let query = db.selectFrom('devices').selectAll();
  if (q.afterId !== undefined) query = query.where('id', '>', q.afterId);
  if (q.licensee) query = query.where('licensee', '=', q.licensee);
  if (q.country) query = query.where('site_country', '=', q.country);
  return (await query.orderBy('id').limit(q.limit).execute()).map(toDevice);
}

export async function countDevices(db: Db): Promise<number> {
  const r = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A check-in as stored: the detectors' view plus where it came from. */
export interface StoredCheckIn extends CheckIn {
  /**
   * `verification` (this verifier), `verifier:<id>` (a signed batch of a registered verifier), or `unsigned` (a
   * check-in file ingested without a signature; `import` on check-ins stored before migration 0014).
   */
  readonly source: CheckInSource;
  readonly verificationId?: string;
  /** The signed batch it came in (source `verifier:<id>`). */
  readonly batchId?: string;
  readonly ingestedAt: string;
}

export type CheckInSource = 'verification' | 'unsigned' | 'import' | `verifier:${string}`;

/** The verifier id of a check-in that came in a signed batch, else undefined. */
export function signedBy(c: { source: string }): string | undefined {
  return c.source.startsWith('verifier:') ? c.source.slice('verifier:'.length) : undefined;
}

function checkInRow(c: StoredCheckIn): CheckInTable {
  return {
    device_id: c.deviceId,
    check_in_id: c.checkInId,
    at: c.at,
    verdict: c.verdict,
    radius_km: c.region.boundingRadiusKm,
    center_lat: c.region.center?.lat ?? null,
    center_lon: c.region.center?.lon ?? null,
    countries: c.region.countriesTouched.join(','),
    site_in_region: c.region.licensedSiteInRegion === null ? null : c.region.licensedSiteInRegion ? 1 : 0,
    tamper: c.tamper ? 1 : 0,
    source: c.source,
    verification_id: c.verificationId ?? null,
    ingested_at: c.ingestedAt,
    batch_id: c.batchId ?? null,
  };
}

export function toCheckIn(r: CheckInTable): StoredCheckIn {
  const center =
    r.center_lat !== null && r.center_lon !== null ? { lat: Number(r.center_lat), lon: Number(r.center_lon) } : null;
  return {
    deviceId: r.device_id,
    checkInId: r.check_in_id,
    at: r.at,
    verdict: r.verdict as Verdict,
    region: {
      boundingRadiusKm: Number(r.radius_km),
      ...(center ? { center } : {}),
      countriesTouched: r.countries === '' ? [] : r.countries.split(','),
      licensedSiteInRegion: r.site_in_region === null ? null : Number(r.site_in_region) === 1,
    },
    ...(Number(r.tamper) === 1 ? { tamper: true } : {}),
    source: r.source as StoredCheckIn['source'],
    ...(r.verification_id !== null ? { verificationId: r.verification_id } : {}),
    ...(r.batch_id !== null && r.batch_id !== undefined ? { batchId: r.batch_id } : {}),
    ingestedAt: r.ingested_at,
  };
}

/** The content that identifies a check-in, to tell a harmless retry from a conflicting resubmission. */
export function checkInFingerprint(c: CheckIn): string {
  const r = c.region;
  return JSON.stringify([
    c.at,
    c.verdict,
    r.boundingRadiusKm,
    r.center?.lat ?? null,
    r.center?.lon ?? null,
    r.countriesTouched.join(','),
    r.licensedSiteInRegion,
    c.tamper === true,
  ]);
}

/**
 * The stored check-ins among these (device, id) keys, keyed `device\u0000id`. A row-value IN over a VALUES list
 * probes the primary key once per key; `device_id IN (…) AND check_in_id IN (…)` would probe every pair of the two
 * lists (500 × 500 per batch), which measured 70 times slower on SQLite.
 */
export async function existingCheckIns(
  db: Db,
  keys: readonly { deviceId: string; checkInId: string }[],
): Promise<Map<string, StoredCheckIn>> {
  const out = new Map<string, StoredCheckIn>();
  for (const part of chunks(keys, BATCH)) {
    if (part.length === 0) continue;
    const values = sql.join(part.map((k) => sql`(${k.deviceId}, ${k.checkInId})`));
    const rows = await db
      .selectFrom('check_ins')
      .selectAll()
      .where(sql<boolean>`(device_id, check_in_id) in (values ${values})`)
      .execute();
    for (const r of rows) out.set(`${r.device_id}\u0000${r.check_in_id}`, toCheckIn(r));
  }
  return out;
}

/** Inserts new check-ins (callers filter out stored ones first; a racing duplicate is ignored, never overwritten). */
export async function insertCheckIns(db: Db, checkIns: readonly StoredCheckIn[]): Promise<void> {
  for (const part of chunks(checkIns, BATCH))
    await db
      .insertInto('check_ins')
      .values(part.map(checkInRow))
      .onConflict((oc) => oc.columns(['device_id', 'check_in_id']).doNothing())
      .execute();
}

export interface DeviceMonitorUpdate {
  readonly deviceId: string;
  /** The newest check-in time in this batch. */
  readonly lastCheckInAt: string;
  /** When silence becomes provable after that check-in. */
  readonly silentAfter: string;
  readonly ingestedAt: string;
}

/**
 * Moves each device's monitoring state forward in one statement per batch (UPDATE … FROM VALUES runs on both
 * engines). An out-of-order check-in never moves `last_check_in_at` back; `last_ingested_at` always advances.
 */
export async function updateDeviceMonitorState(db: Db, updates: readonly DeviceMonitorUpdate[]): Promise<void> {
  for (const part of chunks(updates, BATCH)) {
    const values = sql.join(
      part.map((u) => sql`(${u.deviceId}, ${u.lastCheckInAt}, ${u.silentAfter}, ${u.ingestedAt})`),
    );
    await sql`
      update devices set
        silent_after = case when devices.last_check_in_at is null or devices.last_check_in_at < v.column2
          then v.column3 else devices.silent_after end,
        last_check_in_at = case when devices.last_check_in_at is null or devices.last_check_in_at < v.column2
          then v.column2 else devices.last_check_in_at end,
        last_ingested_at = v.column4
      from (values ${values}) as v
      where devices.id = v.column1`.execute(db);
  }
}

/** Sets the silence deadline of devices that never checked in (registration + the silent limit). */
export async function setInitialSilence(db: Db, updates: readonly { deviceId: string; silentAfter: string }[]) {
  for (const part of chunks(updates, BATCH)) {
    const values = sql.join(part.map((u) => sql`(${u.deviceId}, ${u.silentAfter})`));
    await sql`
      update devices set silent_after = v.column2
      from (values ${values}) as v
      where devices.id = v.column1 and devices.last_check_in_at is null`.execute(db);
  }
}

/**
 * The devices an incremental pass must look at: those with check-ins ingested at or after `ingestedSince`, and
 * those whose silence deadline fell in (`silentFrom`, `silentTo`]. Both are indexed range scans.
 */
export async function devicesToExamine(
  db: Db,
  q: { ingestedSince: string; silentFrom: string; silentTo: string },
): Promise<string[]> {
  const a = await db.selectFrom('devices').select('id').where('last_ingested_at', '>=', q.ingestedSince).execute();
  const b = await db
    .selectFrom('devices')
    .select('id')
    .where('silent_after', '>', q.silentFrom)
    .where('silent_after', '<=', q.silentTo)
    .execute();
  return [...new Set([...a, ...b].map((r) => r.id))].sort();
}

/** Check-ins of these devices at or after `since` (and at or before `until`), in time order. */
export async function checkInsOfDevices(
  db: Db,
  deviceIds: readonly string[],
  since: string,
  until?: string,
): Promise<StoredCheckIn[]> {
  const out: StoredCheckIn[] = [];
  for (const part of chunks(deviceIds, BATCH)) {
    if (part.length === 0) continue;
    let q = db.selectFrom('check_ins').selectAll().where('device_id', 'in', part).where('at', '>=', since);
    if (until !== undefined) q = q.where('at', '<=', until);
    for (const r of await q.execute()) out.push(toCheckIn(r));
  }
  return out;
}

export async function checkInsOfDevice(
  db: Db,
  deviceId: string,
  q: { limit: number; before?: string },
): Promise<StoredCheckIn[]> {
  let query = db.selectFrom('check_ins').selectAll().where('device_id', '=', deviceId);
  if (q.before !== undefined) query = query.where('at', '<', q.before);
  return (await query.orderBy('at', 'desc').orderBy('check_in_id').limit(q.limit).execute()).map(toCheckIn);
}

export async function getCheckIns(db: Db, deviceId: string, ids: readonly string[]): Promise<StoredCheckIn[]> {
  const out: StoredCheckIn[] = [];
  for (const part of chunks(ids, BATCH)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('check_ins')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('check_in_id', 'in', part)
      .execute();
    out.push(...rows.map(toCheckIn));
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export async function countCheckIns(db: Db): Promise<number> {
  const r = await db
    .selectFrom('check_ins')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface Shipment {
  readonly id: string;
  readonly reference?: string;
  readonly licenseId?: string;
  readonly consignee: string;
  readonly destinationCountry: string;
  readonly shippedAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export async function insertShipment(db: Db, s: Shipment): Promise<void> {
  await db
    .insertInto('shipments')
    .values({
      id: s.id,
      reference: s.reference ?? null,
      license_id: s.licenseId ?? null,
      consignee: s.consignee,
      destination_country: s.destinationCountry,
      shipped_at: s.shippedAt,
      created_at: s.createdAt,
      created_by: s.createdBy,
    })
    .execute();
}

export async function listShipments(db: Db): Promise<(Shipment & { devices: number })[]> {
  const rows = await db
    .selectFrom('shipments')
    .leftJoin('devices', 'devices.shipment_id', 'shipments.id')
    .selectAll('shipments')
    .select((eb) => eb.fn.count<string | number>('devices.id').as('devices'))
    .groupBy([
      'shipments.id',
      'shipments.reference',
      'shipments.license_id',
      'shipments.consignee',
      'shipments.destination_country',
      'shipments.shipped_at',
      'shipments.created_at',
      'shipments.created_by',
    ])
    .orderBy('shipments.shipped_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ...(r.reference !== null ? { reference: r.reference } : {}),
    ...(r.license_id !== null ? { licenseId: r.license_id } : {}),
    consignee: r.consignee,
    destinationCountry: r.destination_country,
    shippedAt: r.shipped_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    devices: Number(r.devices),
  }));
}

export async function getShipment(db: Db, id: string): Promise<Shipment | undefined> {
  return (await listShipments(db)).find((s) => s.id === id);
}

export interface FleetImport {
  readonly id: string;
  readonly kind: 'registry' | 'check-ins';
  readonly fileName: string | null;
  readonly sha256: string;
  readonly at: string;
  readonly actor: string;
  readonly accepted: number;
  readonly unchanged: number;
  readonly rejected: number;
}

export async function insertFleetImport(db: Db, i: FleetImport): Promise<void> {
  await db
    .insertInto('fleet_imports')
    .values({
      id: i.id,
      kind: i.kind,
      file_name: i.fileName,
      sha256: i.sha256,
      at: i.at,
      actor: i.actor,
      accepted: i.accepted,
      unchanged: i.unchanged,
      rejected: i.rejected,
    })
    .execute();
}

export interface FleetRejection {
  readonly id: string;
  readonly importId: string | null;
  readonly at: string;
  readonly source: 'registry-csv' | 'check-in';
  readonly ref: string;
  readonly reason: string;
  readonly raw: unknown;
}

export async function insertRejections(db: Db, rows: readonly FleetRejection[]): Promise<void> {
  for (const part of chunks(rows, BATCH))
    await db
      .insertInto('fleet_rejections')
      .values(
        part.map((r) => ({
          id: r.id,
          import_id: r.importId,
          at: r.at,
          source: r.source,
          ref: r.ref,
          reason: r.reason,
          raw: JSON.stringify(r.raw),
        })),
      )
      .execute();
}

export async function listRejections(
  db: Db,
  q: { importId?: string; source?: string; limit: number },
): Promise<FleetRejection[]> {
  let query = db.selectFrom('fleet_rejections').selectAll();
  if (q.importId) query = query.where('import_id', '=', q.importId);
  if (q.source) query = query.where('source', '=', q.source);
  const rows = await query.orderBy('at', 'desc').orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    importId: r.import_id,
    at: r.at,
    source: r.source as FleetRejection['source'],
    ref: r.ref,
    reason: r.reason,
    raw: JSON.parse(r.raw) as unknown,
  }));
}

/** Devices per licensed-site country, with how many have an open alert: the fleet map's data. */
export async function devicesPerCountry(db: Db): Promise<{ country: string; devices: number }[]> {
  const rows = await db
    .selectFrom('devices')
    .select(['site_country', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('site_country')
    .orderBy('site_country')
    .execute();
  return rows.map((r) => ({ country: r.site_country, devices: Number(r.n) }));
}

/**
 * Check-ins at or after `since` whose region excludes the licensed site (`site_in_region = 0`), across the whole
 * fleet, with their devices: the fleet-anomaly detector's candidates (indexed on (site_in_region, at)).
 */
export async function awayCheckInsSince(
  db: Db,
  since: string,
  until: string,
): Promise<{ checkIns: StoredCheckIn[]; devices: Map<string, StoredDevice> }> {
  const rows = await db
    .selectFrom('check_ins')
    .selectAll()
    .where('site_in_region', '=', 0)
    .where('at', '>=', since)
    .where('at', '<=', until)
    .execute();
  const checkIns = rows.map(toCheckIn);
  const devices = await getDevices(db, [...new Set(checkIns.map((c) => c.deviceId))]);
  return { checkIns, devices };
}

/** For devices whose newest check-in is before `since`: that check-in's time and id (silence starts there). */
export async function priorCheckIns(
  db: Db,
  deviceIds: readonly string[],
  since: string,
): Promise<Map<string, { at: string; checkInId: string }>> {
  const out = new Map<string, { at: string; checkInId: string }>();
  for (const part of chunks(deviceIds, BATCH)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('check_ins')
      .innerJoin('devices', (j) =>
        j.onRef('devices.id', '=', 'check_ins.device_id').onRef('devices.last_check_in_at', '=', 'check_ins.at'),
      )
      .select(['check_ins.device_id', 'check_ins.check_in_id', 'check_ins.at'])
      .where('devices.id', 'in', part)
      .where('devices.last_check_in_at', '<', since)
      .execute();
    for (const r of rows) out.set(r.device_id, { at: r.at, checkInId: r.check_in_id });
  }
  return out;
}

export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

export async function setMeta(db: Db, key: string, value: string, at: string): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

// ---- external verifiers and their signed batches (migration 0014) ----

/** A registered external verifier: its Ed25519 key, validity window and revocation. */
export interface StoredVerifier {
  readonly id: string;
  readonly name: string;
  readonly publicKey: string;
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revocationReason: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

function toVerifier(r: import('./schema.js').FleetVerifierTable): StoredVerifier {
  return {
    id: r.id,
    name: r.name,
    publicKey: r.public_key,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    revocationReason: r.revocation_reason,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export async function insertVerifier(db: Db, v: StoredVerifier): Promise<void> {
  await db
    .insertInto('fleet_verifiers')
    .values({
      id: v.id,
      name: v.name,
      public_key: v.publicKey,
      valid_from: v.validFrom,
      valid_until: v.validUntil,
      revoked_at: v.revokedAt,
      revoked_by: v.revokedBy,
      revocation_reason: v.revocationReason,
      created_at: v.createdAt,
      created_by: v.createdBy,
    })
    .execute();
}

export async function getVerifier(db: Db, id: string): Promise<StoredVerifier | undefined> {
  const r = await db.selectFrom('fleet_verifiers').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toVerifier(r) : undefined;
}

export async function getVerifiers(db: Db, ids: readonly string[]): Promise<StoredVerifier[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('fleet_verifiers')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
  return rows.map(toVerifier);
}

/** The verifier holding this public key, if any (a key belongs to one verifier). */
export async function verifierWithKey(db: Db, publicKey: string): Promise<string | undefined> {
  const r = await db.selectFrom('fleet_verifiers').select('id').where('public_key', '=', publicKey).executeTakeFirst();
  return r?.id;
}

export async function listVerifiers(db: Db): Promise<StoredVerifier[]> {
  return (await db.selectFrom('fleet_verifiers').selectAll().orderBy('id').execute()).map(toVerifier);
}

/** Revokes a verifier that is not revoked yet; false when it already was (or does not exist). */
export async function revokeVerifier(
  db: Db,
  r: { id: string; at: string; by: string; reason: string },
): Promise<boolean> {
  const res = await db
    .updateTable('fleet_verifiers')
    .set({ revoked_at: r.at, revoked_by: r.by, revocation_reason: r.reason })
    .where('id', '=', r.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A signed batch as received: `body` is the batch's canonical JSON with its signature, to re-verify it later. */
export interface StoredCheckInBatch {
  readonly verifierId: string;
  readonly batchId: string;
  readonly signedAt: string;
  readonly signature: string;
  /** sha256 (hex) of the signed bytes. */
  readonly sha256: string;
  readonly checkIns: number;
  readonly body: string;
  readonly importId: string;
  readonly ingestedAt: string;
}

export async function insertCheckInBatch(db: Db, b: StoredCheckInBatch): Promise<void> {
  await db
    .insertInto('check_in_batches')
    .values({
      verifier_id: b.verifierId,
      batch_id: b.batchId,
      signed_at: b.signedAt,
      signature: b.signature,
      sha256: b.sha256,
      check_ins: b.checkIns,
      body: b.body,
      import_id: b.importId,
      ingested_at: b.ingestedAt,
    })
    .execute();
}

/** The stored batch's digest and signature (not its body), if this verifier sent a batch under this id. */
export async function checkInBatchHeader(
  db: Db,
  verifierId: string,
  batchId: string,
): Promise<Omit<StoredCheckInBatch, 'body'> | undefined> {
  const r = await db
    .selectFrom('check_in_batches')
    .select(['verifier_id', 'batch_id', 'signed_at', 'signature', 'sha256', 'check_ins', 'import_id', 'ingested_at'])
    .where('verifier_id', '=', verifierId)
    .where('batch_id', '=', batchId)
    .executeTakeFirst();
  return r
    ? {
        verifierId: r.verifier_id,
        batchId: r.batch_id,
        signedAt: r.signed_at,
        signature: r.signature,
        sha256: r.sha256,
        checkIns: Number(r.check_ins),
        importId: r.import_id,
        ingestedAt: r.ingested_at,
      }
    : undefined;
}

/** Whole stored batches (with their bodies), by (verifier, batch id). */
export async function getCheckInBatches(
  db: Db,
  keys: readonly { verifierId: string; batchId: string }[],
): Promise<StoredCheckInBatch[]> {
  const out: StoredCheckInBatch[] = [];
  const seen = new Set<string>();
  for (const k of keys) {
    const key = `${k.verifierId}\u0000${k.batchId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = await db
      .selectFrom('check_in_batches')
      .selectAll()
      .where('verifier_id', '=', k.verifierId)
      .where('batch_id', '=', k.batchId)
      .executeTakeFirst();
    if (r)
      out.push({
        verifierId: r.verifier_id,
        batchId: r.batch_id,
        signedAt: r.signed_at,
        signature: r.signature,
        sha256: r.sha256,
        checkIns: Number(r.check_ins),
        body: r.body,
        importId: r.import_id,
        ingestedAt: r.ingested_at,
      });
  }
  return out;
}
