/**
 * Test helpers: a check context over the REAL modules — the matcher over a slice of the bundled Consolidated
 * Screening List (entries tied to CN, HK, MO, RU or SG, to keep the index small), the real classifier and the real
 * determination engine with the bundled rule pack.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLED_RULES } from '../licensing/rules/bundled.js';
import { parseCsl } from '../lists/csl.js';
import { buildIndex, type ScreeningIndex } from '../screening/matching/index.js';
import { classifyWith, determineWith, screenWith } from './adapters.js';
import type { ProgramCheckContext } from './checks.js';
import { EXAMPLE_AS_OF } from './fixtures.js';
import { DEFAULT_COUNTRY_OF_CONCERN_POLICY } from './policy.js';

const CSL = fileURLToPath(new URL('../../../../data/screening/csl.csv', import.meta.url));
const SLICE = new Set(['CN', 'HK', 'MO', 'RU', 'SG']);

let index: ScreeningIndex | undefined;

export function cslSliceIndex(): ScreeningIndex {
  if (!index) {
    const { entries } = parseCsl(readFileSync(CSL, 'utf8'));
    index = buildIndex(entries.filter((e) => e.countries.some((c) => SLICE.has(c))));
  }
  return index;
}

export function realContext(overrides: Partial<ProgramCheckContext> = {}): ProgramCheckContext {
  return {
    asOf: EXAMPLE_AS_OF,
    screen: screenWith(cslSliceIndex()),
    classify: classifyWith(),
    determine: determineWith(BUNDLED_RULES),
    countryOfConcernPolicy: DEFAULT_COUNTRY_OF_CONCERN_POLICY,
    ...overrides,
  };
}
