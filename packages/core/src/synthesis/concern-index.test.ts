import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../monitoring/prng.js';
import { buildConcernIndex, fnv1a64, lookupSeed, seedKeys } from './concern-index.js';
import { encodeNucleotides, reverseComplement } from './sequence.js';
import { randomDna } from './synthetic.js';
import { TEST_DB, testIndex } from './test-data.js';

describe('concern index', () => {
  it('packs 16-mers into 32-bit keys, skipping ambiguous bases', () => {
    const { keys, valid } = seedKeys(encodeNucleotides('ACGTACGTACGTACGTTNAAAAAAAAAAAAAAAA'), 'dna');
    expect(valid[0]).toBe(1);
    expect(keys[0]).toBe(0x1b1b1b1b);
    expect(valid[2]).toBe(0); // contains N
    expect(valid[18]).toBe(1);
    expect(keys[18]).toBe(0);
  });

  it('indexes DNA concerns on both strands and protein concerns', () => {
    const index = testIndex();
    const dna = TEST_DB.filter((c) => c.kind === 'dna');
    const total = dna.reduce((n, c) => n + c.sequence.length - 15, 0);
    expect(index.dna.keys.length).toBe(2 * total);
    const c = dna[0]?.sequence ?? '';
    for (const s of [c.slice(100, 116), reverseComplement(c.slice(100, 116))]) {
      const { keys } = seedKeys(encodeNucleotides(s), 'dna');
      const [lo, hi] = lookupSeed(index.dna, keys[0] as number);
      expect(hi - lo).toBeGreaterThanOrEqual(1);
    }
    expect(index.protein.keys.length).toBeGreaterThan(0);
  });

  it('is deterministic and versioned by content', () => {
    const a = buildConcernIndex(TEST_DB.slice(0, 5));
    const b = buildConcernIndex(TEST_DB.slice(0, 5));
    expect(a.version).toBe(b.version);
    expect(a.version).toMatch(/^cdb-[0-9a-f]{16}$/);
    const changed = TEST_DB.slice(0, 5).map((c, i) => (i === 0 ? { ...c, sequence: `${c.sequence}A` } : c));
    expect(buildConcernIndex(changed).version).not.toBe(a.version);
    expect(fnv1a64([])).toBe('cbf29ce484222325');
    expect(fnv1a64(['a']).length).toBe(16);
  });

  it('rejects duplicate concern ids', () => {
    const c = TEST_DB[0];
    if (!c) throw new Error('fixture');
    expect(() => buildConcernIndex([c, c])).toThrow(/duplicate id/);
  });

  it('normalises RNA concerns to DNA', () => {
    const seq = randomDna(mulberry32(9), 100);
    const idx = buildConcernIndex([{ id: 'r', kind: 'rna', sequence: seq.replace(/T/g, 'U') }]);
    expect(idx.sequences[0]).toBe(seq);
    expect(idx.concerns[0]?.kind).toBe('dna');
  });
});
