/**
 * Quality floors on the labelled pair sets (not timing). The full figures come from
 * bench/screening-quality.ts; these guards fail when a change makes the matcher clearly worse.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PartyType } from '../types.js';
import { compareNames, REVIEW_THRESHOLD } from './index.js';

const DATA = process.env.STACKPORT_SCREENING_DATA ?? '/work/shared/data/screening';

function rows(file: string): Record<string, string>[] {
  const text = readFileSync(join(DATA, file), 'utf8');
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) out.push([...row, field]);
  const header = out[0] ?? [];
  return out.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
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

describe.runIf(existsSync(join(DATA, 'opensanctions_nomenklatura_cases.csv')))('quality floors', () => {
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
