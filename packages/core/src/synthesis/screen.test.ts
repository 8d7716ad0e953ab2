import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../monitoring/prng.js';
import { policyAt } from './policy.js';
import { screenOrder, screenSequence } from './screen.js';
import { reverseComplement } from './sequence.js';
import { backTranslate, embed, pointMutate, randomDna, randomProtein } from './synthetic.js';
import { concern, DATE_50, DATE_200, TEST_DB, testIndex } from './test-data.js';

const index = testIndex();
const C = concern('SYN-DNA-00007').sequence;
const P = concern('SYN-PROT-00003').sequence;
const dna = (id: string, sequence: string) => ({ id, sequence, kind: 'dna' as const });

describe('screenSequence', () => {
  it('flags an exact 300 nt match, with offsets, strand, reasons, policy and expert review', () => {
    const rng = mulberry32(1);
    const frag = C.slice(500, 800);
    const { sequence, offset } = embed(rng, frag, 1000);
    const s = screenSequence(index, dna('o1', sequence), { date: DATE_200 });
    expect(s.outcome).toBe('Flag');
    expect(s.requiresExpertReview).toBe(true);
    expect(s.policyVersion).toBe('ostp-2024-framework/200nt');
    expect(s.policyFlags).toContain('ambiguous');
    expect(s.indexVersion).toBe(index.version);
    const r = s.regions.find((x) => x.via === 'dna' && !x.fragment);
    expect(r).toMatchObject({ concernId: 'SYN-DNA-00007', strand: '+', match: 'exact', mismatches: 0 });
    // Flanks are random: a chance match of a base or two at either end is possible.
    expect(Math.abs((r?.orderStart ?? 0) - offset)).toBeLessThanOrEqual(3);
    expect(Math.abs((r?.concernStart ?? 0) - 500)).toBeLessThanOrEqual(3);
    expect((r?.concernEnd ?? 0) - (r?.concernStart ?? 0)).toBe((r?.orderEnd ?? 0) - (r?.orderStart ?? 0));
    expect(s.coverage[0]?.coveredNt).toBeGreaterThanOrEqual(300);
    expect(s.reasons[0]).toMatch(/SYN-DNA-00007.*≥ flag threshold 200 nt.*expert review/);
    for (const w of s.windows) {
      expect(w.orderEnd - w.orderStart).toBe(50);
      expect(sequence.slice(w.orderStart, w.orderEnd)).toBe(C.slice(w.concernStart, w.concernEnd));
    }
  });

  it('finds the reverse complement and reports concern coordinates on the forward strand', () => {
    const frag = C.slice(1000, 1250);
    const s = screenSequence(index, dna('o', `GGGG${reverseComplement(frag)}`), { date: DATE_200 });
    expect(s.outcome).toBe('Flag');
    const r = s.regions.find((x) => x.via === 'dna' && !x.fragment);
    expect(r?.strand).toBe('-');
    expect(r?.concernStart).toBeLessThanOrEqual(1000);
    expect(r?.concernEnd).toBe(1250);
    for (const w of s.windows.filter((x) => x.via === 'dna')) {
      expect(reverseComplement(`GGGG${reverseComplement(frag)}`.slice(w.orderStart, w.orderEnd))).toBe(
        C.slice(w.concernStart, w.concernEnd),
      );
    }
  });

  it('finds near matches with ≤ 2 mismatches per 50 nt window and verifies them by Hamming distance', () => {
    const rng = mulberry32(2);
    const { sequence, positions } = pointMutate(rng, C.slice(0, 400));
    expect(positions.length).toBeGreaterThan(4);
    const s = screenSequence(index, dna('m', sequence), { date: DATE_200 });
    expect(s.outcome).toBe('Flag');
    const r = s.regions.find((x) => !x.fragment && x.via === 'dna');
    expect(r?.match).toBe('near');
    expect(r?.mismatches).toBe(positions.filter((p) => p >= (r?.orderStart ?? 0) && p < (r?.orderEnd ?? 0)).length);
    expect(s.windows.some((w) => w.match === 'near')).toBe(true);
  });

  it('screens DNA as six-frame translation against protein concerns (back-translated, any strand and offset)', () => {
    const rng = mulberry32(3);
    const bt = backTranslate(rng, P.slice(10, 90)); // 240 nt, DNA differs from any DNA concern
    for (const seq of [`A${bt}`, `TT${reverseComplement(bt)}C`]) {
      const s = screenSequence(index, dna('bt', seq), { date: DATE_200 });
      expect(s.outcome).toBe('Flag');
      const r = s.regions.find((x) => x.via === 'six-frame');
      expect(r).toMatchObject({ concernId: 'SYN-PROT-00003', concernKind: 'protein', match: 'exact' });
      expect(r?.lengthNt).toBeGreaterThanOrEqual(240);
      expect(Math.abs(r?.frame ?? 0)).toBeGreaterThan(0);
    }
  });

  it('screens protein records against protein concerns (3 nt per residue)', () => {
    const s = screenSequence(
      index,
      { id: 'p', sequence: `MK${P.slice(0, 30)}GG`, kind: 'protein' },
      { date: DATE_200 },
    );
    expect(s.outcome).toBe('Warning'); // 30 aa = 90 nt < 200 nt
    expect(s.coverage[0]).toMatchObject({ concernId: 'SYN-PROT-00003', coveredNt: 90 });
    const s50 = screenSequence(
      index,
      { id: 'p', sequence: `MK${P.slice(0, 30)}GG`, kind: 'protein' },
      { date: DATE_50 },
    );
    expect(s50.outcome).toBe('Flag');
  });

  it('RNA orders are screened as DNA', () => {
    const s = screenSequence(
      index,
      { id: 'r', sequence: C.slice(0, 260).replace(/T/g, 'U'), kind: 'rna' },
      { date: DATE_200 },
    );
    expect(s.outcome).toBe('Flag');
  });

  it('switches a 60–199 nt match from Warning to Flag on 2026-10-13', () => {
    const rng = mulberry32(4);
    for (const len of [60, 120, 199]) {
      const seq = embed(rng, C.slice(1500, 1500 + len), len + 300).sequence;
      const before = screenSequence(index, dna('t', seq), { date: '2026-10-12' });
      const after = screenSequence(index, dna('t', seq), { date: '2026-10-13' });
      expect(before.outcome, `${len} nt before`).toBe('Warning');
      expect(before.policyVersion).toBe('ostp-2024-framework/200nt');
      expect(before.requiresExpertReview).toBe(false);
      expect(after.outcome, `${len} nt after`).toBe('Flag');
      expect(after.policyVersion).toBe('ostp-2024-framework/50nt');
      expect(after.reasons[0]).toMatch(/≥ flag threshold 50 nt/);
    }
  });

  it('clears random and low-complexity sequences and explains why', () => {
    const rng = mulberry32(5);
    for (const seq of [randomDna(rng, 3000), 'A'.repeat(1000), 'CAG'.repeat(300)]) {
      const s = screenSequence(index, dna('b', seq), { date: DATE_50 });
      expect(s.outcome).toBe('Clear');
      expect(s.requiresExpertReview).toBe(false);
      expect(s.reasons[0]).toMatch(/no window match against 90 concerns/);
    }
    const p = screenSequence(index, { id: 'p', sequence: randomProtein(rng, 500), kind: 'protein' }, { date: DATE_50 });
    expect(p.outcome).toBe('Clear');
  });

  it('keeps an exact 30–49 nt fragment for split analysis without changing the outcome', () => {
    const s = screenSequence(index, dna('f', `${randomDna(mulberry32(6), 50)}${C.slice(200, 240)}`), { date: DATE_50 });
    expect(s.outcome).toBe('Clear');
    expect(s.regions.some((r) => r.fragment && r.concernId === 'SYN-DNA-00007')).toBe(true);
    expect(s.reasons.join(' ')).toMatch(/fragment/);
  });

  it('any ≥ 200 nt stretch of any DNA concern flags, at any offset and on either strand (property)', () => {
    const dnaDb = TEST_DB.filter((c) => c.kind === 'dna');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: dnaDb.length - 1 }),
        fc.integer({ min: 200, max: 600 }),
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (ci, len, startSeed, rc, seed) => {
          const c = (dnaDb[ci] as (typeof dnaDb)[number]).sequence;
          const start = startSeed % (c.length - len + 1);
          const frag = c.slice(start, start + len);
          const { sequence } = embed(mulberry32(seed), rc ? reverseComplement(frag) : frag, len + (seed % 700));
          return screenSequence(index, dna('x', sequence), { date: DATE_200 }).outcome === 'Flag';
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('screenOrder', () => {
  it('screens every record, takes the worst outcome and records the policy', () => {
    const rng = mulberry32(7);
    const o = screenOrder(index, {
      id: 'ord-1',
      date: DATE_200,
      records: [dna('a', randomDna(rng, 500)), dna('b', C.slice(0, 100)), dna('c', C.slice(0, 300))],
    });
    expect(o.records.map((r) => r.outcome)).toEqual(['Clear', 'Warning', 'Flag']);
    expect(o.outcome).toBe('Flag');
    expect(o.requiresExpertReview).toBe(true);
    expect(o.policyVersion).toBe(policyAt(DATE_200).version);
    expect(o.reasons[0]).toBe('3 record(s): 1 Flag, 1 Warning, 1 Clear under policy ostp-2024-framework/200nt');
  });

  it('flags a concern assembled from several records of one order (oligo pool)', () => {
    const pieces = [
      C.slice(0, 45),
      reverseComplement(C.slice(45, 90)),
      C.slice(90, 135),
      C.slice(135, 180),
      C.slice(180, 225),
    ];
    const o = screenOrder(index, { id: 'pool', date: DATE_200, records: pieces.map((p, i) => dna(`oligo${i}`, p)) });
    expect(o.records.every((r) => r.outcome === 'Clear')).toBe(true);
    expect(o.outcome).toBe('Flag');
    expect(o.withinOrderSplits[0]).toMatchObject({ concernId: 'SYN-DNA-00007', coveredNt: 225 });
    expect(o.withinOrderSplits[0]?.recordIds).toHaveLength(5);
  });

  it('is deterministic', () => {
    const order = { id: 'd', date: DATE_50, records: [dna('a', C.slice(10, 400))] };
    expect(JSON.stringify(screenOrder(index, order))).toBe(JSON.stringify(screenOrder(index, order)));
  });
});
