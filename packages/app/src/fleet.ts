/**
 * End-use monitoring over the stored fleet: the registry (devices, shipments, CSV import and export with a
 * quarantine for bad rows), check-in ingestion (idempotent, in one transaction with the device state and the
 * audit record), and detector passes (incremental or full) that merge their alerts into the stored ones.
 * Method and limits: docs/monitoring.md.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type AwayCheckIn,
  Base64Key,
  CHECK_IN_BATCH_FORMAT,
  type CheckIn,
  canonicalJson as canonicalBatchJson,
  checkInBatchDigest,
  DEFAULT_DETECTOR_CONFIG,
  type DetectorConfig,
  detectAcrossFleet,
  detectChunk,
  type FleetDevice,
  formatRegistryCsv,
  Identifier,
  isSignedBatchClaim,
  mergeAlerts,
  parseRegistryCsv,
  passLookbackHours,
  type SignedCheckInBatch,
  SignedCheckInBatchSchema,
  verifyCheckInBatch,
} from '@stackport/core';
import {
  appendAudit,
  awayCheckInsSince,
  type CheckInSource,
  type Connection,
  checkInBatchHeader,
  checkInFingerprint,
  checkInsOfDevice,
  checkInsOfDevices,
  countCheckIns,
  countDevices,
  devicePage,
  devicesToExamine,
  devicesWithKeys,
  existingCheckIns,
  type FleetRejection,
  getDevices,
  getMeta,
  getShipment,
  getVerifier,
  insertAlerts,
  insertCheckInBatch,
  insertDevices,
  insertFleetImport,
  insertRejections,
  insertShipment,
  insertVerifier,
  listRejections,
  listShipments,
  listVerifiers,
  priorCheckIns,
  recentAlertsOfDevices,
  releaseLease,
  revokeVerifier,
  type Shipment,
  type StoredAlert,
  type StoredCheckIn,
  type StoredDevice,
  type StoredVerifier,
  setMeta,
  takeLease,
  updateAlertEvidence,
  verifierWithKey,
} from '@stackport/store';
import { z } from 'zod';
import { AppError } from './errors.js';
import { recordCheckIns, startMonitoring } from './fleet-ingest.js';
import { parseWith } from './licensing.js';
import { DeviceInputSchema, monitoringStart, storedDeviceOf } from './location.js';
import type { Stackport } from './stackport.js';

const Iso = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const Country = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, upper case');

export const CheckInInputSchema = z
  .object({
    deviceId: z.string().min(1).max(64),
    checkInId: z.string().min(1).max(100),
    at: Iso,
    verdict: z.enum(['ALLOW', 'VIOLATION', 'INCONCLUSIVE']),
    region: z.object({
      boundingRadiusKm: z.number().min(0).max(20_016).describe('≤ half the circumference (π × 6,371 km)'),
      center: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
      countriesTouched: z.array(Country).max(300),
      licensedSiteInRegion: z.boolean().nullable(),
    }),
    tamper: z.boolean().optional(),
  })
  .strict();
export type CheckInInput = z.input<typeof CheckInInputSchema>;

export const CheckInBatchSchema = z.object({
  checkIns: z.array(z.unknown()).min(1).max(100_000),
  fileName: z.string().max(300).optional(),
  // A signed batch is never ingested as an unsigned one (its signature silently dropped): it has its own route.
  format: z
    .never({ error: `a signed batch (${CHECK_IN_BATCH_FORMAT}) goes to POST /api/v1/fleet/check-in-batches` })
    .optional(),
  signature: z
    .never({ error: `a signed batch (${CHECK_IN_BATCH_FORMAT}) goes to POST /api/v1/fleet/check-in-batches` })
    .optional(),
});

export { SignedCheckInBatchSchema };

export const VerifierInputSchema = z
  .object({
    id: Identifier,
    name: z.string().trim().min(1).max(300),
    publicKey: Base64Key,
    /** Default: now. */
    validFrom: Iso.optional(),
    validUntil: Iso.nullable().optional(),
  })
  .strict();

export const RevokeVerifierSchema = z.object({ reason: z.string().trim().min(1).max(2_000) });

export const FleetSettingsSchema = z
  .object({
    /** Whether check-ins without a verifier's signature may be ingested (source `unsigned`). Default true. */
    allowUnsignedCheckIns: z.boolean(),
  })
  .strict();
export type FleetSettings = z.infer<typeof FleetSettingsSchema>;

export const ShipmentInputSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/),
  reference: z.string().min(1).max(200).optional(),
  licenseId: z.string().min(1).max(100).optional(),
  consignee: z.string().min(1).max(300),
  destinationCountry: Country,
  shippedAt: Iso,
});

