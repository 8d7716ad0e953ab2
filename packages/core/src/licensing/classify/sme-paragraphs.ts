/**
 * Known SME paragraphs, built from the Stackport reference (docs/research/ear-rules.md §2, §4.1–4.3) with the dates they
 * exist. The exporter asserts the paragraph; classification only checks it against this table. Paragraphs
 * the reference does not name are refused (UNKNOWN_SME_PARAGRAPH) rather than guessed: assert the ECCN
 * heading instead (e.g. "3B993").
 * @module
 */
import type { Citation, ISODate } from '../types.js';
import { ccl, FR_2022, FR_2023_SME, FR_2024 } from './citations.js';
import { RANGE_START } from './dates.js';

export interface SmeEccn {
  readonly eccn: string;
  readonly summary: string;
  /** Sub-paragraphs named in the reference (without the ECCN prefix), e.g. "f.1". Their descendants are accepted. */
  readonly named: readonly string[];
  /** Single-letter top-level paragraphs accepted though not described (3B001 only). */
  readonly letters?: string;
  readonly validFrom: ISODate;
  /** First day it no longer exists (exclusive). */
  readonly validTo?: ISODate;
  /** Where its text changed inside the supported range. */
  readonly amended?: readonly ISODate[];
  /** Whether the heading covers "specially designed" components and accessories (reference §2). */
  readonly coversSpeciallyDesignedComponents: boolean;
  readonly controls: string;
  readonly citations: readonly Citation[];
}

const SPECIFIED =
  'Key SME paragraphs (§742.4(a)(4), §742.6(a)(6)(i)(A)): licence to or within Macau or D:5; SME FDP §734.9(k) and zero de minimis §734.4(a)(8).';

