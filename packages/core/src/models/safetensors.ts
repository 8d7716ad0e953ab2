/**
 * safetensors header reader. The format is an 8-byte little-endian u64 header length N, then N bytes of UTF-8 JSON
 * mapping tensor name → {dtype, shape, data_offsets} plus an optional `__metadata__` of string → string, then the
 * raw tensor bytes. Only the header is read. It is rejected when N exceeds the file or the cap, when its JSON is
 * nested too deeply, or when a tensor's offsets fall outside the data section or disagree with its dtype and shape
 * (a truncated download looks exactly like that).
 * @module
 */
import { isRecord, parseBoundedJson } from './bounded-json.js';
import { type ByteSource, decodeUtf8, ModelFormatError } from './source.js';
import { normaliseTensorName } from './tensor-names.js';

/** The reference implementation refuses headers above 100 MB; so do we. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** Bytes per element; sub-byte types have fractional sizes and are checked only for bounds. */
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  F8_E8M0: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
  F4: 0.5,
  F6_E2M3: 0.75,
  F6_E3M2: 0.75,
};

export interface SafetensorsSummary {
  format: 'safetensors';
  headerBytes: number;
  tensorCount: number;
  parameterCount: number;
  /** Tensor count per dtype. */
  dtypes: Record<string, number>;
  /** `__metadata__`, string → string. */
  metadata: Record<string, string>;
  /** Tensor names with layer and expert indices replaced by N, deduplicated, at most 400. */
  tensorPatterns: string[];
  /** Rows of the token-embedding matrix (= vocabulary size), when a recognisable one is present. */
  embeddingRows?: number;
}

export interface SafetensorsLimits {
  maxHeaderBytes: number;
  maxDepth: number;
}

const EMBEDDING = /(?:embed_tokens|wte|word_embeddings|tok_embeddings|embedding)\.weight$/;

export async function readSafetensorsHeader(
  src: ByteSource,
  limits: Partial<SafetensorsLimits> = {},
): Promise<SafetensorsSummary> {
  const maxHeader = limits.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER_BYTES;
  if (src.size < 8) throw new ModelFormatError('TRUNCATED', `safetensors: file is ${src.size} bytes, under 8`);
  const head = await src.read(0, 8);
  if (head.length < 8) throw new ModelFormatError('TRUNCATED', 'safetensors: cannot read the 8-byte header length');
  const n64 = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(src.size - 8))
    throw new ModelFormatError(
      'TRUNCATED',
      `safetensors: header length ${n64} is larger than the ${src.size - 8} bytes after the length field`,
    );
  const n = Number(n64);
  if (n > maxHeader)
    throw new ModelFormatError('TOO_LARGE', `safetensors: header length ${n} is above the ${maxHeader}-byte limit`);
  if (n < 2) throw new ModelFormatError('BAD_HEADER', `safetensors: header length ${n} is too small for a JSON object`);
  const raw = await src.read(8, n);
  if (raw.length < n) throw new ModelFormatError('TRUNCATED', 'safetensors: header ends early');
  const text = decodeUtf8(raw, 'safetensors header');
  if (!text.startsWith('{')) throw new ModelFormatError('BAD_HEADER', 'safetensors: header does not start with "{"');
  const json = parseBoundedJson(text, { maxDepth: limits.maxDepth ?? 8 }, 'safetensors header');
  if (!isRecord(json)) throw new ModelFormatError('BAD_HEADER', 'safetensors: header is not a JSON object');

  const dataBytes = src.size - 8 - n;
  const dtypes: Record<string, number> = {};
  const patterns = new Set<string>();
  let metadata: Record<string, string> = {};
  let tensorCount = 0;
  let parameterCount = 0;
  let embeddingRows: number | undefined;
  for (const [name, entry] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (!isRecord(entry)) throw new ModelFormatError('BAD_HEADER', 'safetensors: __metadata__ is not an object');
      for (const [k, v] of Object.entries(entry))
        if (typeof v !== 'string')
          throw new ModelFormatError('BAD_HEADER', `safetensors: __metadata__.${k} is not a string`);
      metadata = Object.fromEntries(Object.entries(entry) as [string, string][]);
      continue;
    }
    const where = `safetensors tensor "${name.slice(0, 200)}"`;
    if (!isRecord(entry)) throw new ModelFormatError('BAD_HEADER', `${where}: entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = entry;
    if (typeof dtype !== 'string' || dtype.length > 32)
      throw new ModelFormatError('BAD_HEADER', `${where}: dtype missing`);
    if (!Array.isArray(shape) || shape.length > 16 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw new ModelFormatError('BAD_HEADER', `${where}: shape is not a list of non-negative integers`);
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      offsets[0] > offsets[1]
    )
      throw new ModelFormatError('BAD_HEADER', `${where}: data_offsets is not [begin, end] with begin ≤ end`);
    const [begin, end] = offsets as [number, number];
    if (end > dataBytes)
      throw new ModelFormatError(
        'TRUNCATED',
        `${where}: data ends at byte ${end} of the data section, which holds only ${dataBytes} bytes`,
      );
    const elements = (shape as number[]).reduce((a, d) => a * d, 1);
    const size = DTYPE_BYTES[dtype];
    if (size !== undefined && Number.isInteger(size) && elements * size !== end - begin)
      throw new ModelFormatError(
        'BAD_HEADER',
        `${where}: ${dtype}${JSON.stringify(shape)} needs ${elements * size} bytes but data_offsets span ${end - begin}`,
      );
    tensorCount++;
    parameterCount += elements;
    dtypes[dtype] = (dtypes[dtype] ?? 0) + 1;
    if (patterns.size < 400) patterns.add(normaliseTensorName(name));
    if (embeddingRows === undefined && EMBEDDING.test(name) && shape.length === 2) embeddingRows = shape[0] as number;
  }
  return {
    format: 'safetensors',
    headerBytes: n,
    tensorCount,
    parameterCount,
    dtypes,
    metadata,
    tensorPatterns: [...patterns].sort(),
    ...(embeddingRows !== undefined ? { embeddingRows } : {}),
  };
}
