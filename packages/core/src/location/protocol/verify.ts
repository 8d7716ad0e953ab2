/**
 * The verifier: turns landmark-signed measurement records into the geometry's input, or into
 * counted rejections. Nothing that fails a check ever reaches `locate`.
 *
 * Cost per verification (50 landmarks × 10 challenges): one X25519 agreement + HKDF for the session
 * key K; one Ed25519 verification of the device's session signature (the same signature comes back
 * through every landmark and is verified once); one Ed25519 verification per landmark record; one
 * HMAC-SHA256 per response and per transcript (microseconds each). Records are parsed once by a
 * hand-written strict parser, and the landmark-signed bytes are a fixed binary layout, so no JSON is
 * canonicalised and no base64 is decoded twice.
 *
 * Checked, per record: shape, a registered landmark, the landmark's signature, the session (id,
 * nonce, server key, expiry), the device (id and both keys), sequence numbers, the landmark's
 * monotonic clock, the device's session signature, the transcript MAC, every nonce single-use, each
 * response MAC, deadlines, RTT sanity (finite, ≥ 0, ≤ 250 ms), and at least 10 good samples.
 * Only landmark clocks count: the record carries no host-supplied time.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { LandmarkInfo, Rejection, RejectionReason, VerifiedMeasurement } from '../types.js';
import {
  agree,
  decodeBase64,
  deriveSessionKey,
  kexPrivateKeyObject,
  MAC_BYTES,
  macWith,
  type SessionKeyParams,
  verifySignature,
} from './keys.js';
import {
  type DecodedSample,
  decodedRecordBytes,
  MAX_RTT_MS,
  MIN_SAMPLES,
  NONCE_BYTES,
  parseSignedRecord,
  responseBytes,
  responsePrefix,
  SESSION_ID_BYTES,
  sessionBindingBytes,
  transcriptBytes,
} from './messages.js';
import { type ReplayState, useOnce } from './replay.js';

/** What the verifier itself issued for this session (it never takes these from the device or host). */
export interface SessionExpectation {
  readonly sessionId: string;
  readonly sessionNonce: string;
  readonly deviceId: string;
  /** The device's registered Ed25519 identity key. */
  readonly devicePublicKey: string;
  /** The device's registered X25519 key-agreement key. */
  readonly deviceKexPublicKey: string;
  /** The server's ephemeral X25519 key of this session (public and private halves, base64 raw). */
  readonly serverKexPublicKey: string;
  readonly serverKexPrivateKey: string;
  /** Server clock, ms since the epoch. */
  readonly expiresAtMs: number;
}

export interface VerifyOptions {
  readonly minSamples?: number;
  readonly maxRttMs?: number;
  /** Require the device's transcript MAC (default true). */
  readonly requireTranscript?: boolean;
}

export interface VerifyInput {
  readonly session: SessionExpectation;
  /** Signed records as received (unknown: parsed here). */
  readonly records: readonly unknown[];
  readonly landmarks: ReadonlyMap<string, LandmarkInfo>;
  /** Other registered devices' X25519 keys (kex public key → device id), to name a response MACed by the wrong device. */
  readonly otherDevices?: ReadonlyMap<string, string>;
  readonly replay: ReplayState;
  readonly nowMs: number;
  readonly options?: VerifyOptions;
}

export interface LandmarkOutcome {
  readonly landmarkId: string | null;
  readonly accepted: boolean;
  readonly samples: number;
  readonly goodSamples: number;
  readonly minRttMs: number | null;
}

export interface VerifyResult {
  readonly measurements: VerifiedMeasurement[];
  readonly rejections: Rejection[];
  /** Rejections counted by reason. */
  readonly counts: Partial<Record<RejectionReason, number>>;
  readonly landmarks: LandmarkOutcome[];
}

/** At most this many other devices are tried when naming the device behind a wrong MAC. */
const NAME_CANDIDATES = 256;
/** After this many failed responses in one verification, stop trying to name their device (bounded work). */
const NAME_FAILURES = 64;

const ZERO_NONCE = Buffer.alloc(NONCE_BYTES);
const macEquals = (a: Uint8Array, b: Uint8Array) => a.length === b.length && timingSafeEqual(a, b);

