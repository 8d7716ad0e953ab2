/**
 * Quality floors on the labelled pair sets (not timing). The full figures come from
 * bench/screening-quality.ts; these guards fail when a change makes the matcher clearly worse.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvObjects } from '../../util/csv.js';
import type { PartyType } from '../types.js';
import { compareNames, REVIEW_THRESHOLD } from './index.js';
import { evalDataPath } from './test-data.js';

function rows(file: string): Record<string, string>[] {
  return readCsvObjects(readFileSync(evalDataPath(file), 'utf8'));
}

const TYPES: Record<string, PartyType> = {
  Person: 'person',
  Company: 'organization',
  Organization: 'organization',
  LegalEntity: 'organization',
  Vessel: 'vessel',
};

function f1(file: string): { f1: number; fpByCategory: Map<string, number> } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const fpByCategory = new Map<string, number>();
  for (const r of rows(file)) {
    const match =
      compareNames(r.name1 ?? '', r.name2 ?? '', TYPES[r.schema ?? ''] ?? 'unknown').score >= REVIEW_THRESHOLD;
    const truth = r.is_match === 'true';
    if (match && truth) tp++;
    else if (match) {
      fp++;
      fpByCategory.set(r.category ?? '', (fpByCategory.get(r.category ?? '') ?? 0) + 1);
    } else if (truth) fn++;
  }
  return { f1: (2 * tp) / (2 * tp + fp + fn), fpByCategory };
}

describe('quality floors', () => {
  it('nomenklatura cases: F1 ≥ 0.85 at the review threshold', () => {
    expect(f1('opensanctions_nomenklatura_cases.csv').f1).toBeGreaterThanOrEqual(0.85);
  });

  it('Cascade pairs: F1 ≥ 0.70 and no false positive on numbered names', () => {
    const r = f1('moov-io_watchman_cascade-name-pairs.csv');
    expect(r.f1).toBeGreaterThanOrEqual(0.7);
    for (const cat of ['numbered-spv', 'vessel-numeral', 'numeral-changed'])
      expect(r.fpByCategory.get(cat) ?? 0).toBe(0);
  });
});
