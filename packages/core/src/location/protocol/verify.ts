/**
 * The verifier: turns landmark-signed measurement records into the geometry's input, or into
 * counted rejections. Nothing that fails a check ever reaches `locate`.
 *
 * Checked, per record: shape (strict schema), a registered landmark, the landmark's signature, the
 * session (id, nonce, expiry), the device (id and key), sequence numbers, the landmark's monotonic
 * clock, every nonce single-use, each response's device signature, deadlines, RTT sanity
 * (finite, ≥ 0, ≤ 250 ms), the device's transcript signature, and at least 10 good samples.
 * Only landmark clocks count: the record carries no host-supplied time.
 * @module
 */
import type { LandmarkInfo, Rejection, RejectionReason, VerifiedMeasurement } from '../types.js';
import { verifySignature } from './keys.js';
import {
  challengeBytes,
  challengePrefix,
  MAX_RTT_MS,
  type MeasurementRecord,
  MIN_SAMPLES,
  recordBytes,
  SignedRecordSchema,
  sampleRttMs,
  transcriptBytes,
} from './messages.js';
import { type ReplayState, useOnce } from './replay.js';

/** What the verifier itself issued for this session (it never takes these from the device or host). */
export interface SessionExpectation {
  readonly sessionId: string;
  readonly sessionNonce: string;
  readonly deviceId: string;
  readonly devicePublicKey: string;
  /** Server clock, ms since the epoch. */
  readonly expiresAtMs: number;
}

export interface VerifyOptions {
  /**
   * `all` (default): verify every response signature. `minimum`: trust the landmark's own
   * `responseValid` check for samples that do not set the minimum, and verify independently the
   * sample that does (the only one the geometry uses). Landmarks are trusted for timing already, so
   * `minimum` adds no trust assumption; it cuts the verifier's cost by ~10×.
   */
  readonly signatureChecks?: 'all' | 'minimum';
  readonly minSamples?: number;
  readonly maxRttMs?: number;
  /** Require the device's transcript signature (default true). */
  readonly requireTranscript?: boolean;
}

export interface VerifyInput {
  readonly session: SessionExpectation;
  /** Signed records as received (unknown: parsed here). */
  readonly records: readonly unknown[];
  readonly landmarks: ReadonlyMap<string, LandmarkInfo>;
  /** Other registered device keys (public key → device id), to name a response signed by the wrong device. */
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

  for (const [index, raw] of input.records.entries()) {
    const claimedId = landmarkIdOf(raw);
    const fail = (reason: RejectionReason, detail: string) => {
      reject(reason, detail, claimedId);
      outcomes.push({ landmarkId: claimedId, accepted: false, samples: 0, goodSamples: 0, minRttMs: null });
    };
    const parsed = SignedRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      fail(
        'malformed',
        `record ${index}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      );
      continue;
    }
    const { record, signature } = parsed.data;
    const landmark = input.landmarks.get(record.landmarkId);
    if (!landmark) {
      fail('unknown-landmark', `record ${index}: landmark "${record.landmarkId}" is not registered`);
      continue;
    }
    if (!verifySignature(landmark.publicKey, recordBytes(record), signature)) {
      fail('bad-signature', `record ${index}: the landmark signature does not verify with ${landmark.id}'s key`);
      continue;
    }
    if (record.sessionId !== session.sessionId || record.sessionNonce !== session.sessionNonce) {
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
    if (record.deviceId !== session.deviceId || record.devicePublicKey !== session.devicePublicKey) {
      fail(
        'wrong-device',
        `record measured device "${record.deviceId}", not "${session.deviceId}" with the registered key`,
      );
      continue;
    }
    const clock = clockProblem(record);
    if (clock) {
      fail(clock.reason, `${record.landmarkId}: ${clock.detail}`);
      continue;
    }
    if (requireTranscript) {
      const t = record.transcript.signature;
      if (!t || !verifySignature(session.devicePublicKey, transcriptBytes(record), t)) {
        fail('bad-signature', `${record.landmarkId}: the device transcript signature is missing or does not verify`);
        continue;
      }
    }

    const prefix = challengePrefix({
      sessionNonce: Buffer.from(record.sessionNonce, 'base64'),
      landmarkId: record.landmarkId,
      deviceId: record.deviceId,
    });
    const checkResponse = (seq: number, nonce: string, response: string): boolean =>
      verifySignature(session.devicePublicKey, challengeBytes(prefix, seq, Buffer.from(nonce, 'base64')), response);
    const nameSigner = (seq: number, nonce: string, response: string): string | undefined => {
      let tried = 0;
      for (const [key, id] of input.otherDevices ?? []) {
        if (tried++ >= 256) break;
        if (key === session.devicePublicKey) continue;
        const bytes = challengeBytes(prefix, seq, Buffer.from(nonce, 'base64'));
        if (verifySignature(key, bytes, response)) return id;
      }
      return undefined;
    };

    const candidates: { seq: number; nonce: string; response: string; rtt: number; trusted: boolean }[] = [];
    const lm = record.landmarkId;
    for (const s of record.samples) {
      if (useOnce(replay, `nonce:${s.nonce}`, nowMs) === 'replayed') {
        reject('nonce-replayed', `${lm} seq ${s.seq}: nonce already used`, lm);
        continue;
      }
      if (s.response === null || s.receivedNs === null) {
        reject('nonce-expired', `${lm} seq ${s.seq}: no response within the ${record.deadlineMs} ms deadline`, lm);
        continue;
      }
      const rtt = sampleRttMs(s);
      if (rtt === null || !Number.isFinite(rtt) || rtt < 0) {
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
      const trusted = opts.signatureChecks === 'minimum' && s.responseValid === true;
      // The landmark already found it invalid, or it does not verify here: name the signer if we can.
      if (!trusted && (s.responseValid === false || !checkResponse(s.seq, s.nonce, s.response))) {
        const other = nameSigner(s.seq, s.nonce, s.response);
        if (other) reject('wrong-device', `${lm} seq ${s.seq}: the response was signed by device "${other}"`, lm);
        else reject('bad-signature', `${lm} seq ${s.seq}: the response signature does not verify`, lm);
        continue;
      }
      candidates.push({ seq: s.seq, nonce: s.nonce, response: s.response, rtt, trusted });
    }
    // `minimum` mode: the sample that sets the minimum is always verified here, independently.
    candidates.sort((a, b) => a.rtt - b.rtt);
    while (candidates.length > 0 && candidates[0]?.trusted) {
      const c = candidates[0];
      if (checkResponse(c.seq, c.nonce, c.response)) break;
      reject('bad-signature', `${lm} seq ${c.seq}: the response signature does not verify`, lm);
      candidates.shift();
    }
    const min = candidates[0]?.rtt ?? null;
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
function clockProblem(r: MeasurementRecord): { reason: RejectionReason; detail: string } | undefined {
  let prevSeq = -1;
  let prevEnd = -1n;
  for (const s of r.samples) {
    if (s.seq <= prevSeq) return { reason: 'sequence-mismatch', detail: `sequence ${s.seq} follows ${prevSeq}` };
    prevSeq = s.seq;
    const sent = BigInt(s.sentNs);
    if (sent < prevEnd)
      return {
        reason: 'clock-anomaly',
        detail: `seq ${s.seq} was sent before the previous exchange ended (non-monotonic clock)`,
      };
    if (s.receivedNs !== null) {
      const recv = BigInt(s.receivedNs);
      if (recv < sent)
        return { reason: 'clock-anomaly', detail: `seq ${s.seq} was received before it was sent (negative RTT)` };
      prevEnd = recv;
    } else prevEnd = sent;
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
