/**
 * Message formats of the location protocol (version 2) and the exact bytes that are signed or MACed.
 * Identifiers are u8-length-prefixed UTF-8 (`lp`); integers are big-endian.
 *
 * - Session binding (device, Ed25519, untimed, once per session):
 *   DOMAIN_SESSION ‖ sessionId(16) ‖ sessionNonce(32) ‖ serverKexPub(32) ‖ deviceKexPub(32) ‖
 *   devicePub(32) ‖ lp(deviceId).
 * - Response (device, HMAC-SHA256 with the session key K, timed):
 *   DOMAIN_RESPONSE ‖ lp(landmarkId) ‖ lp(deviceId) ‖ seq u32 ‖ nonce(32).
 * - Transcript (device, HMAC-SHA256 with K, untimed, per landmark): DOMAIN_TRANSCRIPT ‖ lp(landmarkId) ‖
 *   lp(deviceId) ‖ count u32 ‖ (seq u32 ‖ nonce(32))* — every challenge the device was sent.
 * - Record (landmark, Ed25519): DOMAIN_RECORD ‖ a fixed binary layout of the record (`recordBytes`):
 *   no JSON canonicalisation, so building it costs microseconds.
 *
 * Records travel as JSON (base64 for bytes, decimal strings for nanoseconds). `parseSignedRecord` is
 * the hand-written strict parser the verifier uses (one pass, decoding every field once); the zod
 * `SignedRecordSchema` describes the same shape for documentation and is tested to agree with it.
 * @module
 */
import { z } from 'zod';
import { decodeBase64, isSmallOrderKey, MAC_BYTES, SIGNATURE_BYTES } from './keys.js';

export const PROTOCOL_VERSION = 2;
export const NONCE_BYTES = 32;
export const SESSION_ID_BYTES = 16;
/** The least number of answered challenges a landmark measurement needs (§7 of the research brief). */
export const MIN_SAMPLES = 10;
/** RTTs above this are uninformative (a geostationary hop alone is 238 ms) and are dropped. */
export const MAX_RTT_MS = 250;
export const MAX_SAMPLES = 1000;

export const DOMAIN_SESSION = Buffer.from('stackport-location/2/session\0');
export const DOMAIN_RESPONSE = Buffer.from('stackport-location/2/response\0');
export const DOMAIN_TRANSCRIPT = Buffer.from('stackport-location/2/transcript\0');
export const DOMAIN_RECORD = Buffer.from('stackport-location/2/record\0');
export const DOMAIN_HELLO = Buffer.from('stackport-location/2/hello\0');

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const NANOS = /^(0|[1-9][0-9]{0,19})$/;
const U64_MAX = (1n << 64n) - 1n;

// ---- zod schemas (HTTP bodies, documentation) ----

const b64 = (bytes: number) =>
  z
    .string()
    .length(4 * Math.ceil(bytes / 3))
    .refine((s) => decodeBase64(s, bytes) !== undefined, `base64 of ${bytes} bytes`);

export const Base64Key = b64(32)
  .refine((k) => !isSmallOrderKey(Buffer.from(k, 'base64')), 'a small-order point is not a public key')
  .describe('Ed25519 public key: base64 of the raw 32 bytes');
export const Base64KexKey = b64(32).describe('X25519 public key: base64 of the raw 32 bytes');
export const Base64Signature = b64(SIGNATURE_BYTES);
export const Base64Mac = b64(MAC_BYTES);
export const Base64Nonce = b64(NONCE_BYTES);
export const Identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - (starting with a letter or digit)');
/** A non-negative integer in decimal, as text (monotonic nanoseconds do not fit a double). */
const Nanos = z
  .string()
  .regex(NANOS, 'decimal nanoseconds')
  .refine((s) => BigInt(s) <= U64_MAX, 'at most 2^64 - 1');

export const SampleSchema = z.strictObject({
  seq: z.number().int().min(0).max(0xffffffff),
  nonce: Base64Nonce,
  /** Landmark monotonic clock (process.hrtime.bigint) when the challenge was written. */
  sentNs: Nanos,
  /** Landmark monotonic clock when the response arrived; null: no response within the deadline. */
  receivedNs: Nanos.nullable(),
  /** The device's HMAC-SHA256 over the challenge with the session key; null: no response. */
  response: Base64Mac.nullable(),
});
export type Sample = z.infer<typeof SampleSchema>;

export const AttestationSchema = z.strictObject({ kind: z.string().max(64), evidence: z.string().max(65536) });

