/**
 * Both ends of the timed exchange, as transport-free state machines: the landmark's measurement
 * run (`measureDevice`) and the agent's responder (`AgentResponder`). The CLI puts them on a TCP
 * connection; tests can wire them directly. Clocks are injected: the landmark passes
 * `process.hrtime.bigint` (monotonic), and stamps a response with the time its bytes arrived.
 *
 * One measurement: SESSION → SESSION_READY (untimed: the device derives the session key K by X25519
 * + HKDF and signs the session binding with its identity key; the landmark checks that signature),
 * then n × CHALLENGE → RESPONSE (timed: one HMAC-SHA256 with K), then TRANSCRIPT_REQUEST →
 * TRANSCRIPT (untimed: a MAC over every challenge the device saw), then the landmark signs the record.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { type Attestation, type KeyProvider, MAC_BYTES, SIGNATURE_BYTES, verifySignature } from './keys.js';
import {
  helloBytes,
  type MeasurementRecord,
  type MeasureRequest,
  NONCE_BYTES,
  recordBytes,
  responseBytes,
  responsePrefix,
  type Sample,
  SESSION_ID_BYTES,
  type SignedRecord,
  sessionBindingBytes,
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
  /** How long to wait for SESSION_READY and for TRANSCRIPT (the untimed slow paths), ms (default 10 s). */
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

/** Waits for a frame of `type` until `untilNs`, counting other frames as stray; an ERROR frame throws. */
async function awaitFrame(
  link: LandmarkLink,
  ctx: LandmarkContext,
  type: number,
  untilNs: bigint,
  onStray: () => void,
): Promise<Frame | null> {
  // Bounded: each pass consumes one frame or ends at the deadline.
  for (let guard = 0; guard < 10_000; guard++) {
    const remainingMs = Number(untilNs - ctx.nowNs()) / 1e6;
    if (remainingMs <= 0) return null;
    const got = await link.next(remainingMs);
    if (!got) return null;
    if (got.frame.type === type) return got.frame;
    if (got.frame.type === FRAME.ERROR)
      throw new WireError(`agent error: ${got.frame.payload.toString('utf8').slice(0, 200)}`);
    onStray();
  }
  return null;
}

/**
 * Runs one measurement: the untimed session set-up (the device's session signature, checked here
 * once), `challenges` sequential challenge→response exchanges, each timed on the landmark's
 * monotonic clock from just before the write to the arrival of the response bytes, then (untimed)
 * the device's transcript MAC, then the landmark's signature over the record.
 *
 * What the landmark can check: the session signature (it has the device's registered identity key),
 * and that each response is a well-formed frame echoing the outstanding sequence number on the
 * connection authenticated by HELLO. It cannot check a response MAC: only the device and the
 * verifier hold K. A device whose session signature fails is not timed at all; the record (with no
 * samples) still goes back, so the verifier counts the forgery.
 */
