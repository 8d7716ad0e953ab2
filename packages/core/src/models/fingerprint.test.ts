import { describe, expect, it } from 'vitest';
import { MODEL_FAMILIES } from './families.js';
import { FAMILY_FIXTURES, scanFixture } from './test-data.js';

describe('family fingerprinting on fixture model directories', () => {
  it('has a fixture for every fingerprinted family', () => {
    const covered = new Set(FAMILY_FIXTURES.map((f) => f.family));
    expect(MODEL_FAMILIES.map((f) => f.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const fx of FAMILY_FIXTURES)
    it(`${fx.name} → ${fx.family ?? 'unknown'}`, async () => {
      const report = await scanFixture(fx.files());
      const { fingerprint: fp, flags } = report.analysis;
      expect(report.files.filter((f) => f.error)).toEqual([]);
      expect(fp.family?.id ?? null, fp.reasons.join('\n')).toBe(fx.family);
      if (fx.family) expect(fp.level, `${fp.confidence} ${fp.reasons.join('\n')}`).not.toBe('low');
      expect(fp.architectureFamily?.id).toBe(fx.architectureFamily);
      const codes = flags.map((f) => f.code);
      for (const code of fx.flags ?? []) expect(codes, JSON.stringify(flags, null, 1)).toContain(code);
      if (!fx.flags?.includes('DECLARED_MISMATCH')) expect(codes).not.toContain('DECLARED_MISMATCH');
    });

  it('reports origin organisation and country with reasons', async () => {
    const r = await scanFixture(FAMILY_FIXTURES.find((f) => f.name.startsWith('DeepSeek-V3'))!.files());
    const fp = r.analysis.fingerprint;
    expect(fp.family).toMatchObject({ id: 'deepseek', country: 'CN' });
    expect(fp.level).toBe('high');
    expect(fp.basis).toBe('tokenizer');
    expect(fp.reasons.join(' ')).toContain('<｜begin▁of▁sentence｜>');
    expect(r.analysis.summary.contextLength).toBe(163840);
    expect(r.analysis.summary.name).toBe('deepseek-ai/DeepSeek-V3');
  });

  it('flags the Phi-3 GGUF that declares "LLaMA v2" (same country: medium)', async () => {
    const r = await scanFixture(FAMILY_FIXTURES.find((f) => f.name.startsWith('Phi-3'))!.files());
    const flag = r.analysis.flags.find((f) => f.code === 'DECLARED_MISMATCH')!;
    expect(flag.severity).toBe('medium');
    expect(flag.message).toMatch(/declared metadata names Llama but the observed fingerprint is Phi \(Microsoft, US/);
    expect(flag.evidence).toContain('declared Llama in gguf:general.name');
  });

  it('flags Qwen weights relabelled as Llama as a cross-border contradiction (high)', async () => {
    const r = await scanFixture(FAMILY_FIXTURES.find((f) => f.name.startsWith('Qwen weights relabelled'))!.files());
    const flag = r.analysis.flags.find((f) => f.code === 'DECLARED_MISMATCH')!;
    expect(flag.severity).toBe('high');
    expect(flag.message).toMatch(/different countries/);
  });

  it('lowers confidence to "declared only" when nothing observed supports the name', async () => {
    const enc = new TextEncoder();
    const r = await scanFixture({
      'config.json': enc.encode(JSON.stringify({ model_type: 'acme', _name_or_path: 'Qwen/Qwen2.5-7B' })),
    });
    const fp = r.analysis.fingerprint;
    expect(fp.family?.id).toBe('qwen');
    expect(fp.basis).toBe('declared');
    expect(fp.level).toBe('low');
    expect(r.analysis.flags.map((f) => f.code)).toContain('DECLARED_ONLY');
  });

  it('reports unreadable files as flags, not exceptions', async () => {
    const r = await scanFixture({ 'model.safetensors': new Uint8Array([255, 255, 255, 255, 255, 255, 255, 0, 1]) });
    expect(r.files[0]?.error?.code).toBe('TRUNCATED');
    expect(r.analysis.flags.map((f) => f.code)).toContain('UNREADABLE_FILE');
  });
});
