import { describe, expect, it } from 'vitest';
import type { ListEntry } from '../types.js';
import { ALERT_THRESHOLD, bandOf, buildIndex, REVIEW_THRESHOLD, screen } from './index.js';

function entry(key: string, type: ListEntry['type'], names: string[], extra: Partial<ListEntry> = {}): ListEntry {
  return {
    key,
    source: 'EL',
    type,
    names: names.map((value, i) => ({ value, kind: i === 0 ? 'primary' : 'alias' })),
    addresses: [],
    countries: [],
    identifiers: [],
    datesOfBirth: [],
    listing: { programs: [] },
    ...extra,
  };
}

const ENTRIES: ListEntry[] = [
  entry('1', 'unknown', ['Huawei Technologies Co., Ltd.', 'Huawei'], { countries: ['CN'] }),
  entry('2', 'person', ['PUTIN, Vladimir Vladimirovich'], { countries: ['RU'] }),
  entry('3', 'unknown', ['11420 CORP.']),
  entry('4', 'organization', ['EMMA LLC']),
  entry('5', 'vessel', ['OCEAN STAR 7'], {
    identifiers: [{ type: 'IMO', number: '9187629' }],
  }),
  entry('6', 'person', ['Vladimir Putin'], { countries: ['RU'] }),
];

describe('screen', () => {
  const index = buildIndex(ENTRIES);

  it('counts entries and names', () => {
    expect(index.size).toBe(6);
    expect(index.nameCount).toBe(7);
  });

  it('finds a legal-form variant of an Entity List company', () => {
    const hits = screen(index, { name: 'HUAWEI TECHNOLOGIES COMPANY LIMITED' });
    expect(hits[0]?.entryKey).toBe('1');
    expect(hits[0]?.band).toBe('alert');
  });

  it('finds a Cyrillic query, without a type, against a reordered person entry', () => {
    const hits = screen(index, { name: 'Владимир Путин' });
    expect(hits.map((h) => h.entryKey)).toContain('2');
    expect(hits.every((h) => h.score >= REVIEW_THRESHOLD)).toBe(true);
  });

  it('sorts by score then entry key, and respects limit', () => {
    const hits = screen(index, { name: 'Vladimir Putin', type: 'person' }, { limit: 1 });
    expect(hits).toHaveLength(1);
    expect(hits[0]?.entryKey).toBe('6');
  });

  it('does not alert on numbers or a shared given name', () => {
    expect(screen(index, { name: 'BELLETECH CORP' })).toEqual([]);
    const emma = screen(index, { name: 'emma daniels', type: 'person' }, { minScore: 0 });
    expect(emma.every((h) => h.score < ALERT_THRESHOLD)).toBe(true);
    expect(screen(index, { name: 'Ocean Star 8', type: 'vessel' })).toEqual([]);
  });

  it('uses country, type and identifiers as corroboration, never as a filter', () => {
    const base = screen(index, { name: 'Huawai Technologies Co Ltd' })[0];
    const match = screen(index, { name: 'Huawai Technologies Co Ltd', country: 'CN' })[0];
    const mismatch = screen(index, { name: 'Huawei Technologies Co Ltd', country: 'FR' })[0];
    expect(match?.score).toBeGreaterThan(base?.score ?? 0);
    expect(mismatch?.entryKey).toBe('1');
    expect(mismatch?.explanation.adjustments.some((a) => a.points < 0 && a.reason.includes('FR'))).toBe(true);
    const person = screen(index, { name: 'Ocean Star 7', type: 'person' }, { minScore: 0 })[0];
    expect(person?.explanation.adjustments.some((a) => a.reason.includes('vessel'))).toBe(true);
    const byImo = screen(index, { name: 'Ocean Star 7', identifiers: [{ type: 'IMO', number: '9187629' }] })[0];
    expect(byImo?.explanation.adjustments.some((a) => a.points > 0 && a.reason.includes('IMO'))).toBe(true);
  });

  it('fills the explanation', () => {
    const hit = screen(index, { name: 'Huawei Technologies Company Limited' })[0];
    expect(hit?.explanation.matchedName).toBe('Huawei Technologies Co., Ltd.');
    expect(hit?.explanation.alignment.map((a) => a.how)).toContain('legal-form');
    expect(hit?.explanation.queryForm).toBe('huawei technologies company limited');
  });

  it('bands scores', () => {
    expect(bandOf(ALERT_THRESHOLD)).toBe('alert');
    expect(bandOf(REVIEW_THRESHOLD)).toBe('review');
    expect(bandOf(REVIEW_THRESHOLD - 0.1)).toBe('below');
  });
});