export async function measureDevice(
  link: LandmarkLink,
  req: MeasureRequest,
  ctx: LandmarkContext,
): Promise<SignedRecord> {
  const random = ctx.random ?? randomBytes;
  const sessionId = Buffer.from(req.sessionId, 'base64');
  const sessionNonce = Buffer.from(req.sessionNonce, 'base64');
  const serverKex = Buffer.from(req.serverKexPublicKey, 'base64');
  if (sessionId.length !== SESSION_ID_BYTES || sessionNonce.length !== NONCE_BYTES || serverKex.length !== 32)
    throw new WireError('bad session');
  const startedAt = ctx.wallClock();
  const slowMs = BigInt(Math.round((ctx.transcriptTimeoutMs ?? 10_000) * 1e6));
  let stray = 0;
  const countStray = () => {
    stray++;
  };

  // Untimed set-up: the device derives K and signs the session binding.
  link.send(encodeFrame(FRAME.SESSION, Buffer.concat([sessionId, sessionNonce, serverKex])));
  const ready = await awaitFrame(link, ctx, FRAME.SESSION_READY, ctx.nowNs() + slowMs, countStray);
  let sessionSignature: string | null = null;
  let attestation: Attestation | undefined;
  let sessionOk = false;
  if (
    ready &&
    ready.payload.length >= SESSION_ID_BYTES + SIGNATURE_BYTES &&
    ready.payload.subarray(0, 16).equals(sessionId)
  ) {
    const sig = ready.payload.subarray(SESSION_ID_BYTES, SESSION_ID_BYTES + SIGNATURE_BYTES);
    sessionSignature = sig.toString('base64');
    attestation = parseAttestation(ready.payload.subarray(SESSION_ID_BYTES + SIGNATURE_BYTES));
    const binding = sessionBindingBytes({
      sessionId,
      sessionNonce,
      serverKexPublicKey: serverKex,
      deviceKexPublicKey: Buffer.from(req.deviceKexPublicKey, 'base64'),
      devicePublicKey: Buffer.from(req.devicePublicKey, 'base64'),
      deviceId: req.deviceId,
    });
    sessionOk = verifySignature(req.devicePublicKey, binding, sig);
  }

  const samples: Sample[] = [];
  if (sessionOk) {
    const n = req.challenges;
    const nonces = random(NONCE_BYTES * n);
    const frames: Buffer[] = [];
    for (let seq = 0; seq < n; seq++) {
      const payload = Buffer.allocUnsafe(4 + NONCE_BYTES);
      payload.writeUInt32BE(seq, 0);
      nonces.copy(payload, 4, seq * NONCE_BYTES, (seq + 1) * NONCE_BYTES);
      frames.push(encodeFrame(FRAME.CHALLENGE, payload));
    }
    const deadlineNs = BigInt(Math.ceil(req.deadlineMs * 1e6));
    for (let seq = 0; seq < n; seq++) {
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
        if (f.type === FRAME.RESPONSE && f.payload.length === 4 + MAC_BYTES && f.payload.readUInt32BE(0) === seq) {
          received = got.atNs;
          response = f.payload.subarray(4);
          break;
        }
        if (f.type === FRAME.ERROR) throw new WireError(`agent error: ${f.payload.toString('utf8').slice(0, 200)}`);
        stray++;
      }
      samples.push({
        seq,
        nonce: nonces.toString('base64', seq * NONCE_BYTES, (seq + 1) * NONCE_BYTES),
        sentNs: sent.toString(),
        receivedNs: received === null ? null : received.toString(),
        response: response === null ? null : response.toString('base64'),
      });
    }
  }

  // Slow path, outside every timed exchange: the transcript MAC.
  let transcriptMac: string | null = null;
  if (sessionOk) {
    link.send(encodeFrame(FRAME.TRANSCRIPT_REQUEST, sessionId));
    const t = await awaitFrame(link, ctx, FRAME.TRANSCRIPT, ctx.nowNs() + slowMs, countStray);
    if (t && t.payload.length === MAC_BYTES) transcriptMac = t.payload.toString('base64');
  }
  const record: MeasurementRecord = {
    v: 2,
    kind: 'stackport.location.measurement',
    sessionId: req.sessionId,
    sessionNonce: req.sessionNonce,
    landmarkId: ctx.landmarkId,
    deviceId: req.deviceId,
    devicePublicKey: req.devicePublicKey,
    deviceKexPublicKey: req.deviceKexPublicKey,
    serverKexPublicKey: req.serverKexPublicKey,
    deadlineMs: req.deadlineMs,
    startedAt,
    samples,
    stray,
    device: { sessionSignature, ...(attestation ? { attestation } : {}), transcriptMac },
  };
  const { signature } = await ctx.key.sign(recordBytes(record));
  return { record, signature: Buffer.from(signature).toString('base64') };
}

function parseAttestation(bytes: Buffer): Attestation | undefined {
  if (bytes.length === 0) return undefined;
  try {
    const a = JSON.parse(bytes.toString('utf8')) as { kind?: unknown; evidence?: unknown };
    if (typeof a.kind === 'string' && typeof a.evidence === 'string')
      return { kind: a.kind.slice(0, 64), evidence: a.evidence.slice(0, 65536) };
  } catch {
    // Unreadable attestation: keep the signature, drop the evidence.
  }
  return undefined;
}

/** Session signatures an agent already made (one per session, shared by every landmark connection). */
export type SessionSignatureCache = Map<string, Promise<{ signature: Uint8Array; attestation?: Attestation }>>;

/**
 * The agent's side. `handle` answers CHALLENGE synchronously (the fast path: one HMAC over a
 * precomputed prefix + seq + nonce); SESSION asynchronously (the slow path: key agreement and the
 * identity signature, possibly an attestation); TRANSCRIPT_REQUEST with one MAC.
 */
export class AgentResponder {
  #landmarkId: string | undefined;
  #prefix: Buffer | undefined;
  #mac: ((message: Uint8Array) => Uint8Array) | undefined;
  #sessionId: Buffer | undefined;
  #log: { seq: number; nonce: Buffer }[] = [];
  readonly #signatures: SessionSignatureCache;

  constructor(
    readonly key: KeyProvider,
    readonly deviceId: string,
    opts: { sessionSignatures?: SessionSignatureCache } = {},
  ) {
    this.#signatures = opts.sessionSignatures ?? new Map();
  }

