/**
 * Chip location verification services: the landmark and device registries, server-orchestrated
 * verification, and the stored, audited verdicts.
 *
 * Who is trusted for what:
 * - The SERVER issues each session (random id and 32-byte nonce, expiry on its own clock) and asks
 *   each registered landmark, over HTTP, to measure the device. It never accepts a time from the
 *   host or the agent: the only timings are the landmarks' monotonic-clock timestamps inside records
 *   signed with the landmark keys it registered.
 * - LANDMARKS time challenge→response on a persistent connection the agent opened to them, and sign
 *   the record. A landmark that lies is threat A4 (registry + self-check), not something a device
 *   can exploit.
 * - The HOST and AGENT are untrusted pipes: they can only delay or drop answers, which enlarges the
 *   feasible region (ALLOW → INCONCLUSIVE), never shrinks it.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  BUNDLED_RULES,
  checkMeasurements,
  countReasons,
  createReplayState,
  generateKexKeyPair,
  isCountryCode,
  isKexPublicKey,
  isPublicKey,
  type LandmarkInfo,
  LandmarkInfoSchema,
  type LocationVerdict,
  locate,
  MAX_RTT_MS,
  type MeasureRequestSchema,
  MIN_SAMPLES,
  type Rejection,
  type ReplayState,
  rawPrivateKey,
  type SpeedProfile,
  type VerdictPolicy,
  verifyKexBinding,
  verifySession,
} from '@stackport/core';
import {
  appendAudit,
  devicePage,
  findDeviceByKexKey,
  getDevice,
  getLandmark,
  getVerification,
  insertDevice,
  insertLandmark,
  insertVerification,
  listLandmarks,
  listVerifications,
  otherKexKeys,
  type StoredCheckIn,
  type StoredDevice,
  type StoredLandmark,
  type StoredVerification,
  setKexKey,
} from '@stackport/store';
import { z } from 'zod';
import { AppError } from './errors.js';
import { recordCheckIns, startMonitoring } from './fleet-ingest.js';
import { parseWith } from './licensing.js';
import type { Stackport } from './stackport.js';

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - (starting with a letter or digit)');
const PublicKey = z.string().refine(isPublicKey, 'an Ed25519 public key: base64 of the raw 32 bytes');
const KexPublicKey = z
  .string()
  .refine(isKexPublicKey, 'an X25519 public key: base64 of the raw 32 bytes, not a small-order point');
const Signature = z
  .string()
  .regex(/^[A-Za-z0-9+/]{86}==$/, 'an Ed25519 signature: base64 of 64 bytes')
  .describe('Ed25519 signature, base64');
const Position = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
const Country = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code');

export const LandmarkInputSchema = z.object({
  id: Id,
  position: Position,
  positionUncertaintyKm: z.number().min(0).max(100).default(1),
  publicKey: PublicKey,
  operator: z.string().min(1).max(200).optional(),
  label: z.string().min(1).max(200).optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional()
    .describe('The landmark service (stackport landmark serve) control URL, for server-orchestrated verification'),
});
export type LandmarkInput = z.input<typeof LandmarkInputSchema>;

const DeviceFields = z.object({
  deviceId: Id,
  publicKey: PublicKey.describe('Ed25519 identity key (`stackport agent run` prints it as publicKey)'),
  kexPublicKey: KexPublicKey.optional().describe(
    'X25519 key-agreement key (printed by `stackport agent run` as kexPublicKey); needed to verify the device',
  ),
  kexKeySignature: Signature.optional().describe(
    'The identity key’s signature over kexPublicKey (printed by `stackport agent run` as kexKeySignature)',
  ),
  serial: z.string().min(1).max(200),
  model: z.string().min(1).max(200),
  eccn: z.string().regex(/^(?:[0-9][A-E][0-9]{3}(?:\.[a-z0-9]+)*|EAR99)$/, 'an ECCN like 3A090.a or 4A090.a'),
  licensee: z.string().min(1).max(300),
  licenseId: z.string().min(1).max(100).optional(),
  licensedSite: z.object({
    position: Position,
    country: Country,
    radiusKm: z.number().positive().max(2000).default(50),
    label: z.string().min(1).max(200).optional(),
  }),
  endUser: z.string().min(1).max(300).optional().describe('The authorized end user named in the license'),
  expectedCheckInHours: z
    .number()
    .positive()
    .max(24 * 90)
    .default(24)
    .describe('How often the device must check in; silence is measured in these intervals'),
  shipmentId: z.string().min(1).max(64).optional().describe('The registered shipment the device left in'),
  registeredAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s).toISOString())
    .optional()
    .describe('When monitoring starts (installation); default: the registration time. Not in the future.'),
});

/** An X25519 key comes with the identity key's signature over it, and the signature must verify. */
function checkKexBinding(
  d: { publicKey: string; kexPublicKey?: string | undefined; kexKeySignature?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if ((d.kexPublicKey === undefined) !== (d.kexKeySignature === undefined))
    ctx.addIssue({
      code: 'custom',
      path: [d.kexPublicKey === undefined ? 'kexPublicKey' : 'kexKeySignature'],
      message: 'kexPublicKey and kexKeySignature go together',
    });
  else if (
    d.kexPublicKey !== undefined &&
    d.kexKeySignature !== undefined &&
    !verifyKexBinding(d.publicKey, d.kexPublicKey, d.kexKeySignature)
  )
    ctx.addIssue({
      code: 'custom',
      path: ['kexKeySignature'],
      message: 'does not verify: the identity key did not sign this X25519 key',
    });
}

/** A device registration, over the API or as a fleet registry CSV row (same fields, same checks). */
export const DeviceInputSchema = DeviceFields.superRefine(checkKexBinding);
export type DeviceInput = z.input<typeof DeviceInputSchema>;

export const KexKeyInputSchema = z.object({
  kexPublicKey: KexPublicKey.describe('X25519 key-agreement key (printed by `stackport agent run` as kexPublicKey)'),
  kexKeySignature: Signature.describe('The identity key’s signature over it (printed as kexKeySignature)'),
});

export const VerifyRequestSchema = z.object({
  deviceId: Id,
  /** Landmark ids to use; default every registered landmark with a URL. */
  landmarks: z.array(Id).min(1).max(500).optional(),
  challenges: z.number().int().min(MIN_SAMPLES).max(200).default(16),
  deadlineMs: z.number().positive().max(MAX_RTT_MS).default(MAX_RTT_MS),
  /** ISO2 countries the device may be in; default every country not of concern. */
  allowedCountries: z.array(Country).max(300).optional(),
  /** ISO2 countries of concern; default Country Group D:5 on today's date, plus Macau and Hong Kong. */
  countriesOfConcern: z.array(Country).max(300).optional(),
  speedProfile: z.enum(['light', 'fiber-unsound']).default('light'),
  robustnessF: z.number().int().min(0).max(5).default(1),
});
export type VerifyRequest = z.input<typeof VerifyRequestSchema>;

export const VerificationQuerySchema = z.object({
  deviceId: Id.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

/** How the server reaches a landmark service. Injected so tests can run landmarks in-process. */
export interface LandmarkTransport {
  measure(
    landmark: StoredLandmark,
    request: z.output<typeof MeasureRequestSchema>,
    timeoutMs: number,
  ): Promise<unknown>;
}

/** POST {url}/v1/measure with the session; the body is the landmark's signed record. */
export const httpLandmarkTransport: LandmarkTransport = {
  async measure(landmark, request, timeoutMs) {
    if (!landmark.url) throw new Error('the landmark has no URL');
    const res = await fetch(new URL('/v1/measure', landmark.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text; // reported as malformed by the verifier
    }
  },
};

export interface VerificationResult {
  readonly id: string;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly verdict: 'ALLOW' | 'VIOLATION' | 'INCONCLUSIVE';
  /** Plain statements for a reviewer, e.g. "not in CN: no point of the feasible region is in CN". */
  readonly findings: readonly string[];
  /** The geometry (null when no measurement survived verification: then no verdict was computed from data). */
  readonly location: LocationVerdict | null;
  readonly policy: VerdictPolicy;
  readonly landmarks: readonly {
    readonly landmarkId: string;
    readonly status: 'accepted' | 'rejected' | 'unreachable';
    readonly minRttMs: number | null;
    readonly samples: number;
    readonly error?: string;
  }[];
  readonly rejections: readonly Rejection[];
  readonly rejectionCounts: Partial<Record<Rejection['reason'], number>>;
  /** Rejections that point at tampering (forged, replayed or swapped answers): report-worthy under the Chip Security Act. */
  readonly tamperingSuspected: boolean;
  readonly createdAt: string;
}

const TAMPER_REASONS = new Set<Rejection['reason']>([
  'bad-signature',
  'nonce-replayed',
  'wrong-device',
  'wrong-landmark',
  'nonce-unknown',
]);

let ALL_COUNTRIES: string[] | undefined;
function allCountries(): string[] {
  if (!ALL_COUNTRIES) {
    ALL_COUNTRIES = [];
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const c = String.fromCharCode(a, b);
        if (isCountryCode(c)) ALL_COUNTRIES.push(c);
      }
  }
  return ALL_COUNTRIES;
}

/**
 * Default policy: countries of concern = D:5 on the date + MO + HK; allowed = every other country.
 * ALLOW therefore means "provably in no country of concern"; whether the licensed site is consistent
 * is reported beside it (`licensedSiteInRegion`), and a region excluding it is a VIOLATION.
 */
export function policyWithDefaults(
  p: {
    licensedSite?: VerdictPolicy['licensedSite'];
    allowedCountries?: readonly string[] | undefined;
    countriesOfConcern?: readonly string[] | undefined;
    speedProfile?: SpeedProfile | undefined;
    robustnessF?: number | undefined;
  },
  date: string,
): VerdictPolicy {
  const concern = p.countriesOfConcern ?? defaultCountriesOfConcern(date);
  return {
    ...(p.licensedSite ? { licensedSite: p.licensedSite } : {}),
    allowedCountries: p.allowedCountries ?? allCountries().filter((c) => !concern.includes(c)),
    countriesOfConcern: concern,
    speedProfile: p.speedProfile ?? 'light',
    robustnessF: p.robustnessF ?? 1,
  };
}

/** Country Group D:5 on `date` (15 CFR 740 Supp. 1), plus Macau and Hong Kong (treated as China). */
export function defaultCountriesOfConcern(date: string): string[] {
  const d5 = BUNDLED_RULES.countryGroups.memberships
    .filter(
      (m) => m.group === 'D:5' && m.layer !== 'asWritten' && m.validFrom <= date && (!m.validTo || date < m.validTo),
    )
    .map((m) => m.iso2);
  return [...new Set([...d5, 'MO', 'HK'])].sort();
}

export class LocationService {
  readonly #replay: ReplayState;
  readonly #transport: LandmarkTransport;
  readonly #sessionTtlMs: number;

  constructor(
    protected readonly app: Stackport,
    opts: { transport?: LandmarkTransport; replay?: ReplayState; sessionTtlMs?: number } = {},
  ) {
    this.#transport = opts.transport ?? httpLandmarkTransport;
    this.#replay = opts.replay ?? createReplayState();
    this.#sessionTtlMs = opts.sessionTtlMs ?? 60_000;
  }

  async registerLandmark(input: unknown, actor: string): Promise<StoredLandmark> {
    const v = parseWith(LandmarkInputSchema, input);
    const db = this.app.connection.db;
    if (await getLandmark(db, v.id)) throw new AppError('SP_CONFLICT', `landmark ${v.id} is already registered`);
    const landmark: StoredLandmark = {
      id: v.id,
      position: v.position,
      positionUncertaintyKm: v.positionUncertaintyKm,
      publicKey: v.publicKey,
      ...(v.operator ? { operator: v.operator } : {}),
      ...(v.label ? { label: v.label } : {}),
      url: v.url ?? null,
      createdAt: this.app.now().toISOString(),
    };
    await db.transaction().execute(async (trx) => {
      await insertLandmark(trx, landmark);
      await appendAudit(trx, this.app.connection.engine, {
        at: landmark.createdAt,
        actor,
        action: 'landmark.register',
        subject: `landmark:${landmark.id}`,
        data: {
          position: landmark.position,
          uncertaintyKm: landmark.positionUncertaintyKm,
          publicKey: landmark.publicKey,
          url: landmark.url,
        },
      });
    });
    return landmark;
  }

  landmarks(): Promise<StoredLandmark[]> {
    return listLandmarks(this.app.connection.db);
  }

  async landmark(id: string): Promise<StoredLandmark> {
    const l = await getLandmark(this.app.connection.db, id);
    if (!l) throw new AppError('SP_NOT_FOUND', `no landmark ${id}`);
    return l;
  }

  async registerDevice(input: unknown, actor: string): Promise<StoredDevice> {
    const v = parseWith(DeviceInputSchema, input);
    const db = this.app.connection.db;
    const device = storedDeviceOf(v, monitoringStart(v.registeredAt, this.app.now()));
    // The conflict checks run before the transaction, so that its first statement is the INSERT: on
    // SQLite a deferred transaction that reads first and writes later fails at once ("database is
    // locked") when another process wrote in between, where a write-first one waits its turn. The
    // UNIQUE constraints (id, public_key, kex_public_key) still hold against a race.
    const conflict = await this.#deviceConflict(device);
    if (conflict) throw conflict;
    await db.transaction().execute(async (trx) => {
      try {
        await insertDevice(trx, device);
      } catch (e) {
        // Lost a race with a concurrent registration of the same id or key.
        if (/unique|duplicate key/i.test((e as Error).message))
          throw new AppError('SP_CONFLICT', `device ${device.deviceId} or one of its keys was registered meanwhile`);
        throw e;
      }
      await startMonitoring(trx, [device]);
      await appendAudit(trx, this.app.connection.engine, {
        at: device.registeredAt,
        actor,
        action: 'device.register',
        subject: `device:${device.deviceId}`,
        data: {
          publicKey: device.publicKey,
          kexPublicKey: device.kexPublicKey ?? null,
          kexKeySignature: device.kexKeySignature ?? null,
          serial: device.serial,
          model: device.model,
          eccn: device.eccn,
          licensee: device.licensee,
          licenseId: device.licenseId ?? null,
          licensedSite: device.licensedSite,
        },
      });
    });
    return device;
  }

  /** Why `device` cannot be registered (same id, identity key or X25519 key), or undefined. */
  async #deviceConflict(device: StoredDevice): Promise<AppError | undefined> {
    const db = this.app.connection.db;
    if (await getDevice(db, device.deviceId))
      return new AppError('SP_CONFLICT', `device ${device.deviceId} is already registered`);
    const sameKey = await db
      .selectFrom('devices')
      .select('id')
      .where('public_key', '=', device.publicKey)
      .executeTakeFirst();
    if (sameKey)
      return new AppError(
        'SP_CONFLICT',
        `this public key is already bound to device ${sameKey.id}: one key, one device`,
        [{ path: 'publicKey', message: 'duplicate key' }],
      );
    const sameKex = device.kexPublicKey
      ? await db.selectFrom('devices').select('id').where('kex_public_key', '=', device.kexPublicKey).executeTakeFirst()
      : undefined;
    if (sameKex)
      return new AppError(
        'SP_CONFLICT',
        `this X25519 key is already bound to device ${sameKex.id}: one key, one device`,
        [{ path: 'kexPublicKey', message: 'duplicate key' }],
      );
    return undefined;
  }

  /**
   * Binds an X25519 key-agreement key to a registered device that has none (registered from a fleet registry
   * without one, or before protocol 2). The identity key must have signed it; a key is never replaced.
   */
  async bindKexKey(deviceId: string, input: unknown, actor: string): Promise<StoredDevice> {
    const v = parseWith(KexKeyInputSchema, input);
    const device = await this.device(deviceId);
    if (device.kexPublicKey)
      throw new AppError('SP_CONFLICT', `device ${deviceId} already has an X25519 key; keys are never replaced`, [
        { path: 'kexPublicKey', message: 'already bound' },
      ]);
    if (!verifyKexBinding(device.publicKey, v.kexPublicKey, v.kexKeySignature))
      throw new AppError('SP_BAD_REQUEST', "the signature does not verify under the device's identity key", [
        { path: 'kexKeySignature', message: 'does not verify' },
      ]);
    const holder = await findDeviceByKexKey(this.app.connection.db, v.kexPublicKey);
    if (holder)
      throw new AppError('SP_CONFLICT', `this X25519 key is already bound to device ${holder.deviceId}`, [
        { path: 'kexPublicKey', message: 'duplicate key' },
      ]);
    const at = this.app.now().toISOString();
    await this.app.connection.db.transaction().execute(async (trx) => {
      if (!(await setKexKey(trx, deviceId, v.kexPublicKey, v.kexKeySignature)))
        throw new AppError('SP_CONFLICT', `device ${deviceId} got an X25519 key meanwhile`);
      await appendAudit(trx, this.app.connection.engine, {
        at,
        actor,
        action: 'device.kex-key',
        subject: `device:${deviceId}`,
        data: { kexPublicKey: v.kexPublicKey, kexKeySignature: v.kexKeySignature },
      });
    });
    return this.device(deviceId);
  }

  /** Registered devices by id, a page at a time (the fleet may hold a million). */
  devices(q: { after?: string; limit?: number } = {}): Promise<StoredDevice[]> {
    return devicePage(this.app.connection.db, {
      limit: Math.min(Math.max(q.limit ?? 1_000, 1), 5_000),
      ...(q.after ? { afterId: q.after } : {}),
    });
  }

  async device(id: string): Promise<StoredDevice> {
    const d = await getDevice(this.app.connection.db, id);
    if (!d) throw new AppError('SP_NOT_FOUND', `no device ${id}: register it first (stackport devices register)`);
    return d;
  }

  /** The policy a verification applies: the request's, else the defaults, with the device's licensed site. */
  policyFor(device: StoredDevice, req: z.output<typeof VerifyRequestSchema>): VerdictPolicy {
    return policyWithDefaults({ ...req, licensedSite: device.licensedSite }, this.app.today());
  }

  /**
   * Server-orchestrated verification: a fresh session, every chosen landmark measures the device in
   * parallel, the records are verified (signatures, nonces, clocks, RTTs), the survivors go to the
   * geometry, and the result is stored with its evidence and audited, in one transaction.
   */
  async verify(input: unknown, actor: string): Promise<VerificationResult> {
    const req = parseWith(VerifyRequestSchema, input);
    const db = this.app.connection.db;
    const device = await this.device(req.deviceId);
    const deviceKex = device.kexPublicKey;
    if (!deviceKex)
      throw new AppError(
        'SP_CONFLICT',
        `device ${device.deviceId} has no X25519 key-agreement key registered (imported from a fleet registry without one, or registered before protocol 2): bind the kexPublicKey and kexKeySignature that \`stackport agent run\` prints with \`stackport devices add-key\` or POST /devices/:id/kex-key`,
        [{ path: 'deviceId', message: 'no kexPublicKey registered' }],
      );
    const registered = await listLandmarks(db);
    let chosen: StoredLandmark[];
    if (req.landmarks) {
      const byId = new Map(registered.map((l) => [l.id, l]));
      const unknown = req.landmarks.filter((id) => !byId.has(id));
      if (unknown.length)
        throw new AppError(
          'SP_NOT_FOUND',
          `unknown landmark(s): ${unknown.join(', ')}`,
          unknown.map((id) => ({ path: 'landmarks', message: `no landmark ${id}` })),
        );
      chosen = req.landmarks.map((id) => byId.get(id) as StoredLandmark);
    } else chosen = registered.filter((l) => l.url);
    const reachable = chosen.filter((l) => l.url);
    if (reachable.length === 0)
      throw new AppError(
        'SP_CONFLICT',
        'no registered landmark has a URL to measure from: register landmarks with --url',
      );

    const startedMs = this.app.now().getTime();
    // The server's ephemeral X25519 key: one per session, used for nothing else.
    const eph = generateKexKeyPair();
    const session = {
      sessionId: randomBytes(16).toString('base64'),
      sessionNonce: randomBytes(32).toString('base64'),
      deviceId: device.deviceId,
      devicePublicKey: device.publicKey,
      deviceKexPublicKey: deviceKex,
      serverKexPublicKey: eph.publicKey,
      serverKexPrivateKey: rawPrivateKey(eph.privateKey),
      expiresAtMs: startedMs + this.#sessionTtlMs,
    };
    const measureReq: z.output<typeof MeasureRequestSchema> = {
      sessionId: session.sessionId,
      sessionNonce: session.sessionNonce,
      deviceId: device.deviceId,
      devicePublicKey: device.publicKey,
      deviceKexPublicKey: deviceKex,
      serverKexPublicKey: eph.publicKey,
      challenges: req.challenges,
      deadlineMs: req.deadlineMs,
    };
    // Every landmark in parallel; a landmark that fails is reported, never fatal.
    const timeoutMs = Math.min(this.#sessionTtlMs, req.challenges * req.deadlineMs + 15_000);
    const settled = await Promise.allSettled(reachable.map((l) => this.#transport.measure(l, measureReq, timeoutMs)));
    const records: unknown[] = [];
    const recordFrom: string[] = [];
    const unreachable = new Map<string, string>();
    for (const [i, s] of settled.entries()) {
      const l = reachable[i] as StoredLandmark;
      if (s.status === 'fulfilled') {
        records.push(s.value);
        recordFrom.push(l.id);
      } else unreachable.set(l.id, s.reason instanceof Error ? s.reason.message : String(s.reason));
    }
    // A landmark must answer for itself: a record claiming another landmark's id is refused.
    const rejections: Rejection[] = [];
    const ownRecords: unknown[] = [];
    for (const [i, rec] of records.entries()) {
      const claimed = (rec as { record?: { landmarkId?: unknown } } | null)?.record?.landmarkId;
      if (typeof claimed === 'string' && claimed !== recordFrom[i])
        rejections.push({
          reason: 'wrong-landmark',
          detail: `the service of ${recordFrom[i]} returned a record of ${claimed}`,
          landmarkId: recordFrom[i] as string,
        });
      else ownRecords.push(rec);
    }
    // Other devices' X25519 keys: a response MACed with one of them is named (`wrong-device`).
    const devicesByKex = await otherKexKeys(db, device.deviceId, 10_000);
    const landmarkInfos = new Map<string, LandmarkInfo>(registered.map((l) => [l.id, l]));
    const verified = verifySession({
      session,
      records: ownRecords,
      landmarks: landmarkInfos,
      otherDevices: devicesByKex,
      replay: this.#replay,
      nowMs: this.app.now().getTime(),
    });
    rejections.push(...verified.rejections);
    const policy = this.policyFor(device, req);
    const location = verified.measurements.length > 0 ? locate(verified.measurements, policy) : null;
    const verdict = location?.verdict ?? 'INCONCLUSIVE';
    const findings = describeFindings(location, policy, verified.measurements.length, rejections);
    const outcome = new Map(verified.landmarks.filter((o) => o.landmarkId).map((o) => [o.landmarkId as string, o]));
    const landmarks: VerificationResult['landmarks'] = chosen.map((l) => {
      const o = outcome.get(l.id);
      if (!l.url)
        return { landmarkId: l.id, status: 'unreachable', minRttMs: null, samples: 0, error: 'no URL registered' };
      if (unreachable.has(l.id))
        return {
          landmarkId: l.id,
          status: 'unreachable',
          minRttMs: null,
          samples: 0,
          error: unreachable.get(l.id) as string,
        };
      return {
        landmarkId: l.id,
        status: o?.accepted ? 'accepted' : 'rejected',
        minRttMs: o?.accepted ? o.minRttMs : null,
        samples: o?.goodSamples ?? 0,
      };
    });
    const counts = countReasons(rejections);
    const result: VerificationResult = {
      id: randomUUID(),
      deviceId: device.deviceId,
      sessionId: session.sessionId,
      verdict,
      findings,
      location,
      policy,
      landmarks,
      rejections,
      rejectionCounts: counts,
      tamperingSuspected: rejections.some((r) => TAMPER_REASONS.has(r.reason)),
      createdAt: this.app.now().toISOString(),
    };
    // The evidence keeps the session's ephemeral private key: the session is closed (single-use,
    // expired), so disclosing it now lets an auditor recompute K and every MAC, and forge nothing a
    // landmark would sign.
    await this.#store(device, result, { session, records, startedAt: new Date(startedMs).toISOString() }, actor);
    return result;
  }

  /** The verification, its audit record and (when it located the device) its fleet check-in commit together. */
  async #store(device: StoredDevice, result: VerificationResult, evidence: unknown, actor: string): Promise<void> {
    const stored: StoredVerification = {
      id: result.id,
      deviceId: result.deviceId,
      sessionId: result.sessionId,
      verdict: result.verdict,
      result: { ...result, rejections: undefined },
      evidence,
      rejections: result.rejections,
      createdAt: result.createdAt,
    };
    const checkIn = checkInOfVerification(result);
    await this.app.connection.db.transaction().execute(async (trx) => {
      await insertVerification(trx, stored);
      if (checkIn) await recordCheckIns(trx, [checkIn], new Map([[device.deviceId, device]]));
      await appendAudit(trx, this.app.connection.engine, {
        at: result.createdAt,
        actor,
        action: 'location.verify',
        subject: `device:${result.deviceId}`,
        data: {
          verification: result.id,
          sessionId: result.sessionId,
          verdict: result.verdict,
          findings: result.findings,
          countriesTouched: result.location?.countriesTouched ?? [],
          licensedSiteInRegion: result.location?.licensedSiteInRegion ?? null,
          landmarks: result.landmarks.map(
            (l) => `${l.landmarkId}:${l.status}${l.minRttMs !== null ? `:${l.minRttMs}ms` : ''}`,
          ),
          rejectionCounts: result.rejectionCounts,
          tamperingSuspected: result.tamperingSuspected,
        },
      });
    });
  }

  async verifications(input: unknown = {}): Promise<StoredVerification[]> {
    const q = parseWith(VerificationQuerySchema, input);
    return listVerifications(this.app.connection.db, q);
  }

  async verification(id: string): Promise<StoredVerification> {
    const v = await getVerification(this.app.connection.db, id);
    if (!v) throw new AppError('SP_NOT_FOUND', `no verification ${id}`);
    return v;
  }
}

/** The stored form of a validated registration (API or registry row). */
export function storedDeviceOf(v: z.output<typeof DeviceInputSchema>, registeredAt: string): StoredDevice {
  return {
    deviceId: v.deviceId,
    publicKey: v.publicKey,
    ...(v.kexPublicKey && v.kexKeySignature
      ? { kexPublicKey: v.kexPublicKey, kexKeySignature: v.kexKeySignature }
      : {}),
    serial: v.serial,
    model: v.model,
    eccn: v.eccn,
    licensee: v.licensee,
    ...(v.licenseId ? { licenseId: v.licenseId } : {}),
    licensedSite: {
      position: v.licensedSite.position,
      country: v.licensedSite.country,
      radiusKm: v.licensedSite.radiusKm,
      ...(v.licensedSite.label ? { label: v.licensedSite.label } : {}),
    },
    registeredAt,
    ...(v.endUser ? { endUser: v.endUser } : {}),
    expectedCheckInHours: v.expectedCheckInHours,
    ...(v.shipmentId ? { shipmentId: v.shipmentId } : {}),
  };
}

/** When a device's monitoring starts: the given time (never in the future) or now. */
export function monitoringStart(given: string | undefined, now: Date): string {
  if (given === undefined) return now.toISOString();
  if (Date.parse(given) > now.getTime())
    throw new AppError('SP_BAD_REQUEST', `registeredAt ${given} is in the future`, [
      { path: 'registeredAt', message: 'in the future' },
    ]);
  return given;
}

/**
 * The fleet check-in a verification makes: only a verification that located the device (at least one accepted
 * measurement) is a check-in; one that measured nothing proves nothing, so it does not reset the silence clock.
 * Its id is the verification id, so the check-in is idempotent with the verification.
 */
export function checkInOfVerification(result: VerificationResult): StoredCheckIn | undefined {
  const loc = result.location;
  if (!loc) return undefined;
  return {
    deviceId: result.deviceId,
    checkInId: result.id,
    at: result.createdAt,
    verdict: result.verdict,
    region: {
      boundingRadiusKm: loc.region.boundingRadiusKm,
      ...(loc.region.boundingCenter ? { center: loc.region.boundingCenter } : {}),
      countriesTouched: loc.countriesTouched,
      licensedSiteInRegion: loc.licensedSiteInRegion,
    },
    ...(result.tamperingSuspected ? { tamper: true } : {}),
    source: 'verification',
    verificationId: result.id,
    ingestedAt: result.createdAt,
  };
}

/** One-line statements a reviewer reads first. */
export function describeFindings(
  location: LocationVerdict | null,
  policy: VerdictPolicy,
  measured: number,
  rejections: readonly Rejection[],
): string[] {
  const out: string[] = [];
  if (!location) {
    out.push(
      'no landmark measurement passed verification: no location can be stated (INCONCLUSIVE, not evidence of presence anywhere)',
    );
  } else {
    const touched = new Set(location.countriesTouched);
    const concernTouched = policy.countriesOfConcern.filter((c) => touched.has(c));
    for (const c of ['CN', ...policy.countriesOfConcern.filter((c) => c !== 'CN')].filter(
      (c, i, a) => a.indexOf(c) === i,
    )) {
      if (c === 'CN' || touched.has(c))
        out.push(
          touched.has(c)
            ? `possibly in ${c}: the feasible region reaches ${c}`
            : `not in ${c}: no point of the feasible region is in ${c}`,
        );
    }
    if (concernTouched.length === 0) out.push('not in any country of concern');
    if (location.licensedSiteInRegion === false) out.push('the licensed site is outside the feasible region');
    out.push(
      `feasible region: ${Math.round(location.region.boundingRadiusKm)} km bounding radius from ${measured} landmark(s) (${location.speedProfile}${location.sound ? '' : ', NOT sound'})`,
    );
  }
  if (rejections.length)
    out.push(
      `${rejections.length} message(s) rejected: ${Object.entries(countReasons(rejections))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  return out;
}

const PolicyInput = z.object({
  licensedSite: z
    .object({
      position: Position,
      country: Country,
      radiusKm: z.number().positive().max(2000),
      label: z.string().max(200).optional(),
    })
    .optional(),
  allowedCountries: z.array(Country).max(300).optional(),
  countriesOfConcern: z.array(Country).max(300).optional(),
  speedProfile: z.enum(['light', 'fiber-unsound']).optional(),
  robustnessF: z.number().int().min(0).max(5).optional(),
});

/** The offline `locate` input (docs/location.md): plain measurements, or signed records with their session. */
export const LocateFileSchema = z.union([
  z.object({
    policy: PolicyInput.default({}),
    measurements: z
      .array(z.object({ landmark: LandmarkInfoSchema, minRttMs: z.unknown(), samples: z.unknown() }))
      .min(1)
      .max(1000),
  }),
  z.object({
    policy: PolicyInput.default({}),
    landmarks: z.array(LandmarkInfoSchema).min(1).max(1000),
    session: z.object({
      sessionId: z.string().refine((x) => Buffer.from(x, 'base64').length === 16, 'base64 of 16 bytes'),
      sessionNonce: z.string().refine((x) => Buffer.from(x, 'base64').length === 32, 'base64 of 32 bytes'),
      deviceId: Id,
      devicePublicKey: PublicKey,
      deviceKexPublicKey: KexPublicKey,
      serverKexPublicKey: KexPublicKey,
      serverKexPrivateKey: z
        .string()
        .refine((x) => Buffer.from(x, 'base64').length === 32, 'base64 of 32 bytes')
        .describe('The session’s ephemeral X25519 private key, disclosed in the evidence after the session'),
    }),
    records: z.array(z.unknown()).min(1).max(1000),
  }),
]);

export interface LocateResult {
  readonly verdict: 'ALLOW' | 'VIOLATION' | 'INCONCLUSIVE';
  /** true when the input was landmark-signed records (verified here); false for plain numbers. */
  readonly signed: boolean;
  readonly findings: readonly string[];
  readonly location: LocationVerdict;
  readonly policy: VerdictPolicy;
  readonly rejections: readonly Rejection[];
}

/**
 * The offline solve: checks every measurement (or verifies signed records), then runs the geometry
 * on the survivors only. With no survivor there is no verdict: SP_BAD_REQUEST naming each reason.
 */
export function locateOffline(raw: unknown, date: string): LocateResult {
  const input = parseWith(LocateFileSchema, raw);
  const policy = policyWithDefaults(input.policy, date);
  let checked: { measurements: ReturnType<typeof checkMeasurements>['measurements']; rejections: Rejection[] };
  let signed = false;
  if ('records' in input) {
    signed = true;
    checked = verifySession({
      // Offline: the session is the file's; expiry and cross-run replay are the live verifier's job.
      session: { ...input.session, expiresAtMs: Number.POSITIVE_INFINITY },
      records: input.records,
      landmarks: new Map<string, LandmarkInfo>(input.landmarks.map((l) => [l.id, l])),
      replay: createReplayState(),
      nowMs: 0,
    });
  } else checked = checkMeasurements(input.measurements);
  if (checked.measurements.length === 0)
    throw new AppError(
      'SP_BAD_REQUEST',
      `no measurement passed the checks, so there is no verdict: ${checked.rejections.map((r) => `${r.landmarkId ?? '?'}: ${r.reason} (${r.detail})`).join('; ')}`,
      checked.rejections.map((r) => ({ path: r.landmarkId ?? 'measurements', message: `${r.reason}: ${r.detail}` })),
    );
  const location = locate(checked.measurements, policy);
  return {
    verdict: location.verdict,
    signed,
    findings: describeFindings(location, policy, checked.measurements.length, checked.rejections),
    location,
    policy,
    rejections: checked.rejections,
  };
}
