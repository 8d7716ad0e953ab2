/**
 * The timed link between a landmark and an agent: length-prefixed binary frames on one persistent
 * TCP connection (the agent dials the landmark; no handshake inside any timed round trip).
 *
 *   frame = length u32 BE (of type + payload) ‖ type u8 ‖ payload
 *
 * | type | direction | payload |
 * |---|---|---|
 * | WELCOME 1 | L→A | helloNonce(32) ‖ landmarkId (u8-prefixed) |
 * | HELLO 2 | A→L | publicKey(32) ‖ sig(64) over helloBytes ‖ deviceId (u8-prefixed) |
 * | SESSION 3 | L→A | sessionId(16) ‖ sessionNonce(32) ‖ serverKexPublicKey(32) (untimed) |
 * | SESSION_READY 9 | A→L | sessionId(16) ‖ sig(64) over the session binding ‖ attestation JSON (optional, untimed) |
 * | CHALLENGE 4 | L→A | seq u32 ‖ nonce(32) — timed |
 * | RESPONSE 5 | A→L | seq u32 ‖ mac(32) — timed |
 * | TRANSCRIPT_REQUEST 6 | L→A | sessionId(16) (untimed) |
 * | TRANSCRIPT 7 | A→L | mac(32) over the transcript (untimed) |
 * | ERROR 8 | either | UTF-8 text |
 * @module
 */

export const FRAME = {
  WELCOME: 1,
  HELLO: 2,
  SESSION: 3,
  CHALLENGE: 4,
  RESPONSE: 5,
  TRANSCRIPT_REQUEST: 6,
  TRANSCRIPT: 7,
  ERROR: 8,
  SESSION_READY: 9,
} as const;
export type FrameType = (typeof FRAME)[keyof typeof FRAME];

export const MAX_FRAME_BYTES = 128 * 1024;

export interface Frame {
  readonly type: number;
  readonly payload: Buffer;
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export function encodeFrame(type: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.length);
  out.writeUInt32BE(payload.length + 1, 0);
  out.writeUInt8(type, 4);
  out.set(payload, 5);
  return out;
}

/** Reassembles frames from a byte stream. `push` throws WireError on an oversized or empty frame. */
export class FrameReader {
  #buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Frame[] {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const frames: Frame[] = [];
    // Bounded: each iteration consumes at least 5 bytes.
    while (this.#buf.length >= 4) {
      const len = this.#buf.readUInt32BE(0);
      if (len < 1 || len > MAX_FRAME_BYTES) throw new WireError(`bad frame length ${len}`);
      if (this.#buf.length < 4 + len) break;
      frames.push({ type: this.#buf[4] as number, payload: this.#buf.subarray(5, 4 + len) });
      this.#buf = this.#buf.subarray(4 + len);
    }
    return frames;
  }
  get pending(): number {
    return this.#buf.length;
  }
}

export function lpString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  if (b.length > 255) throw new WireError('identifier too long');
  return Buffer.concat([Buffer.from([b.length]), b]);
}

/** Reads a u8-prefixed UTF-8 string at `offset`; throws WireError when truncated. */
export function readLpString(buf: Buffer, offset: number): { value: string; next: number } {
  if (offset >= buf.length) throw new WireError('truncated frame');
  const len = buf[offset] as number;
  if (offset + 1 + len > buf.length) throw new WireError('truncated frame');
  return { value: buf.toString('utf8', offset + 1, offset + 1 + len), next: offset + 1 + len };
}

export function expectLength(payload: Buffer, min: number, what: string): void {
  if (payload.length < min) throw new WireError(`truncated ${what} frame (${payload.length} < ${min} bytes)`);
}