export const DetectRequestSchema = z.object({
  /** The evaluation time (default: now). Silence is measured up to it; later check-ins are not read. */
  at: Iso.optional(),
  mode: z.enum(['incremental', 'full']).default('incremental'),
  chunkSize: z.number().int().min(10).max(50_000).default(5_000),
});

export const DeviceListQuerySchema = z.object({
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(100),
  licensee: z.string().max(300).optional(),
  country: z.string().max(2).optional(),
});

/** A check-in may come from a clock slightly ahead of ours, but not from the future. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const PASS_STATE_KEY = 'fleet.pass';
const SETTINGS_KEY = 'fleet.settings';
const DEFAULT_SETTINGS: FleetSettings = { allowUnsignedCheckIns: true };
/** The lease one detector pass at a time holds on a store; renewed after every chunk, so it outlives no stalled pass long. */
const PASS_LEASE = 'fleet.detect';
const PASS_LEASE_MS = 10 * 60_000;

export interface ImportSummary {
  readonly importId: string;
  readonly sha256: string;
  /** The source the accepted check-ins are stored with (check-in ingests only). */
  readonly source?: CheckInSource;
  /** A signed batch: its verifier, id and signature. */
  readonly batch?: { verifierId: string; batchId: string; signedAt: string; signature: string; sha256: string };
  readonly accepted: number;
  readonly unchanged: number;
  readonly rejected: readonly { ref: string; reason: string }[];
  readonly warnings: readonly string[];
}

export interface PassResult {
  readonly mode: 'incremental' | 'full';
  readonly at: string;
  readonly devicesExamined: number;
  readonly checkInsRead: number;
  readonly awayCheckIns: number;
  readonly alertsNew: number;
  readonly alertsUpdated: number;
  readonly newAlertIds: readonly string[];
  readonly config: DetectorConfig;
}

