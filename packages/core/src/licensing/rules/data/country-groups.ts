/**
 * Dated Country Group memberships. Base: the 2026-09-24 eCFR table (snapshot.ts), assumed unchanged back to the pack
 * start (2022-10-07) except for the dated changes below. Other historical membership changes before 2026-09-24 are
 * NOT modelled (verify before relying on a pre-2026 date for a country not listed here).
 * @module
 */
import type { Citation } from '../../types.js';
import type { CountryGroupMembership, CountryGroups, CountryInfo } from '../types.js';
import { COUNTRY_SNAPSHOT, SNAPSHOT_AS_OF } from './snapshot.js';

export const PACK_START = '2022-10-07';

const CG: Citation = { cfr: '15 CFR 740 Supp. 1 (Country Groups)', note: 'eCFR issue 2026-09-24' };
const UAE_RULE: Citation = {
  cfr: '15 CFR 740 Supp. 1; 15 CFR 740 Supp. 8',
  fr: '91 FR 43034 (FR Doc 2026-14132), effective 2026-07-10, published 2026-07-14',
};
const KH_STATE: Citation = {
  cfr: '15 CFR 740 Supp. 1, Note 1 to Country Group D:5 (State list controlling); 22 CFR 126.1',
  note: 'State Department lifted the Cambodia arms embargo effective 2025-11-07 (fenwick.com)',
};
const KH_BIS: Citation = {
  cfr: '15 CFR 740 Supp. 1 (Country Group D:5)',
  note: 'BIS conforming rule removing Cambodia from D:5, published 2026-02-03 (fenwick.com; FR citation not retrieved — verify)',
};

/** Dated overrides: rows replacing the snapshot row for (iso2, group). */
const DATED: readonly CountryGroupMembership[] = [
  // UAE: D:3/D:4 until 2026-07-09; A:5 from 2026-07-10.
  { iso2: 'AE', group: 'D:3', validFrom: PACK_START, validTo: '2026-07-09', layer: 'both', citation: UAE_RULE },
  { iso2: 'AE', group: 'D:4', validFrom: PACK_START, validTo: '2026-07-09', layer: 'both', citation: UAE_RULE },
  { iso2: 'AE', group: 'A:5', validFrom: '2026-07-10', layer: 'both', citation: UAE_RULE },
  // Cambodia: D:5 in the BIS table until the conforming rule (2026-02-03); the controlling State list ended it 2025-11-07.
  {
    iso2: 'KH',
    group: 'D:5',
    validFrom: PACK_START,
    validTo: '2026-02-02',
    layer: 'asWritten',
    citation: KH_BIS,
    flag: 'CAMBODIA_D5_END_DATE',
    flagFrom: '2025-11-07',
    flagTo: '2026-02-02',
  },
  {
    iso2: 'KH',
    group: 'D:5',
    validFrom: PACK_START,
    validTo: '2025-11-06',
    layer: 'enforced',
    citation: KH_STATE,
    flag: 'CAMBODIA_D5_END_DATE',
    flagFrom: '2025-11-07',
    flagTo: '2026-02-02',
  },
];

function buildMemberships(): CountryGroupMembership[] {
  const overridden = new Set(DATED.map((m) => `${m.iso2} ${m.group}`));
  const out: CountryGroupMembership[] = [];
  for (const [iso2, [, groups]] of Object.entries(COUNTRY_SNAPSHOT)) {
    // Liechtenstein: "Refer to Switzerland" (Country Chart footnote 5); it has no row of its own in the group table.
    const gs = iso2 === 'LI' ? (COUNTRY_SNAPSHOT.CH?.[1] ?? []) : groups;
    for (const group of gs) {
      if (overridden.has(`${iso2} ${group}`)) continue;
      out.push({
        iso2,
        group,
        validFrom: PACK_START,
        layer: 'both',
        citation: iso2 === 'LI' ? { ...CG, note: 'Liechtenstein: refer to Switzerland (738 Supp. 1 fn. 5)' } : CG,
      });
    }
  }
  out.push(...DATED);
  return out;
}

function buildCountries(): CountryInfo[] {
  const out: CountryInfo[] = Object.entries(COUNTRY_SNAPSHOT).map(([iso2, [name, , chart]]) => ({ iso2, name, chart }));
  out.push({
    iso2: 'HK',
    name: 'Hong Kong',
    chart: COUNTRY_SNAPSHOT.CN?.[2] ?? [],
    aliasOf: 'CN',
    aliasNote:
      'Hong Kong is treated as China for all EAR purposes since 2020-12-23 (85 FR 83765; Steptoe; Thompson Hine).',
  });
  return out;
}

export const COUNTRY_GROUPS: CountryGroups = {
  snapshotAsOf: SNAPSHOT_AS_OF,
  labels: {
    'A:1': 'Wassenaar participating states',
    'A:2': 'Missile Technology Control Regime',
    'A:3': 'Australia Group',
    'A:4': 'Nuclear Suppliers Group',
    'A:5': 'A:5',
    'A:6': 'A:6',
    B: 'Country Group B',
    'D:1': 'National Security',
    'D:2': 'Nuclear',
    'D:3': 'Chemical & Biological',
    'D:4': 'Missile Technology',
    'D:5': 'U.S. Arms Embargoed Countries',
    'E:1': 'Terrorist supporting countries',
    'E:2': 'Unilateral embargo',
  },
  countries: buildCountries(),
  memberships: buildMemberships(),
};
