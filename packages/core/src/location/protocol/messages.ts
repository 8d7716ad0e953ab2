/**
 * Message formats of the location protocol and the exact bytes that get signed.
 *
 * - Challenge bytes (device, fast path): DOMAIN_CHALLENGE ‖ sessionNonce(32) ‖ landmarkId ‖ deviceId ‖
 *   seq(u32 BE) ‖ nonce(32). Identifiers are length-prefixed (u8). Binds every response to the session,
 *   the landmark, the device and the sequence number.
 * - Transcript bytes (device, slow path): DOMAIN_TRANSCRIPT ‖ sha256(canonical JSON of the transcript).
 * - Record bytes (landmark): DOMAIN_RECORD ‖ canonical JSON of the measurement record.
 * Canonical JSON: keys sorted, no whitespace, no undefined, finite numbers only.
 * @module
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isSmallOrderKey } from './keys.js';

export const PROTOCOL_VERSION = 1;
export const NONCE_BYTES = 32;
export const SESSION_ID_BYTES = 16;
/** The least number of answered challenges a landmark measurement needs (§7 of the research brief). */
export const MIN_SAMPLES = 10;
/** RTTs above this are uninformative (a geostationary hop alone is 238 ms) and are dropped. */
export const MAX_RTT_MS = 250;

export const DOMAIN_CHALLENGE = Buffer.from('stackport-location/1/challenge\0');
export const DOMAIN_TRANSCRIPT = Buffer.from('stackport-location/1/transcript\0');
export const DOMAIN_RECORD = Buffer.from('stackport-location/1/record\0');
export const DOMAIN_HELLO = Buffer.from('stackport-location/1/hello\0');

const b64 = (bytes: number) =>
  z
    .string()
    .length(4 * Math.ceil(bytes / 3))
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
    .refine((s) => Buffer.from(s, 'base64').length === bytes, `base64 of ${bytes} bytes`);

export const Base64Key = b64(32)
  .refine((k) => !isSmallOrderKey(Buffer.from(k, 'base64')), 'a small-order point is not a public key')
  .describe('Ed25519 public key: base64 of the raw 32 bytes');
export const Base64Signature = b64(64);
export const Base64Nonce = b64(NONCE_BYTES);
export const Identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - (starting with a letter or digit)');
/** A non-negative integer in decimal, as text (monotonic nanoseconds do not fit a double). */
const Nanos = z.string().regex(/^(0|[1-9][0-9]{0,19})$/, 'decimal nanoseconds');

export const SampleSchema = z.strictObject({
  seq: z.number().int().min(0).max(0xffffffff),
  nonce: Base64Nonce,
  /** Landmark monotonic clock (process.hrtime.bigint) when the challenge was written. */
  sentNs: Nanos,
  /** Landmark monotonic clock when the response arrived; null: no response within the deadline. */
  receivedNs: Nanos.nullable(),
  response: Base64Signature.nullable(),
  /** The landmark's own check of the response signature (done after the timed exchange). */
  responseValid: z.boolean().optional(),
});
export type Sample = z.infer<typeof SampleSchema>;

export const MeasurementRecordSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('stackport.location.measurement'),
  sessionId: b64(SESSION_ID_BYTES),
  sessionNonce: Base64Nonce,
  landmarkId: Identifier,
  deviceId: Identifier,
  devicePublicKey: Base64Key,
  deadlineMs: z.number().positive().max(10_000),
  /** Landmark wall clock at the start, informational only (ordering uses the monotonic clock). */
  startedAt: z.string().max(40),
  samples: z.array(SampleSchema).max(1000),
  /** Responses that matched no outstanding challenge (late or for another sequence number). */
  stray: z.number().int().min(0),
  transcript: z
    .strictObject({
      signature: Base64Signature.nullable(),
      attestation: z.strictObject({ kind: z.string().max(64), evidence: z.string().max(65536) }).optional(),
    })
    .describe('The device’s slow-path signature over the transcript'),
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
  challenges: z.number().int().min(MIN_SAMPLES).max(1000).default(16),
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

// ---- canonical bytes ----

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

function lp(id: string): Buffer {
  const b = Buffer.from(id, 'utf8');
  if (b.length > 255) throw new Error('identifier too long');
  return Buffer.concat([Buffer.from([b.length]), b]);
}

/** The constant part of every challenge in one session at one landmark (computed once, untimed). */
export function challengePrefix(p: { sessionNonce: Uint8Array; landmarkId: string; deviceId: string }): Buffer {
  if (p.sessionNonce.length !== NONCE_BYTES) throw new Error('session nonce must be 32 bytes');
  return Buffer.concat([DOMAIN_CHALLENGE, p.sessionNonce, lp(p.landmarkId), lp(p.deviceId)]);
}

/** The bytes the device signs for challenge `seq`: prefix ‖ seq ‖ nonce. */
export function challengeBytes(prefix: Buffer, seq: number, nonce: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(prefix.length + 4 + NONCE_BYTES);
  prefix.copy(out, 0);
  out.writeUInt32BE(seq, prefix.length);
  out.set(nonce, prefix.length + 4);
  return out;
}

/**
 * What the device's transcript signature covers: the session and every challenge it was sent
 * (seq, nonce), whether or not its answer beat the deadline. No timing: the device has no say in it.
 */
export function transcriptBytes(r: {
  sessionId: string;
  sessionNonce: string;
  landmarkId: string;
  deviceId: string;
  samples: readonly { seq: number; nonce: string }[];
}): Buffer {
  const body = {
    sessionId: r.sessionId,
    sessionNonce: r.sessionNonce,
    landmarkId: r.landmarkId,
    deviceId: r.deviceId,
    challenges: r.samples.map((s) => [s.seq, s.nonce]),
  };
  return Buffer.concat([DOMAIN_TRANSCRIPT, createHash('sha256').update(canonicalRecordJson(body)).digest()]);
}

export function recordBytes(record: MeasurementRecord): Buffer {
  return Buffer.concat([DOMAIN_RECORD, Buffer.from(canonicalRecordJson(record), 'utf8')]);
}

export function helloBytes(p: { landmarkId: string; helloNonce: Uint8Array; deviceId: string }): Buffer {
  return Buffer.concat([DOMAIN_HELLO, lp(p.landmarkId), Buffer.from(p.helloNonce), lp(p.deviceId)]);
}

/** RTT of a sample in ms on the landmark's monotonic clock, or null when unanswered. */
export function sampleRttMs(s: Pick<Sample, 'sentNs' | 'receivedNs'>): number | null {
  if (s.receivedNs === null) return null;
  return Number(BigInt(s.receivedNs) - BigInt(s.sentNs)) / 1e6;
}
