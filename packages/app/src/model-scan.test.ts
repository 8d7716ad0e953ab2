import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCycloneDxAibom, CycloneDxAibomSchema } from '@stackport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_FIXTURES, ggufBytes, rawSafetensors } from '../../core/src/models/test-data.js';
import { AppError } from './errors.js';
import { scanModelPath } from './model-scan.js';

let dir: string;
const fixture = (prefix: string) => FAMILY_FIXTURES.find((f) => f.name.startsWith(prefix))!.files();
const now = () => new Date('2026-11-23T10:00:00.000Z');

async function writeDir(root: string, files: Record<string, Uint8Array>) {
  await mkdir(root, { recursive: true });
  for (const [p, b] of Object.entries(files)) await writeFile(join(root, p), b);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackport-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scanModelPath', () => {
  it('scans a directory: hashes every file, parses headers, fingerprints', async () => {
    const files = fixture('DeepSeek-V3');
    const root = join(dir, 'deepseek');
    await writeDir(root, files);
    await mkdir(join(root, '.cache'));
    await writeFile(join(root, '.cache', 'x.lock'), 'x');
    const r = await scanModelPath(root, { now });
    expect(r.scannedAt).toBe('2026-11-23T10:00:00.000Z');
    expect(r.files.map((f) => f.path).sort()).toEqual(Object.keys(files).sort());
    for (const f of r.files) expect(f.sha256).toBe(createHash('sha256').update(files[f.path]!).digest('hex'));
    expect(r.skipped).toEqual([{ path: '.cache', reason: 'hidden directory' }]);
    expect(r.analysis.fingerprint.family?.id).toBe('deepseek');
    expect(CycloneDxAibomSchema.safeParse(buildCycloneDxAibom(r, { toolVersion: 't' })).success).toBe(true);
  });

  it('scans a single GGUF file and flags the Phi-3 "LLaMA v2" contradiction', async () => {
    const files = fixture('Phi-3');
    const root = join(dir, 'phi3');
    await writeDir(root, files);
    const r = await scanModelPath(join(root, Object.keys(files)[0]!), { now });
    expect(r.files).toHaveLength(1);
    expect(r.analysis.fingerprint.family?.id).toBe('phi');
    expect(r.analysis.flags.map((f) => f.code)).toContain('DECLARED_MISMATCH');
  });

  it('reports hostile files per file instead of failing the scan', async () => {
    const root = join(dir, 'hostile');
    const deep = `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    await writeDir(root, {
      'big-header.safetensors': rawSafetensors(10n ** 12n, '{}'),
      'deep.safetensors': rawSafetensors(BigInt(deep.length), deep),
      'absurd.gguf': ggufBytes({ kv: [], tensorCount: 2n ** 50n }),
      'config.json': new TextEncoder().encode('['.repeat(100_000)),
      'pytorch_model.bin': new Uint8Array([0x80, 0x02]),
    });
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));
    const r = await scanModelPath(root, { now });
    const errors = Object.fromEntries(r.files.filter((f) => f.error).map((f) => [f.path, f.error!.code]));
    expect(errors).toEqual({
      'absurd.gguf': 'ABSURD_COUNT',
      'big-header.safetensors': 'TRUNCATED',
      'config.json': 'TOO_DEEP',
      'deep.safetensors': 'TOO_DEEP',
    });
    expect(r.files.every((f) => f.sha256)).toBe(true);
    expect(r.skipped).toEqual([{ path: 'dangling', reason: 'broken symbolic link' }]);
    const codes = r.analysis.flags.map((f) => f.code);
    expect(codes).toContain('PICKLE_WEIGHTS');
    expect(codes.filter((c) => c === 'UNREADABLE_FILE')).toHaveLength(4);
  });

  it('can skip hashing, and rejects a missing path', async () => {
    const root = join(dir, 'gemma');
    await writeDir(root, fixture('Gemma 3'));
    const r = await scanModelPath(root, { hash: false, now });
    expect(r.files.every((f) => f.sha256 === null)).toBe(true);
    expect(r.analysis.fingerprint.family?.id).toBe('gemma');
    await expect(scanModelPath(join(dir, 'missing'))).rejects.toBeInstanceOf(AppError);
  });
});
