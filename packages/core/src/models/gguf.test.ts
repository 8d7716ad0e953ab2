import { describe, expect, it } from 'vitest';
import { readGgufMetadata } from './gguf.js';
import { type ByteSource, bytesSource, ModelFormatError } from './source.js';
import { ggufBytes, vocab } from './test-data.js';

const rejects = async (b: Uint8Array, code: string, pattern: RegExp) => {
  const err = await readGgufMetadata(bytesSource(b)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ModelFormatError);
  expect((err as ModelFormatError).code).toBe(code);
  expect((err as Error).message).toMatch(pattern);
};

const BASE = [
  { key: 'general.architecture', type: 'string' as const, value: 'qwen2' },
  { key: 'general.name', type: 'string' as const, value: 'Qwen2.5 7B Instruct' },
  { key: 'qwen2.context_length', type: 'u32' as const, value: 32768 },
  { key: 'tokenizer.ggml.tokens', type: 'string[]' as const, value: vocab(300, ['<|im_start|>', '<|im_end|>']) },
  { key: 'tokenizer.ggml.token_type', type: 'i32[]' as const, value: new Array(300).fill(1) },
];

describe('readGgufMetadata', () => {
  it('reads keys, summarises arrays, collects special tokens and tensor infos', async () => {
    const g = await readGgufMetadata(
      bytesSource(
        ggufBytes({
          kv: [...BASE, { key: 'tokenizer.chat_template', type: 'string', value: `<|im_start|>${'x'.repeat(5000)}` }],
          tensors: [
            { name: 'token_embd.weight', dims: [8, 300], type: 12 },
            { name: 'blk.0.attn_q.weight', dims: [8, 8], type: 14 },
          ],
        }),
      ),
    );
    expect(g.version).toBe(3);
    expect(g.metadata['general.architecture']).toBe('qwen2');
    expect(g.metadata['qwen2.context_length']).toBe(32768);
    const tokens = g.metadata['tokenizer.ggml.tokens'];
    expect(tokens).toMatchObject({ kind: 'string-array', length: 300 });
    expect(g.metadata['tokenizer.ggml.token_type']).toMatchObject({ kind: 'array', elementType: 'int32', length: 300 });
    expect(g.metadata['tokenizer.chat_template']).toMatchObject({ kind: 'long-string', length: 5012 });
    expect(g.chatTemplate?.startsWith('<|im_start|>')).toBe(true);
    expect(g.specialTokens).toEqual(['<|im_start|>', '<|im_end|>']);
    expect(g.tensorCount).toBe(2);
    expect(g.parameterCount).toBe(2400 + 64);
    expect(g.tensorTypes).toEqual({ Q4_K: 1, Q6_K: 1 });
    expect(g.tensorPatterns).toContain('blk.N.attn_q.weight');
  });

  it('reads version 2', async () => {
    const g = await readGgufMetadata(bytesSource(ggufBytes({ version: 2, kv: BASE })));
    expect(g.version).toBe(2);
  });

  it('rejects bad magic and unsupported versions', async () => {
    const b = ggufBytes({ kv: BASE });
    const bad = b.slice();
    bad[0] = 0x00;
    await rejects(bad, 'BAD_MAGIC', /expected "GGUF"/);
    await rejects(ggufBytes({ version: 1, kv: [] }), 'UNSUPPORTED_VERSION', /version 1/);
  });

  it('rejects absurd tensor and key/value counts before reading them', async () => {
    await rejects(ggufBytes({ kv: BASE, tensorCount: 2n ** 40n }), 'ABSURD_COUNT', /tensors cannot fit/);
    await rejects(ggufBytes({ kv: BASE, kvCount: 1_000_000n }), 'ABSURD_COUNT', /metadata entries cannot fit/);
    await rejects(ggufBytes({ kv: BASE, kvCount: 2n ** 62n }), 'ABSURD_COUNT', /beyond 2\^53|cannot fit/);
  });

  it('rejects strings and arrays longer than the file', async () => {
    const b = ggufBytes({ kv: [{ key: 'general.name', type: 'string', value: 'abc' }] });
    // key length at 24..32, key, type (4), value length (8): patch the value length to 2^40.
    const keyLen = 'general.name'.length;
    const at = 24 + 8 + keyLen + 4;
    new DataView(b.buffer).setBigUint64(at, 2n ** 40n, true);
    await rejects(b, 'TOO_LARGE', /value of general.name is 1099511627776 bytes/);
    const arr = ggufBytes({ kv: [{ key: 'tokenizer.ggml.tokens', type: 'string[]', value: ['a', 'b'] }] });
    const arrAt = 24 + 8 + 'tokenizer.ggml.tokens'.length + 4 + 4;
    new DataView(arr.buffer).setBigUint64(arrAt, 10_000_000n, true);
    await rejects(arr, 'ABSURD_COUNT', /claims 10000000 elements/);
  });

  it('rejects a truncated file with the offset', async () => {
    const b = ggufBytes({ kv: BASE, tensors: [{ name: 'w', dims: [2, 2] }] });
    await rejects(b.subarray(0, 200), 'TRUNCATED', /at byte \d+/);
  });

  it('never reads more than a chunk at a time, whatever the counts claim', async () => {
    const b = ggufBytes({ kv: [...BASE, { key: 'big', type: 'string[]', value: vocab(50_000, []) }] });
    let maxRead = 0;
    const src: ByteSource = {
      size: b.length,
      read: async (o, n) => {
        maxRead = Math.max(maxRead, n);
        return b.subarray(o, o + n);
      },
    };
    await readGgufMetadata(src);
    expect(maxRead).toBeLessThanOrEqual(1 << 20);
  });
});
