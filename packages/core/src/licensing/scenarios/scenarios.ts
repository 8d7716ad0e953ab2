/**
 * The dated scenario suite. Each expectation is derived from the rule text in docs/research/ear-rules.md and
 * cites it; scenarios.test.ts classifies the item on the ship date and asserts the determination.
 * @module
 */
import type { CaseFile, CaseFileParty, EndUseFacts } from '../determine/case-file.js';
import type { ItemSpec } from '../types.js';
import type { Scenario } from './types.js';

const NO_END_USE: EndUseFacts = {
  supercomputer: false,
  advancedNodeFab: false,
  smeDevelopment: false,
  military: false,
  militaryIntelligence: false,
  aiTrainingForD5Hq: false,
};

const party = (
  role: CaseFileParty['role'],
  name: string,
  country: string,
  hq: string = country,
  parent: string = hq,
  extra: Partial<CaseFileParty> = {},
): CaseFileParty => ({ role, name, country, headquarters: hq, ultimateParentHeadquarters: parent, ...extra });

/** Ultimate consignee + end user: the same company. */
const company = (
  name: string,
  country: string,
  hq: string = country,
  parent: string = hq,
  extra: Partial<CaseFileParty> = {},
) => [
  party('ultimate-consignee', name, country, hq, parent, extra),
  party('end-user', name, country, hq, parent, extra),
];

const part = (partId: string) => ({ partId });
const spec = (s: ItemSpec) => ({ spec: s });

function usExport(
  item: CaseFile['item'],
  destination: string,
  shipDate: string,
  parties: CaseFileParty[],
  extra: Partial<CaseFile> = {},
): CaseFile {
  return {
    item,
    quantity: 8,
    valueUsd: 250_000,
    transactionKind: 'export',
    shipFrom: 'US',
    destination,
    parties,
    endUse: NO_END_USE,
    usContent: { usOriginItem: true },
    shipDate,
    ...extra,
  };
}

const H100 = part('nvidia-h100-sxm');
const H200 = part('nvidia-h200-sxm');
const HBM3E = part('skhynix-hbm3e-12h-36gb');
const ETCH = part('example-har-dielectric-etch');
const WEIGHTS = part('example-frontier-closed-weights');
const EAR99_ITEM = spec({ kind: 'other', name: 'Server rack power distribution unit', eccn: 'EAR99' });
const IC_3A991 = spec({ kind: 'other', name: 'General-purpose microcontroller', eccn: '3A991.a' });
const SERVER_4A994 = spec({
  kind: 'computer',
  name: 'Entry-level server with a low-end accelerator',
  eccn: '4A994.b',
  performance: [{ precision: 'FP16', bitLength: 16, tops: 50 }],
  datacenter: true,
});
const ETCH_3B001 = spec({
  kind: 'sme',
  name: 'Foreign-made anisotropic etch tool',
  sme: { eccn: '3B001.c.1.a', containsUsIc: false },
});

