/**
 * GGUF (llama.cpp) metadata reader for versions 2 and 3: magic "GGUF", u32 version, u64 tensor count, u64 key/value
 * count, the key/value pairs, then one info record per tensor; tensor data is never read. Every count and length is
 * checked against the bytes left in the file and against a cap before anything is read or allocated, so a file
 * claiming 2^60 tensors or a 1 TB string is refused with the offending offset. Large string arrays (the vocabulary,
 * the merges) are hashed and counted as they stream past rather than kept.
 * @module
 */
import { createHash } from 'node:crypto';
import { type ByteSource, Cursor, decodeUtf8, ModelFormatError } from './source.js';
import { normaliseTensorName } from './tensor-names.js';

export const GGUF_MAGIC = 0x46554747;

const T = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;
const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const TYPE_NAMES = [
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'bool',
  'string',
  'array',
  'uint64',
  'int64',
  'float64',
];

/** ggml tensor types by number, for the quantisation summary. */
const GGML_TYPES: Record<number, string> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  6: 'Q5_0',
  7: 'Q5_1',
  8: 'Q8_0',
  9: 'Q8_1',
  10: 'Q2_K',
  11: 'Q3_K',
  12: 'Q4_K',
  13: 'Q5_K',
  14: 'Q6_K',
  15: 'Q8_K',
  16: 'IQ2_XXS',
  17: 'IQ2_XS',
  18: 'IQ3_XXS',
  19: 'IQ1_S',
  20: 'IQ4_NL',
  21: 'IQ3_S',
  22: 'IQ2_S',
  23: 'IQ4_XS',
  24: 'I8',
  25: 'I16',
  26: 'I32',
  27: 'I64',
  28: 'F64',
  29: 'IQ1_M',
  30: 'BF16',
  34: 'TQ1_0',
  35: 'TQ2_0',
  39: 'MXFP4',
};

export interface GgufStringArray {
  kind: 'string-array';
  length: number;
  /** sha256 over the elements, each as u64-LE byte length + bytes (the on-disk encoding). */
  sha256: string;
  /** The first elements, at most 16, each cut to 200 characters. */
  head: string[];
}
export interface GgufNumberArray {
  kind: 'array';
  elementType: string;
  length: number;
  /** Values when there are at most 64 of them. */
  values?: (number | boolean | string)[];
}
export interface GgufLongString {
  kind: 'long-string';
  length: number;
  sha256: string;
}
export type GgufValue = string | number | boolean | GgufStringArray | GgufNumberArray | GgufLongString;

export interface GgufSummary {
  format: 'gguf';
  version: number;
  tensorCount: number;
  kvCount: number;
  /** Every key/value pair; long strings and arrays summarised. */
  metadata: Record<string, GgufValue>;
  /** Full chat template (kept separately from `metadata`, where it is summarised). */
  chatTemplate?: string;
  /** Tokens of `tokenizer.ggml.tokens` that look special (`<…>`, `[…]`), at most 4096. */
  specialTokens: string[];
  parameterCount: number;
  /** Tensor count per ggml type. */
  tensorTypes: Record<string, number>;
  tensorPatterns: string[];
  /** Offset where tensor data would start (after infos and alignment padding). */
  dataOffset: number;
}

export interface GgufLimits {
  maxTensors: number;
  maxKv: number;
  maxArrayLength: number;
  maxStringBytes: number;
  maxKeyBytes: number;
  maxArrayDepth: number;
  maxDims: number;
}

export const DEFAULT_GGUF_LIMITS: GgufLimits = {
  maxTensors: 1 << 20,
  maxKv: 1 << 16,
  maxArrayLength: 1 << 24,
  maxStringBytes: 16 * 1024 * 1024,
  maxKeyBytes: 1 << 16,
  maxArrayDepth: 3,
  maxDims: 8,
};