function sessionMaterial(session: SessionExpectation) {
  const sessionId = decodeBase64(session.sessionId, SESSION_ID_BYTES);
  const sessionNonce = decodeBase64(session.sessionNonce, NONCE_BYTES);
  const serverKexPublicKey = decodeBase64(session.serverKexPublicKey, 32);
  const deviceKexPublicKey = decodeBase64(session.deviceKexPublicKey, 32);
  const devicePublicKey = decodeBase64(session.devicePublicKey, 32);
  if (!sessionId || !sessionNonce || !serverKexPublicKey || !deviceKexPublicKey || !devicePublicKey)
    throw new Error('verifySession: the session expectation is malformed');
  const serverKey = kexPrivateKeyObject(session.serverKexPrivateKey, session.serverKexPublicKey);
  const params: SessionKeyParams = {
    sessionId,
    sessionNonce,
    serverKexPublicKey,
    deviceKexPublicKey,
    deviceId: session.deviceId,
  };
  const binding = sessionBindingBytes({ ...params, devicePublicKey });
  return { params, serverKey, binding };
}

export function verifySession(input: VerifyInput): VerifyResult {
  const { session, replay, nowMs } = input;
  const opts = input.options ?? {};
  const minSamples = Math.max(opts.minSamples ?? MIN_SAMPLES, 1);
  const maxRtt = opts.maxRttMs ?? MAX_RTT_MS;
  const requireTranscript = opts.requireTranscript ?? true;
  const measurements: VerifiedMeasurement[] = [];
  const rejections: Rejection[] = [];
  const outcomes: LandmarkOutcome[] = [];
  const reject = (reason: RejectionReason, detail: string, landmarkId?: string | null) =>
    rejections.push(landmarkId ? { reason, detail, landmarkId } : { reason, detail });

  // The session key K: one X25519 agreement and one HKDF per verification.
  const { params, serverKey, binding } = sessionMaterial(session);
  let sessionKey: Buffer | null = null;
  let kexProblem = '';
  try {
    sessionKey = deriveSessionKey(agree(serverKey, session.deviceKexPublicKey), params);
  } catch (e) {
    kexProblem = (e as Error).message;
  }
  // The device's session signature is the same through every landmark: verify each distinct one once.
  const sessionSignatureOk = new Map<string, boolean>();
  // Other devices' session keys, derived on demand (only when a MAC fails).
  let otherKeys: { id: string; keys: Buffer[] }[] | undefined;
  let nameFailures = 0;
  const nameDevice = (message: Buffer, mac: Buffer): string | undefined => {
    if (nameFailures++ >= NAME_FAILURES || !input.otherDevices) return undefined;
    if (!otherKeys) {
      otherKeys = [];
      for (const [kex, id] of input.otherDevices) {
        if (otherKeys.length >= NAME_CANDIDATES) break;
        if (kex === session.deviceKexPublicKey) continue;
        try {
          const shared = agree(serverKey, kex);
          const kexRaw = decodeBase64(kex, 32) as Buffer;
          // The other device answering under this device's id, or under its own.
          const keys = [session.deviceId, id].map((deviceId) =>
            deriveSessionKey(shared, { ...params, deviceKexPublicKey: kexRaw, deviceId }),
          );
          otherKeys.push({ id, keys });
        } catch {
          // an unusable registered key names nobody
        }
      }
    }
    for (const o of otherKeys) for (const k of o.keys) if (macEquals(macWith(k, message), mac)) return o.id;
    return undefined;
  };

  for (const [index, raw] of input.records.entries()) {
    const claimedId = landmarkIdOf(raw);
    const fail = (reason: RejectionReason, detail: string) => {
      reject(reason, detail, claimedId);
      outcomes.push({ landmarkId: claimedId, accepted: false, samples: 0, goodSamples: 0, minRttMs: null });
    };
    const parsed = parseSignedRecord(raw);
    if (!parsed.ok) {
      fail('malformed', `record ${index}: ${parsed.path}: ${parsed.message}`);
      continue;
    }
    const d = parsed.value;
    const record = d.record;
    const landmark = input.landmarks.get(record.landmarkId);
    if (!landmark) {
      fail('unknown-landmark', `record ${index}: landmark "${record.landmarkId}" is not registered`);
      continue;
    }
    if (!verifySignature(landmark.publicKey, decodedRecordBytes(d), d.signature)) {
      fail('bad-signature', `record ${index}: the landmark signature does not verify with ${landmark.id}'s key`);
      continue;
    }
    if (
      record.sessionId !== session.sessionId ||
      record.sessionNonce !== session.sessionNonce ||
      record.serverKexPublicKey !== session.serverKexPublicKey
    ) {
      fail('nonce-unknown', `record ${index}: belongs to another session (replayed or misrouted)`);
      continue;
    }
    if (nowMs > session.expiresAtMs) {
      fail(
        'nonce-expired',
        `session expired ${Math.round(nowMs - session.expiresAtMs)} ms before the record was checked`,
      );
      continue;
    }
    if (useOnce(replay, `record:${record.sessionId}:${record.landmarkId}`, nowMs) === 'replayed') {
      fail('nonce-replayed', `a record from ${record.landmarkId} for this session was already used`);
      continue;
    }
    if (
      record.deviceId !== session.deviceId ||
      record.devicePublicKey !== session.devicePublicKey ||
      record.deviceKexPublicKey !== session.deviceKexPublicKey
    ) {
      fail(
        'wrong-device',
        `record measured device "${record.deviceId}", not "${session.deviceId}" with the registered keys`,
      );
      continue;
    }
    const clock = clockProblem(d.samples);
    if (clock) {
      fail(clock.reason, `${record.landmarkId}: ${clock.detail}`);
      continue;
    }
    const lm = record.landmarkId;
    const sig = record.device.sessionSignature;
    let sigOk = sig !== null ? sessionSignatureOk.get(sig) : false;
    if (sigOk === undefined && sig !== null && d.sessionSignature) {
      sigOk = verifySignature(session.devicePublicKey, binding, d.sessionSignature);
      sessionSignatureOk.set(sig, sigOk);
    }
    if (!sigOk) {
      fail('bad-signature', `${lm}: the device's session signature is missing or does not verify`);
      continue;
    }
    if (!sessionKey) {
      fail('malformed', `${lm}: the session key cannot be derived from the registered X25519 key: ${kexProblem}`);
      continue;
    }
    const key = sessionKey;
    if (requireTranscript) {
      const t = d.transcriptMac;
      if (
        !t ||
        !macEquals(macWith(key, transcriptBytes({ landmarkId: lm, deviceId: session.deviceId }, d.samples)), t)
      ) {
        fail('bad-signature', `${lm}: the device's transcript MAC is missing or does not verify`);
        continue;
      }
    }

    // One scratch buffer per record: prefix ‖ seq ‖ nonce, rewritten per sample (HMAC copies its input).
    const message = responseBytes(responsePrefix({ landmarkId: lm, deviceId: session.deviceId }), 0, ZERO_NONCE);
    const seqAt = message.length - 4 - NONCE_BYTES;
    const candidates: number[] = [];
    const rawSamples = record.samples;
    for (let i = 0; i < d.samples.length; i++) {
      const s = d.samples[i] as DecodedSample;
      const nonceText = (rawSamples[i] as { nonce: string }).nonce;
      if (useOnce(replay, `nonce:${nonceText}`, nowMs) === 'replayed') {
        reject('nonce-replayed', `${lm} seq ${s.seq}: nonce already used`, lm);
        continue;
      }
      if (s.response === null || s.receivedNs === null) {
        reject('nonce-expired', `${lm} seq ${s.seq}: no response within the ${record.deadlineMs} ms deadline`, lm);
        continue;
      }
      const rtt = Number(s.receivedNs - s.sentNs) / 1e6;
      if (!Number.isFinite(rtt) || rtt < 0) {
        reject('rtt-invalid', `${lm} seq ${s.seq}: RTT ${rtt} ms is not a finite non-negative number`, lm);
        continue;
      }
      if (rtt > record.deadlineMs) {
        reject(
          'nonce-expired',
          `${lm} seq ${s.seq}: answered after ${rtt.toFixed(3)} ms, past the ${record.deadlineMs} ms deadline`,
          lm,
        );
        continue;
      }
      if (rtt > maxRtt) {
        reject('rtt-invalid', `${lm} seq ${s.seq}: RTT ${rtt.toFixed(3)} ms exceeds ${maxRtt} ms (uninformative)`, lm);
        continue;
      }
      message.writeUInt32BE(s.seq, seqAt);
      s.nonce.copy(message, seqAt + 4);
      if (s.response.length !== MAC_BYTES || !macEquals(macWith(key, message), s.response)) {
        const other = nameDevice(message, s.response);
        if (other) reject('wrong-device', `${lm} seq ${s.seq}: the response was MACed by device "${other}"`, lm);
        else reject('bad-signature', `${lm} seq ${s.seq}: the response MAC does not verify`, lm);
        continue;
      }
      candidates.push(rtt);
    }
    const min = candidates.length ? Math.min(...candidates) : null;
    if (candidates.length < minSamples) {
      reject(
        'too-few-samples',
        `${lm}: ${candidates.length} good samples of ${record.samples.length}; at least ${minSamples} are needed`,
        lm,
      );
      outcomes.push({
        landmarkId: lm,
        accepted: false,
        samples: record.samples.length,
        goodSamples: candidates.length,
        minRttMs: min,
      });
      continue;
    }
    measurements.push({ landmark, minRttMs: min as number, samples: candidates.length });
    outcomes.push({
      landmarkId: lm,
      accepted: true,
      samples: record.samples.length,
      goodSamples: candidates.length,
      minRttMs: min,
    });
  }
  return { measurements, rejections, counts: countReasons(rejections), landmarks: outcomes };
}

