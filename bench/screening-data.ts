/**
 * Data loading shared by the screening benchmarks: labelled pairs, paths of the reference data
 * (bundled in data/eval or beside the repository in ../shared/data) and F1 helpers.
 * @module
 */
import { readFileSync } from 'node:fs';
import { evalDataPath } from '../packages/core/src/screening/matching/test-data.js';
import type { PartyType } from '../packages/core/src/screening/types.js';
import { readCsvObjects } from '../packages/core/src/util/csv.js';

export { evalDataPath as dataPath };

/** CSV file (by its shared/data name) with a header row → objects keyed by header. */
export function readCsv(file: string): Record<string, string>[] {
  return readCsvObjects(readFileSync(evalDataPath(file), 'utf8'));
}

/** Benchmark schema → party type (Company/Organization/LegalEntity are organisations). */
export function schemaType(schema: string): PartyType {
  if (schema === 'Person') return 'person';
  if (schema === 'Vessel') return 'vessel';
  if (schema === 'Company' || schema === 'Organization' || schema === 'LegalEntity') return 'organization';
  return 'unknown';
}

export interface PairCase {
  readonly group: string;
  readonly type: PartyType;
  readonly name1: string;
  readonly name2: string;
  readonly isMatch: boolean;
  readonly quality: string;
  readonly category: string;
}

export function readPairs(file: string): PairCase[] {
  return readCsv(file).map((r) => ({
    group: r.case_group ?? '',
    type: schemaType(r.schema ?? ''),
    name1: r.name1 ?? '',
    name2: r.name2 ?? '',
    isMatch: r.is_match === 'true',
    quality: r.quality ?? '',
    category: r.category ?? '',
  }));
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function confusion(scores: readonly number[], truth: readonly boolean[], threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  scores.forEach((s, i) => {
    const p = s >= threshold;
    if (p && truth[i]) c.tp++;
    else if (p) c.fp++;
    else if (truth[i]) c.fn++;
    else c.tn++;
  });
  return c;
}

export function f1(c: Confusion): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1: f };
}
