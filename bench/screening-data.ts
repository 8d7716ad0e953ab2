/**
 * Data loading shared by the screening benchmarks: a small RFC 4180 CSV reader (relaxed about the
 * truncated last CSL row) and the paths of the reference data. Benchmarks only; not shipped.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartyType } from '../packages/core/src/screening/types.js';

export const DATA_DIR = process.env.STACKPORT_SCREENING_DATA ?? '/work/shared/data/screening';

export function dataPath(file: string): string {
  return join(DATA_DIR, file);
}

/** Parse CSV text into rows of fields. Quotes may contain commas, newlines and doubled quotes. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV with a header row → objects keyed by header. */
export function readCsv(file: string): Record<string, string>[] {
  const rows = parseCsvRows(readFileSync(dataPath(file), 'utf8'));
  const header = rows[0] ?? [];
  return rows
    .slice(1)
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
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