  get landmarkId(): string | undefined {
    return this.#landmarkId;
  }

  /** Frames to send back (sync), or a promise of them for the slow path. */
  handle(frame: Frame): Buffer[] | Promise<Buffer[]> {
    const p = frame.payload;
    switch (frame.type) {
      case FRAME.CHALLENGE: {
        if (!this.#prefix || !this.#mac) throw new WireError('CHALLENGE before SESSION');
        expectLength(p, 4 + NONCE_BYTES, 'CHALLENGE');
        const seq = p.readUInt32BE(0);
        const nonce = p.subarray(4, 4 + NONCE_BYTES);
        const mac = this.#mac(responseBytes(this.#prefix, seq, nonce));
        const out = Buffer.allocUnsafe(4 + MAC_BYTES);
        out.writeUInt32BE(seq, 0);
        out.set(mac, 4);
        if (this.#log.length < 100_000) this.#log.push({ seq, nonce: Buffer.from(nonce) });
        return [encodeFrame(FRAME.RESPONSE, out)];
      }
      case FRAME.WELCOME: {
        expectLength(p, 32 + 1, 'WELCOME');
        const helloNonce = Buffer.from(p.subarray(0, 32));
        this.#landmarkId = readLpString(p, 32).value;
        const sig = this.key.signNow(helloBytes({ landmarkId: this.#landmarkId, helloNonce, deviceId: this.deviceId }));
        return [
          encodeFrame(
            FRAME.HELLO,
            Buffer.concat([Buffer.from(this.key.publicKey(), 'base64'), sig, lpString(this.deviceId)]),
          ),
        ];
      }
      case FRAME.SESSION:
        return this.#session(p);
      case FRAME.TRANSCRIPT_REQUEST: {
        if (!this.#sessionId || !this.#mac || !this.#landmarkId || !p.equals(this.#sessionId))
          return [encodeFrame(FRAME.ERROR, Buffer.from('transcript request for an unknown session'))];
        // MACed from the agent's own log: the device vouches only for what it saw.
        const bytes = transcriptBytes({ landmarkId: this.#landmarkId, deviceId: this.deviceId }, this.#log);
        return [encodeFrame(FRAME.TRANSCRIPT, Buffer.from(this.#mac(bytes)))];
      }
      case FRAME.ERROR:
        return [];
      default:
        throw new WireError(`unexpected frame type ${frame.type}`);
    }
  }

  #session(p: Buffer): Buffer[] | Promise<Buffer[]> {
    if (!this.#landmarkId) throw new WireError('SESSION before WELCOME');
    expectLength(p, SESSION_ID_BYTES + NONCE_BYTES + 32, 'SESSION');
    const sessionId = Buffer.from(p.subarray(0, SESSION_ID_BYTES));
    const sessionNonce = Buffer.from(p.subarray(SESSION_ID_BYTES, SESSION_ID_BYTES + NONCE_BYTES));
    const serverKexPublicKey = Buffer.from(
      p.subarray(SESSION_ID_BYTES + NONCE_BYTES, SESSION_ID_BYTES + NONCE_BYTES + 32),
    );
    const params = {
      sessionId,
      sessionNonce,
      serverKexPublicKey,
      deviceKexPublicKey: Buffer.from(this.key.kexPublicKey(), 'base64'),
      deviceId: this.deviceId,
    };
    this.#sessionId = sessionId;
    this.#log = [];
    try {
      this.#mac = this.key.openSession(params).mac;
    } catch (e) {
      this.#mac = undefined;
      this.#prefix = undefined;
      return [encodeFrame(FRAME.ERROR, Buffer.from(`session refused: ${(e as Error).message}`.slice(0, 200)))];
    }
    this.#prefix = responsePrefix({ landmarkId: this.#landmarkId, deviceId: this.deviceId });
    const binding = sessionBindingBytes({ ...params, devicePublicKey: Buffer.from(this.key.publicKey(), 'base64') });
    const cacheKey = binding.toString('base64');
    let signed = this.#signatures.get(cacheKey);
    if (!signed) {
      signed = this.key.sign(binding);
      if (this.#signatures.size >= 64) this.#signatures.delete(this.#signatures.keys().next().value as string);
      this.#signatures.set(cacheKey, signed);
    }
    return signed.then(({ signature, attestation }) => {
      const parts = [sessionId, Buffer.from(signature)];
      if (attestation) parts.push(Buffer.from(JSON.stringify(attestation)));
      return [encodeFrame(FRAME.SESSION_READY, Buffer.concat(parts))];
    });
  }
}
