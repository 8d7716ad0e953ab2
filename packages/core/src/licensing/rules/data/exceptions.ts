/**
 * License exceptions relevant to the AI stack (Part 740). An exception is a candidate only when it can overcome every
 * requirement that applies (`overcomes`: reasons or `id:` requirement ids); Part 744/746 requirements generally bar
 * exceptions (§740.2, §744.11(a), §744.21(c), §744.23(c)).
 * @module
 */
import type { Citation } from '../../types.js';
import type { Cond, LicenseExceptionRule, PartyRole } from '../types.js';

const c = (cfr: string, extra: Omit<Citation, 'cfr'> = {}): Citation => ({ cfr, ...extra });
const HQ_ROLES: readonly PartyRole[] = ['purchaser', 'ultimate-consignee', 'end-user'];
const macauD5OrHq: Cond = { any: [{ dest: { set: 'MACAU_D5' } }, { partyHq: { set: 'MACAU_D5' }, roles: HQ_ROLES }] };
const notDcA: Cond = { not: { all: [{ item: ['@AC_A'] }, { datacenter: true }] } };
const HQ_RULES = ['id:HQ-744.23a3-2023', 'id:HQ-A-742.6a6iiiA', 'id:HQ-B-744.23a3iA'];
const AC_RS = ['id:RS-AC-2023', 'id:RS-AC-IIIA', 'id:RS-AC-IIIB', 'id:RS-AC-ENFORCED-SCOPE', 'id:RS-AC-UAE-2026'];

