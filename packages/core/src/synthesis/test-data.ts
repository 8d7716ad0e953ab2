/** Shared fixtures for the synthesis tests: a small seeded synthetic concern database (random stand-ins only). @module */
import { buildConcernIndex, type ConcernIndex, type ConcernInput } from './concern-index.js';
import { syntheticConcernDb } from './synthetic.js';

export const TEST_DB: ConcernInput[] = syntheticConcernDb(20_240_429, {
  dnaConcerns: 60,
  dnaLength: [800, 3000],
  proteinConcerns: 30,
  proteinLength: [150, 600],
});

let cached: ConcernIndex | undefined;
export function testIndex(): ConcernIndex {
  cached ??= buildConcernIndex(TEST_DB);
  return cached;
}

export function concern(id: string): ConcernInput {
  const c = TEST_DB.find((x) => x.id === id);
  if (!c) throw new Error(`no concern ${id}`);
  return c;
}

/** Before and after the 50 nt stage of the Framework. */
export const DATE_200 = '2026-03-01';
export const DATE_50 = '2026-10-13';
