/**
 * Both ends of the timed exchange, as transport-free state machines: the landmark's measurement
 * run (`measureDevice`) and the agent's responder (`AgentResponder`). The CLI puts them on a TCP
 * connection; tests can wire them directly. Clocks are injected: the landmark passes
 * `process.hrtime.bigint` (monotonic), and stamps a response with the time its bytes arrived.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { type KeyProvider, SIGNATURE_BYTES, verifySignature } from './keys.js';
import {
  challengeBytes,
  challengePrefix,
  helloBytes,
  type MeasurementRecord,
  type MeasureRequest,
  NONCE_BYTES,
  recordBytes,
  type Sample,
  SESSION_ID_BYTES,
  type SignedRecord,
  transcriptBytes,
} from './messages.js';
import { encodeFrame, expectLength, FRAME, type Frame, lpString, readLpString, WireError } from './wire.js';

/** A connection as the landmark sees it: frames out, and frames in with their arrival time. */
export interface LandmarkLink {
  send(frame: Buffer): void;
  /** The next frame and the monotonic time (ns) its bytes arrived, or null after `timeoutMs`. */
  next(timeoutMs: number): Promise<{ frame: Frame; atNs: bigint } | null>;
}

export interface LandmarkContext {
  readonly landmarkId: string;
  readonly key: KeyProvider;
  /** Monotonic clock, ns. */
  readonly nowNs: () => bigint;
  /** Wall clock for the informational `startedAt`. */
  readonly wallClock: () => string;
  readonly random?: (n: number) => Buffer;
  /** Verify each response signature after the timed exchange (default true). */
  readonly checkResponses?: boolean;
  /** How long to wait for the transcript signature (slow path), ms. */
  readonly transcriptTimeoutMs?: number;
}

export function welcomeFrame(landmarkId: string, helloNonce: Buffer): Buffer {
  return encodeFrame(FRAME.WELCOME, Buffer.concat([helloNonce, lpString(landmarkId)]));
}

/** Checks a HELLO against the WELCOME nonce: the agent proves it holds the key it claims. */
export function parseHello(
  payload: Buffer,
  landmarkId: string,
  helloNonce: Buffer,
): { publicKey: string; deviceId: string } {
  expectLength(payload, 32 + SIGNATURE_BYTES + 1, 'HELLO');
  const publicKey = payload.subarray(0, 32).toString('base64');
  const sig = payload.subarray(32, 32 + SIGNATURE_BYTES);
  const { value: deviceId, next } = readLpString(payload, 32 + SIGNATURE_BYTES);
  if (next !== payload.length) throw new WireError('HELLO has trailing bytes');
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(deviceId))
    throw new WireError('HELLO device id is not a valid identifier');
  if (!verifySignature(publicKey, helloBytes({ landmarkId, helloNonce, deviceId }), sig))
    throw new WireError('HELLO signature does not verify');
  return { publicKey, deviceId };
}

/**
 * Runs one measurement: `challenges` sequential challenge→response exchanges, each timed on the
 * landmark's monotonic clock from just before the write to the arrival of the response bytes, then
 * (untimed) the device's transcript signature, then the landmark's signature over the record.
 */
