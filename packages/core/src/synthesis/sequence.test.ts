import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../monitoring/prng.js';
import {
  CODONS_FOR,
  frameIntervalToNt,
  GENETIC_CODE,
  normaliseNucleotides,
  READING_FRAMES,
  reverseComplement,
  sixFrameTranslation,
  translate,
} from './sequence.js';
import { backTranslate, randomProtein } from './synthetic.js';

const dnaArb = fc.string({ unit: fc.constantFrom(...'ACGTRYSWKMBDHVN'), maxLength: 200 });

describe('sequence primitives', () => {
  it('normalises RNA to DNA and uppercases', () => {
    expect(normaliseNucleotides('acguUN')).toBe('ACGTTN');
  });

  it('reverse-complements with IUPAC ambiguity codes', () => {
    expect(reverseComplement('ATGC')).toBe('GCAT');
    expect(reverseComplement('RYKMBVDHSWN')).toBe('NWSDHBVKMRY');
    expect(reverseComplement('AUG')).toBe('CAT');
    expect(() => reverseComplement('ATXG')).toThrow(/'X' at position 3/);
  });

  it('reverse complement is an involution (property)', () => {
    fc.assert(fc.property(dnaArb, (s) => reverseComplement(reverseComplement(s)) === s));
  });

  it('has the standard genetic code (table 1)', () => {
    expect(Object.keys(GENETIC_CODE)).toHaveLength(64);
    expect(GENETIC_CODE.ATG).toBe('M');
    expect(GENETIC_CODE.TGG).toBe('W');
    expect(['TAA', 'TAG', 'TGA'].map((c) => GENETIC_CODE[c])).toEqual(['*', '*', '*']);
    expect(CODONS_FOR.L).toHaveLength(6);
    expect(CODONS_FOR.R).toHaveLength(6);
    expect(CODONS_FOR.M).toEqual(['ATG']);
    const counts = Object.values(CODONS_FOR).reduce((n, c) => n + c.length, 0);
    expect(counts).toBe(64);
  });

  it('translates six frames, ambiguous codons become X', () => {
    const f = sixFrameTranslation('ATGGCCATTGTAATGGGCCGCTGA');
    expect(f[1]).toBe('MAIVMGR*');
    expect(f[-1]).toBe(translate(reverseComplement('ATGGCCATTGTAATGGGCCGCTGA'), 1));
    expect(translate('ATGNNNTGG')).toBe('MXW');
    expect(translate('AUGGCC')).toBe('MA');
  });

  it('back-translation with random synonymous codons translates back to the protein (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 120 }), (seed, n) => {
        const rng = mulberry32(seed);
        const p = randomProtein(rng, n);
        const dna = backTranslate(rng, p);
        return dna.length === 3 * n && translate(dna, 1) === p && translate(reverseComplement(dna), -1) === p;
      }),
    );
  });

  it('maps frame intervals back to the nucleotides they were read from (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ACGT'), minLength: 9, maxLength: 90 }), (s) => {
        for (const f of READING_FRAMES) {
          const aa = translate(s, f);
          for (let i = 0; i < aa.length; i++) {
            const [a, b] = frameIntervalToNt(f, i, i + 1, s.length);
            const codon = s.slice(a, b);
            if (translate(f > 0 ? codon : reverseComplement(codon), 1) !== aa[i]) return false;
          }
        }
        return true;
      }),
    );
  });
});
