import { describe, expect, it } from 'vitest';
import { analyseOwnership } from './aggregate.js';

describe('analyseOwnership (OFAC FAQ 401 examples)', () => {
  it('direct 50% by one listed owner', () => {
    const f = analyseOwnership([{ ownerId: 'X', ownedId: 'A', share: 50 }], new Set(['X']));
    expect(f.get('A')?.outcome).toBe('owned-50-percent');
  });

  it('aggregates several listed owners: 25% + 25%', () => {
    const f = analyseOwnership(
      [
        { ownerId: 'X', ownedId: 'A', share: 25 },
        { ownerId: 'Y', ownedId: 'A', share: 25 },
        { ownerId: 'Z', ownedId: 'A', share: 50 },
      ],
      new Set(['X', 'Y']),
    );
    expect(f.get('A')).toMatchObject({ outcome: 'owned-50-percent', aggregateShare: 50 });
  });

  it('follows a chain without multiplying shares: X 50% of A, A 50% of B', () => {
    const f = analyseOwnership(
      [
        { ownerId: 'X', ownedId: 'A', share: 50 },
        { ownerId: 'A', ownedId: 'B', share: 50 },
        { ownerId: 'B', ownedId: 'C', share: 30 },
      ],
      new Set(['X']),
    );
    expect(f.get('B')?.outcome).toBe('owned-50-percent');
    expect(f.get('B')?.contributors).toEqual([{ ownerId: 'A', share: 50, ownerStatus: 'owned-50-percent' }]);
    expect(f.get('C')?.outcome).toBe('below-50-percent');
  });

  it('combines a caught entity and a listed person: 25% indirect + 25% direct', () => {
    const f = analyseOwnership(
      [
        { ownerId: 'X', ownedId: 'A', share: 100 },
        { ownerId: 'A', ownedId: 'B', share: 25 },
        { ownerId: 'X', ownedId: 'B', share: 25 },
      ],
      new Set(['X']),
    );
    expect(f.get('B')).toMatchObject({ outcome: 'owned-50-percent', aggregateShare: 50 });
  });

  it('reports a listed owner with an unknown share as its own outcome', () => {
    const f = analyseOwnership(
      [
        { ownerId: 'X', ownedId: 'A' },
        { ownerId: 'Y', ownedId: 'A', share: 10 },
      ],
      new Set(['X', 'Y']),
    );
    expect(f.get('A')).toMatchObject({ outcome: 'listed-owner-share-unknown', aggregateShare: 10 });
  });

  it('49% is not enough, unlisted owners do not count, and cycles terminate', () => {
    const f = analyseOwnership(
      [
        { ownerId: 'X', ownedId: 'A', share: 49 },
        { ownerId: 'P', ownedId: 'A', share: 51 },
        { ownerId: 'A', ownedId: 'P', share: 60 },
        { ownerId: 'P', ownedId: 'Q', share: 100 },
      ],
      new Set(['X']),
    );
    expect(f.get('A')?.outcome).toBe('below-50-percent');
    expect(f.get('P')?.outcome).toBe('no-listed-owner');
    expect(f.get('Q')?.outcome).toBe('no-listed-owner');
    expect(f.get('X')?.outcome).toBe('listed');
  });
});
