/**
 * Federal Register actions (and formal BIS guidance) the bundled rules come from, with their enforcement history.
 * Source: docs/research/ear-rules.md §5 (timeline); keys in square brackets are that note's source keys.
 * @module
 */
import type { Citation } from '../../types.js';
import type { Regulation } from '../types.js';

export const MAY25: Citation = {
  note: 'BIS 2025-05-13 announcement: rescission and non-enforcement of the AI Diffusion rule (bis.gov press release; Akin Gump, Crowell, Kirkland, Baker McKenzie alerts)',
};
export const BISG26: Citation = {
  url: 'https://www.bis.gov/media/documents/bis-guidance-may-31-2026.pdf',
  note: 'BIS guidance 2026-05-31: the Macau/D:5-HQ worldwide requirement "is still enforced … to all destinations outside the United States"',
};
export const GAO26: Citation = {
  url: 'https://www.gao.gov/products/b-337935',
  note: 'GAO B-337935 (2026-05-12): the non-enforcement statement is an unsubmitted CRA rule; AI Diffusion "remains legally in effect"',
};

export const REGULATIONS: readonly Regulation[] = [
  {
    id: 'FR-2022-21658',
    title: 'Advanced computing and semiconductor manufacturing items (Oct-2022 IFR)',
    fr: '87 FR 62186',
    frDoc: '2022-21658',
    validFrom: '2022-10-07',
    citation: {
      fr: '87 FR 62186 (FR Doc 2022-21658)',
      url: 'https://www.govinfo.gov/content/pkg/FR-2022-10-13/html/2022-21658.htm',
    },
  },
  {
    id: 'FR-2023-00888',
    title: 'Macau and D:5 added to SME controls (Jan-2023)',
    fr: '88 FR 2821',
    frDoc: '2023-00888',
    validFrom: '2023-01-17',
    citation: { fr: '88 FR 2821 (FR Doc 2023-00888)' },
  },
  {
    id: 'FR-2023-23055',
    title: 'AC/S IFR: TPP/PD test, .z paragraphs, D:1/D:4/D:5 scope, HQ rule §744.23(a)(3), NAC/ACA',
    fr: '88 FR 73458',
    frDoc: '2023-23055',
    validFrom: '2023-11-17',
    citation: {
      fr: '88 FR 73458 (FR Doc 2023-23055)',
      url: 'https://www.govinfo.gov/content/pkg/FR-2023-10-25/html/2023-23055.htm',
    },
  },
  {
    id: 'FR-2023-23049',
    title: 'SME IFR: 3B090 removed, 3B001/3B002 expanded, D:5 scope',
    fr: '88 FR 73424',
    frDoc: '2023-23049',
    validFrom: '2023-11-17',
    citation: { fr: '88 FR 73424 (FR Doc 2023-23049)' },
  },
  {
    id: 'FR-2024-07004',
    title: 'Corrections and clarifications (NAC for computers with notified ICs)',
    fr: '89 FR 23876',
    frDoc: '2024-07004',
    validFrom: '2024-04-04',
    citation: { fr: '89 FR 23876 (FR Doc 2024-07004)' },
  },
  {
    id: 'FR-2024-28270',
    title: 'HBM 3A090.c, FN5 and SME FDP, 3B993/3B994, License Exceptions HBM and RFF',
    fr: '89 FR 96790',
    frDoc: '2024-28270',
    validFrom: '2024-12-02',
    complianceFrom: '2024-12-31',
    citation: {
      fr: '89 FR 96790 (FR Doc 2024-28270)',
      url: 'https://www.govinfo.gov/content/pkg/FR-2024-12-05/html/2024-28270.htm',
    },
  },
  {
    id: 'FR-2025-00636',
    title: 'Framework for Artificial Intelligence Diffusion (IFR)',
    fr: '90 FR 4544',
    frDoc: '2025-00636',
    validFrom: '2025-01-13',
    complianceFrom: '2025-05-15',
    enforcement: [
      {
        from: '2025-01-13',
        status: 'compliance-pending',
        citation: { fr: '90 FR 4544', note: 'compliance date 2025-05-15' },
        flag: 'DIFFUSION_COMPLIANCE_PENDING',
      },
      { from: '2025-05-13', status: 'not-enforced', citation: MAY25, flag: 'AI_DIFFUSION_TEXT_NOT_ENFORCED' },
    ],
    citation: { fr: '90 FR 4544 (FR Doc 2025-00636)' },
  },
  {
    id: 'FR-2025-00711',
    title: 'Foundry due-diligence IFR (Note 1 to 3A090.a presumption; approved designers/OSATs)',
    fr: '90 FR 5298',
    frDoc: '2025-00711',
    validFrom: '2025-01-16',
    complianceFrom: '2025-01-31',
    citation: { fr: '90 FR 5298 (FR Doc 2025-00711)' },
  },
  {
    id: 'BIS-2025-05-13',
    title: 'BIS non-enforcement of AI Diffusion; operative pre-Diffusion scope; GP10 guidance on PRC 3A090 ICs',
    validFrom: '2025-05-13',
    citation: MAY25,
  },
  {
    id: 'FR-2025-19001',
    title: 'Affiliates Rule (50% ownership by Entity List / MEU / certain SDN parties)',
    fr: '90 FR 47201',
    frDoc: '2025-19001',
    validFrom: '2025-09-29',
    enforcement: [
      {
        from: '2025-11-10',
        status: 'stayed',
        citation: { fr: '90 FR 50857 (FR Doc 2025-19846)', note: 'suspended 2025-11-10 through 2026-11-09' },
        flag: 'AFFILIATES_RULE_SUSPENDED',
      },
      {
        from: '2026-11-10',
        status: 'unknown',
        citation: {
          fr: '90 FR 50857',
          note: 'reimposed 2026-11-10 "absent a future extension"; no extension or reinstatement notice found (verify)',
        },
        flag: 'AFFILIATES_RULE_STATUS',
      },
    ],
    citation: { fr: '90 FR 47201 (FR Doc 2025-19001)', cfr: '15 CFR 744.11(a)(1)' },
  },
  {
    id: 'FR-2025-19846',
    title: 'One-year suspension of the Affiliates Rule',
    fr: '90 FR 50857',
    frDoc: '2025-19846',
    validFrom: '2025-11-10',
    validTo: '2026-11-09',
    citation: { fr: '90 FR 50857 (FR Doc 2025-19846)' },
  },
  {
    id: 'STATE-2025-KH',
    title: 'State Department lifts Cambodia arms embargo (22 CFR 126.1) — controlling for D:5',
    validFrom: '2025-11-07',
    citation: { cfr: '22 CFR 126.1', note: 'fenwick.com; theasset.com' },
  },
  {
    id: 'FR-2026-00789',
    title: 'Revision to License Review Policy for Advanced Computing Commodities (H200 path)',
    fr: '91 FR 1684',
    frDoc: '2026-00789',
    validFrom: '2026-01-15',
    citation: {
      fr: '91 FR 1684 (FR Doc 2026-00789)',
      url: 'https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm',
    },
  },
  {
    id: 'BIS-2026-KH',
    title: 'BIS conforming rule: Cambodia removed from D:5',
    validFrom: '2026-02-03',
    citation: {
      cfr: '15 CFR 740 Supp. 1',
      note: 'published 2026-02-03 (fenwick.com); FR citation not retrieved (verify)',
    },
  },
  {
    id: 'FR-2026-06851',
    title: 'Authorized-IC-designer date moved to 2026-12-31',
    fr: '91 FR 17851',
    frDoc: '2026-06851',
    validFrom: '2026-04-07',
    citation: { fr: '91 FR 17851 (FR Doc 2026-06851)' },
  },
  {
    id: 'GAO-2026-B337935',
    title: 'GAO decision: AI Diffusion non-enforcement is an unsubmitted CRA rule',
    validFrom: '2026-05-12',
    citation: GAO26,
  },
  {
    id: 'BIS-2026-05-31',
    title: 'BIS guidance: D:5/Macau-HQ worldwide requirement still enforced',
    validFrom: '2026-05-31',
    citation: BISG26,
  },
  {
    id: 'FR-2026-14132',
    title: 'UAE to Country Group A:5; Supp. 8 approved UAE entities; STA only for approved entities',
    fr: '91 FR 43034',
    frDoc: '2026-14132',
    validFrom: '2026-07-10',
    citation: { fr: '91 FR 43034–43039 (FR Doc 2026-14132)', cfr: '15 CFR 740 Supp. 8' },
  },
  {
    id: 'FR-2026-46260',
    title: 'Amendment to §742.6 published 2026-07-23 (content not retrieved — verify)',
    fr: '91 FR 46260',
    validFrom: '2026-07-23',
    citation: {
      fr: '91 FR 46260',
      cfr: '15 CFR 742.6',
      note: 'linked from the eCFR §742.6 header; content not retrieved',
    },
  },
];
