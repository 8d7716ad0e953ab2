import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../monitoring/prng.js';
import type { ConcernInput } from './concern-index.js';
import { concernDigest, deltaConcerns, diffConcerns, rescreenOrders } from './rescreen.js';
import { reverseComplement } from './sequence.js';
import { embed, randomDna } from './synthetic.js';
import { DATE_200, TEST_DB } from './test-data.js';

const rng = mulberry32(7);
// Version 1: the test database without its last three DNA concerns. Version 2 adds them back and changes one more.
const dna = TEST_DB.filter((c) => c.kind === 'dna');
const [A, B, C] = dna.slice(-3) as [ConcernInput, ConcernInput, ConcernInput];
const CHANGED = dna[0] as ConcernInput;
const V1 = TEST_DB.filter((c) => c !== A && c !== B && c !== C);
const NEW_SEQ = randomDna(rng, 900);
const V2 = [...V1.map((c) => (c === CHANGED ? { ...c, sequence: NEW_SEQ } : c)), A, B, C];
const order = (id: string, customer: string, date: string, ...seqs: string[]) => ({
  id,
  customer,
  date,
  records: seqs.map((s, i) => ({ id: `${id}-r${i}`, sequence: s, kind: 'dna' as const })),
});

describe('re-screening stored orders against a new concern database version', () => {
  it('diffs two versions by id and content (RNA as DNA; descriptions ignored)', () => {
    const d = diffConcerns(V1, V2);
    expect(d.added).toEqual([A.id, B.id, C.id]);
    expect(d.changed).toEqual([CHANGED.id]);
    expect(d.removed).toEqual([]);
    expect(d.unchanged).toBe(V1.length - 1);
    expect(deltaConcerns(V2, d).map((c) => c.id)).toEqual([CHANGED.id, A.id, B.id, C.id]);
    expect(diffConcerns(V2, V1).removed).toEqual([A.id, B.id, C.id]);
    const rna = { ...A, sequence: A.sequence.replace(/T/g, 'U'), kind: 'rna' as const, description: 'other' };
    expect(concernDigest(rna)).toBe(concernDigest(A));
    expect(diffConcerns(V2, V2)).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it('finds added and changed concerns in stored orders, with windows, and nothing in unrelated orders', () => {
    const delta = deltaConcerns(V2, diffConcerns(V1, V2));
    const orders = [
      order(
        'O-flag',
        'c1',
        `${DATE_200}T10:00:00Z`,
        embed(rng, reverseComplement(A.sequence.slice(100, 400)), 900).sequence,
      ),
      order('O-changed', 'c2', `${DATE_200}T10:00:00Z`, embed(rng, NEW_SEQ.slice(0, 260), 700).sequence),
      order('O-old-seq', 'c3', `${DATE_200}T10:00:00Z`, CHANGED.sequence.slice(0, 400)),
      order('O-warn', 'c4', `${DATE_200}T10:00:00Z`, embed(rng, B.sequence.slice(0, 120), 600).sequence),
      order('O-benign', 'c5', `${DATE_200}T10:00:00Z`, randomDna(rng, 1500)),
    ];
    const m = rescreenOrders(delta, orders);
    expect(m.map((x) => [x.orderId, x.concernId, x.outcome])).toEqual([
      ['O-changed', CHANGED.id, 'Flag'],
      ['O-flag', A.id, 'Flag'],
      ['O-warn', B.id, 'Warning'],
    ]);
    const flag = m.find((x) => x.orderId === 'O-flag')!;
    expect(flag).toMatchObject({
      requiresExpertReview: true,
      coveredNt: 300,
      policyVersion: 'ostp-2024-framework/200nt',
      flagThresholdNt: 200,
    });
    expect(flag.records[0]?.regions[0]).toMatchObject({ concernId: A.id, strand: '-', match: 'exact' });
    expect(flag.records[0]?.windows.length).toBeGreaterThan(0);
    expect(flag.records[0]?.windows.every((w) => w.concernId === A.id)).toBe(true);
    expect(flag.reasons[0]).toMatch(new RegExp(`record 'O-flag-r0': window matches cover 300 nt of concern ${A.id}`));
    expect(m.find((x) => x.orderId === 'O-warn')?.requiresExpertReview).toBe(false);
    // Nothing to search for, or nothing to search: no match.
    expect(rescreenOrders([], orders)).toEqual([]);
  });

  it('unites pieces of a new concern across one customer’s orders within the look-back window', () => {
    const delta = deltaConcerns(V2, diffConcerns(V1, V2));
    const s = C.sequence;
    const orders = [
      order('S-1', 'acct', '2026-02-01T09:00:00Z', embed(rng, s.slice(0, 120), 500).sequence),
      order('S-2', 'acct', '2026-02-20T09:00:00Z', embed(rng, s.slice(120, 240), 500).sequence),
      order('S-3', 'other', '2026-02-21T09:00:00Z', embed(rng, s.slice(240, 360), 500).sequence),
      order('S-4', 'acct', '2026-09-01T09:00:00Z', embed(rng, s.slice(240, 360), 500).sequence),
    ];
    const m = rescreenOrders(delta, orders);
    const byOrder = Object.fromEntries(m.map((x) => [x.orderId, x]));
    expect(byOrder['S-1']).toMatchObject({ outcome: 'Flag', splitOrder: { orderIds: ['S-1', 'S-2'] } });
    expect(byOrder['S-2']).toMatchObject({ outcome: 'Flag', splitOrder: { orderIds: ['S-1', 'S-2'] } });
    // Another customer, and the same customer's order outside the 90-day window, stay Warnings.
    expect(byOrder['S-3']).toMatchObject({ outcome: 'Warning' });
    expect(byOrder['S-3']?.splitOrder).toBeUndefined();
    expect(byOrder['S-4']).toMatchObject({ outcome: 'Warning' });
    expect(rescreenOrders(delta, orders, { lookbackDays: 365 }).find((x) => x.orderId === 'S-4')?.outcome).toBe('Flag');
  });
});