export const SCENARIOS: readonly Scenario[] = [
  // ------------------------------------------------------------------ required core scenarios
  {
    id: 'S01-h100-uae-2024',
    title: 'H100 SXM exported from the US to a UAE data center, 2024-06-01',
    caseFile: usExport(H100, 'AE', '2024-06-01', company('Gulf DC Operator LLC', 'AE')),
    expect: {
      licenseRequired: 'yes',
      asWritten: 'yes',
      eccn: '3A090.a',
      requirements: ['RS-AC-2023'],
      reviewPolicy: 'case-by-case',
      exceptionsRuledOut: ['NAC', 'ACA'],
      exceptionCandidates: [],
      outcome: 'resolved',
    },
    rationale:
      'UAE was in D:3/D:4 (not A:5/A:6) before 2026-07-10, so the 2023 §742.6(a)(6)(iii) scope (D:1/D:4/D:5 excl. A:5/A:6) applies. Not Macau/D:5 and the end user is not D:5-HQ → §744.23(d)(3)(iv) case-by-case. NAC/ACA exclude datacenter items meeting 3A090.a.',
    citations: [
      { cfr: '15 CFR 742.6(a)(6)(iii)' },
      { cfr: '15 CFR 744.23(d)(3)' },
      { cfr: '15 CFR 740.8' },
      { cfr: '15 CFR 740 Supp. 1' },
    ],
  },
  {
    id: 'S02-h100-germany-2025',
    title: 'H100 SXM exported to a German company, 2025-09-01 (AI Diffusion not enforced)',
    caseFile: usExport(H100, 'DE', '2025-09-01', company('Rechenzentrum GmbH', 'DE')),
    expect: {
      licenseRequired: 'no',
      asWritten: 'yes',
      requirements: ['RS-AC-IIIA'],
      flags: ['AI_DIFFUSION_TEXT_NOT_ENFORCED'],
      notFlags: ['GAO_DIFFUSION_IN_EFFECT'],
      asWrittenReviewPolicy: 'presumption-of-approval',
      exceptionCandidates: ['AIA', 'LPP'],
      outcome: 'interpreted',
    },
    rationale:
      'As written, §742.6(a)(6)(iii)(A) requires a license for 3A090.a worldwide (AI Diffusion, 90 FR 4544); BIS announced non-enforcement on 2025-05-13, so the enforced layer applies the pre-Diffusion scope, which excludes A:5 Germany. As written AIA (Supp. 5(a)) would be available.',
    citations: [
      { cfr: '15 CFR 742.6(a)(6)(iii)(A)', fr: '90 FR 4544' },
      { note: 'BIS 2025-05-13 non-enforcement' },
      { cfr: '15 CFR 740.27' },
    ],
  },
  {
    id: 'S03-h200-us-china-certified',
    title: 'H200 exported from the US to a China end user with the Jan-2026 certifications, 2026-02-01',
    caseFile: usExport(H200, 'CN', '2026-02-01', company('Shanghai AI Cloud Co.', 'CN'), {
      certifications: { h200PathCertifications: true },
    }),
    expect: {
      licenseRequired: 'yes',
      asWritten: 'yes',
      requirements: ['RS-AC-ENFORCED-SCOPE', 'RS-AC-IIIA'],
      reviewPolicy: 'case-by-case',
      flags: ['H200_PATH_SCOPE', 'AI_DIFFUSION_TEXT_NOT_ENFORCED'],
      exceptionsRuledOut: ['NAC'],
    },
    rationale:
      'China is D:5: license required in both layers. FR 2026-00789 (effective 2026-01-15): case-by-case for exports of commodities with TPP < 21,000 (H200: 15,832) and total DRAM bandwidth < 6,500 GB/s (4,800) to end users in China with the Supp. 2 to Part 748 ¶(dd) information.',
    citations: [{ cfr: '15 CFR 742.6(b)(10)(iii)(A)(1)', fr: '91 FR 1684' }, { cfr: '15 CFR 742.6(a)(6)(iii)' }],
  },
  {
    id: 'S04-h200-us-china-no-certs',
    title: 'H200 exported from the US to China, certifications not stated',
    caseFile: usExport(H200, 'CN', '2026-02-01', company('Shanghai AI Cloud Co.', 'CN')),
    expect: {
      licenseRequired: 'yes',
      reviewPolicy: 'unknown',
      incomplete: ['certifications.h200PathCertifications'],
    },
    rationale:
      'Without the certifications the H200 path may or may not apply: the engine reports case-by-case or presumption of denial as open, never a guess.',
    citations: [{ cfr: '15 CFR 742.6(b)(10)(iii)(A)(1)', fr: '91 FR 1684' }],
  },
  {
    id: 'S05-h200-reexport-singapore-china',
    title: 'The same H200 reexported from Singapore to China, 2026-02-01',
    caseFile: {
      ...usExport(H200, 'CN', '2026-02-01', company('Shanghai AI Cloud Co.', 'CN'), {
        certifications: { h200PathCertifications: true },
      }),
      transactionKind: 'reexport',
      shipFrom: 'SG',
    },
    expect: {
      licenseRequired: 'yes',
      reviewPolicy: 'presumption-of-denial',
      redFlags: [22],
      notFlags: ['FR26_789_VS_744_23D3'],
    },
    rationale:
      'The FR 2026-00789 case-by-case path covers only exports from the United States; reexports to Macau/D:5 fall under "all other applications … presumption of denial".',
    citations: [
      { cfr: '15 CFR 742.6(b)(10)(iii)(A)(1)', fr: '91 FR 1684' },
      { note: 'COV26; Baker McKenzie summaries' },
    ],
  },
  {
    id: 'S06-rtx4090d-china',
    title: 'RTX 4090 D (consumer, TPP ≈ 4,707) exported to a China retailer, 2026-02-01',
    caseFile: usExport(part('nvidia-rtx-4090-d'), 'CN', '2026-02-01', company('Shenzhen Gaming Retail Co.', 'CN')),
    expect: { licenseRequired: 'no', asWritten: 'no', notFlags: ['AI_DIFFUSION_TEXT_NOT_ENFORCED'] },
    rationale:
      'Note 2 to 3A090.a/.b: not designed or marketed for datacenters and TPP < 4800 → outside 3A090 (and 4A090/.z, Note 4). The residual ECCN (3A991 or EAR99) carries no China license requirement; with no military, supercomputer or fab end use no Part 744 requirement applies.',
    citations: [
      { cfr: '15 CFR 774 Supp. 1, ECCN 3A090 Note 2' },
      { cfr: '15 CFR 744.21' },
      { cfr: '15 CFR 744.23(a)' },
    ],
  },
  {
    id: 'S07-a800-china-2023-06',
    title: 'A800 (400 GB/s NVLink) to China, 2023-06-01',
    caseFile: usExport(part('nvidia-a800-sxm'), 'CN', '2023-06-01', company('Beijing Cloud Co.', 'CN')),
    expect: { licenseRequired: 'no', asWritten: 'no' },
    rationale:
      'The Oct-2022 3A090 required both ≥ 600 GB/s aggregate bidirectional I/O and bits × TOPS ≥ 4800; the A800 (400 GB/s) escaped until 2023-11-17.',
    citations: [{ cfr: '15 CFR 774 Supp. 1, ECCN 3A090 (2022 text)', fr: '87 FR 62186' }],
  },
  {
    id: 'S08-a800-china-2023-12',
    title: 'A800 to China, 2023-12-01 (TPP/PD text)',
    caseFile: usExport(part('nvidia-a800-sxm'), 'CN', '2023-12-01', company('Beijing Cloud Co.', 'CN')),
    expect: {
      licenseRequired: 'yes',
      eccn: '3A090.a',
      requirements: ['RS-AC-2023'],
      reviewPolicy: 'presumption-of-denial',
      exceptionsRuledOut: ['NAC'],
    },
    rationale:
      'From 2023-11-17 TPP 4,992 ≥ 4800 → 3A090.a; China is D:5 → license; datacenter 3A090.a items are excluded from §744.23(d)(3)(i) case-by-case → presumption of denial (d)(1); NAC excludes datacenter .a items.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)', fr: '88 FR 73458' }, { cfr: '15 CFR 744.23(d)(1)' }],
  },
  {
    id: 'S09-hbm3e-prc-designer-before',
    title: 'HBM3E stacks to a PRC-headquartered designer in China, 2024-11-01 (before 3A090.c)',
    caseFile: {
      ...usExport(HBM3E, 'CN', '2024-11-01', company('PRC AI Chip Designer Co.', 'CN')),
      transactionKind: 'export-from-abroad',
      shipFrom: 'KR',
      usContent: { usOriginItem: false, usControlledContentPct: 5, foreignProducedFromUsTechnology: true },
    },
    expect: { licenseRequired: 'no', asWritten: 'no' },
    rationale:
      '3A090.c and §742.6(a)(6)(i)(B) took effect 2024-12-02 (89 FR 96790); before that the HBM stack is outside the advanced-computing entries and no §734.9(h) FDP scope applies to it.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(i)(B)', fr: '89 FR 96790' }],
  },
  {
    id: 'S10-hbm3e-prc-designer-after',
    title: 'HBM3E stacks (Korean-made, US technology) to a PRC-headquartered designer in China, 2025-01-15',
    caseFile: {
      ...usExport(HBM3E, 'CN', '2025-01-15', company('PRC AI Chip Designer Co.', 'CN')),
      transactionKind: 'export-from-abroad',
      shipFrom: 'KR',
      usContent: { usOriginItem: false, usControlledContentPct: 5, foreignProducedFromUsTechnology: true },
    },
    expect: {
      licenseRequired: 'yes',
      subjectToEar: 'yes',
      eccn: '3A090.c',
      requirements: ['RS-HBM-742.6a6iB'],
      reviewPolicy: 'presumption-of-denial',
      exceptionsRuledOut: ['HBM'],
    },
    rationale:
      'From 2024-12-02 3A090.c HBM needs a license to Macau/D:5 (§742.6(a)(6)(i)(B)); the Korean-made stack is subject via FDP §734.9(h). §742.6(b)(10)(ii): presumption of denial for Macau/D:5-HQ entities. LE HBM needs density < 3.3 GB/s/mm² (≈ 10.2 here).',
    citations: [
      { cfr: '15 CFR 742.6(a)(6)(i)(B)' },
      { cfr: '15 CFR 742.6(b)(10)(ii)' },
      { cfr: '15 CFR 734.9(h)' },
      { cfr: '15 CFR 740.25' },
    ],
  },
  {
    id: 'S11-hbm3e-prc-subsidiary-singapore',
    title: 'HBM3E from the US to the Singapore subsidiary of a PRC-headquartered designer, 2025-06-01',
    caseFile: usExport(HBM3E, 'SG', '2025-06-01', company('PRC Designer (Singapore) Pte', 'SG', 'SG', 'CN')),
    expect: {
      licenseRequired: 'yes',
      requirements: ['HQ-C-744.23a3iB'],
      reviewPolicy: 'presumption-of-denial',
      flags: ['HQ_DEFINITION'],
    },
    rationale:
      '§744.23(a)(3)(i)(B): 3A090.c to destinations outside Macau/D:5 for an entity whose ultimate parent is headquartered in Macau/D:5.',
    citations: [{ cfr: '15 CFR 744.23(a)(3)(i)(B)' }, { cfr: '15 CFR 742.6(b)(10)(ii)' }],
  },
  {
    id: 'S12-3b993-etch-fn5',
    title: '3B993 high-aspect-ratio etch tool to a Footnote 5 Entity List fab, 2025-03-01',
    caseFile: usExport(ETCH, 'CN', '2025-03-01', [
      ...company('Advanced Fab Co. (FN5)', 'CN', 'CN', 'CN', {
        entityList: {
          entry: 'Advanced Fab Co.',
          footnotes: [5],
          licenseRequirement: 'For all items subject to the EAR',
          licensePolicy: 'Presumption of denial',
        },
      }),
    ]),
    expect: {
      licenseRequired: 'yes',
      eccn: '3B993',
      requirements: ['RS-FN5-742.6a11', 'EL-744.11'],
      reviewPolicy: 'presumption-of-denial',
    },
    rationale:
      '§742.6(a)(11): 3B993 items need a license to Footnote 5 entities; the entry itself requires a license for all items subject to the EAR with a presumption of denial.',
    citations: [{ cfr: '15 CFR 742.6(a)(11)' }, { cfr: '15 CFR 744.11(a)(2)(v)' }, { cfr: '15 CFR 744 Supp. 4' }],
  },
  {
    id: 'S13-3b993-etch-unlisted',
    title: 'The same 3B993 etch tool to an unlisted mature-node fab in China, 2025-03-01',
    caseFile: usExport(ETCH, 'CN', '2025-03-01', company('Mature Node Fab Co.', 'CN')),
    expect: { licenseRequired: 'no' },
    rationale:
      '3B993 is controlled only to Footnote 5 entities (§742.6(a)(11)); no advanced-node, SME-development or supercomputer end use is known.',
    citations: [{ cfr: '15 CFR 742.6(a)(11)' }, { cfr: '15 CFR 744.23(a)(2), (a)(4)' }],
  },
  // ------------------------------------------------------------------ UAE after 2026-07-10
  {
    id: 'S14-uae-2026-supp8-approved',
    title: 'H100 to a Supp. 8 approved entity in the UAE (US AI company subsidiary), 2026-08-01',
    caseFile: usExport(
      H100,
      'AE',
      '2026-08-01',
      company('Microsoft Gulf FZ-LLC', 'AE', 'US', 'US', { supp8ApprovedUae: true }),
    ),
    expect: { licenseRequired: 'no', asWritten: 'no', flags: ['UAE_IIIA_WORDING'], outcome: 'interpreted' },
    rationale:
      'From 2026-07-10 the UAE is A:5 (out of the D:1/D:4/D:5-excl-A:5/A:6 scope) and named in (iii)(B) with an exception when the ultimate consignee and all end users are Supp. 8 approved entities (incl. Microsoft and subsidiaries). The (iii)(A) wording for the UAE is unclear → flagged.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)(B)' }, { cfr: '15 CFR 740 Supp. 8', fr: '91 FR 43034' }],
  },
  {
    id: 'S15-uae-2026-not-approved',
    title: 'H100 to a non-approved UAE company, 2026-08-01',
    caseFile: usExport(
      H100,
      'AE',
      '2026-08-01',
      company('Desert Compute LLC', 'AE', 'AE', 'AE', { supp8ApprovedUae: false }),
    ),
    expect: {
      licenseRequired: 'yes',
      requirements: ['RS-AC-UAE-2026'],
      reviewPolicy: 'presumption-of-approval',
      flags: ['UAE_IIIA_WORDING', 'MAJORITY_OWNERSHIP_NOT_CHECKED'],
      exceptionsRuledOut: ['ACA'],
    },
    rationale:
      '(iii)(B) names the UAE; the entity is not in Supp. 8 → license. The end user is headquartered in A:5 (UAE from 2026-07-10) → §744.23(d)(2) presumption of approval, subject to the majority-ownership test.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)(B)' }, { cfr: '15 CFR 744.23(d)(2)' }],
  },
  {
    id: 'S16-macau',
    title: 'H100 to a Macau data center, 2025-09-01',
    caseFile: usExport(H100, 'MO', '2025-09-01', company('Macau Data Centre Ltd', 'MO')),
    expect: {
      licenseRequired: 'yes',
      reviewPolicy: 'presumption-of-denial',
      exceptionsRuledOut: ['NAC'],
      requirements: ['RS-AC-ENFORCED-SCOPE'],
    },
    rationale:
      'Macau is named in every advanced-computing scope ("Macau or D:5"; D:1/D:4) although it is not D:5; presumption of denial (§744.23(d)(1)).',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)' }, { cfr: '15 CFR 744.23(d)(1)' }],
  },
  {
    id: 'S17-fn4-foreign-made',
    title:
      'Taiwan-made IC (US-technology direct product, 0% US content) to a Footnote 4 Entity List party in China, 2025-06-01',
    caseFile: {
      ...usExport(IC_3A991, 'CN', '2025-06-01', [
        ...company('National Supercomputing Center X', 'CN', 'CN', 'CN', {
          entityList: {
            entry: 'National Supercomputing Center X',
            footnotes: [4],
            licensePolicy: 'Presumption of denial',
          },
        }),
      ]),
      transactionKind: 'export-from-abroad',
      shipFrom: 'TW',
      usContent: { usOriginItem: false, usControlledContentPct: 0, foreignProducedFromUsTechnology: true },
    },
    expect: {
      licenseRequired: 'yes',
      subjectToEar: 'yes',
      requirements: ['EL-744.11'],
      reviewPolicy: 'presumption-of-denial',
    },
    rationale:
      'Below de minimis, but §734.9(e)(2) (Footnote 4 FDP) makes the foreign direct product subject to the EAR when an FN4 entity is a party; the entry requires a license with a presumption of denial and no license exceptions.',
    citations: [{ cfr: '15 CFR 734.9(e)(2)' }, { cfr: '15 CFR 744.11' }],
  },
  {
    id: 'S18-meu-china-supp2',
    title: '4A994 server (Supp. 2 to Part 744 ECCN) to a PLA-affiliated end user in China, 2025-06-01',
    caseFile: usExport(SERVER_4A994, 'CN', '2025-06-01', company('PLA Logistics Institute', 'CN'), {
      endUse: { ...NO_END_USE, military: true },
    }),
    expect: { licenseRequired: 'yes', requirements: ['MEU-744.21a1'], reviewPolicy: 'presumption-of-denial' },
    rationale:
      '§744.21(a)(1): Supp. 2 items (4A994) to China with knowledge of a military end use/user; presumption of denial (§744.21(e)).',
    citations: [{ cfr: '15 CFR 744.21(a)(1)' }, { cfr: '15 CFR 744 Supp. 2' }, { cfr: '15 CFR 744.21(e)' }],
  },
  {
    id: 'S19-d5-hq-subsidiary-malaysia',
    title: "H100 to a PRC-headquartered cloud provider's Malaysian subsidiary, 2026-06-15",
    caseFile: usExport(H100, 'MY', '2026-06-15', company('PRC Cloud (Malaysia) Sdn Bhd', 'MY', 'MY', 'CN')),
    expect: {
      licenseRequired: 'yes',
      asWritten: 'yes',
      requirements: ['HQ-A-742.6a6iiiA'],
      reviewPolicy: 'presumption-of-denial',
      flags: ['HQ_DEFINITION'],
      exceptionsRuledOut: ['NAC'],
    },
    rationale:
      'The HQ prong of §742.6(a)(6)(iii)(A) (formerly §744.23(a)(3)) applies worldwide to entities whose ultimate parent is headquartered in Macau/D:5; BIS guidance of 2026-05-31: "The answer is yes" — still enforced.',
    citations: [
      { cfr: '15 CFR 742.6(a)(6)(iii)(A)' },
      { url: 'https://www.bis.gov/media/documents/bis-guidance-may-31-2026.pdf' },
    ],
  },
  // ------------------------------------------------------------------ Affiliates rule
  {
    id: 'S20-affiliates-in-force',
    title: 'Microcontrollers to a Malaysian company 60% owned by an Entity List party, 2025-10-15',
    caseFile: usExport(
      IC_3A991,
      'MY',
      '2025-10-15',
      company('Penang Trading Sdn Bhd', 'MY', 'MY', 'MY', {
        ownedByListed: { share: 0.6, owner: 'Listed Parent Ltd' },
      }),
    ),
    expect: { licenseRequired: 'yes', asWritten: 'yes', requirements: ['AFF-744.11a1-2025'], redFlags: [29] },
    rationale:
      "Affiliates Rule (90 FR 47201) effective 2025-09-29: entities ≥ 50% owned by listed parties take the owner's license requirement.",
    citations: [{ cfr: '15 CFR 744.11(a)(1)', fr: '90 FR 47201' }, { cfr: '15 CFR 732 Supp. 3, Red Flag 29' }],
  },
  {
    id: 'S21-affiliates-suspended',
    title: 'Same transaction during the suspension, 2026-03-01',
    caseFile: usExport(
      IC_3A991,
      'MY',
      '2026-03-01',
      company('Penang Trading Sdn Bhd', 'MY', 'MY', 'MY', {
        ownedByListed: { share: 0.6, owner: 'Listed Parent Ltd' },
      }),
    ),
    expect: { licenseRequired: 'no', asWritten: 'no', flags: ['AFFILIATES_RULE_SUSPENDED'], redFlags: [29] },
    rationale: '90 FR 50857 suspends the Affiliates Rule 2025-11-10 through 2026-11-09.',
    citations: [{ fr: '90 FR 50857 (FR Doc 2025-19846)' }],
  },
  {
    id: 'S22-affiliates-after',
    title: 'Same transaction after the suspension, 2026-11-22',
    caseFile: usExport(
      IC_3A991,
      'MY',
      '2026-11-22',
      company('Penang Trading Sdn Bhd', 'MY', 'MY', 'MY', {
        ownedByListed: { share: 0.6, owner: 'Listed Parent Ltd' },
      }),
    ),
    expect: {
      licenseRequired: 'unknown',
      asWritten: 'yes',
      flags: ['AFFILIATES_RULE_STATUS'],
      outcome: 'review',
      incomplete: ['enforcement status of FR-2025-19001'],
    },
    rationale:
      'The rule is reimposed 2026-11-10 "absent a future extension"; no extension or reinstatement was found → as written: license; enforced: unknown (flag, not a guess).',
    citations: [{ fr: '90 FR 50857' }],
  },
  // ------------------------------------------------------------------ Cambodia
  {
    id: 'S23-cambodia-before',
    title: 'HBM3E (US-origin) to Cambodia, 2025-06-01 (Cambodia in D:5)',
    caseFile: usExport(HBM3E, 'KH', '2025-06-01', company('Phnom Penh Electronics', 'KH')),
    expect: {
      licenseRequired: 'yes',
      asWritten: 'yes',
      requirements: ['RS-HBM-742.6a6iB'],
      notFlags: ['CAMBODIA_D5_END_DATE'],
    },
    rationale: 'Cambodia was in D:5 (US arms embargo) until 2025-11-07; 3A090.c needs a license to D:5.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(i)(B)' }, { cfr: '15 CFR 740 Supp. 1' }],
  },
  {
    id: 'S24-cambodia-window',
    title: 'HBM3E to Cambodia, 2025-12-15 (State lifted the embargo; BIS table not yet amended)',
    caseFile: usExport(HBM3E, 'KH', '2025-12-15', company('Phnom Penh Electronics', 'KH')),
    expect: { licenseRequired: 'no', asWritten: 'yes', flags: ['CAMBODIA_D5_END_DATE'], outcome: 'interpreted' },
    rationale:
      'The Note to D:5 makes the State list controlling (embargo lifted 2025-11-07) while the BIS table listed Cambodia until 2026-02-03: as written D:5 → license; controlling list → not D:5 → no license. Flagged.',
    citations: [{ cfr: '15 CFR 740 Supp. 1, Note 1 to D:5' }, { cfr: '22 CFR 126.1' }],
  },
  {
    id: 'S25-cambodia-after',
    title: 'HBM3E to Cambodia, 2026-03-01 (after the BIS conforming rule)',
    caseFile: usExport(HBM3E, 'KH', '2026-03-01', company('Phnom Penh Electronics', 'KH')),
    expect: { licenseRequired: 'no', asWritten: 'no', notFlags: ['CAMBODIA_D5_END_DATE'], outcome: 'resolved' },
    rationale: 'Cambodia out of D:5 in both the State list and the BIS table; HBM is controlled only to Macau/D:5.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(i)(B)' }],
  },
  // ------------------------------------------------------------------ model weights
  {
    id: 'S26-4e091-germany',
    title: 'Closed frontier model weights (3×10^26 ops) transferred to a German research lab, 2026-11-22',
    caseFile: usExport(WEIGHTS, 'DE', '2026-11-22', company('Forschungslabor GmbH', 'DE'), { quantity: 1 }),
    expect: {
      licenseRequired: 'no',
      asWritten: 'yes',
      eccn: '4E091',
      requirements: ['RS-4E091-742.6a13'],
      flags: ['AI_DIFFUSION_TEXT_NOT_ENFORCED', 'GAO_DIFFUSION_IN_EFFECT'],
      exceptionCandidates: ['AIA'],
      outcome: 'interpreted',
    },
    rationale:
      '4E091 / §742.6(a)(13) worldwide is AI Diffusion content, not enforced since 2025-05-13 (GAO says legally in effect).',
    citations: [{ cfr: '15 CFR 742.6(a)(13)' }, { cfr: '15 CFR 774 Supp. 1, ECCN 4E091' }],
  },
  {
    id: 'S27-4e091-china',
    title: 'Closed frontier model weights to a China-headquartered lab, 2026-03-01',
    caseFile: usExport(WEIGHTS, 'CN', '2026-03-01', company('Beijing Model Lab', 'CN'), { quantity: 1 }),
    expect: {
      licenseRequired: 'no',
      asWritten: 'yes',
      asWrittenReviewPolicy: 'presumption-of-denial',
      redFlags: [28],
      flags: ['AI_DIFFUSION_TEXT_NOT_ENFORCED'],
    },
    rationale:
      'As written §742.6(a)(13) requires a license with a presumption of denial for end users headquartered outside Supp. 5(a) (§742.6(b)(14)); not enforced. Red Flag 28 (4E091 training/transfer for a non-Supp. 5(a) HQ).',
    citations: [{ cfr: '15 CFR 742.6(b)(14)' }, { cfr: '15 CFR 732 Supp. 3, Red Flag 28' }],
  },
  // ------------------------------------------------------------------ Hong Kong, NAC, end uses
  {
    id: 'S28-hong-kong',
    title: 'H100 to Hong Kong, 2026-03-01',
    caseFile: usExport(H100, 'HK', '2026-03-01', company('HK Compute Ltd', 'HK'), {
      certifications: { h200PathCertifications: false },
    }),
    expect: {
      licenseRequired: 'yes',
      destination: 'CN',
      reviewPolicy: 'presumption-of-denial',
      requirements: ['RS-AC-ENFORCED-SCOPE'],
    },
    rationale:
      'Hong Kong is treated as China since 2020-12-23: D:5 → license; without the FR 2026-00789 certifications, presumption of denial.',
    citations: [{ note: 'Hong Kong = China (2020-12-23)' }, { cfr: '15 CFR 744.23(d)(1)' }],
  },
  {
    id: 'S29-nac-consumer-gpu-china',
    title: 'RTX 4090 (consumer, TPP ≈ 5,286) to a China distributor, 2024-06-01',
    caseFile: usExport(part('nvidia-rtx-4090'), 'CN', '2024-06-01', company('Shenzhen Gaming Retail Co.', 'CN')),
    expect: {
      licenseRequired: 'yes',
      eccn: '3A090.a',
      exceptionCandidates: ['NAC'],
      exceptionsRuledOut: ['ACA'],
      reviewPolicy: 'case-by-case',
    },
    rationale:
      'TPP ≥ 4800 keeps a non-datacenter GPU in 3A090.a (Note 2) → license to D:5, but NAC is available (not datacenter, TPP ≥ 4800) with 25-day prior notification; a license application would be case-by-case (§744.23(d)(3)(i)).',
    citations: [
      { cfr: '15 CFR 740.8' },
      { cfr: '15 CFR 774 Supp. 1, ECCN 3A090 (LE NAC/ACA)' },
      { cfr: '15 CFR 744.23(d)(3)(i)' },
    ],
  },
  {
    id: 'S30-rtx4090-germany',
    title: 'RTX 4090 to Germany, 2024-06-01',
    caseFile: usExport(part('nvidia-rtx-4090'), 'DE', '2024-06-01', company('Gaming Händler GmbH', 'DE')),
    expect: { licenseRequired: 'no', asWritten: 'no', outcome: 'resolved' },
    rationale: 'Germany (A:5) is outside the 2023 scope (D:1/D:4/D:5 excl. A:5/A:6); AI Diffusion not yet in force.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)', fr: '88 FR 73458' }],
  },
  {
    id: 'S31-supercomputer-end-use',
    title: '4A994 servers with knowledge of a China supercomputer build, 2025-06-01',
    caseFile: usExport(SERVER_4A994, 'CN', '2025-06-01', company('Wuxi Computing Center', 'CN'), {
      endUse: { ...NO_END_USE, supercomputer: true },
    }),
    expect: {
      licenseRequired: 'yes',
      requirements: ['EU-744.23a1'],
      reviewPolicy: 'presumption-of-denial',
      redFlags: [18],
    },
    rationale:
      '§744.23(a)(1): CCL items (4A994 named) with knowledge of use in a "supercomputer" in Macau/D:5; §744.23(d)(1) presumption of denial; no license exceptions (§744.23(c)).',
    citations: [{ cfr: '15 CFR 744.23(a)(1)' }, { cfr: '15 CFR 744.23(d)(1)' }],
  },
  {
    id: 'S32-advanced-node-fab',
    title: 'EAR99 items for an advanced-node fab in China, 2025-06-01',
    caseFile: usExport(EAR99_ITEM, 'CN', '2025-06-01', company('Advanced Logic Fab Co.', 'CN'), {
      endUse: { ...NO_END_USE, advancedNodeFab: true },
    }),
    expect: { licenseRequired: 'yes', requirements: ['EU-744.23a2'], reviewPolicy: 'presumption-of-denial' },
    rationale:
      '§744.23(a)(2)(i): any item subject to the EAR (EAR99 included) for IC development/production at a Macau/D:5 advanced-node facility.',
    citations: [{ cfr: '15 CFR 744.23(a)(2)(i)' }],
  },
  {
    id: 'S33-supercomputer-unknown',
    title: '4A994 servers to China with the supercomputer end use not established',
    caseFile: usExport(SERVER_4A994, 'CN', '2025-06-01', company('Wuxi Computing Center', 'CN'), {
      endUse: { ...NO_END_USE, supercomputer: undefined },
    }),
    expect: { licenseRequired: 'unknown', outcome: 'review', incomplete: ['endUse.supercomputer'] },
    rationale:
      'The §744.23(a)(1) knowledge question is unanswered: the engine says unknown and lists the fact, never assumes "no".',
    citations: [{ cfr: '15 CFR 744.23(a)(1)' }],
  },
  // ------------------------------------------------------------------ de minimis
  {
    id: 'S34-de-minimis-30pct-vietnam',
    title: 'Japanese-made 3B001.c etch tool with 30% controlled US content reexported to Vietnam, 2025-06-01',
    caseFile: {
      ...usExport(ETCH_3B001, 'VN', '2025-06-01', company('Hanoi Semiconductor JSC', 'VN')),
      transactionKind: 'export-from-abroad',
      shipFrom: 'JP',
      usContent: { usOriginItem: false, usControlledContentPct: 30, foreignProducedFromUsTechnology: false },
    },
    expect: { licenseRequired: 'yes', subjectToEar: 'yes', requirements: ['CCL-3B001-NS2'] },
    rationale:
      '30% controlled US content exceeds the 25% de minimis level (§734.4(d)) → subject; 3B001 NS column 2 is marked for Vietnam.',
    citations: [{ cfr: '15 CFR 734.4(d)' }, { cfr: '15 CFR 738 Supp. 1' }],
  },
  {
    id: 'S35-de-minimis-8pct-syria',
    title: 'The same tool with 8% controlled US content to Syria (E:1), 2025-06-01',
    caseFile: {
      ...usExport(ETCH_3B001, 'SY', '2025-06-01', company('Damascus Industrial Co.', 'SY')),
      transactionKind: 'export-from-abroad',
      shipFrom: 'JP',
      usContent: { usOriginItem: false, usControlledContentPct: 8, foreignProducedFromUsTechnology: false },
    },
    expect: { licenseRequired: 'no', subjectToEar: 'no' },
    rationale:
      '8% does not exceed the 10% de minimis level for E:1/E:2 (§734.4(c)); not subject to the EAR, so no BIS license (other jurisdictions aside).',
    citations: [{ cfr: '15 CFR 734.4(c)' }],
  },
  {
    id: 'S36-de-minimis-unknown',
    title: 'Foreign-made tool, US content not stated',
    caseFile: {
      ...usExport(ETCH_3B001, 'VN', '2025-06-01', company('Hanoi Semiconductor JSC', 'VN')),
      transactionKind: 'export-from-abroad',
      shipFrom: 'JP',
      usContent: { usOriginItem: false, foreignProducedFromUsTechnology: false },
    },
    expect: { licenseRequired: 'unknown', incomplete: ['usContent.usControlledContentPct'], outcome: 'review' },
    rationale: 'The de minimis calculation needs the controlled US content percentage (Supp. 2 to Part 734).',
    citations: [{ cfr: '15 CFR 734.4' }],
  },
  // ------------------------------------------------------------------ more dates and destinations
  {
    id: 'S37-h100-germany-2024',
    title: 'H100 to Germany, 2024-06-01 (before AI Diffusion)',
    caseFile: usExport(H100, 'DE', '2024-06-01', company('Rechenzentrum GmbH', 'DE')),
    expect: { licenseRequired: 'no', asWritten: 'no', outcome: 'resolved' },
    rationale: 'A:5 Germany is outside the 2023 scope; the worldwide text starts 2025-01-13.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)', fr: '88 FR 73458' }],
  },
  {
    id: 'S38-h100-germany-compliance-window',
    title: 'H100 to Germany, 2025-03-01 (Diffusion effective, compliance from 2025-05-15)',
    caseFile: usExport(H100, 'DE', '2025-03-01', company('Rechenzentrum GmbH', 'DE')),
    expect: { licenseRequired: 'no', asWritten: 'yes', flags: ['DIFFUSION_COMPLIANCE_PENDING'] },
    rationale:
      'AI Diffusion effective 2025-01-13 with compliance from 2025-05-15; BIS never enforced it (announcement 2025-05-13).',
    citations: [{ fr: '90 FR 4544' }],
  },
  {
    id: 'S39-h100-india-2026',
    title: 'H100 to an Indian cloud provider, 2026-11-22',
    caseFile: usExport(H100, 'IN', '2026-11-22', company('Mumbai Cloud Pvt Ltd', 'IN')),
    expect: {
      licenseRequired: 'no',
      asWritten: 'yes',
      asWrittenReviewPolicy: 'presumption-of-approval',
      flags: ['AI_DIFFUSION_TEXT_NOT_ENFORCED'],
    },
    rationale:
      'India is A:5 (outside the enforced scope). As written: worldwide license; India-HQ end user → §744.23(d)(2) presumption of approval (Diffusion allocation aside).',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)(A)' }, { cfr: '15 CFR 744.23(d)(2)' }],
  },
  {
    id: 'S40-north-korea-ear99',
    title: 'EAR99 item to North Korea, 2025-06-01',
    caseFile: usExport(EAR99_ITEM, 'KP', '2025-06-01', company('Pyongyang Trading Corp', 'KP')),
    expect: { licenseRequired: 'yes', requirements: ['EMB-746.4-KP'], reviewPolicy: 'policy-of-denial' },
    rationale:
      '§746.4: license for all items subject to the EAR to North Korea except food and medicine designated EAR99; general policy of denial.',
    citations: [{ cfr: '15 CFR 746.4' }],
  },
  {
    id: 'S41-hq-unknown',
    title: 'H100 to a Malaysian company whose ultimate parent is not stated, 2026-06-15',
    caseFile: usExport(H100, 'MY', '2026-06-15', [
      { role: 'ultimate-consignee', name: 'KL Compute Sdn Bhd', country: 'MY', headquarters: 'MY' },
      { role: 'end-user', name: 'KL Compute Sdn Bhd', country: 'MY', headquarters: 'MY' },
    ]),
    expect: { licenseRequired: 'unknown', outcome: 'review', incomplete: ['parties.0.ultimateParentHeadquarters'] },
    rationale: "The HQ rule turns on the ultimate parent's headquarters; without it the answer stays open.",
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)(A)' }],
  },
  {
    id: 'S42-ascend-gp10',
    title: 'Huawei Ascend 910B (PRC-designed 3A090 IC) resold from Malaysia to Thailand, 2026-03-01',
    caseFile: {
      ...usExport(part('huawei-ascend-910b'), 'TH', '2026-03-01', company('Bangkok AI Co.', 'TH')),
      transactionKind: 'reexport',
      shipFrom: 'MY',
      usContent: { usOriginItem: false, usControlledContentPct: 0, foreignProducedFromUsTechnology: true },
    },
    expect: {
      licenseRequired: 'no',
      asWritten: 'yes',
      subjectToEar: 'no',
      flags: ['GP10_RISK', 'AI_DIFFUSION_TEXT_NOT_ENFORCED'],
    },
    rationale:
      'Thailand is outside the enforced §734.9(h) scope, so the foreign-made IC is not subject in the enforced layer; as written (h) is worldwide. BIS 2025-05-13 GP10 guidance names the Ascend 910B.',
    citations: [{ cfr: '15 CFR 734.9(h)' }, { cfr: '15 CFR 736.2(b)(10)' }],
  },
  // ------------------------------------------------------------------ refused inputs
  {
    id: 'E01-export-not-from-us',
    title: 'Contradiction: "export" with shipFrom Singapore',
    caseFile: { ...usExport(H100, 'CN', '2026-02-01', company('X', 'CN')), shipFrom: 'SG' },
    expect: { error: { code: 'CONTRADICTORY_FACTS', path: 'shipFrom' } },
    rationale: 'An export (§734.13) ships from the United States; a shipment from Singapore is a reexport (§734.14).',
    citations: [{ cfr: '15 CFR 734.13; 15 CFR 734.14' }],
  },
  {
    id: 'E02-reexport-from-us',
    title: 'Contradiction: "reexport" with shipFrom US',
    caseFile: { ...usExport(H100, 'CN', '2026-02-01', company('X', 'CN')), transactionKind: 'reexport' },
    expect: { error: { code: 'CONTRADICTORY_FACTS', path: 'shipFrom' } },
    rationale: 'A reexport ships from one foreign country to another (§734.14).',
    citations: [{ cfr: '15 CFR 734.14' }],
  },
  {
    id: 'E03-date-before-range',
    title: 'Ship date before the rule pack starts (2022-10-07)',
    caseFile: usExport(EAR99_ITEM, 'CN', '2022-06-01', company('X', 'CN')),
    expect: { error: { code: 'DATE_OUT_OF_RANGE', path: 'shipDate' } },
    rationale: 'The pack models the rules from 2022-10-07; an earlier date would be a silent default.',
    citations: [{ fr: '87 FR 62186' }],
  },
  {
    id: 'E04-date-after-horizon',
    title: 'Ship date beyond asOf + 90 days',
    caseFile: usExport(EAR99_ITEM, 'CN', '2027-06-01', company('X', 'CN')),
    expect: { error: { code: 'DATE_OUT_OF_RANGE', path: 'shipDate' } },
    rationale: 'Rules after the pack horizon are unknown (Affiliates status, G42 authorization, new rules).',
    citations: [{ note: 'docs/determination.md §Dates' }],
  },
  {
    id: 'E05-unknown-country',
    title: 'Unknown destination code',
    caseFile: usExport(EAR99_ITEM, 'XX', '2025-06-01', company('X', 'DE')),
    expect: { error: { code: 'UNKNOWN_COUNTRY', path: 'destination' } },
    rationale: 'Country Group membership cannot be evaluated for an unknown code.',
    citations: [{ cfr: '15 CFR 740 Supp. 1' }],
  },
];