export function countReasons(rejections: readonly Rejection[]): Partial<Record<RejectionReason, number>> {
  const counts: Partial<Record<RejectionReason, number>> = {};
  for (const r of rejections) counts[r.reason] = (counts[r.reason] ?? 0) + 1;
  return counts;
}

function landmarkIdOf(raw: unknown): string | null {
  const id = (raw as { record?: { landmarkId?: unknown } } | null)?.record?.landmarkId;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}

/** Sequence numbers strictly increasing; the landmark's monotonic timestamps ordered and non-overlapping. */
function clockProblem(samples: readonly DecodedSample[]): { reason: RejectionReason; detail: string } | undefined {
  let prevSeq = -1;
  let prevEnd = -1n;
  for (const s of samples) {
    if (s.seq <= prevSeq) return { reason: 'sequence-mismatch', detail: `sequence ${s.seq} follows ${prevSeq}` };
    prevSeq = s.seq;
    if (s.sentNs < prevEnd)
      return {
        reason: 'clock-anomaly',
        detail: `seq ${s.seq} was sent before the previous exchange ended (non-monotonic clock)`,
      };
    if (s.receivedNs !== null) {
      if (s.receivedNs < s.sentNs)
        return { reason: 'clock-anomaly', detail: `seq ${s.seq} was received before it was sent (negative RTT)` };
      prevEnd = s.receivedNs;
    } else prevEnd = s.sentNs;
  }
  return undefined;
}

