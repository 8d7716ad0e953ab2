import { describe, expect, it } from 'vitest';
import { CATALOGUE, findPart } from './index.js';

describe('CATALOGUE', () => {
  it('has unique kebab-case ids', () => {
    const ids = CATALOGUE.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/);
  });

  it('has the parts the issue requires', () => {
    for (const id of [
      'nvidia-h100-sxm',
      'nvidia-h100-pcie',
      'nvidia-h200-sxm',
      'nvidia-h20',
      'nvidia-b200',
      'nvidia-b300',
      'nvidia-a100-sxm',
      'nvidia-a800-sxm',
      'nvidia-l4',
      'nvidia-rtx-4090',
      'nvidia-rtx-4090-d',
      'amd-mi300x',
      'amd-mi325x',
      'amd-mi355x',
      'intel-gaudi-2',
      'intel-gaudi-3',
      'huawei-ascend-910b',
    ]) {
      expect(findPart(id), id).toBeDefined();
    }
    const cats = new Set(CATALOGUE.map((p) => p.category));
    for (const c of ['accelerator', 'gpu-consumer', 'hbm', 'sme', 'system', 'model'])
      expect(cats.has(c as never)).toBe(true);
    expect(CATALOGUE.filter((p) => p.spec.sme?.subsystem).length).toBeGreaterThan(0);
  });

  it('every part cites a source and carries it into the spec; no classification answer is stored', () => {
    for (const p of CATALOGUE) {
      expect(p.sources.length, p.id).toBeGreaterThan(0);
      for (const s of p.sources) expect(s.url ?? s.note, p.id).toBeTruthy();
      expect(p.spec.sources).toBe(p.sources);
      expect(p.spec.partId).toBe(p.id);
      // The only ECCN a part may carry is the exporter's SME assertion (input, checked by classify).
      expect(p.spec.eccn, p.id).toBeUndefined();
      if (p.category !== 'sme') expect(p.spec.sme, p.id).toBeUndefined();
    }
  });

  it('dense vs sparse is explicit where datasheets state sparsity figures', () => {
    expect(findPart('nvidia-h100-sxm')!.spec.performance!.find((f) => f.precision === 'FP8')).toMatchObject({
      tops: 3958,
      sparse: true,
    });
    expect(findPart('nvidia-l4')!.spec.performance!.every((f) => f.sparse)).toBe(true);
  });
});

describe('findPart', () => {
  it('finds by id case-insensitively', () => {
    expect(findPart('NVIDIA-H100-SXM')?.id).toBe('nvidia-h100-sxm');
  });

  it('finds by exact-ish name', () => {
    expect(findPart('H100 SXM5 80GB')?.id).toBe('nvidia-h100-sxm');
    expect(findPart('nvidia h20')?.id).toBe('nvidia-h20');
    expect(findPart('Gaudi 3')?.id).toBe('intel-gaudi-3');
    expect(findPart('  geforce rtx 4090 d ')?.id).toBe('nvidia-rtx-4090-d');
    expect(findPart('Ascend 910B')?.id).toBe('huawei-ascend-910b');
  });

  it('returns undefined for unknown or ambiguous names', () => {
    expect(findPart('H999')).toBeUndefined();
    expect(findPart('')).toBeUndefined();
    expect(findPart('NVIDIA')).toBeUndefined();
    expect(findPart('H100')).toBeUndefined();
  });
});