export async function measureDevice(
  link: LandmarkLink,
  req: MeasureRequest,
  ctx: LandmarkContext,
): Promise<SignedRecord> {
  const random = ctx.random ?? randomBytes;
  const sessionId = Buffer.from(req.sessionId, 'base64');
  const sessionNonce = Buffer.from(req.sessionNonce, 'base64');
  if (sessionId.length !== SESSION_ID_BYTES || sessionNonce.length !== NONCE_BYTES) throw new WireError('bad session');
  const startedAt = ctx.wallClock();
  // Untimed set-up: the agent learns the session and precomputes its challenge prefix.
  link.send(encodeFrame(FRAME.SESSION, Buffer.concat([sessionId, sessionNonce])));
  const nonces = random(NONCE_BYTES * req.challenges);
  const frames: Buffer[] = [];
  for (let seq = 0; seq < req.challenges; seq++) {
    const payload = Buffer.allocUnsafe(4 + NONCE_BYTES);
    payload.writeUInt32BE(seq, 0);
    nonces.copy(payload, 4, seq * NONCE_BYTES, (seq + 1) * NONCE_BYTES);
    frames.push(encodeFrame(FRAME.CHALLENGE, payload));
  }
  const samples: Sample[] = [];
  let stray = 0;
  const deadlineNs = BigInt(Math.ceil(req.deadlineMs * 1e6));
  for (let seq = 0; seq < req.challenges; seq++) {
    const nonce = nonces.subarray(seq * NONCE_BYTES, (seq + 1) * NONCE_BYTES);
    const frame = frames[seq] as Buffer;
    const sent = ctx.nowNs();
    link.send(frame);
    let received: bigint | null = null;
    let response: Buffer | null = null;
    // Bounded: each pass consumes one frame or ends at the deadline.
    for (let guard = 0; guard < 10_000; guard++) {
      const remainingMs = Number(deadlineNs - (ctx.nowNs() - sent)) / 1e6;
      if (remainingMs <= 0) break;
      const got = await link.next(remainingMs);
      if (!got) break;
      const f = got.frame;
      if (f.type === FRAME.RESPONSE && f.payload.length === 4 + SIGNATURE_BYTES && f.payload.readUInt32BE(0) === seq) {
        received = got.atNs;
        response = Buffer.from(f.payload.subarray(4));
        break;
      }
      if (f.type === FRAME.ERROR) throw new WireError(`agent error: ${f.payload.toString('utf8').slice(0, 200)}`);
      stray++;
    }
    samples.push({
      seq,
      nonce: Buffer.from(nonce).toString('base64'),
      sentNs: sent.toString(),
      receivedNs: received === null ? null : received.toString(),
      response: response === null ? null : response.toString('base64'),
    });
  }
  // Slow path, outside every timed exchange: check the responses, get the transcript signature.
  if (ctx.checkResponses !== false) {
    const prefix = challengePrefix({ sessionNonce, landmarkId: ctx.landmarkId, deviceId: req.deviceId });
    for (const s of samples) {
      if (s.response === null) continue;
      s.responseValid = verifySignature(
        req.devicePublicKey,
        challengeBytes(prefix, s.seq, Buffer.from(s.nonce, 'base64')),
        s.response,
      );
    }
  }
  link.send(encodeFrame(FRAME.TRANSCRIPT_REQUEST, sessionId));
  let transcript: MeasurementRecord['transcript'] = { signature: null };
  const tEnd = ctx.nowNs() + BigInt((ctx.transcriptTimeoutMs ?? 10_000) * 1e6);
  for (let guard = 0; guard < 10_000; guard++) {
    const remainingMs = Number(tEnd - ctx.nowNs()) / 1e6;
    if (remainingMs <= 0) break;
    const got = await link.next(remainingMs);
    if (!got) break;
    if (got.frame.type !== FRAME.TRANSCRIPT) {
      stray++;
      continue;
    }
    transcript = parseTranscript(got.frame.payload);
    break;
  }
  const record: MeasurementRecord = {
    v: 1,
    kind: 'stackport.location.measurement',
    sessionId: req.sessionId,
    sessionNonce: req.sessionNonce,
    landmarkId: ctx.landmarkId,
    deviceId: req.deviceId,
    devicePublicKey: req.devicePublicKey,
    deadlineMs: req.deadlineMs,
    startedAt,
    samples,
    stray,
    transcript,
  };
  const { signature } = await ctx.key.signTranscript(recordBytes(record));
  return { record, signature: Buffer.from(signature).toString('base64') };
}

function parseTranscript(payload: Buffer): MeasurementRecord['transcript'] {
  if (payload.length < SIGNATURE_BYTES) return { signature: null };
  const signature = payload.subarray(0, SIGNATURE_BYTES).toString('base64');
  if (payload.length === SIGNATURE_BYTES) return { signature };
  try {
    const a = JSON.parse(payload.subarray(SIGNATURE_BYTES).toString('utf8')) as { kind?: unknown; evidence?: unknown };
    if (typeof a.kind === 'string' && typeof a.evidence === 'string')
      return { signature, attestation: { kind: a.kind.slice(0, 64), evidence: a.evidence.slice(0, 65536) } };
  } catch {
    // Unreadable attestation: keep the signature, drop the evidence.
  }
  return { signature };
}

