/**
 * The .z paragraphs: commodities in another ECCN that "also meet or exceed the performance parameters in
 * 3A090.a or 3A090.b" (15 CFR 774 Supp. 1; reference §1.3). Entries with a single pair use z.1 (3A090.a
 * level) and z.2 (3A090.b level); entries marked "(a/b)" in the reference use z.x.a / z.x.b, where x follows
 * the base paragraph of the item. Note 4 to 3A090: items excluded by Notes 2/3 are excluded from .z, and
 * 3A090.c parameters are not used for .z.
 * @module
 */
import { LicensingInputError } from '../types.js';

export interface ZEntry {
  readonly base: string;
  /** 'pair': z.1 (a) / z.2 (b). 'multi': z.1..z.n each with .a / .b. */
  readonly pattern: 'pair' | 'multi';
  /** For 'multi': the highest x. */
  readonly count?: number;
}

export const Z_TABLE: readonly ZEntry[] = [
  { base: '3A001', pattern: 'multi', count: 4 },
  { base: '4A003', pattern: 'multi', count: 2 },
  { base: '4A004', pattern: 'pair' },
  { base: '4A005', pattern: 'pair' },
  { base: '5A002', pattern: 'multi', count: 5 },
  { base: '5A004', pattern: 'multi', count: 2 },
  { base: '5A992', pattern: 'pair' },
  { base: '5D002', pattern: 'multi', count: 9 },
  { base: '5D992', pattern: 'pair' },
];

export interface ZBase {
  readonly entry: ZEntry;
  /** The z.x the exporter named ("5A002.z.3" → 3), if any. */
  readonly x?: number;
}

/**
 * Parses an asserted ECCN as a .z base: "5A992", "5A992.c", "5A002.z.3". Undefined when the ECCN has no .z
 * paragraph in the reference. Throws when a named z.x does not exist.
 */
export function parseZBase(eccn: string | undefined): ZBase | undefined {
  if (!eccn) return undefined;
  const norm = eccn.trim().toUpperCase();
  const entry = Z_TABLE.find((e) => norm === e.base || norm.startsWith(`${e.base}.`));
  if (!entry) return undefined;
  const zm = /^[0-9A-Z]{5}\.Z(?:\.(\d+))?/.exec(norm);
  if (!zm || zm[1] === undefined) return { entry };
  const x = Number(zm[1]);
  const max = entry.pattern === 'multi' ? (entry.count ?? 1) : 2;
  if (x < 1 || x > max) {
    throw new LicensingInputError(
      'UNKNOWN_Z_PARAGRAPH',
      'eccn',
      `${eccn}: ${entry.base}.z has z.1 to z.${max} (reference §1.3)`,
    );
  }
  return entry.pattern === 'multi' ? { entry, x } : { entry };
}

/** The .z paragraph for a 3A090 level, or a description when z.x cannot be resolved from the facts. */
export function zParagraph(z: ZBase, level: 'a' | 'b'): { paragraph: string; resolved: boolean } {
  const { entry } = z;
  if (entry.pattern === 'pair') return { paragraph: `${entry.base}.z.${level === 'a' ? 1 : 2}`, resolved: true };
  if (z.x !== undefined) return { paragraph: `${entry.base}.z.${z.x}.${level}`, resolved: true };
  return { paragraph: `${entry.base}.z.x.${level} (x = 1..${entry.count})`, resolved: false };
}
