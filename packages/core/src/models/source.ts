/**
 * Bounded byte access for model files. Parsers never see a whole weight file: they ask a {@link ByteSource} for
 * ranges, and every length they are about to read is first checked against the file size and a cap, so a hostile
 * header cannot make them allocate more than the file holds (or the cap allows). The shell implements the source
 * over a file handle; tests use {@link bytesSource} over a buffer.
 * @module
 */

export interface ByteSource {
  /** File size in bytes. */
  readonly size: number;
  /** Bytes [offset, offset + length); fewer only if the file ends first. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export type ModelErrorCode =
  | 'TRUNCATED'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'BAD_MAGIC'
  | 'UNSUPPORTED_VERSION'
  | 'ABSURD_COUNT'
  | 'BAD_JSON'
  | 'BAD_HEADER'
  | 'BAD_VALUE';

/** A model file is malformed, truncated or hostile. `message` says what and where, in words a user can act on. */
export class ModelFormatError extends Error {
  readonly code: ModelErrorCode;
  constructor(code: ModelErrorCode, message: string) {
    super(message);
    this.name = 'ModelFormatError';
    this.code = code;
  }
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** Reads all of a small source (a JSON file), refusing anything above `maxBytes`. */
export async function readAllBounded(src: ByteSource, maxBytes: number, what: string): Promise<Uint8Array> {
  if (src.size > maxBytes)
    throw new ModelFormatError('TOO_LARGE', `${what}: ${src.size} bytes is above the ${maxBytes}-byte limit`);
  const bytes = await src.read(0, src.size);
  if (bytes.length < src.size) throw new ModelFormatError('TRUNCATED', `${what}: file shorter than its size`);
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ModelFormatError('BAD_VALUE', `${what}: not valid UTF-8`);
  }
}

/**
 * A forward-only little-endian reader over a source with a read-ahead buffer, so a metadata section made of many
 * small values costs a few large reads. Every read checks the remaining file length first.
 */
export class Cursor {
  pos: number;
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  constructor(
    private readonly src: ByteSource,
    start: number,
    private readonly chunk = 1 << 20,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.src.size - this.pos;
  }

  private async ensure(n: number, what: string): Promise<number> {
    if (n > this.remaining)
      throw new ModelFormatError(
        'TRUNCATED',
        `${what} at byte ${this.pos} needs ${n} bytes but only ${this.remaining} remain in the file`,
      );
    const off = this.pos - this.bufStart;
    if (off >= 0 && off + n <= this.buf.length) return off;
    const want = Math.min(this.remaining, Math.max(n, this.chunk));
    const data = await this.src.read(this.pos, want);
    if (data.length < n) throw new ModelFormatError('TRUNCATED', `${what} at byte ${this.pos}: file ends early`);
    this.buf = data;
    this.bufStart = this.pos;
    return 0;
  }

  private async view(n: number, what: string): Promise<DataView> {
    const off = await this.ensure(n, what);
    this.pos += n;
    return new DataView(this.buf.buffer, this.buf.byteOffset + off, n);
  }

  async u8(what: string): Promise<number> {
    return (await this.view(1, what)).getUint8(0);
  }
  async i8(what: string): Promise<number> {
    return (await this.view(1, what)).getInt8(0);
  }
  async u16(what: string): Promise<number> {
    return (await this.view(2, what)).getUint16(0, true);
  }
  async i16(what: string): Promise<number> {
    return (await this.view(2, what)).getInt16(0, true);
  }
  async u32(what: string): Promise<number> {
    return (await this.view(4, what)).getUint32(0, true);
  }
  async i32(what: string): Promise<number> {
    return (await this.view(4, what)).getInt32(0, true);
  }
  async f32(what: string): Promise<number> {
    return (await this.view(4, what)).getFloat32(0, true);
  }
  async f64(what: string): Promise<number> {
    return (await this.view(8, what)).getFloat64(0, true);
  }
  async u64Big(what: string): Promise<bigint> {
    return (await this.view(8, what)).getBigUint64(0, true);
  }
  async i64Big(what: string): Promise<bigint> {
    return (await this.view(8, what)).getBigInt64(0, true);
  }
  /** A u64 that must fit a JavaScript number (counts, lengths, offsets). */
  async u64(what: string): Promise<number> {
    const v = await this.u64Big(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ModelFormatError('ABSURD_COUNT', `${what} is ${v}, beyond 2^53`);
    return Number(v);
  }
  async bytes(n: number, what: string): Promise<Uint8Array> {
    const off = await this.ensure(n, what);
    this.pos += n;
    return this.buf.subarray(off, off + n);
  }
  skip(n: number, what: string): void {
    if (n > this.remaining)
      throw new ModelFormatError(
        'TRUNCATED',
        `${what} at byte ${this.pos} spans ${n} bytes but only ${this.remaining} remain in the file`,
      );
    this.pos += n;
  }
}
