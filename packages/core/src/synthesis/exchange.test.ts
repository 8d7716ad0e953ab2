import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../monitoring/prng.js';
import {
  canonicalWindow,
  checkBulletin,
  customerToken,
  keyedWindowHash,
  keyedWindows,
  publishBulletin,
} from './exchange.js';
import { screenOrder } from './screen.js';
import { reverseComplement } from './sequence.js';
import { embed, randomDna } from './synthetic.js';
import { concern, DATE_200, testIndex } from './test-data.js';

const index = testIndex();
const KEY = 'shared-provider-key-for-tests-only';
const H = concern('SYN-DNA-00021').sequence;

function setup() {
  const rng = mulberry32(8);
  const orderA = {
    id: 'A-77',
    date: '2026-04-02',
    records: [{ id: 'part1', sequence: embed(rng, H.slice(300, 420), 500).sequence, kind: 'dna' as const }],
  };
  const orderB = {
    id: 'B-12',
    date: '2026-04-09',
    records: [
      { id: 'part2', sequence: embed(rng, reverseComplement(H.slice(420, 540)), 450).sequence, kind: 'dna' as const },
    ],
  };
  const sA = screenOrder(index, orderA);
  const sB = screenOrder(index, orderB);
  return { orderA, orderB, sA, sB };
}

describe('keyed window exchange', () => {
  it('hashes windows canonically, keyed and truncated', () => {
    const w = H.slice(0, 30);
    expect(keyedWindowHash(KEY, w)).toBe(keyedWindowHash(KEY, reverseComplement(w)));
    expect(keyedWindowHash(KEY, w)).toHaveLength(32);
    expect(keyedWindowHash('other-key', w)).not.toBe(keyedWindowHash(KEY, w));
    expect(canonicalWindow('TTTT')).toBe('AAAA');
    expect(keyedWindows(KEY, 'ACGTN'.repeat(20)).length).toBe(0); // every window has an N
    expect(customerToken(KEY, ' Acme  Bio ')).toBe(customerToken(KEY, 'acme bio'));
  });

  it('detects a split across two providers without sharing sequences', () => {
    const { orderA, orderB, sA, sB } = setup();
    expect(sA.outcome).toBe('Warning');
    expect(sB.outcome).toBe('Warning');
    const bulletin = publishBulletin({
      key: KEY,
      provider: 'provider-A',
      customer: 'Acme Bio Ltd',
      date: '2026-04-02',
      index,
      screenings: [sA],
      orders: [orderA],
    });
    const json = JSON.stringify(bulletin);
    // No sequence, concern id or customer name is in the bulletin.
    for (let i = 0; i + 20 <= orderA.records[0].sequence.length; i += 10) {
      expect(json).not.toContain(orderA.records[0].sequence.slice(i, i + 20));
    }
    expect(json).not.toContain('SYN-');
    expect(json).not.toMatch(/acme/i);
    expect(bulletin.concernWindows.length).toBeGreaterThan(80);

    const check = checkBulletin(bulletin, { key: KEY, customer: 'ACME BIO LTD', index, screening: sB, order: orderB });
    expect(check.sameCustomer).toBe(true);
    expect(check.externalPieces.length).toBeGreaterThan(0);
    expect(check.splitFindings).toHaveLength(1);
    expect(check.splitFindings[0]).toMatchObject({
      concernId: 'SYN-DNA-00021',
      orderIds: ['B-12', 'provider-A@2026-04-02'],
      outcome: 'Flag',
      requiresExpertReview: true,
    });
    expect(check.splitFindings[0]?.coveredNt).toBeGreaterThanOrEqual(240);
    expect(check.overlaps).toEqual([]); // different pieces: no identical windows
  });

  it('finds the same sequence re-ordered at another provider (direct overlap)', () => {
    const { orderA, sA } = setup();
    const bulletin = publishBulletin({
      key: KEY,
      provider: 'provider-A',
      customer: 'Acme Bio Ltd',
      date: DATE_200,
      index,
      screenings: [sA],
      orders: [orderA],
    });
    const again = {
      id: 'B-13',
      date: DATE_200,
      records: [{ id: 'x', sequence: orderA.records[0].sequence, kind: 'dna' as const }],
    };
    const check = checkBulletin(bulletin, {
      key: KEY,
      customer: 'Acme Bio Ltd',
      index,
      screening: screenOrder(index, again),
      order: again,
    });
    expect(check.overlaps.length).toBeGreaterThan(400);
  });

  it('finds nothing with another key, another customer, or unrelated orders', () => {
    const { orderA, sA, sB } = setup();
    const input = {
      provider: 'provider-A',
      customer: 'Acme Bio Ltd',
      date: DATE_200,
      index,
      screenings: [sA],
      orders: [orderA],
    };
    const b = publishBulletin({ ...input, key: KEY });
    expect(checkBulletin(b, { key: KEY, customer: 'Other Lab', index, screening: sB }).sameCustomer).toBe(false);
    const wrongKey = publishBulletin({ ...input, key: 'another-key' });
    wrongKey.customerToken = b.customerToken; // even with a matching token, hashes under another key resolve nothing
    expect(checkBulletin(wrongKey, { key: KEY, customer: 'Acme Bio Ltd', index, screening: sB }).splitFindings).toEqual(
      [],
    );
    const benign = screenOrder(index, {
      id: 'B-2',
      date: DATE_200,
      records: [{ id: 'r', sequence: randomDna(mulberry32(3), 800), kind: 'dna' }],
    });
    expect(checkBulletin(b, { key: KEY, customer: 'Acme Bio Ltd', index, screening: benign }).splitFindings).toEqual(
      [],
    );
  });
});