export const SME_TABLE: readonly SmeEccn[] = [
  {
    eccn: '3B001',
    summary:
      'Equipment for manufacturing semiconductor devices or materials, and "specially designed" components and accessories',
    named: [
      'a.4',
      'c',
      'c.1.a',
      'c.1.c',
      'd',
      'f',
      'f.1',
      'f.5',
      'f.6',
      'g',
      'h',
      'k',
      'l',
      'm',
      'n',
      'p.2',
      'p.4',
      'r',
    ],
    letters: 'abcdefghijklmnopqr',
    validFrom: RANGE_START,
    amended: ['2023-11-17', '2024-12-02'],
    coversSpeciallyDesignedComponents: true,
    controls: `NS; ${SPECIFIED} Other paragraphs are in the FN5 FDP product scope (§734.9(e)(3)).`,
    citations: [ccl('3B001'), { cfr: '15 CFR 742.4(a)(4)' }, FR_2023_SME, FR_2024],
  },
  {
    eccn: '3B002',
    summary: 'Test or inspection equipment',
    named: ['c'],
    validFrom: RANGE_START,
    amended: ['2023-11-17', '2024-12-02'],
    coversSpeciallyDesignedComponents: false,
    controls: `3B002.c: ${SPECIFIED}`,
    citations: [ccl('3B002'), { cfr: '15 CFR 742.4(a)(4)' }],
  },
  {
    eccn: '3B090',
    summary: 'SME entry of the Oct-2022 rule, removed by the Oct-2023 SME IFR',
    named: [],
    validFrom: RANGE_START,
    validTo: '2023-11-17',
    coversSpeciallyDesignedComponents: false,
    controls: 'Removed on 2023-11-17; its items moved into an expanded 3B001/3B002.',
    citations: [FR_2022, FR_2023_SME],
  },
  {
    eccn: '3B991',
    summary: 'Equipment "not controlled by 3B001, 3B993, or 3B994" (AT only)',
    named: [],
    validFrom: RANGE_START,
    amended: ['2024-12-02'],
    coversSpeciallyDesignedComponents: false,
    controls: 'AT only.',
    citations: [ccl('3B991')],
  },
  {
    eccn: '3B992',
    summary: 'Equipment "not controlled by 3B002, 3B993, or 3B994" (AT only)',
    named: [],
    validFrom: RANGE_START,
    amended: ['2024-12-02'],
    coversSpeciallyDesignedComponents: false,
    controls: 'AT only.',
    citations: [ccl('3B992')],
  },
  {
    eccn: '3B993',
    summary:
      'Specified SME and "specially designed" components and accessories: e.g. 300 mm plasma-doping implant; high-aspect-ratio dielectric etch (> 30:1 ...); anisotropic dry etch with pulsed RF; deposition; DUV lithography (3B993.f.1)',
    named: ['f.1'],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: true,
    controls:
      'RS, §742.6(a)(11): licence to Footnote 5 Entity List entities; §734.4(a)(3): no de minimis for 3B993.f.1 DUV to advanced-node production (with country carve-outs).',
    citations: [ccl('3B993'), { cfr: '15 CFR 742.6(a)(11)' }, FR_2024],
  },
  {
    eccn: '3B994',
    summary: 'Specified SME and "specially designed" components and accessories',
    named: [],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: true,
    controls: 'RS, §742.6(a)(11): licence to Footnote 5 Entity List entities.',
    citations: [ccl('3B994'), { cfr: '15 CFR 742.6(a)(11)' }, FR_2024],
  },
  {
    eccn: '3D992',
    summary: 'Software for the key SME paragraphs',
    named: [],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: false,
    controls: 'NS/RS to Macau or D:5 (§742.4(a)(4)).',
    citations: [ccl('3D992'), FR_2024],
  },
  {
    eccn: '3D993',
    summary: 'Software for 3B993 items',
    named: [],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: false,
    controls: 'RS, §742.6(a)(11).',
    citations: [ccl('3D993'), FR_2024],
  },
  {
    eccn: '3D994',
    summary: 'Software for 3B994 items',
    named: [],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: false,
    controls: 'RS, §742.6(a)(11).',
    citations: [ccl('3D994'), FR_2024],
  },
  {
    eccn: '3E992',
    summary: 'Technology for development/production of the key SME paragraphs, DUV immersion technology',
    named: [],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: false,
    controls: 'NS+RS to Macau or D:5; worldwide for software for 3B001.c.1.a/c.1.c; STA barred.',
    citations: [ccl('3E992'), FR_2024],
  },
  {
    eccn: '3E993',
    summary: 'Technology for 3B993 items (3E993.b: technology raising wafers/hour by > 1% on 3B001.f.1/3B993.f.1)',
    named: ['b'],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: false,
    controls: 'RS, §742.6(a)(11).',
    citations: [ccl('3E993'), FR_2024],
  },
  {
    eccn: '3E994',
    summary: 'Technology for 3B994 items',
    named: [],
    validFrom: '2024-12-02',
    coversSpeciallyDesignedComponents: false,
    controls: 'RS, §742.6(a)(11).',
    citations: [ccl('3E994'), FR_2024],
  },
];

export interface SmeMatch {
  readonly entry: SmeEccn;
  /** Normalised paragraph, e.g. "3B993.f.1". */
  readonly paragraph: string;
  /** The sub-paragraph is not described in the reference (accepted 3B001 letter). */
  readonly undescribed: boolean;
}

/** Looks an asserted paragraph up; undefined when it is not in the table. "EAR99" is handled by the caller. */
export function lookupSmeParagraph(asserted: string): SmeMatch | undefined {
  const m = /^\s*(3[BDE]\d{3})(?:\.([0-9a-z.]+))?\s*$/i.exec(asserted);
  if (!m) return undefined;
  const eccn = m[1]!.toUpperCase();
  const sub = m[2]?.toLowerCase().replace(/\.$/, '');
  const entry = SME_TABLE.find((e) => e.eccn === eccn);
  if (!entry) return undefined;
  if (!sub) return { entry, paragraph: eccn, undescribed: false };
  if (entry.named.some((n) => sub === n || sub.startsWith(`${n}.`)))
    return { entry, paragraph: `${eccn}.${sub}`, undescribed: false };
  const top = sub.split('.')[0]!;
  if (entry.letters && top.length === 1 && entry.letters.includes(top))
    return { entry, paragraph: `${eccn}.${sub}`, undescribed: true };
  return undefined;
}
