import { describe, expect, it } from 'vitest';
import { classify, findPart, NEEDS_INPUT } from './index.js';

const codes = (c: { flags: readonly { code: string }[] }) => c.flags.map((f) => f.code);
const mw = (trainingOps?: number, published?: boolean) => ({
  kind: 'model-weights' as const,
  modelWeights: {
    ...(trainingOps !== undefined ? { trainingOps } : {}),
    ...(published !== undefined ? { published } : {}),
  },
});

describe('4E091 model weights', () => {
  it('unpublished, ≥ 1e26 operations → 4E091, flagged as Diffusion text not enforced', () => {
    const c = classify(findPart('example-frontier-closed-weights')!.spec, '2026-11-22');
    expect(c).toMatchObject({ status: 'classified', eccn: '4E091', paragraphs: ['4E091'] });
    expect(codes(c)).toContain('AI_DIFFUSION_TEXT_NOT_ENFORCED');
    expect(c.metrics.trainingOps).toBe(3e26);
  });

  it('published weights are not subject to the EAR (§734.7)', () => {
    const c = classify(mw(2e26, true), '2026-11-22');
    expect(c).toMatchObject({ status: 'not-listed', eccn: null });
    expect(c.reasoning.some((r) => r.citations?.some((x) => x.cfr === '15 CFR 734.7'))).toBe(true);
  });

  it('below 1e26 is outside 4E091 (Llama 3.1 405B, 3.8e25, published)', () => {
    const c = classify(findPart('meta-llama-3.1-405b')!.spec, '2026-11-22');
    expect(c).toMatchObject({ status: 'not-listed', eccn: null });
    expect(c.reasoning.map((r) => r.text).join('\n')).toContain('3.8 × 10^25');
  });

  it('exactly 1e26 meets the parameter', () => {
    expect(classify(mw(1e26, false), '2026-11-22').eccn).toBe('4E091');
  });

  it('enforced window 2025-01-13 .. 2025-05-12 has no non-enforcement flag; before 2025-01-13 there is no 4E091', () => {
    expect(codes(classify(mw(3e26, false), '2025-03-01'))).not.toContain('AI_DIFFUSION_TEXT_NOT_ENFORCED');
    expect(classify(mw(3e26, false), '2025-03-01').eccn).toBe('4E091');
    expect(classify(mw(3e26, false), '2025-01-12').status).toBe('not-listed');
  });

  it('needs training operations, then publication status', () => {
    expect(classify(mw(), '2026-11-22').needsInput).toEqual([NEEDS_INPUT.trainingOps]);
    expect(classify(mw(5e26), '2026-11-22').needsInput).toEqual([NEEDS_INPUT.published]);
  });
});