/**
 * Sanity checks for measurements given directly (the offline `locate` input): a valid landmark,
 * a finite non-negative RTT ≤ 250 ms, at least 10 samples. Unsigned input: the caller says so.
 */
export function checkMeasurements(
  input: readonly { landmark: LandmarkInfo; minRttMs: unknown; samples: unknown }[],
  opts: { minSamples?: number; maxRttMs?: number } = {},
): { measurements: VerifiedMeasurement[]; rejections: Rejection[] } {
  const minSamples = opts.minSamples ?? MIN_SAMPLES;
  const maxRtt = opts.maxRttMs ?? MAX_RTT_MS;
  const measurements: VerifiedMeasurement[] = [];
  const rejections: Rejection[] = [];
  const seen = new Set<string>();
  for (const m of input) {
    const id = m.landmark.id;
    const rtt = m.minRttMs;
    if (seen.has(id)) {
      rejections.push({
        reason: 'malformed',
        detail: `${id}: a second measurement from the same landmark`,
        landmarkId: id,
      });
      continue;
    }
    seen.add(id);
    if (typeof rtt !== 'number' || !Number.isFinite(rtt) || rtt < 0) {
      rejections.push({
        reason: 'rtt-invalid',
        detail: `${id}: RTT ${String(rtt)} is not a finite non-negative number of ms`,
        landmarkId: id,
      });
      continue;
    }
    if (rtt > maxRtt) {
      rejections.push({
        reason: 'rtt-invalid',
        detail: `${id}: RTT ${rtt} ms exceeds ${maxRtt} ms (uninformative)`,
        landmarkId: id,
      });
      continue;
    }
    if (typeof m.samples !== 'number' || !Number.isInteger(m.samples) || m.samples < minSamples) {
      rejections.push({
        reason: 'too-few-samples',
        detail: `${id}: ${String(m.samples)} samples; at least ${minSamples} are needed`,
        landmarkId: id,
      });
      continue;
    }
    measurements.push({ landmark: m.landmark, minRttMs: rtt, samples: m.samples });
  }
  return { measurements, rejections };
}
