import { describe, expect, it } from 'vitest';
import { type RecordedAdjudication, sameNameKey, screeningDecisionsFor } from './adjudications.js';

const rec = (over: Partial<RecordedAdjudication> = {}): RecordedAdjudication => ({
  hitId: 'hit-1',
  partyName: 'Chitron Electronics Company Ltd',
  partyCountry: 'CN',
  entryKey: 'EL:chitron',
  entryContentHash: 'h1',
  status: 'false_positive',
  decidedBy: 'ana',
  decidedAt: '2026-10-01T09:00:00.000Z',
  ...over,
});
const current = (hashes: Record<string, string>) => (k: string) => hashes[k];
const subject = { name: 'Chitron Electronics Company Ltd', country: 'CN' };

describe('screeningDecisionsFor', () => {
  it('carries a decision over to the same name in other case, spacing and Unicode form, citing the hit', () => {
    expect(sameNameKey('  CHITRON\u00a0Electronics   company LTD ')).toBe(
      sameNameKey('Chitron Electronics Company Ltd'),
    );
    const d = screeningDecisionsFor(
      [{ name: 'CHITRON  electronics company ltd' }],
      [rec()],
      current({ 'EL:chitron': 'h1' }),
    );
    expect(d).toEqual([
      {
        name: 'CHITRON  electronics company ltd',
        entryKey: 'EL:chitron',
        decision: 'false-positive',
        hitId: 'hit-1',
        by: 'ana',
        at: '2026-10-01T09:00:00.000Z',
      },
    ]);
  });

  it('never matches names fuzzily, and a conflicting country keeps the decision out', () => {
    const hashes = current({ 'EL:chitron': 'h1' });
    expect(screeningDecisionsFor([{ name: 'Chitron Electronics' }], [rec()], hashes)).toEqual([]);
    expect(screeningDecisionsFor([{ ...subject, country: 'HK' }], [rec()], hashes)).toEqual([]);
    // A country on one side only does not conflict.
    expect(screeningDecisionsFor([{ name: subject.name }], [rec()], hashes)).toHaveLength(1);
    expect(screeningDecisionsFor([subject], [rec({ partyCountry: null })], hashes)).toHaveLength(1);
  });

  it('drops a decision on an entry that changed or left the list, and escalations and open hits', () => {
    expect(screeningDecisionsFor([subject], [rec()], current({ 'EL:chitron': 'h2' }))).toEqual([]);
    expect(screeningDecisionsFor([subject], [rec()], current({}))).toEqual([]);
    const hashes = current({ 'EL:chitron': 'h1' });
    expect(screeningDecisionsFor([subject], [rec({ status: 'escalated' }), rec({ status: 'open' })], hashes)).toEqual(
      [],
    );
  });

  it('lets a confirmed match outrank a clearing of the same name and entry, in either order', () => {
    const hashes = current({ 'EL:chitron': 'h1' });
    const cleared = rec();
    const confirmed = rec({ hitId: 'hit-2', status: 'true_match', decidedBy: 'bob' });
    for (const order of [
      [cleared, confirmed],
      [confirmed, cleared],
    ]) {
      const d = screeningDecisionsFor([subject], order, hashes);
      expect(d).toEqual([expect.objectContaining({ decision: 'true-match', by: 'bob', hitId: 'hit-2' })]);
    }
  });

  it('gives one decision per party name and entry', () => {
    const hashes = current({ 'EL:chitron': 'h1', 'EL:other': 'o1' });
    const d = screeningDecisionsFor(
      [subject, { name: 'Other Co' }],
      [rec(), rec({ hitId: 'hit-3' }), rec({ hitId: 'hit-4', entryKey: 'EL:other', entryContentHash: 'o1' })],
      hashes,
    );
    expect(d.map((x) => [x.name, x.entryKey])).toEqual([
      [subject.name, 'EL:chitron'],
      [subject.name, 'EL:other'],
    ]);
  });
});