const SPECIAL_TOKEN = /^(?:<[^<>\s]{1,60}>|\[[^[\]\s]{1,60}\]|<｜[^｜]{1,60}｜>|\]~!?b\[|\]~b\]|\[e~\[)$/u;
export const looksSpecial = (t: string): boolean => SPECIAL_TOKEN.test(t);

const KEEP_STRING = 4096;

export async function readGgufMetadata(src: ByteSource, limits: Partial<GgufLimits> = {}): Promise<GgufSummary> {
  const L = { ...DEFAULT_GGUF_LIMITS, ...limits };
  const c = new Cursor(src, 0);
  if (src.size < 4) throw new ModelFormatError('TRUNCATED', `gguf: file is ${src.size} bytes`);
  const magic = await c.u32('magic');
  if (magic !== GGUF_MAGIC)
    throw new ModelFormatError('BAD_MAGIC', `gguf: magic is 0x${magic.toString(16)}, expected "GGUF" (0x46554747)`);
  const version = await c.u32('version');
  if (version !== 2 && version !== 3)
    throw new ModelFormatError('UNSUPPORTED_VERSION', `gguf: version ${version} (only 2 and 3 are read)`);
  const tensorCount = await c.u64('tensor count');
  const kvCount = await c.u64('metadata key/value count');
  if (kvCount > L.maxKv || kvCount * 13 > c.remaining)
    throw new ModelFormatError(
      'ABSURD_COUNT',
      `gguf: ${kvCount} metadata entries cannot fit (limit ${L.maxKv}, ${c.remaining} bytes left)`,
    );
  if (tensorCount > L.maxTensors || tensorCount * 24 > c.remaining)
    throw new ModelFormatError(
      'ABSURD_COUNT',
      `gguf: ${tensorCount} tensors cannot fit (limit ${L.maxTensors}, ${c.remaining} bytes left)`,
    );

  const readString = async (what: string, max: number): Promise<Uint8Array> => {
    const len = await c.u64(`${what} length`);
    if (len > max)
      throw new ModelFormatError('TOO_LARGE', `gguf: ${what} is ${len} bytes, above the ${max}-byte limit`);
    if (len > c.remaining)
      throw new ModelFormatError('TRUNCATED', `gguf: ${what} is ${len} bytes but only ${c.remaining} remain`);
    return c.bytes(len, what);
  };
  const scalar = async (type: number, what: string): Promise<number | boolean | string> => {
    switch (type) {
      case T.UINT8:
        return c.u8(what);
      case T.INT8:
        return c.i8(what);
      case T.UINT16:
        return c.u16(what);
      case T.INT16:
        return c.i16(what);
      case T.UINT32:
        return c.u32(what);
      case T.INT32:
        return c.i32(what);
      case T.FLOAT32:
        return c.f32(what);
      case T.FLOAT64:
        return c.f64(what);
      case T.BOOL:
        return (await c.u8(what)) !== 0;
      case T.UINT64: {
        const v = await c.u64Big(what);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
      }
      case T.INT64: {
        const v = await c.i64Big(what);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
      }
      default:
        throw new ModelFormatError('BAD_VALUE', `gguf: ${what} has unknown value type ${type}`);
    }
  };

  const specialTokens: string[] = [];
  let chatTemplate: string | undefined;
  const value = async (type: number, key: string, depth: number): Promise<GgufValue> => {
    if (type === T.STRING) {
      const bytes = await readString(`value of ${key}`, L.maxStringBytes);
      if (bytes.length <= KEEP_STRING) return decodeUtf8(bytes, `gguf value of ${key}`);
      const text = decodeUtf8(bytes, `gguf value of ${key}`);
      if (key === 'tokenizer.chat_template') chatTemplate = text;
      return { kind: 'long-string', length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    if (type !== T.ARRAY) return scalar(type, `value of ${key}`);
    if (depth >= L.maxArrayDepth)
      throw new ModelFormatError('TOO_DEEP', `gguf: arrays nested deeper than ${L.maxArrayDepth} in ${key}`);
    const elementType = await c.u32(`array type of ${key}`);
    const length = await c.u64(`array length of ${key}`);
    const minBytes = elementType === T.STRING ? 8 : elementType === T.ARRAY ? 12 : (SCALAR_BYTES[elementType] ?? 1);
    if (length > L.maxArrayLength || length * minBytes > c.remaining)
      throw new ModelFormatError(
        'ABSURD_COUNT',
        `gguf: array ${key} claims ${length} elements (limit ${L.maxArrayLength}, ${c.remaining} bytes left)`,
      );
    if (elementType === T.STRING) {
      const hash = createHash('sha256');
      const head: string[] = [];
      const tokens = key === 'tokenizer.ggml.tokens';
      const lenBuf = new Uint8Array(8);
      for (let i = 0; i < length; i++) {
        const bytes = await readString(`element ${i} of ${key}`, L.maxStringBytes);
        new DataView(lenBuf.buffer).setBigUint64(0, BigInt(bytes.length), true);
        hash.update(lenBuf).update(bytes);
        if (head.length < 16 || tokens) {
          const s = decodeUtf8(bytes, `element ${i} of ${key}`);
          if (head.length < 16) head.push(s.slice(0, 200));
          if (tokens && specialTokens.length < 4096 && looksSpecial(s)) specialTokens.push(s);
        }
      }
      return { kind: 'string-array', length, sha256: hash.digest('hex'), head };
    }
    if (elementType === T.ARRAY) {
      for (let i = 0; i < length; i++) await value(T.ARRAY, `${key}[${i}]`, depth + 1);
      return { kind: 'array', elementType: 'array', length };
    }
    const size = SCALAR_BYTES[elementType];
    if (size === undefined)
      throw new ModelFormatError('BAD_VALUE', `gguf: array ${key} has unknown type ${elementType}`);
    const elementName = TYPE_NAMES[elementType] ?? String(elementType);
    if (length <= 64) {
      const values: (number | boolean | string)[] = [];
      for (let i = 0; i < length; i++) values.push(await scalar(elementType, `element ${i} of ${key}`));
      return { kind: 'array', elementType: elementName, length, values };
    }
    c.skip(length * size, `array ${key}`);
    return { kind: 'array', elementType: elementName, length };
  };

  const metadata: Record<string, GgufValue> = {};
  const keys = new Set<string>();
  for (let i = 0; i < kvCount; i++) {
    const key = decodeUtf8(await readString(`key ${i}`, L.maxKeyBytes), `gguf key ${i}`);
    if (keys.has(key)) throw new ModelFormatError('BAD_VALUE', `gguf: duplicate key ${JSON.stringify(key)}`);
    keys.add(key);
    const type = await c.u32(`type of ${key}`);
    const v = await value(type, key, 0);
    if (key === 'tokenizer.chat_template' && typeof v === 'string') chatTemplate = v;
    Object.defineProperty(metadata, key, { value: v, enumerable: true, writable: true, configurable: true });
  }

  const tensorTypes: Record<string, number> = {};
  const patterns = new Set<string>();
  let parameterCount = 0;
  for (let i = 0; i < tensorCount; i++) {
    const name = decodeUtf8(await readString(`tensor ${i} name`, L.maxKeyBytes), `gguf tensor ${i} name`);
    const nDims = await c.u32(`tensor ${name} dimension count`);
    if (nDims > L.maxDims)
      throw new ModelFormatError('ABSURD_COUNT', `gguf: tensor ${name} has ${nDims} dimensions (limit ${L.maxDims})`);
    let elements = 1;
    for (let d = 0; d < nDims; d++) elements *= await c.u64(`tensor ${name} dimension ${d}`);
    const type = await c.u32(`tensor ${name} type`);
    await c.u64(`tensor ${name} offset`);
    parameterCount += elements;
    const tname = GGML_TYPES[type] ?? `type${type}`;
    tensorTypes[tname] = (tensorTypes[tname] ?? 0) + 1;
    if (patterns.size < 400) patterns.add(normaliseTensorName(name));
  }
  const alignment = typeof metadata['general.alignment'] === 'number' ? metadata['general.alignment'] : 32;
  const dataOffset = alignment > 0 ? Math.ceil(c.pos / alignment) * alignment : c.pos;
  if (tensorCount > 0 && dataOffset > src.size)
    throw new ModelFormatError('TRUNCATED', `gguf: tensor data would start at ${dataOffset}, past the end of the file`);
  return {
    format: 'gguf',
    version,
    tensorCount,
    kvCount,
    metadata,
    ...(chatTemplate !== undefined ? { chatTemplate } : {}),
    specialTokens,
    parameterCount: Number.isSafeInteger(parameterCount) ? parameterCount : Number.MAX_SAFE_INTEGER,
    tensorTypes,
    tensorPatterns: [...patterns].sort(),
    dataOffset,
  };
}

/** A string-valued metadata entry, or undefined. */
export function ggufString(g: GgufSummary, key: string): string | undefined {
  const v = g.metadata[key];
  return typeof v === 'string' ? v : undefined;
}
