import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../monitoring/prng.js';
import { policyAt } from './policy.js';
import { screenOrder } from './screen.js';
import { reverseComplement } from './sequence.js';
import { detectSplitOrders, findSplits } from './split-order.js';
import { embed } from './synthetic.js';
import { concern, DATE_200, testIndex } from './test-data.js';

const index = testIndex();
const C = concern('SYN-DNA-00011').sequence;
const D = concern('SYN-DNA-00012').sequence;
const order = (id: string, date: string, ...seqs: string[]) =>
  screenOrder(index, {
    id,
    date,
    records: seqs.map((s, i) => ({ id: `${id}-r${i}`, sequence: s, kind: 'dna' as const })),
  });

describe('split-order detection', () => {
  it('names the orders whose pieces of one concern add up to the threshold', () => {
    const rng = mulberry32(1);
    const a = order('A-1', '2026-02-01', embed(rng, C.slice(0, 90), 400).sequence);
    const b = order('A-2', '2026-02-09', embed(rng, reverseComplement(C.slice(90, 170)), 300).sequence);
    const c = order('A-3', '2026-03-01', C.slice(170, 215)); // 45 nt: a fragment only
    expect([a.outcome, b.outcome, c.outcome]).toEqual(['Warning', 'Warning', 'Clear']);
    const f = detectSplitOrders([a, b, c]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      kind: 'split_order',
      outcome: 'Flag',
      requiresExpertReview: true,
      concernId: 'SYN-DNA-00011',
      orderIds: ['A-1', 'A-2', 'A-3'],
      thresholdNt: 200,
      policyVersion: 'ostp-2024-framework/200nt',
    });
    expect(f[0]?.coveredNt).toBeGreaterThanOrEqual(215);
    expect(f[0]?.perOrderNt['A-3']).toBeGreaterThanOrEqual(45);
    expect(f[0]?.reasons[0]).toMatch(/A-1, A-2, A-3 together cover/);
  });

  it('does not count overlapping pieces twice, nor pieces of different concerns', () => {
    const a = order('B-1', DATE_200, C.slice(0, 120));
    const b = order('B-2', DATE_200, C.slice(20, 140)); // overlaps: union 140 nt
    const c = order('B-3', DATE_200, D.slice(0, 120));
    expect(detectSplitOrders([a, b, c])).toEqual([]);
  });

  it('reports nothing new when one order already reaches the threshold alone', () => {
    const a = order('C-1', DATE_200, C.slice(0, 250));
    const b = order('C-2', DATE_200, C.slice(250, 300));
    expect(a.outcome).toBe('Flag');
    expect(detectSplitOrders([a, b])).toEqual([]);
  });

  it('uses the policy at the latest order date unless given', () => {
    const a = order('D-1', '2026-10-01', C.slice(0, 45));
    const b = order('D-2', '2026-10-20', C.slice(500, 540));
    const f = detectSplitOrders([a, b]);
    expect(f[0]).toMatchObject({
      thresholdNt: 50,
      policyVersion: 'ostp-2024-framework/50nt',
      orderIds: ['D-1', 'D-2'],
    });
    expect(detectSplitOrders([a, b], { policy: policyAt('2026-01-01') })).toEqual([]);
  });

  it('findSplits counts protein concerns at 3 nt per residue', () => {
    const p = policyAt(DATE_200);
    const pieces = [
      { sourceId: 'x', concernId: 'P', start: 0, end: 40, unitNt: 3 },
      { sourceId: 'y', concernId: 'P', start: 40, end: 70, unitNt: 3 },
    ];
    expect(findSplits(pieces, p)[0]).toMatchObject({ coveredNt: 210, perOrderNt: { x: 120, y: 90 } });
  });
});