export const MeasurementRecordSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('stackport.location.measurement'),
  sessionId: b64(SESSION_ID_BYTES),
  sessionNonce: Base64Nonce,
  landmarkId: Identifier,
  deviceId: Identifier,
  devicePublicKey: Base64Key,
  deviceKexPublicKey: Base64KexKey,
  /** The server's ephemeral X25519 key of this session. */
  serverKexPublicKey: Base64KexKey,
  deadlineMs: z.number().positive().max(10_000),
  /** Landmark wall clock at the start, informational only (ordering uses the monotonic clock). */
  startedAt: z.string().max(40),
  samples: z.array(SampleSchema).max(MAX_SAMPLES),
  /** Responses that matched no outstanding challenge (late or for another sequence number). */
  stray: z.number().int().min(0).max(0xffffffff),
  device: z
    .strictObject({
      /** Ed25519 (identity key) over the session binding; sent before the first challenge. */
      sessionSignature: Base64Signature.nullable(),
      attestation: AttestationSchema.optional(),
      /** HMAC-SHA256 (session key) over this landmark's transcript; sent after the last challenge. */
      transcriptMac: Base64Mac.nullable(),
    })
    .describe('What the device said outside the timed exchange'),
});
export type MeasurementRecord = z.infer<typeof MeasurementRecordSchema>;

export const SignedRecordSchema = z.strictObject({
  record: MeasurementRecordSchema,
  /** The landmark's Ed25519 signature of recordBytes(record). */
  signature: Base64Signature,
});
export type SignedRecord = z.infer<typeof SignedRecordSchema>;

/** What the verifier (server) asks a landmark to run: POST /v1/measure on the landmark. */
export const MeasureRequestSchema = z.strictObject({
  sessionId: b64(SESSION_ID_BYTES),
  sessionNonce: Base64Nonce,
  deviceId: Identifier,
  devicePublicKey: Base64Key,
  deviceKexPublicKey: Base64KexKey,
  serverKexPublicKey: Base64KexKey,
  challenges: z.number().int().min(MIN_SAMPLES).max(MAX_SAMPLES).default(16),
  deadlineMs: z.number().positive().max(MAX_RTT_MS).default(MAX_RTT_MS),
});
export type MeasureRequest = z.infer<typeof MeasureRequestSchema>;

export const GeoPointSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const LandmarkInfoSchema = z.strictObject({
  id: Identifier,
  position: GeoPointSchema,
  positionUncertaintyKm: z.number().min(0).max(1000),
  publicKey: Base64Key,
  operator: z.string().max(200).optional(),
  label: z.string().max(200).optional(),
});

// ---- canonical JSON (kept for callers that hash JSON; the protocol itself no longer signs JSON) ----

