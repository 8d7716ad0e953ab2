/**
 * Flag catalogue: stable codes for ambiguities the engine raises instead of guessing (docs/research/ear-rules.md §8.4).
 * `interpretive` flags make a definite license answer depend on an interpretation (outcome "interpreted").
 * @module
 */
import type { Citation } from '../../types.js';
import { BISG26, GAO26, MAY25 } from './regulations.js';

export interface FlagDef {
  readonly message: string;
  readonly citations: readonly Citation[];
  readonly interpretive?: boolean;
}

export const FLAGS: Readonly<Record<string, FlagDef>> = {
  AI_DIFFUSION_TEXT_NOT_ENFORCED: {
    message:
      'The AI Diffusion text (worldwide .a requirement, 4E091, AIA/ACM/LPP, allocations) is in the CFR but BIS announced on 2025-05-13 it will not enforce it; no rescission was published. The enforced layer applies the pre-Diffusion scope.',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii)(A)', fr: '90 FR 4544' }, MAY25],
    interpretive: true,
  },
  GAO_DIFFUSION_IN_EFFECT: {
    message:
      'GAO (B-337935, 2026-05-12) found the non-enforcement statement is an unsubmitted CRA rule, so AI Diffusion "remains legally in effect": the as-written layer is the legal text.',
    citations: [GAO26],
    interpretive: true,
  },
  DIFFUSION_COMPLIANCE_PENDING: {
    message:
      'AI Diffusion was effective 2025-01-13 with compliance from 2025-05-15; BIS announced non-enforcement on 2025-05-13, before compliance was required.',
    citations: [{ fr: '90 FR 4544' }, MAY25],
    interpretive: true,
  },
  AFFILIATES_RULE_SUSPENDED: {
    message:
      'The Affiliates (50%) Rule is suspended 2025-11-10 through 2026-11-09 (90 FR 50857); ownership by listed parties does not by itself create a license requirement in this window. The eCFR still prints the 50% text with a stay note.',
    citations: [{ fr: '90 FR 50857 (FR Doc 2025-19846)', cfr: '15 CFR 744.11(a)(1)' }],
  },
  AFFILIATES_RULE_STATUS: {
    message:
      'The Affiliates Rule suspension ended 2026-11-09 and the rule is reimposed 2026-11-10 "absent a future extension"; no extension or reinstatement notice was found. As written the requirement applies; its enforcement is unknown.',
    citations: [{ fr: '90 FR 47201; 90 FR 50857', cfr: '15 CFR 744.11(a)(1)' }],
    interpretive: true,
  },
  CAMBODIA_D5_END_DATE: {
    message:
      'Cambodia left D:5 on 2025-11-07 per the State Department list (controlling under the Note to D:5) but stayed in the BIS table until the conforming rule of 2026-02-03. As written: D:5; enforced/controlling: not D:5.',
    citations: [
      { cfr: '15 CFR 740 Supp. 1, Note 1 to Country Group D:5' },
      { cfr: '22 CFR 126.1', note: 'State lifted the Cambodia arms embargo effective 2025-11-07' },
    ],
    interpretive: true,
  },
  UAE_IIIA_WORDING: {
    message:
      'From 2026-07-10 the UAE is in A:5 and named in §742.6(a)(6)(iii)(B) with a Supp. 8 approved-entity exception; Supp. 8 says approved entities are license-free "consistent with (iii)(A)-(B)", but the exact (iii)(A) wording for the UAE is unclear and 91 FR 46260 (2026-07-23) may amend §742.6 (not retrieved).',
    citations: [{ cfr: '15 CFR 742.6(a)(6)(iii); 15 CFR 740 Supp. 8', fr: '91 FR 43034; 91 FR 46260' }],
    interpretive: true,
  },
  G42_SUPP8_EXPIRY: {
    message:
      'The Supp. 8 authorization for G42 / Core42 "shall automatically expire on April 6, 2027" absent BIS notice.',
    citations: [{ cfr: '15 CFR 740 Supp. 8, Note 2' }],
    interpretive: true,
  },
  DATACENTER_UNDEFINED: {
    message:
      '"Designed or marketed for use in datacenters" is undefined in the EAR; it drives Note 2 to 3A090, NAC/ACA eligibility and §744.23(d)(3)(i). It is taken as the user-asserted fact with evidence.',
    citations: [{ cfr: '15 CFR 774 Supp. 1, ECCN 3A090 Note 2; 15 CFR 740.8' }],
  },
  H200_PATH_SCOPE: {
    message:
      'H200 path: "total DRAM bandwidth" is defined only in Supp. 2 to Part 748 ¶(dd) notes; the 50% China/Macau volume cap, US availability, third-party testing and remote-access KYC are applicant certifications the engine cannot check.',
    citations: [{ cfr: '15 CFR 742.6(b)(10)(iii)(A)(1); 15 CFR 748 Supp. 2 ¶(dd)', fr: '91 FR 1684' }],
  },
  FR26_789_VS_744_23D3: {
    message:
      'FR 2026-00789 puts "all other applications" to Macau/D:5 or D:5-HQ entities under a presumption of denial, while §744.23(d)(3)(i) still lists case-by-case for AC items other than datacenter 3A090.a items; the more restrictive reading is reported.',
    citations: [{ cfr: '15 CFR 742.6(b)(10)(iii)(A)(1); 15 CFR 744.23(d)(3)(i)', fr: '91 FR 1684' }],
  },
  DIFFUSION_ALLOCATION: {
    message:
      'AI Diffusion country allocation: presumption of approval up to 790,000,000 cumulative TPP per country for 2025–2027, then policy of denial; the installed base is not tracked here.',
    citations: [{ cfr: '15 CFR 742.6(b)(10)(iii)(B)', fr: '90 FR 4544' }],
  },
  MAJORITY_OWNERSHIP_NOT_CHECKED: {
    message:
      'Presumption of approval requires the end user not to be majority-owned by a Macau/D:5-headquartered entity; the case file gives headquarters and ultimate parent only.',
    citations: [{ cfr: '15 CFR 744.23(d)(2)' }],
  },
  HQ_DEFINITION: {
    message:
      '"Headquartered" and "ultimate parent" drive the HQ rules; the §772.1 definitions were not retrieved. Inputs are taken as asserted.',
    citations: [{ cfr: '15 CFR 772.1; 15 CFR 742.6(a)(6)(iii)(A); 15 CFR 744.23(a)(3)' }, BISG26],
  },
  ENTITY_LIST_POLICY_UNSPECIFIED: {
    message:
      "The Entity List entry's license requirement or review policy was not supplied; read it from Supp. 4 to Part 744.",
    citations: [{ cfr: '15 CFR 744 Supp. 4' }],
  },
  GP10_RISK: {
    message:
      'BIS guidance (2025-05-13): PRC-designed 3A090 ICs, named Huawei Ascend 910B/910C/910D, are presumed produced in violation of the EAR; using, selling, transferring, financing or servicing them risks General Prohibition 10.',
    citations: [{ cfr: '15 CFR 736.2(b)(10); 15 CFR 764.2(e)' }, MAY25],
  },
  COMPLIANCE_DATE_WINDOW: {
    message:
      'The rule was effective but its compliance date had not yet passed on the ship date (savings/compliance window).',
    citations: [{ fr: '89 FR 96790 (compliance 2024-12-31)' }],
  },
  SUPP4_742_NOT_RETRIEVED: {
    message:
      'Supp. 4 to Part 742 (countries whose reexporters are excluded from SME FDP / zero de minimis license requirements) was not retrieved; exclusions for such reexporters are not applied.',
    citations: [{ cfr: '15 CFR 742 Supp. 4; 15 CFR 742.4(a)(4)' }],
  },
  OFAC_JURISDICTION: {
    message:
      'Iran and Cuba are also under OFAC sanctions programmes (31 CFR 560 / 515); BIS answers here do not cover OFAC.',
    citations: [{ cfr: '31 CFR 560; 31 CFR 515' }],
  },
  IAAS_AI_TRAINING_D5: {
    message:
      'BIS policy statement (2025-05-13): supplying ICs or IaaS to train AI models for or on behalf of entities headquartered in China or other D:5 countries is a red flag for WMD/military-intelligence end uses (§744.6, §744.22) and Entity List risk.',
    citations: [{ cfr: '15 CFR 744.6; 15 CFR 744.22' }, MAY25],
  },
  PARTY_LOCATION_MISMATCH: {
    message:
      'An ultimate consignee or end user is located outside the destination; an onward reexport may need its own determination.',
    citations: [{ cfr: '15 CFR 734.14; 15 CFR 748.5' }],
  },
  AC_MACAU_2022: {
    message:
      'Whether the Oct-2022 AC license requirement reached Macau before 2023-11-17 was not verified; only China is applied.',
    citations: [{ fr: '87 FR 62186; 88 FR 2821' }],
  },
  CLASSIFICATION_FLAG: {
    message: 'Classification raised flags (see classification.flags).',
    citations: [],
  },
};
