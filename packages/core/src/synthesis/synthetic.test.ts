import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../monitoring/prng.js';
import { evaluateBenign, evaluateHazards } from './evaluate.js';
import { policyAt } from './policy.js';
import { reverseComplement } from './sequence.js';
import {
  BENIGN_CATEGORIES,
  benignCorpus,
  HAZARD_KINDS,
  hazardCases,
  pointMutate,
  splitSequence,
  syntheticConcernDb,
} from './synthetic.js';
import { DATE_50, DATE_200, TEST_DB, testIndex } from './test-data.js';

const index = testIndex();

describe('synthetic data', () => {
  it('is seeded and deterministic, and every concern is a labelled random stand-in', () => {
    const o = { dnaConcerns: 3, dnaLength: [100, 200], proteinConcerns: 2, proteinLength: [50, 60] } as const;
    expect(syntheticConcernDb(1, o)).toEqual(syntheticConcernDb(1, o));
    expect(syntheticConcernDb(1, o)).not.toEqual(syntheticConcernDb(2, o));
    expect(
      TEST_DB.every((c) => /^SYN-(DNA|PROT)-\d{5}$/.test(c.id) && /not a real sequence/.test(c.description ?? '')),
    ).toBe(true);
  });

  it('point mutations keep at most 2 per 50 nt window; split pieces reassemble', () => {
    const seq = (TEST_DB[0]?.sequence ?? '').slice(0, 600);
    const { sequence, positions } = pointMutate(mulberry32(1), seq);
    for (let i = 0; i + 50 <= seq.length; i++) {
      expect(positions.filter((p) => p >= i && p < i + 50).length).toBeLessThanOrEqual(2);
    }
    expect([...sequence].filter((c, i) => c !== seq[i]).length).toBe(positions.length);
    expect(splitSequence(seq, 4).join('')).toBe(seq);
    expect(reverseComplement(reverseComplement(sequence))).toBe(sequence);
  });
});

describe('recall and false flags on synthetic data', () => {
  const cases = hazardCases(11, TEST_DB, { count: 135, date: DATE_200 });

  it('detects 100 % of seeded hazards of every kind (exact, reverse-complemented, offset, mutated, back-translated, split)', () => {
    const ev = evaluateHazards(index, cases);
    expect(ev.missed).toEqual([]);
    expect(ev.recall).toBe(1);
    for (const k of HAZARD_KINDS) expect(ev.byKind[k]?.total, k).toBe(15);
  });

  it('also at 100 % under the 50 nt policy with 60–199 nt hazards', () => {
    const short = hazardCases(12, TEST_DB, { count: 45, date: DATE_50, lengthNt: [60, 199] });
    expect(evaluateHazards(index, short, policyAt(DATE_50)).recall).toBe(1);
  });

  it('flags ≤ 1 % of the benign corpus (random, low-complexity, repeats, vector-like, RNA, protein)', () => {
    const benign = benignCorpus(13, 450, 2000);
    expect(new Set(benign.map((b) => b.category))).toEqual(new Set(BENIGN_CATEGORIES));
    for (const date of [DATE_200, DATE_50]) {
      const ev = evaluateBenign(index, benign, date);
      expect(ev.falseFlagRate).toBeLessThanOrEqual(0.01);
      expect(ev.flags).toBe(0);
    }
  });
});