/**
 * The agent's side. `handle` answers CHALLENGE synchronously (the fast path: one signature over
 * a precomputed prefix + seq + nonce); TRANSCRIPT_REQUEST asynchronously (the slow path).
 */
export class AgentResponder {
  #landmarkId: string | undefined;
  #prefix: Buffer | undefined;
  #sessionId: Buffer | undefined;
  #sessionNonce: Buffer | undefined;
  #log: { seq: number; nonce: Buffer }[] = [];

  constructor(
    readonly key: KeyProvider,
    readonly deviceId: string,
  ) {}

  get landmarkId(): string | undefined {
    return this.#landmarkId;
  }

  /** Frames to send back (sync), or a promise of them for the slow path. */
  handle(frame: Frame): Buffer[] | Promise<Buffer[]> {
    const p = frame.payload;
    switch (frame.type) {
      case FRAME.CHALLENGE: {
        if (!this.#prefix) throw new WireError('CHALLENGE before SESSION');
        expectLength(p, 4 + NONCE_BYTES, 'CHALLENGE');
        const seq = p.readUInt32BE(0);
        const nonce = p.subarray(4, 4 + NONCE_BYTES);
        const sig = this.key.respond(challengeBytes(this.#prefix, seq, nonce));
        const out = Buffer.allocUnsafe(4 + SIGNATURE_BYTES);
        out.writeUInt32BE(seq, 0);
        out.set(sig, 4);
        if (this.#log.length < 100_000) this.#log.push({ seq, nonce: Buffer.from(nonce) });
        return [encodeFrame(FRAME.RESPONSE, out)];
      }
      case FRAME.WELCOME: {
        expectLength(p, 32 + 1, 'WELCOME');
        const helloNonce = Buffer.from(p.subarray(0, 32));
        this.#landmarkId = readLpString(p, 32).value;
        const sig = this.key.respond(helloBytes({ landmarkId: this.#landmarkId, helloNonce, deviceId: this.deviceId }));
        return [
          encodeFrame(
            FRAME.HELLO,
            Buffer.concat([Buffer.from(this.key.publicKey(), 'base64'), sig, lpString(this.deviceId)]),
          ),
        ];
      }
      case FRAME.SESSION: {
        if (!this.#landmarkId) throw new WireError('SESSION before WELCOME');
        expectLength(p, SESSION_ID_BYTES + NONCE_BYTES, 'SESSION');
        this.#sessionId = Buffer.from(p.subarray(0, SESSION_ID_BYTES));
        this.#sessionNonce = Buffer.from(p.subarray(SESSION_ID_BYTES, SESSION_ID_BYTES + NONCE_BYTES));
        this.#prefix = challengePrefix({
          sessionNonce: this.#sessionNonce,
          landmarkId: this.#landmarkId,
          deviceId: this.deviceId,
        });
        this.#log = [];
        return [];
      }
      case FRAME.TRANSCRIPT_REQUEST:
        return this.#transcript(p);
      case FRAME.ERROR:
        return [];
      default:
        throw new WireError(`unexpected frame type ${frame.type}`);
    }
  }

  async #transcript(p: Buffer): Promise<Buffer[]> {
    if (!this.#sessionId || !this.#sessionNonce || !this.#landmarkId || !p.equals(this.#sessionId))
      return [encodeFrame(FRAME.ERROR, Buffer.from('transcript request for an unknown session'))];
    // Signed from the agent's own log: the device vouches only for what it saw and said.
    const bytes = transcriptBytes({
      sessionId: this.#sessionId.toString('base64'),
      sessionNonce: this.#sessionNonce.toString('base64'),
      landmarkId: this.#landmarkId,
      deviceId: this.deviceId,
      samples: this.#log.map((l) => ({ seq: l.seq, nonce: l.nonce.toString('base64') })),
    });
    const { signature, attestation } = await this.key.signTranscript(bytes);
    const parts = [Buffer.from(signature)];
    if (attestation) parts.push(Buffer.from(JSON.stringify(attestation)));
    return [encodeFrame(FRAME.TRANSCRIPT, Buffer.concat(parts))];
  }
}
