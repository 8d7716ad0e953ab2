/**
 * Test and benchmark support (not part of the build): run the real landmark and agent state
 * machines over an in-memory link with a simulated monotonic clock, so RTTs are exact.
 */
import { randomBytes } from 'node:crypto';
import type { LandmarkInfo } from '../types.js';
import { generateKexKeyPair, type KeyProvider, rawPrivateKey, SoftwareKeyProvider } from './keys.js';
import { AgentResponder, type LandmarkLink, measureDevice } from './landmark-session.js';
import type { MeasureRequest, SignedRecord } from './messages.js';
import type { SessionExpectation } from './verify.js';
import { type Frame, FrameReader } from './wire.js';

export interface SimLandmark {
  readonly info: LandmarkInfo;
  readonly key: SoftwareKeyProvider;
}

export function simLandmark(id: string, lat: number, lon: number, uncertaintyKm = 1): SimLandmark {
  const key = SoftwareKeyProvider.generate();
  return {
    info: { id, position: { lat, lon }, positionUncertaintyKm: uncertaintyKm, publicKey: key.publicKey() },
    key,
  };
}

/** A fresh server session for `device` (what the service issues): ids, nonce, ephemeral X25519 key. */
export function simSession(
  device: { deviceId: string; key: KeyProvider },
  o: { challenges?: number; deadlineMs?: number; expiresAtMs?: number } = {},
): SessionExpectation & MeasureRequest {
  const eph = generateKexKeyPair();
  return {
    sessionId: randomBytes(16).toString('base64'),
    sessionNonce: randomBytes(32).toString('base64'),
    deviceId: device.deviceId,
    devicePublicKey: device.key.publicKey(),
    deviceKexPublicKey: device.key.kexPublicKey(),
    serverKexPublicKey: eph.publicKey,
    serverKexPrivateKey: rawPrivateKey(eph.privateKey),
    expiresAtMs: o.expiresAtMs ?? Number.POSITIVE_INFINITY,
    challenges: o.challenges ?? 12,
    deadlineMs: o.deadlineMs ?? 250,
  };
}

/** RTT in ms for challenge `seq`, or null for no answer. */
export type RttModel = (seq: number) => number | null;

/** One landmark measuring one device whose responses take `rtt(seq)` ms to come back. */
export async function simulateMeasurement(
  landmark: SimLandmark,
  device: { key: KeyProvider; deviceId: string },
  req: MeasureRequest,
  rtt: RttModel,
  opts: { random?: (n: number) => Buffer } = {},
): Promise<SignedRecord> {
  const responder = new AgentResponder(device.key, device.deviceId);
  const clock = { t: 1_000_000_000n };
  const queue: { frame: Frame; atNs: bigint }[] = [];
  const pending: Promise<void>[] = [];
  const reader = new FrameReader();
  let lastSentSeq = -1;
  const enqueue = (frames: Buffer[], atNs: bigint) => {
    for (const b of frames) for (const frame of new FrameReader().push(b)) queue.push({ frame, atNs });
    queue.sort((a, b) => (a.atNs < b.atNs ? -1 : a.atNs > b.atNs ? 1 : 0));
  };
  const link: LandmarkLink = {
    send(buf) {
      for (const f of reader.push(buf)) {
        let at = clock.t;
        if (f.type === 4) {
          lastSentSeq = f.payload.readUInt32BE(0);
          const ms = rtt(lastSentSeq);
          if (ms === null) {
            responder.handle(f); // the device sees it but its answer never arrives
            continue;
          }
          at = clock.t + BigInt(Math.round(ms * 1e6));
        }
        const out = responder.handle(f);
        if (Array.isArray(out)) enqueue(out, at);
        else pending.push(out.then((o) => enqueue(o, at)));
      }
    },
    async next(timeoutMs) {
      await Promise.all(pending.splice(0));
      const limit = clock.t + BigInt(Math.round(timeoutMs * 1e6));
      const first = queue[0];
      if (!first || first.atNs > limit) {
        clock.t = limit;
        return null;
      }
      queue.shift();
      if (first.atNs > clock.t) clock.t = first.atNs;
      return first;
    },
  };
  // The initial WELCOME/HELLO handshake is not needed here: tell the responder who the landmark is.
  responder.handle({
    type: 1,
    payload: Buffer.concat([Buffer.alloc(32), Buffer.from([landmark.info.id.length]), Buffer.from(landmark.info.id)]),
  });
  return measureDevice(link, req, {
    landmarkId: landmark.info.id,
    key: landmark.key,
    nowNs: () => clock.t,
    wallClock: () => '2026-11-22T10:00:00.000Z',
    transcriptTimeoutMs: 1000,
    ...(opts.random ? { random: opts.random } : {}),
  });
}