export const EXCEPTIONS: readonly LicenseExceptionRule[] = [
  {
    id: 'LE-NAC',
    code: 'NAC',
    name: 'Notified Advanced Computing (§740.8)',
    scope: { item: ['@AC_AB'] },
    eligible: { all: [notDcA, macauD5OrHq, { not: { txKind: ['in-country-transfer'] } }] },
    overcomes: [...AC_RS, ...HQ_RULES],
    conditionsToConfirm: [
      'written purchase order (§740.8(a))',
      'prior notification to BIS via SNAP-R at least 25 calendar days before shipment, with TPP, PD, datasheet showing design/marketing (datacenter vs consumer), memory bandwidth, prior NAC/license approvals to the end user in the last 12 months, cluster TPP and users',
      'BIS did not object (STELA) — NAC is reviewed for national-security concerns and is not automatic (BIS FAQ 2023-12-29)',
      'no Part 744 or 746 license requirement other than the HQ requirement applies (§740.8(b))',
    ],
    ineligibleWhy:
      'NAC excludes items designed or marketed for use in a datacenter and meeting 3A090.a, and covers only Macau/D:5 destinations or Macau/D:5-headquartered parties',
    layer: 'both',
    regulation: 'FR-2023-23055',
    validFrom: '2023-11-17',
    citations: [c('15 CFR 740.8(a)(1)'), c('15 CFR 774 Supp. 1, ECCN 3A090 (LE: NAC/ACA)')],
  },
  {
    id: 'LE-ACA',
    code: 'ACA',
    name: 'Advanced Computing Authorized (§740.8)',
    scope: { item: ['@AC_AB'] },
    eligible: {
      all: [
        notDcA,
        { any: [{ not: macauD5OrHq }, { all: [{ txKind: ['in-country-transfer'] }, { dest: { set: 'MACAU_D5' } }] }] },
      ],
    },
    overcomes: [...AC_RS, ...HQ_RULES],
    conditionsToConfirm: [
      'written purchase order (§740.8(a))',
      'no Part 744 or 746 license requirement applies (§740.8(b))',
    ],
    ineligibleWhy:
      'ACA excludes items designed or marketed for use in a datacenter and meeting 3A090.a, and Macau/D:5 destinations or Macau/D:5-headquartered parties (NAC instead)',
    layer: 'both',
    regulation: 'FR-2023-23055',
    validFrom: '2023-11-17',
    citations: [c('15 CFR 740.8(a)(2)')],
  },
  {
    id: 'LE-HBM',
    code: 'HBM',
    name: 'High Bandwidth Memory (§740.25)',
    scope: { item: ['@AC_C'] },
    eligible: { metric: 'memoryBandwidthDensityGBsPerMm2', lt: 3.3 },
    overcomes: ['id:RS-HBM-742.6a6iB', 'id:HQ-C-744.23a3iB'],
    conditionsToConfirm: [
      'exporter headquartered in the US or A:5 and not ultimately parented in Macau/D:5',
      'purchased directly by the co-packaging IC designer and shipped directly to the packaging site (no distributors)',
      'not destined to an advanced-node facility in Macau/D:5',
      'unit-count reconciliation; a discrepancy > 1% is a red flag to report',
    ],
    ineligibleWhy: 'HBM covers only stacks with memory bandwidth density below 3.3 GB/s/mm²',
    layer: 'both',
    regulation: 'FR-2024-28270',
    validFrom: '2024-12-02',
    citations: [c('15 CFR 740.25', { fr: '89 FR 96790' })],
  },
  {
    id: 'LE-AIA',
    code: 'AIA',
    name: 'Artificial Intelligence Authorization (§740.27, AI Diffusion)',
    scope: { item: ['@AC_A', '@WEIGHTS'] },
    eligible: {
      all: [
        { dest: { set: 'SUPP5A' } },
        { partyLocated: { set: 'SUPP5A' }, roles: ['ultimate-consignee', 'end-user'] },
        { partyHqOnly: { set: 'SUPP5A' }, roles: ['ultimate-consignee', 'end-user'] },
      ],
    },
    overcomes: ['id:RS-AC-IIIA', 'id:RS-4E091-742.6a13'],
    conditionsToConfirm: [
      '3A090.a ICs only from an approved (Supp. 6) or authorized IC designer',
      'certification by the ultimate consignee',
      '4E091 weights stored per Supp. 10 to Part 748 ¶14, 15 and 18',
    ],
    ineligibleWhy:
      'AIA requires a Supp. 5(a) destination and consignees/end users located and headquartered in Supp. 5(a)',
    layer: 'asWritten',
    regulation: 'FR-2025-00636',
    validFrom: '2025-01-13',
    citations: [c('15 CFR 740.27', { fr: '90 FR 4544' })],
  },
  {
    id: 'LE-LPP',
    code: 'LPP',
    name: 'Low Processing Performance (§740.29, AI Diffusion)',
    scope: { item: ['@AC_A'] },
    eligible: {
      all: [
        { not: macauD5OrHq },
        { not: { txKind: ['in-country-transfer'] } },
        { metric: 'aggregateTpp', lt: 26_900_000 },
      ],
    },
    overcomes: ['id:RS-AC-IIIA'],
    conditionsToConfirm: [
      '≤ 26,900,000 cumulative TPP per calendar year per ultimate consignee (ultimate parent)',
      'prior notice to BIS for any shipment with aggregate TPP ≥ 3,200,000',
      'certification; report within 30 days',
    ],
    ineligibleWhy:
      'LPP excludes Macau/D:5 and D:5-headquartered parties, in-country transfers and shipments above the annual TPP cap',
    layer: 'asWritten',
    regulation: 'FR-2025-00636',
    validFrom: '2025-01-13',
    citations: [c('15 CFR 740.29', { fr: '90 FR 4544' })],
  },
  {
    id: 'LE-ACM',
    code: 'ACM',
    name: 'Advanced Compute Manufacturing (§740.28, AI Diffusion)',
    scope: { item: ['@AC_AB'] },
    eligible: { not: macauD5OrHq },
    overcomes: ['id:RS-AC-IIIA', 'id:RS-AC-IIIB'],
    conditionsToConfirm: [
      'for development, production or storage of advanced-computing items by private-sector end users',
      'six-monthly accounting',
    ],
    ineligibleWhy: 'ACM excludes Macau/D:5 destinations and Macau/D:5-headquartered consignees',
    layer: 'asWritten',
    regulation: 'FR-2025-00636',
    validFrom: '2025-01-13',
    citations: [c('15 CFR 740.28', { fr: '90 FR 4544' })],
  },
  {
    id: 'LE-ENC',
    code: 'ENC',
    name: 'Encryption commodities, software and technology (§740.17)',
    scope: { item: ['@ENC'] },
    eligible: { not: { dest: { set: 'E1_E2' } } },
    overcomes: ['EI', 'NS'],
    conditionsToConfirm: [
      'classification request or self-classification report per §740.17(b)–(d)',
      'government end-user limits for §740.17(b)(2)/(b)(3) items outside Supp. 3 to Part 740 countries',
    ],
    ineligibleWhy: 'ENC is not available to E:1/E:2 destinations',
    layer: 'both',
    regulation: 'FR-2022-21658',
    validFrom: '2022-10-07',
    citations: [c('15 CFR 740.17')],
  },
];