/** Where in the batch each refusal points (problem+json `errors[].path`). */
const REFUSAL_PATH: Record<string, string> = {
  'unknown-verifier': 'verifierId',
  'revoked-verifier': 'verifierId',
  'not-yet-valid': 'signedAt',
  expired: 'signedAt',
  'signed-in-future': 'signedAt',
  'bad-signature': 'signature',
  'check-in-after-signing': 'checkIns',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The detectors' view of a stored device, for a pass that reads check-ins from `windowStart` on. Registration
 * is the start of silence only when it falls inside the window; before it, silence starts at the newest
 * check-in before the window (`prior`, for a device silent since then) or at the first check-in read, because
 * a gap that began before the window was examined by the passes that ran while it was open.
 */
export function fleetDeviceOf(
  d: StoredDevice,
  windowStart?: string,
  prior?: { at: string; checkInId: string },
): FleetDevice {
  return {
    deviceId: d.deviceId,
    licensee: d.licensee,
    licensedSite: d.licensedSite,
    expectedCheckInHours: d.expectedCheckInHours,
    ...(windowStart === undefined || d.registeredAt >= windowStart ? { registeredAt: d.registeredAt } : {}),
    ...(prior ? { priorCheckIn: prior } : {}),
  };
}

/** Whether a registry row describes the stored device (its monitoring start counts only when the row gives one). */
function sameDevice(stored: StoredDevice, row: StoredDevice, startGiven: boolean): boolean {
  const strip = (d: StoredDevice) => JSON.stringify({ ...d, registeredAt: startGiven ? d.registeredAt : undefined });
  return strip(stored) === strip(row);
}

export class FleetService {
  readonly #config: DetectorConfig;

  constructor(
    private readonly app: Stackport,
    opts: { config?: Partial<DetectorConfig> } = {},
  ) {
    this.#config = { ...DEFAULT_DETECTOR_CONFIG, ...opts.config };
  }

  get config(): DetectorConfig {
    return this.#config;
  }

  private get conn(): Connection {
    return this.app.connection;
  }

  // ---- registry -------------------------------------------------------------------------------------------

  /**
   * Imports a registry CSV. Each good row registers a device; a row identical to a stored device is counted
   * unchanged; every other row is quarantined with its reason: malformed, invalid, repeating a device id or
   * a key, or conflicting with a stored device (a registry file never overwrites what is stored).
   * All of it, with the import record and one audit record, commits in one transaction.
   */
  async importRegistry(input: { text: string; fileName?: string }, actor: string): Promise<ImportSummary> {
    if (typeof input.text !== 'string' || input.text.trim() === '')
      throw new AppError('SP_BAD_REQUEST', 'the registry file is empty');
    const parsed = parseRegistryCsv(input.text);
    if (parsed.missingColumns.length)
      throw new AppError(
        'SP_BAD_REQUEST',
        `the registry CSV lacks required columns: ${parsed.missingColumns.join(', ')}`,
        parsed.missingColumns.map((c) => ({ path: c, message: 'required column missing from the header' })),
      );
    const at = this.app.now().toISOString();
    const importId = `imp_${randomUUID()}`;
    const rejected: FleetRejection[] = [];
    const reject = (line: number, reason: string, raw: unknown) =>
      rejected.push({
        id: randomUUID(),
        importId,
        at,
        source: 'registry-csv',
        ref: `line ${line}`,
        reason,
        raw,
      });
    for (const p of parsed.problems) reject(p.line, p.reason, p.raw);
    const candidates: { line: number; raw: unknown; device: StoredDevice; startGiven: boolean }[] = [];
    for (const r of parsed.records) {
      const v = DeviceInputSchema.safeParse(r.input);
      if (!v.success) {
        reject(r.line, v.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '), r.raw);
        continue;
      }
      const d = v.data;
      let registeredAt: string;
      try {
        registeredAt = monitoringStart(d.registeredAt, this.app.now());
      } catch (e) {
        reject(r.line, (e as Error).message, r.raw);
        continue;
      }
      candidates.push({
        line: r.line,
        raw: r.raw,
        startGiven: d.registeredAt !== undefined,
        device: storedDeviceOf(d, registeredAt),
      });
    }
    let unchanged = 0;
    let accepted: StoredDevice[] = [];
    await this.conn.db
      .transaction()
      .execute(async (trx) => {
        const stored = await getDevices(
          trx,
          candidates.map((c) => c.device.deviceId),
        );
        const keys = await devicesWithKeys(
          trx,
          candidates.flatMap((c) => [c.device.publicKey, ...(c.device.kexPublicKey ? [c.device.kexPublicKey] : [])]),
        );
        const shipments = new Set((await listShipments(trx)).map((s) => s.id));
        const keysInFile = new Map<string, number>();
        for (const c of candidates) {
          const d = c.device;
          const existing = stored.get(d.deviceId);
          if (existing) {
            if (sameDevice(existing, d, c.startGiven)) unchanged++;
            else
              reject(
                c.line,
                `device ${d.deviceId} is already registered with different data; a registry import never overwrites a stored device`,
                c.raw,
              );
            continue;
          }
          const deviceKeys = [d.publicKey, ...(d.kexPublicKey ? [d.kexPublicKey] : [])];
          const holder = deviceKeys.map((k) => keys.get(k)).find((x) => x !== undefined);
          if (holder) {
            reject(c.line, `its key is already registered to device ${holder}`, c.raw);
            continue;
          }
          const inFile = deviceKeys.map((k) => keysInFile.get(k)).find((x) => x !== undefined);
          if (inFile !== undefined) {
            reject(c.line, `its key repeats line ${inFile}`, c.raw);
            continue;
          }
          if (d.shipmentId && !shipments.has(d.shipmentId)) {
            reject(c.line, `shipment ${d.shipmentId} is not registered`, c.raw);
            continue;
          }
          for (const k of deviceKeys) keysInFile.set(k, c.line);
          accepted.push(d);
        }
        await insertDevices(trx, accepted);
        await startMonitoring(trx, accepted, this.#config);
        await insertRejections(trx, rejected);
        const fileSha = sha256(input.text);
        await insertFleetImport(trx, {
          id: importId,
          kind: 'registry',
          fileName: input.fileName ?? null,
          sha256: fileSha,
          at,
          actor,
          accepted: accepted.length,
          unchanged,
          rejected: rejected.length,
        });
        await appendAudit(trx, this.conn.engine, {
          at,
          actor,
          action: 'fleet.registry.import',
          subject: `import:${importId}`,
          data: {
            fileName: input.fileName ?? null,
            sha256: fileSha,
            accepted: accepted.length,
            unchanged,
            rejected: rejected.length,
            devices: accepted.slice(0, 1000).map((d) => d.deviceId),
          },
        });
      })
      .catch((err: unknown) => {
        accepted = [];
        throw err;
      });
    return {
      importId,
      sha256: sha256(input.text),
      accepted: accepted.length,
      unchanged,
      rejected: rejected.map((r) => ({ ref: r.ref, reason: r.reason })),
      warnings: parsed.unknownColumns.length ? [`ignored unknown columns: ${parsed.unknownColumns.join(', ')}`] : [],
    };
  }

  /** The whole registry as CSV, in the import's columns (a re-import of it changes nothing). */
  async exportRegistry(): Promise<string> {
    const rows: Record<string, string | number>[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await devicePage(this.conn.db, { limit: 5_000, ...(after ? { afterId: after } : {}) });
      for (const d of page)
        rows.push({
          device_id: d.deviceId,
          serial: d.serial,
          model: d.model,
          eccn: d.eccn,
          license_id: d.licenseId ?? '',
          licensee: d.licensee,
          end_user: d.endUser ?? '',
          site_lat: d.licensedSite.position.lat,
          site_lon: d.licensedSite.position.lon,
          site_country: d.licensedSite.country,
          site_radius_km: d.licensedSite.radiusKm,
          site_label: d.licensedSite.label ?? '',
          check_in_hours: d.expectedCheckInHours,
          shipment_id: d.shipmentId ?? '',
          registered_at: d.registeredAt,
          public_key: d.publicKey,
          kex_public_key: d.kexPublicKey ?? '',
          kex_key_signature: d.kexKeySignature ?? '',
        });
      if (page.length < 5_000) break;
      after = page.at(-1)?.deviceId;
    }
    return formatRegistryCsv(rows);
  }

  async devices(input: unknown = {}): Promise<StoredDevice[]> {
    const q = parseWith(DeviceListQuerySchema, input);
    return devicePage(this.conn.db, {
      limit: q.limit,
      ...(q.after ? { afterId: q.after } : {}),
      ...(q.licensee ? { licensee: q.licensee } : {}),
      ...(q.country ? { country: q.country.toUpperCase() } : {}),
    });
  }

  async registerShipment(input: unknown, actor: string): Promise<Shipment> {
    const v = parseWith(ShipmentInputSchema, input);
    const at = this.app.now().toISOString();
    const s: Shipment = {
      id: v.id,
      ...(v.reference ? { reference: v.reference } : {}),
      ...(v.licenseId ? { licenseId: v.licenseId } : {}),
      consignee: v.consignee,
      destinationCountry: v.destinationCountry,
      shippedAt: v.shippedAt,
      createdAt: at,
      createdBy: actor,
    };
    await this.conn.db.transaction().execute(async (trx) => {
      if (await getShipment(trx, s.id)) throw new AppError('SP_CONFLICT', `shipment ${s.id} is already registered`);
      await insertShipment(trx, s);
      await appendAudit(trx, this.conn.engine, {
        at,
        actor,
        action: 'fleet.shipment.register',
        subject: `shipment:${s.id}`,
        data: { ...s },
      });
    });
    return s;
  }

  shipments() {
    return listShipments(this.conn.db);
  }

  rejections(q: { importId?: string; source?: string; limit?: number } = {}) {
    return listRejections(this.conn.db, { ...q, limit: Math.min(q.limit ?? 100, 5_000) });
  }

  // ---- check-ins ------------------------------------------------------------------------------------------

  /**
   * Ingests check-ins from another verifier. A signed batch (`stackport.check-in-batch/1`, recognised by its
   * `format` or `signature` member) goes through `ingestSignedBatch`; anything else is an unsigned file, accepted
   * only while the store's setting allows unsigned check-ins, and stored with source `unsigned`.
   */
  async ingestCheckIns(input: unknown, actor: string, opts: { fileName?: string } = {}): Promise<ImportSummary> {
    if (isSignedBatchClaim(input)) return this.ingestSignedBatch(input, actor, opts);
    const batch = parseWith(CheckInBatchSchema, input);
    if (!(await this.settings()).allowUnsignedCheckIns)
      throw new AppError(
        'SP_BAD_REQUEST',
        `unsigned check-ins are refused on this store (fleet setting allowUnsignedCheckIns is false): send a signed ${CHECK_IN_BATCH_FORMAT} batch from a registered verifier`,
        [{ path: 'signature', message: 'unsigned-refused' }],
      );
    const fileName = batch.fileName ?? opts.fileName;
    return this.#ingest(batch.checkIns, { source: 'unsigned', ...(fileName ? { fileName } : {}) }, actor);
  }

  /**
   * Ingests a signed batch. The whole batch is refused (400 SP_BAD_REQUEST naming the reason, nothing stored)
   * unless its verifier is registered and not revoked, was valid when the batch was signed, and the signature
   * verifies over the batch as received. Then its check-ins are ingested as unsigned ones are (validated and
   * quarantined one by one), with source `verifier:<id>` and the batch id; the batch itself is stored once, so
   * an auditor can re-verify any of its check-ins. Re-sending the same batch changes nothing; the same batch id
   * with other content is a conflict.
   */
  async ingestSignedBatch(input: unknown, actor: string, opts: { fileName?: string } = {}): Promise<ImportSummary> {
    const r = SignedCheckInBatchSchema.safeParse(input);
    if (!r.success) {
      const details = r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
      throw new AppError(
        'SP_BAD_REQUEST',
        `not a valid signed check-in batch (${CHECK_IN_BATCH_FORMAT}): ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
        details,
      );
    }
    const batch = r.data;
    const now = this.app.now().toISOString();
    const check = (verifier: StoredVerifier | undefined) => {
      const v = verifyCheckInBatch(batch, verifier, now);
      if (!v.ok)
        throw new AppError('SP_BAD_REQUEST', `signed check-in batch ${batch.batchId} refused: ${v.message}`, [
          { path: REFUSAL_PATH[v.reason], message: v.reason },
        ]);
      return v.digest;
    };
    // The signature is checked before the transaction (it costs CPU, not locks); inside it, the verifier is read
    // again, and a revocation (or any change) committed meanwhile refuses the batch.
    const first = await getVerifier(this.conn.db, batch.verifierId);
    const digest = check(first);
    const unchanged = (v: StoredVerifier | undefined) => JSON.stringify(v) === JSON.stringify(first);
    return this.#ingest(
      batch.checkIns,
      {
        source: `verifier:${batch.verifierId}`,
        signed: batch,
        digest,
        recheck: (v) => {
          if (!unchanged(v)) check(v);
        },
        ...(opts.fileName ? { fileName: opts.fileName } : {}),
      },
      actor,
    );
  }

  async #ingest(
    items: readonly unknown[],
    how: {
      source: CheckInSource;
      fileName?: string;
      signed?: SignedCheckInBatch;
      /** sha256 of the signed bytes, from the signature check. */
      digest?: string;
      recheck?: (verifier: StoredVerifier | undefined) => void;
    },
    actor: string,
  ): Promise<ImportSummary> {
    const now = this.app.now();
    const at = now.toISOString();
    const importId = `imp_${randomUUID()}`;
    const rejected: FleetRejection[] = [];
    const reject = (ref: string, reason: string, raw: unknown) =>
      rejected.push({ id: randomUUID(), importId, at, source: 'check-in', ref, reason, raw });
    const valid: CheckIn[] = [];
    const seen = new Map<string, string>();
    let unchanged = 0;
    for (const [i, raw] of items.entries()) {
      const v = CheckInInputSchema.safeParse(raw);
      const ref = v.success ? `${v.data.deviceId}/${v.data.checkInId}` : `item ${i}`;
      if (!v.success) {
        reject(ref, v.error.issues.map((x) => `${x.path.join('.') || 'item'}: ${x.message}`).join('; '), raw);
        continue;
      }
      const c: CheckIn = {
        deviceId: v.data.deviceId,
        checkInId: v.data.checkInId,
        at: v.data.at,
        verdict: v.data.verdict,
        region: {
          boundingRadiusKm: v.data.region.boundingRadiusKm,
          ...(v.data.region.center ? { center: v.data.region.center } : {}),
          countriesTouched: [...v.data.region.countriesTouched].sort(),
          licensedSiteInRegion: v.data.region.licensedSiteInRegion,
        },
        ...(v.data.tamper ? { tamper: true } : {}),
      };
      if (Date.parse(c.at) > now.getTime() + MAX_CLOCK_SKEW_MS) {
        reject(ref, `at ${c.at} is in the future`, raw);
        continue;
      }
      const key = `${c.deviceId}\u0000${c.checkInId}`;
      const prev = seen.get(key);
      if (prev !== undefined) {
        if (prev === checkInFingerprint(c)) unchanged++;
        else reject(ref, 'the same check-in id appears twice in this batch with different content', raw);
        continue;
      }
      seen.set(key, checkInFingerprint(c));
      valid.push(c);
    }
    const signed = how.signed;
    const digest = signed ? (how.digest ?? checkInBatchDigest(signed)) : sha256(JSON.stringify(items));
    let accepted = 0;
    await this.conn.db.transaction().execute(async (trx) => {
      let newBatch = false;
      if (signed && how.recheck) {
        // A revocation committed since the first check refuses the batch.
        how.recheck(await getVerifier(trx, signed.verifierId));
        const stored = await checkInBatchHeader(trx, signed.verifierId, signed.batchId);
        if (stored && stored.sha256 !== digest)
          throw new AppError(
            'SP_CONFLICT',
            `verifier ${signed.verifierId} already sent a batch ${signed.batchId} with other content (stored ${stored.sha256}, this one ${digest}); a batch id is signed once`,
          );
        newBatch = !stored;
      }
      const devices = await getDevices(trx, [...new Set(valid.map((c) => c.deviceId))]);
      const stored = await existingCheckIns(trx, valid);
      const fresh: StoredCheckIn[] = [];
      for (const c of valid) {
        const ref = `${c.deviceId}/${c.checkInId}`;
        const device = devices.get(c.deviceId);
        if (!device) {
          reject(ref, `unknown device ${c.deviceId}`, c);
          continue;
        }
        if (c.at < device.registeredAt) {
          reject(ref, `at ${c.at} is before the device was registered (${device.registeredAt})`, c);
          continue;
        }
        const old = stored.get(`${c.deviceId}\u0000${c.checkInId}`);
        if (old) {
          if (checkInFingerprint(old) === checkInFingerprint(c)) unchanged++;
          else reject(ref, `conflicts with the stored check-in ${c.checkInId} (stored one kept)`, c);
          continue;
        }
        fresh.push({ ...c, source: how.source, ...(signed ? { batchId: signed.batchId } : {}), ingestedAt: at });
      }
      await recordCheckIns(trx, fresh, devices, this.#config);
      await insertRejections(trx, rejected);
      await insertFleetImport(trx, {
        id: importId,
        kind: 'check-ins',
        fileName: how.fileName ?? null,
        sha256: digest,
        at,
        actor,
        accepted: fresh.length,
        unchanged,
        rejected: rejected.length,
      });
      if (signed && newBatch)
        await insertCheckInBatch(trx, {
          verifierId: signed.verifierId,
          batchId: signed.batchId,
          signedAt: signed.signedAt,
          signature: signed.signature,
          sha256: digest,
          checkIns: signed.checkIns.length,
          body: canonicalBatchJson(signed),
          importId,
          ingestedAt: at,
        });
      await appendAudit(trx, this.conn.engine, {
        at,
        actor,
        action: 'fleet.check-ins.ingest',
        subject: `import:${importId}`,
        data: {
          sha256: digest,
          source: how.source,
          ...(signed
            ? {
                verifierId: signed.verifierId,
                batchId: signed.batchId,
                signedAt: signed.signedAt,
                signature: signed.signature,
              }
            : {}),
          accepted: fresh.length,
          unchanged,
          rejected: rejected.length,
        },
      });
      accepted = fresh.length;
    });
    return {
      importId,
      sha256: digest,
      source: how.source,
      ...(signed
        ? {
            batch: {
              verifierId: signed.verifierId,
              batchId: signed.batchId,
              signedAt: signed.signedAt,
              signature: signed.signature,
              sha256: digest,
            },
          }
        : {}),
      accepted,
      unchanged,
      rejected: rejected.map((r) => ({ ref: r.ref, reason: r.reason })),
      warnings: how.source === 'unsigned' ? ['check-ins stored unsigned: no verifier signed them'] : [],
    };
  }

  // ---- external verifiers and settings ----------------------------------------------------------------------

  /** Registers an external verifier whose signed batches will be accepted (admin). */
  async registerVerifier(input: unknown, actor: string): Promise<StoredVerifier> {
    const v = parseWith(VerifierInputSchema, input);
    const at = this.app.now().toISOString();
    const verifier: StoredVerifier = {
      id: v.id,
      name: v.name,
      publicKey: v.publicKey,
      validFrom: v.validFrom ?? at,
      validUntil: v.validUntil ?? null,
      revokedAt: null,
      revokedBy: null,
      revocationReason: null,
      createdAt: at,
      createdBy: actor,
    };
    if (verifier.validUntil !== null && verifier.validUntil <= verifier.validFrom)
      throw new AppError(
        'SP_BAD_REQUEST',
        `validUntil ${verifier.validUntil} is not after validFrom ${verifier.validFrom}`,
        [{ path: 'validUntil', message: 'after validFrom' }],
      );
    await this.conn.db.transaction().execute(async (trx) => {
      if (await getVerifier(trx, verifier.id))
        throw new AppError('SP_CONFLICT', `verifier ${verifier.id} is already registered`);
      const holder = await verifierWithKey(trx, verifier.publicKey);
      if (holder) throw new AppError('SP_CONFLICT', `this public key is already registered to verifier ${holder}`);
      await insertVerifier(trx, verifier);
      await appendAudit(trx, this.conn.engine, {
        at,
        actor,
        action: 'fleet.verifier.register',
        subject: `verifier:${verifier.id}`,
        data: { ...verifier },
      });
    });
    return verifier;
  }

  verifiers(): Promise<StoredVerifier[]> {
    return listVerifiers(this.conn.db);
  }

  /** Revokes a verifier (admin): from now on every batch it sent is refused, whenever signed. Stored check-ins stay. */
  async revokeVerifier(id: string, input: unknown, actor: string): Promise<StoredVerifier> {
    const v = parseWith(RevokeVerifierSchema, input);
    const at = this.app.now().toISOString();
    return this.conn.db.transaction().execute(async (trx) => {
      const stored = await getVerifier(trx, id);
      if (!stored) throw new AppError('SP_NOT_FOUND', `no verifier ${id}`);
      if (!(await revokeVerifier(trx, { id, at, by: actor, reason: v.reason })))
        throw new AppError('SP_CONFLICT', `verifier ${id} was already revoked at ${stored.revokedAt}`);
      await appendAudit(trx, this.conn.engine, {
        at,
        actor,
        action: 'fleet.verifier.revoke',
        subject: `verifier:${id}`,
        data: { reason: v.reason },
      });
      return { ...stored, revokedAt: at, revokedBy: actor, revocationReason: v.reason };
    });
  }

  async settings(): Promise<FleetSettings> {
    const raw = await getMeta(this.conn.db, SETTINGS_KEY);
    return { ...DEFAULT_SETTINGS, ...(raw ? (JSON.parse(raw) as Partial<FleetSettings>) : {}) };
  }

  /** Changes the fleet settings (admin), audited. */
  async setSettings(input: unknown, actor: string): Promise<FleetSettings> {
    const v = parseWith(FleetSettingsSchema, input);
    const at = this.app.now().toISOString();
    await this.conn.db.transaction().execute(async (trx) => {
      const before = await getMeta(trx, SETTINGS_KEY);
      await setMeta(trx, SETTINGS_KEY, JSON.stringify(v), at);
      await appendAudit(trx, this.conn.engine, {
        at,
        actor,
        action: 'fleet.settings',
        subject: 'fleet',
        data: { before: before ? (JSON.parse(before) as unknown) : DEFAULT_SETTINGS, after: v },
      });
    });
    return v;
  }

  /** A device's timeline: its check-ins, newest first. */
  async timeline(deviceId: string, q: { limit?: number; before?: string } = {}) {
    const device = (await getDevices(this.conn.db, [deviceId])).get(deviceId);
    if (!device) throw new AppError('SP_NOT_FOUND', `no device ${deviceId}`);
    const checkIns = await checkInsOfDevice(this.conn.db, deviceId, {
      limit: Math.min(q.limit ?? 200, 5_000),
      ...(q.before ? { before: q.before } : {}),
    });
    return { device, checkIns };
  }

  async counts(): Promise<{ devices: number; checkIns: number }> {
    return { devices: await countDevices(this.conn.db), checkIns: await countCheckIns(this.conn.db) };
  }

  // ---- detector passes ------------------------------------------------------------------------------------

  /**
   * One detector pass. Incremental (default): only devices with check-ins ingested since the last pass and
   * devices whose silence deadline passed since then. Full: every device. Devices are read in chunks; each
   * chunk's alerts are merged and committed on their own, so an interrupted pass loses nothing (the state
   * advances only at the end, and a re-run merges to the same alerts). Fleet anomalies are computed from the
   * whole fleet's away check-ins of the fleet window, in either mode.
   */
  async detect(input: unknown, actor: string): Promise<PassResult> {
    const req = parseWith(DetectRequestSchema, input ?? {});
    // One pass at a time on a store, across processes: a lease taken before the pass and renewed after each chunk.
    // Of two passes racing, the second is refused; a holder that died frees it when the lease expires.
    const holder = `pass-${process.pid}-${randomUUID()}`;
    await this.#holdPassLease(holder);
    try {
      return await this.#detect(req, actor, () => this.#holdPassLease(holder));
    } finally {
      await releaseLease(this.conn.db, PASS_LEASE, holder);
    }
  }

  /** Takes or renews the detector-pass lease for `holder`; refuses (409) while another holder has it. */
  async #holdPassLease(holder: string): Promise<void> {
    const now = this.app.now();
    const lease = await takeLease(
      this.conn.db,
      PASS_LEASE,
      holder,
      now.toISOString(),
      new Date(now.getTime() + PASS_LEASE_MS).toISOString(),
    );
    if (lease.holder !== holder)
      throw new AppError(
        'SP_CONFLICT',
        `a detector pass is already running on this store (since ${lease.acquiredAt}; its lease runs to ${lease.expiresAt})`,
      );
  }

  async #detect(
    req: z.output<typeof DetectRequestSchema>,
    actor: string,
    renewLease: () => Promise<void>,
  ): Promise<PassResult> {
    const db = this.conn.db;
    const started = this.app.now().toISOString();
    const now = req.at ?? started;
    const cfg = this.#config;
    const state = JSON.parse((await getMeta(db, PASS_STATE_KEY)) ?? 'null') as {
      at: string;
      ingestedBefore: string;
    } | null;
    const mode = req.mode === 'incremental' && state ? 'incremental' : 'full';
    let examined = 0;
    let checkInsRead = 0;
    let alertsNew = 0;
    let alertsUpdated = 0;
    const newAlertIds: string[] = [];

    const examineChunk = async (devices: StoredDevice[]) => {
      if (devices.length === 0) return;
      const longest = Math.max(...devices.map((d) => d.expectedCheckInHours));
      const lookbackMs = passLookbackHours(cfg, longest) * 3_600_000;
      const since = new Date(Date.parse(now) - lookbackMs).toISOString();
      const ids = devices.map((d) => d.deviceId);
      const checkIns = await checkInsOfDevices(db, ids, since, now);
      const prior = await priorCheckIns(db, ids, since);
      const alerts = detectChunk({
        devices: devices.map((d) => fleetDeviceOf(d, since, prior.get(d.deviceId))),
        checkIns,
        now,
        config: cfg,
      });
      examined += devices.length;
      checkInsRead += checkIns.length;
      // A pass whose lease was taken over (it stalled past the expiry) stops before writing anything more.
      await renewLease();
      await this.#mergeAndStore(alerts, ids, since, actor, (n, u, newIds) => {
        alertsNew += n;
        alertsUpdated += u;
        newAlertIds.push(...newIds);
      });
    };

    if (mode === 'incremental' && state) {
      // ISO strings compare in time order; a pass evaluated earlier than the last one re-reads from `now`.
      let silentFrom = state.at;
      if (now < silentFrom) silentFrom = now;
      const ids = await devicesToExamine(db, { ingestedSince: state.ingestedBefore, silentFrom, silentTo: now });
      for (let i = 0; i < ids.length; i += req.chunkSize) {
        const part = ids.slice(i, i + req.chunkSize);
        const devices = await getDevices(db, part);
        await examineChunk(part.map((id) => devices.get(id)).filter((d): d is StoredDevice => d !== undefined));
      }
    } else {
      let after: string | undefined;
      for (;;) {
        const page = await devicePage(db, { limit: req.chunkSize, ...(after ? { afterId: after } : {}) });
        await examineChunk(page);
        if (page.length < req.chunkSize) break;
        after = page.at(-1)?.deviceId;
      }
    }

    // Fleet anomaly: the whole fleet's check-ins whose region excludes the licensed site, in the fleet window.
    const windowStart = new Date(Date.parse(now) - cfg.fleetWindowHours * 3_600_000).toISOString();
    const awayRows = await awayCheckInsSince(db, windowStart, now);
    const away: AwayCheckIn[] = awayRows.checkIns.flatMap((c) => {
      const d = awayRows.devices.get(c.deviceId);
      return d ? [{ device: fleetDeviceOf(d), checkIn: c }] : [];
    });
    const fleetAlerts = detectAcrossFleet(away, now, cfg);
    if (fleetAlerts.length)
      await this.#mergeAndStore(
        fleetAlerts,
        [...new Set(fleetAlerts.map((a) => a.deviceId))],
        new Date(Date.parse(now) - passLookbackHours(cfg, 24) * 3_600_000).toISOString(),
        actor,
        (n, u, ids) => {
          alertsNew += n;
          alertsUpdated += u;
          newAlertIds.push(...ids);
        },
      );

    await db.transaction().execute(async (trx) => {
      await setMeta(trx, PASS_STATE_KEY, JSON.stringify({ at: now, ingestedBefore: started }), started);
      await appendAudit(trx, this.conn.engine, {
        at: started,
        actor,
        action: 'fleet.detect',
        subject: 'fleet',
        data: {
          mode,
          at: now,
          devicesExamined: examined,
          checkInsRead,
          awayCheckIns: away.length,
          alertsNew,
          alertsUpdated,
          newAlertIds: newAlertIds.slice(0, 1000),
          config: { ...cfg },
        },
      });
    });
    return {
      mode,
      at: now,
      devicesExamined: examined,
      checkInsRead,
      awayCheckIns: away.length,
      alertsNew,
      alertsUpdated,
      newAlertIds,
      config: cfg,
    };
  }

  async #mergeAndStore(
    alerts: ReturnType<typeof detectChunk>,
    deviceIds: readonly string[],
    since: string,
    actor: string,
    count: (inserted: number, updated: number, newIds: string[]) => void,
  ): Promise<void> {
    if (alerts.length === 0) return;
    const at = this.app.now().toISOString();
    await this.conn.db.transaction().execute(async (trx) => {
      const windowStart = new Date(Date.parse(since) - this.#config.dedupWindowHours * 3_600_000).toISOString();
      const stored = await recentAlertsOfDevices(trx, deviceIds, windowStart);
      const { inserts, updates } = mergeAlerts(stored, alerts, this.#config.dedupWindowHours);
      // An alert id already stored (an older alert outside the merge window with the same first finding) is
      // the same alert: skip it rather than fail the chunk.
      const known = new Set(stored.map((s) => s.id));
      const fresh: StoredAlert[] = inserts
        .filter((a) => !known.has(a.id))
        .map((a) => ({ ...a, status: 'open', caseId: null, createdAt: at, updatedAt: at }));
      await insertAlerts(trx, fresh);
      for (const u of updates) await updateAlertEvidence(trx, { ...u, updatedAt: at });
      if (fresh.length || updates.length)
        await appendAudit(trx, this.conn.engine, {
          at,
          actor,
          action: 'fleet.alerts',
          subject: 'fleet',
          data: {
            new: fresh.map((a) => `${a.id}:${a.detector}:${a.deviceId}:${a.severity}`),
            updated: updates.map((a) => `${a.id}:${a.detector}:${a.deviceId}:${a.severity}`),
          },
        });
      count(
        fresh.length,
        updates.length,
        fresh.map((a) => a.id),
      );
    });
  }
}