/** Canonical JSON: sorted keys, no whitespace; undefined members are left out; non-finite numbers throw. */
export function canonicalRecordJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalRecordJson(v))).join(',')}]`;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonical JSON: non-finite number');
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      const o = value as Record<string, unknown>;
      const keys = Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalRecordJson(o[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`canonical JSON: cannot encode ${typeof value}`);
  }
}

// ---- signed and MACed bytes ----

function lp(id: string): Buffer {
  const b = Buffer.from(id, 'utf8');
  if (b.length > 255) throw new Error('identifier too long');
  return Buffer.concat([Buffer.from([b.length]), b]);
}

/** What the device's identity key signs once per session (binds K to the device identity: SIGMA-style). */
export function sessionBindingBytes(p: {
  sessionId: Uint8Array;
  sessionNonce: Uint8Array;
  serverKexPublicKey: Uint8Array;
  deviceKexPublicKey: Uint8Array;
  devicePublicKey: Uint8Array;
  deviceId: string;
}): Buffer {
  return Buffer.concat([
    DOMAIN_SESSION,
    p.sessionId,
    p.sessionNonce,
    p.serverKexPublicKey,
    p.deviceKexPublicKey,
    p.devicePublicKey,
    lp(p.deviceId),
  ]);
}

/** The constant part of every response MAC input at one landmark (computed once, untimed). */
export function responsePrefix(p: { landmarkId: string; deviceId: string }): Buffer {
  return Buffer.concat([DOMAIN_RESPONSE, lp(p.landmarkId), lp(p.deviceId)]);
}

/** The bytes the device MACs for challenge `seq`: prefix ‖ seq ‖ nonce. */
export function responseBytes(prefix: Buffer, seq: number, nonce: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(prefix.length + 4 + NONCE_BYTES);
  prefix.copy(out, 0);
  out.writeUInt32BE(seq, prefix.length);
  out.set(nonce, prefix.length + 4);
  return out;
}

/** What the transcript MAC covers: every challenge (seq, nonce) the device was sent, answered in time or not. */
export function transcriptBytes(
  p: { landmarkId: string; deviceId: string },
  challenges: readonly { seq: number; nonce: Uint8Array }[],
): Buffer {
  const head = Buffer.concat([DOMAIN_TRANSCRIPT, lp(p.landmarkId), lp(p.deviceId)]);
  const out = Buffer.allocUnsafe(head.length + 4 + challenges.length * (4 + NONCE_BYTES));
  head.copy(out, 0);
  let o = head.length;
  out.writeUInt32BE(challenges.length, o);
  o += 4;
  for (const c of challenges) {
    out.writeUInt32BE(c.seq, o);
    out.set(c.nonce, o + 4);
    o += 4 + NONCE_BYTES;
  }
  return out;
}

export function helloBytes(p: { landmarkId: string; helloNonce: Uint8Array; deviceId: string }): Buffer {
  return Buffer.concat([DOMAIN_HELLO, lp(p.landmarkId), Buffer.from(p.helloNonce), lp(p.deviceId)]);
}

// ---- records: decoded form, binary signed bytes, fast strict parser ----

export interface DecodedSample {
  readonly seq: number;
  readonly nonce: Buffer;
  readonly sentNs: bigint;
  readonly receivedNs: bigint | null;
  readonly response: Buffer | null;
}

/** A record with every byte field decoded once: what the verifier works on. */
export interface DecodedRecord {
  readonly record: MeasurementRecord;
  readonly signature: Buffer;
  readonly sessionId: Buffer;
  readonly sessionNonce: Buffer;
  readonly devicePublicKey: Buffer;
  readonly deviceKexPublicKey: Buffer;
  readonly serverKexPublicKey: Buffer;
  readonly sessionSignature: Buffer | null;
  readonly transcriptMac: Buffer | null;
  readonly samples: readonly DecodedSample[];
}

type RecordFields = Omit<DecodedRecord, 'signature' | 'record'> & { readonly record: MeasurementRecord };

/** The landmark's signed bytes: DOMAIN_RECORD ‖ fixed binary layout of every field of the record. */
function encodeRecord(d: RecordFields): Buffer {
  const r = d.record;
  const lm = Buffer.from(r.landmarkId, 'utf8');
  const dev = Buffer.from(r.deviceId, 'utf8');
  const started = Buffer.from(r.startedAt, 'utf8');
  const att = r.device.attestation;
  const kind = att ? Buffer.from(att.kind, 'utf8') : undefined;
  const evidence = att ? Buffer.from(att.evidence, 'utf8') : undefined;
  if (lm.length > 255 || dev.length > 255 || started.length > 255) throw new Error('identifier too long');
  let size = DOMAIN_RECORD.length + 1 + SESSION_ID_BYTES + NONCE_BYTES + 1 + lm.length + 1 + dev.length;
  size += 3 * 32 + 8 + 1 + started.length + 4;
  size += 1 + SIGNATURE_BYTES + 1 + MAC_BYTES + 1 + (kind && evidence ? 2 + kind.length + 4 + evidence.length : 0);
  size += 4;
  size += d.samples.length * (4 + NONCE_BYTES + 8 + 1 + 8 + 1 + MAC_BYTES);
  const out = Buffer.alloc(size);
  let o = DOMAIN_RECORD.copy(out, 0);
  o = out.writeUInt8(r.v, o);
  o += d.sessionId.copy(out, o);
  o += d.sessionNonce.copy(out, o);
  o = out.writeUInt8(lm.length, o);
  o += lm.copy(out, o);
  o = out.writeUInt8(dev.length, o);
  o += dev.copy(out, o);
  o += d.devicePublicKey.copy(out, o);
  o += d.deviceKexPublicKey.copy(out, o);
  o += d.serverKexPublicKey.copy(out, o);
  o = out.writeDoubleBE(r.deadlineMs, o);
  o = out.writeUInt8(started.length, o);
  o += started.copy(out, o);
  o = out.writeUInt32BE(r.stray, o);
  o = out.writeUInt8(d.sessionSignature ? 1 : 0, o);
  if (d.sessionSignature) d.sessionSignature.copy(out, o);
  o += SIGNATURE_BYTES;
  o = out.writeUInt8(d.transcriptMac ? 1 : 0, o);
  if (d.transcriptMac) d.transcriptMac.copy(out, o);
  o += MAC_BYTES;
  o = out.writeUInt8(kind && evidence ? 1 : 0, o);
  if (kind && evidence) {
    o = out.writeUInt16BE(kind.length, o);
    o += kind.copy(out, o);
    o = out.writeUInt32BE(evidence.length, o);
    o += evidence.copy(out, o);
  }
  o = out.writeUInt32BE(d.samples.length, o);
  for (const s of d.samples) {
    o = out.writeUInt32BE(s.seq, o);
    o += s.nonce.copy(out, o);
    o = out.writeBigUInt64BE(s.sentNs, o);
    o = out.writeUInt8(s.receivedNs === null ? 0 : 1, o);
    if (s.receivedNs !== null) out.writeBigUInt64BE(s.receivedNs, o);
    o += 8;
    o = out.writeUInt8(s.response ? 1 : 0, o);
    if (s.response) s.response.copy(out, o);
    o += MAC_BYTES;
  }
  return out.subarray(0, o);
}

/** The bytes a landmark signs for `record`. Throws when the record is not well-formed. */
export function recordBytes(record: MeasurementRecord): Buffer {
  const d = decodeRecordFields(record, 'record');
  if (!d.ok) throw new Error(`record bytes: ${d.path}: ${d.message}`);
  return encodeRecord(d.value);
}

/** Like `recordBytes`, for an already decoded record (the verifier's path: nothing is decoded twice). */
export function decodedRecordBytes(d: DecodedRecord): Buffer {
  return encodeRecord(d);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; path: string; message: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Bad extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function keysOnly(o: Record<string, unknown>, allowed: ReadonlySet<string>, path: string): void {
  for (const k in o) if (!allowed.has(k)) throw new Bad(path ? `${path}.${k}` : k, 'unrecognized key');
}
function bytes(v: unknown, n: number, path: string): Buffer {
  const b = decodeBase64(v, n);
  if (!b) throw new Bad(path, `base64 of ${n} bytes`);
  return b;
}
function nanos(v: unknown, path: string): bigint {
  if (typeof v !== 'string' || !NANOS.test(v)) throw new Bad(path, 'decimal nanoseconds');
  const n = BigInt(v);
  if (n > U64_MAX) throw new Bad(path, 'at most 2^64 - 1');
  return n;
}
function ident(v: unknown, path: string): string {
  if (typeof v !== 'string' || !IDENTIFIER.test(v)) throw new Bad(path, 'an identifier');
  return v;
}
function str(v: unknown, max: number, path: string): string {
  if (typeof v !== 'string' || v.length > max) throw new Bad(path, `a string of at most ${max} characters`);
  return v;
}

const RECORD_KEYS = new Set([
  'v',
  'kind',
  'sessionId',
  'sessionNonce',
  'landmarkId',
  'deviceId',
  'devicePublicKey',
  'deviceKexPublicKey',
  'serverKexPublicKey',
  'deadlineMs',
  'startedAt',
  'samples',
  'stray',
  'device',
]);
const SAMPLE_KEYS = new Set(['seq', 'nonce', 'sentNs', 'receivedNs', 'response']);
const DEVICE_KEYS = new Set(['sessionSignature', 'attestation', 'transcriptMac']);
const ATTESTATION_KEYS = new Set(['kind', 'evidence']);
const SIGNED_KEYS = new Set(['record', 'signature']);

function decodeRecordFields(r: unknown, path: string): ParseResult<RecordFields> {
  try {
    if (!isObj(r)) throw new Bad(path, 'an object');
    const p = (k: string) => `${path}.${k}`;
    keysOnly(r, RECORD_KEYS, path);
    if (r.v !== PROTOCOL_VERSION) throw new Bad(p('v'), `protocol version ${PROTOCOL_VERSION}`);
    if (r.kind !== 'stackport.location.measurement') throw new Bad(p('kind'), '"stackport.location.measurement"');
    const sessionId = bytes(r.sessionId, SESSION_ID_BYTES, p('sessionId'));
    const sessionNonce = bytes(r.sessionNonce, NONCE_BYTES, p('sessionNonce'));
    ident(r.landmarkId, p('landmarkId'));
    ident(r.deviceId, p('deviceId'));
    const devicePublicKey = bytes(r.devicePublicKey, 32, p('devicePublicKey'));
    if (isSmallOrderKey(devicePublicKey))
      throw new Bad(p('devicePublicKey'), 'a small-order point is not a public key');
    const deviceKexPublicKey = bytes(r.deviceKexPublicKey, 32, p('deviceKexPublicKey'));
    const serverKexPublicKey = bytes(r.serverKexPublicKey, 32, p('serverKexPublicKey'));
    const dl = r.deadlineMs;
    if (typeof dl !== 'number' || !(dl > 0 && dl <= 10_000)) throw new Bad(p('deadlineMs'), 'a number in (0, 10000]');
    str(r.startedAt, 40, p('startedAt'));
    const stray = r.stray;
    if (typeof stray !== 'number' || !Number.isInteger(stray) || stray < 0 || stray > 0xffffffff)
      throw new Bad(p('stray'), 'a non-negative integer');
    const dev = r.device;
    if (!isObj(dev)) throw new Bad(p('device'), 'an object');
    keysOnly(dev, DEVICE_KEYS, p('device'));
    if (!('sessionSignature' in dev)) throw new Bad(p('device.sessionSignature'), 'required');
    if (!('transcriptMac' in dev)) throw new Bad(p('device.transcriptMac'), 'required');
    const sessionSignature =
      dev.sessionSignature === null ? null : bytes(dev.sessionSignature, SIGNATURE_BYTES, p('device.sessionSignature'));
    const transcriptMac =
      dev.transcriptMac === null ? null : bytes(dev.transcriptMac, MAC_BYTES, p('device.transcriptMac'));
    if (dev.attestation !== undefined) {
      const a = dev.attestation;
      if (!isObj(a)) throw new Bad(p('device.attestation'), 'an object');
      keysOnly(a, ATTESTATION_KEYS, p('device.attestation'));
      str(a.kind, 64, p('device.attestation.kind'));
      str(a.evidence, 65536, p('device.attestation.evidence'));
    }
    const raw = r.samples;
    if (!Array.isArray(raw) || raw.length > MAX_SAMPLES)
      throw new Bad(p('samples'), `an array of at most ${MAX_SAMPLES}`);
    const samples: DecodedSample[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const s = raw[i] as unknown;
      const sp = `${path}.samples.${i}`;
      if (!isObj(s)) throw new Bad(sp, 'an object');
      keysOnly(s, SAMPLE_KEYS, sp);
      const seq = s.seq;
      if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || seq > 0xffffffff)
        throw new Bad(`${sp}.seq`, 'an integer in [0, 2^32)');
      if (!('receivedNs' in s)) throw new Bad(`${sp}.receivedNs`, 'required');
      if (!('response' in s)) throw new Bad(`${sp}.response`, 'required');
      samples[i] = {
        seq,
        nonce: bytes(s.nonce, NONCE_BYTES, `${sp}.nonce`),
        sentNs: nanos(s.sentNs, `${sp}.sentNs`),
        receivedNs: s.receivedNs === null ? null : nanos(s.receivedNs, `${sp}.receivedNs`),
        response: s.response === null ? null : bytes(s.response, MAC_BYTES, `${sp}.response`),
      };
    }
    return {
      ok: true,
      value: {
        record: r as unknown as MeasurementRecord,
        sessionId,
        sessionNonce,
        devicePublicKey,
        deviceKexPublicKey,
        serverKexPublicKey,
        sessionSignature,
        transcriptMac,
        samples,
      },
    };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, path: e.path, message: e.message };
    throw e;
  }
}

/**
 * Strict one-pass parser of a signed record as received (unknown JSON): the same rules as
 * `SignedRecordSchema` (unknown keys refused, exact byte lengths, canonical base64, u64 nanoseconds),
 * with every byte field decoded once. Paths are dotted, e.g. `record.samples.3.nonce`.
 */
export function parseSignedRecord(raw: unknown): ParseResult<DecodedRecord> {
  if (!isObj(raw)) return { ok: false, path: '(root)', message: 'an object' };
  for (const k in raw) if (!SIGNED_KEYS.has(k)) return { ok: false, path: k, message: 'unrecognized key' };
  const signature = decodeBase64(raw.signature, SIGNATURE_BYTES);
  const fields = decodeRecordFields(raw.record, 'record');
  if (!fields.ok) return fields;
  if (!signature) return { ok: false, path: 'signature', message: `base64 of ${SIGNATURE_BYTES} bytes` };
  return { ok: true, value: { ...fields.value, signature } };
}

/** RTT of a sample in ms on the landmark's monotonic clock, or null when unanswered. */
export function sampleRttMs(s: Pick<Sample, 'sentNs' | 'receivedNs'>): number | null {
  if (s.receivedNs === null) return null;
  return Number(BigInt(s.receivedNs) - BigInt(s.sentNs)) / 1e6;
}
