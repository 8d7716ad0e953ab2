import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from './safetensors.js';
import { bytesSource, ModelFormatError } from './source.js';
import { rawSafetensors, safetensorsBytes } from './test-data.js';

const read = (b: Uint8Array, limits = {}) => readSafetensorsHeader(bytesSource(b), limits);
const rejects = async (b: Uint8Array, code: string, pattern: RegExp, limits = {}) => {
  const err = await read(b, limits).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ModelFormatError);
  expect((err as ModelFormatError).code).toBe(code);
  expect((err as Error).message).toMatch(pattern);
};

describe('readSafetensorsHeader', () => {
  it('summarises tensors, dtypes, parameters, metadata and the embedding rows', async () => {
    const b = safetensorsBytes(
      [
        { name: 'model.embed_tokens.weight', shape: [16, 4] },
        { name: 'model.layers.0.self_attn.q_proj.weight', shape: [4, 4] },
        { name: 'model.layers.1.self_attn.q_proj.weight', shape: [4, 4], dtype: 'F32' },
        { name: 'model.layers.1.empty', shape: [0, 4] },
      ],
      { format: 'pt', source: 'unit' },
    );
    const s = await read(b);
    expect(s.tensorCount).toBe(4);
    expect(s.parameterCount).toBe(64 + 16 + 16);
    expect(s.dtypes).toEqual({ BF16: 3, F32: 1 });
    expect(s.metadata).toEqual({ format: 'pt', source: 'unit' });
    expect(s.embeddingRows).toBe(16);
    expect(s.tensorPatterns).toContain('model.layers.N.self_attn.q_proj.weight');
  });

  it('rejects a header length larger than the file', async () => {
    await rejects(rawSafetensors(1_000_000n, '{}'), 'TRUNCATED', /header length 1000000 is larger than/);
    await rejects(rawSafetensors(2n ** 63n, '{}'), 'TRUNCATED', /larger than/);
  });

  it('rejects a header above the cap without reading it', async () => {
    const b = rawSafetensors(200n, `{${' '.repeat(198)}}`);
    await rejects(b, 'TOO_LARGE', /above the 100-byte limit/, { maxHeaderBytes: 100 });
  });

  it('rejects deeply nested JSON before parsing it', async () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await rejects(rawSafetensors(BigInt(deep.length), deep), 'TOO_DEEP', /nesting deeper than 8/);
  });

  it('rejects truncated data, inconsistent sizes and malformed entries', async () => {
    const good = safetensorsBytes([{ name: 'w', shape: [4, 4] }]);
    await rejects(good.subarray(0, good.length - 1), 'TRUNCATED', /data ends at byte 32/);
    const mismatch = '{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}';
    await rejects(rawSafetensors(BigInt(mismatch.length), mismatch, 8), 'BAD_HEADER', /needs 16 bytes/);
    const meta = '{"__metadata__":{"n":1}}';
    await rejects(rawSafetensors(BigInt(meta.length), meta), 'BAD_HEADER', /__metadata__.n is not a string/);
    const shape = '{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}';
    await rejects(rawSafetensors(BigInt(shape.length), shape), 'BAD_HEADER', /shape/);
    await rejects(rawSafetensors(5n, '[1,2]'), 'BAD_HEADER', /does not start/);
    await rejects(rawSafetensors(4n, '{"a"'), 'BAD_JSON', /safetensors header/);
    await rejects(new Uint8Array(5), 'TRUNCATED', /under 8/);
  });
});
