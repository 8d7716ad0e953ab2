/**
 * Named destination sets and item groups used by the bundled rules.
 *
 * Item tags the engine derives from a classification (see determine/item-tags.ts): the ECCN itself and its parent
 * paragraphs; `CCL` (any listed ECCN), `ANY` (any item subject to the EAR), `EAR99`; and for advanced-computing items
 * `AC` plus one of `AC.a` (3A090.a / 4A090.a level, incl. .z items meeting 3A090.a and software/technology "for" them),
 * `AC.b`, `AC.c` (3A090.c HBM and 3D001/3E001 for it) or `AC.?` (level not determinable: needs input).
 * @module
 */
import type { DestExpr } from '../types.js';
import { MEU_SUPP2_DESTINATIONS, MEU_SUPP2_ECCNS } from './snapshot.js';

export const DEST_SETS: Readonly<Record<string, DestExpr>> = {
  /** "Macau or a destination specified in Country Group D:5". */
  MACAU_D5: { any: [{ iso2: ['MO'] }, { group: 'D:5' }] },
  /** §742.6(a)(6)(iii) pre-Diffusion / (iii)(B) scope: D:1, D:4, D:5 excluding A:5 or A:6, plus Macau. */
  AC_DEST: {
    any: [
      { iso2: ['MO'] },
      {
        all: [
          { any: [{ group: 'D:1' }, { group: 'D:4' }, { group: 'D:5' }] },
          { not: { any: [{ group: 'A:5' }, { group: 'A:6' }] } },
        ],
      },
    ],
  },
  /** §744.23(d)(2): US or Country Group A:5 / A:6. */
  US_A5_A6: { any: [{ iso2: ['US'] }, { group: 'A:5' }, { group: 'A:6' }] },
  /** Supp. 5(a) to Part 740 (AI Diffusion, not enforced). */
  SUPP5A: {
    iso2: [
      'AU',
      'BE',
      'CA',
      'DK',
      'FI',
      'FR',
      'DE',
      'IE',
      'IT',
      'JP',
      'NL',
      'NZ',
      'NO',
      'KR',
      'ES',
      'SE',
      'TW',
      'GB',
      'US',
    ],
  },
  E1_E2: { any: [{ group: 'E:1' }, { group: 'E:2' }] },
  /** §744.21(a)(1): Burma, Cambodia, China, Nicaragua, Venezuela (Supp. 2 items). */
  MEU_DEST: { iso2: MEU_SUPP2_DESTINATIONS },
  /** §744.21(a)(2) / §746.8: Russia and Belarus, all items. */
  RU_BY: { iso2: ['RU', 'BY'] },
  /** §744.22(a) military-intelligence destinations (verify list against current text). */
  MIEU_DEST: {
    any: [
      { iso2: ['BY', 'MM', 'KH', 'CN', 'MO', 'NI', 'RU', 'VE'] },
      { group: 'D:5' },
      { group: 'E:1' },
      { group: 'E:2' },
    ],
  },
};

export const ITEM_GROUPS: Readonly<Record<string, readonly string[]>> = {
  AC_ANY: ['AC'],
  AC_A: ['AC.a'],
  AC_B: ['AC.b'],
  AC_AB: ['AC.a', 'AC.b', 'AC.?'],
  AC_C: ['AC.c'],
  /** §742.4(a)(4) key SME paragraphs (Dec-2024 structure), plus 3B090 (2022 text). */
  SME_KEY: [
    '3B001.a.4',
    '3B001.c',
    '3B001.d',
    '3B001.f.1',
    '3B001.f.5',
    '3B001.f.6',
    '3B001.k',
    '3B001.l',
    '3B001.m',
    '3B001.n',
    '3B001.p.2',
    '3B001.p.4',
    '3B001.r',
    '3B002.c',
    '3D992',
    '3E992',
    '3B090',
  ],
  /** §742.6(a)(11). */
  SME_FN5: ['3B993', '3B994', '3D993', '3D994', '3E993', '3E994'],
  /** §734.9(e)(3) FN5 FDP product scope (approximation: all 3B001/3B002/3B993/3B994). */
  SME_3B: ['3B001', '3B002', '3B903', '3B991', '3B992', '3B993', '3B994'],
  /** §744.23(a)(1)(ii) ICs and computers. */
  SC_ITEMS: ['3A001', '3A991', '4A994', '5A002', '5A004', '5A992', '4A003', '4A004'],
  MEU_SUPP2: MEU_SUPP2_ECCNS,
  CCL: ['CCL'],
  ANY: ['ANY'],
  EAR99: ['EAR99'],
  WEIGHTS: ['4E091'],
  ENC: ['5A002', '5A004', '5D002', '5A992', '5D992'],
};
