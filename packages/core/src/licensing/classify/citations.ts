/**
 * Legal citations used by classification. Every reasoning step and flag cites at least one of these.
 * Facts come from the Stackport reference `docs/research/ear-rules.md` (research notes, eCFR as of
 * 2026-09-24); the section of that file is named in `note` where useful.
 * @module
 */
import type { Citation } from '../types.js';

const CCL = '15 CFR 774 Supp. 1';

/** A citation to a CCL entry or paragraph, e.g. `ccl('3A090.a.1', 'Technical Note 2')`. */
export function ccl(paragraph: string, note?: string): Citation {
  return note ? { cfr: `${CCL}, ECCN ${paragraph}`, note } : { cfr: `${CCL}, ECCN ${paragraph}` };
}

export const REFERENCE_NOTE = 'Stackport reference docs/research/ear-rules.md';

/** 87 FR 62186 (FR Doc 2022-21658), effective 2022-10-07: first 3A090/4A090 (600 GB/s AND 4800 test). */
export const FR_2022: Citation = {
  fr: '87 FR 62186 (FR Doc 2022-21658)',
  url: 'https://www.govinfo.gov/app/details/FR-2022-10-13/2022-21658',
  note: 'Advanced computing and SME IFR, effective 2022-10-07 (docs/research/ear-rules.md §1.4, §5)',
};

/** 88 FR 73458 (FR Doc 2023-23055), effective 2023-11-17: TPP/PD test, 3A090.a/.b, Note 2, .z paragraphs. */
export const FR_2023: Citation = {
  fr: '88 FR 73458 (FR Doc 2023-23055)',
  url: 'https://www.govinfo.gov/content/pkg/FR-2023-10-25/html/2023-23055.htm',
  note: 'AC/S IFR, effective 2023-11-17 (docs/research/ear-rules.md §1.1, §5)',
};

/** 88 FR 73424 (FR Doc 2023-23049), effective 2023-11-17: SME IFR (3B090 removed, 3B001/3B002 expanded). */
export const FR_2023_SME: Citation = {
  fr: '88 FR 73424 (FR Doc 2023-23049)',
  note: 'SME IFR, effective 2023-11-17 (docs/research/ear-rules.md §2)',
};

/** 89 FR 96790 (FR Doc 2024-28270), effective 2024-12-02: 3A090.c HBM, 3B993/3B994, 3D99x/3E99x, LE HBM. */
export const FR_2024: Citation = {
  fr: '89 FR 96790 (FR Doc 2024-28270)',
  url: 'https://www.govinfo.gov/content/pkg/FR-2024-12-05/html/2024-28270.htm',
  note: 'FDP/SME/HBM IFR, effective 2024-12-02, most compliance 2024-12-31 (docs/research/ear-rules.md §2, §5)',
};

/** 90 FR 4544 (FR Doc 2025-00636), effective 2025-01-13: AI Diffusion (4E091). */
export const FR_2025_DIFFUSION: Citation = {
  fr: '90 FR 4544 (FR Doc 2025-00636)',
  note: 'AI Diffusion IFR, effective 2025-01-13 (docs/research/ear-rules.md §1.3, §5)',
};

/** 90 FR 5298 (FR Doc 2025-00711): foundry due-diligence rule, Note 1 to 3A090.a. */
export const FR_2025_FOUNDRY: Citation = {
  fr: '90 FR 5298 (FR Doc 2025-00711)',
  note: 'Foundry due-diligence IFR, 2025-01-15/16 (docs/research/ear-rules.md §1.1, §5)',
};

/** BIS 2025-05-13 rescission announcement and guidance (non-enforcement of AI Diffusion; GP10 guidance). */
export const MAY25: Citation = {
  url: 'https://www.bis.gov/press-release/department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule-strengthens',
  note: 'BIS 2025-05-13 announcement and guidance (docs/research/ear-rules.md §5, §6: MAY25)',
};

/** GAO B-337935 (2026-05-12): the non-enforcement is an unsubmitted CRA rule; Diffusion "remains legally in effect". */
export const GAO26: Citation = {
  url: 'https://www.gao.gov/products/b-337935',
  note: 'GAO decision B-337935, 2026-05-12 (docs/research/ear-rules.md §5, §8.4 item 1)',
};

/** 91 FR 1684 (FR Doc 2026-00789), effective 2026-01-15: case-by-case path for TPP < 21,000 and DRAM < 6,500 GB/s. */
export const FR_2026_REVIEW: Citation = {
  cfr: '15 CFR 742.6(b)(10)(iii)(A)(1)',
  fr: '91 FR 1684 (FR Doc 2026-00789)',
  url: 'https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm',
  note: 'Revision to License Review Policy for Advanced Computing Commodities, effective 2026-01-15 (docs/research/ear-rules.md §3.3)',
};

/** AI Action Plan (2025-07-23): component sub-systems of SME are largely uncontrolled. */
export const AI_ACTION_PLAN: Citation = {
  note: "America's AI Action Plan, 2025-07-23: allies 'do not control many of the component sub-systems' (docs/research/ear-rules.md §2; exportcompliancedaily.com 2025-07-24)",
};

export const CFR_734_7: Citation = { cfr: '15 CFR 734.7', note: 'Published information is not subject to the EAR' };
export const CFR_740_8: Citation = {
  cfr: '15 CFR 740.8',
  note: 'License Exceptions NAC/ACA (docs/research/ear-rules.md §3.4)',
};
export const CFR_740_25: Citation = {
  cfr: '15 CFR 740.25',
  note: 'License Exception HBM (docs/research/ear-rules.md §3.4)',
};
export const CFR_GP10: Citation = { cfr: '15 CFR 736.2(b)(10); 15 CFR 764.2(e)', note: 'General Prohibition 10' };
export const SWK: Citation = {
  url: 'https://github.com/s-w-kelly/chip-export-controls',
  note: 'SWK chip dataset src/data/chipData.js (docs/research/ear-rules.md §0; shared/data/chips/chip-specs.json)',
};
export const REF_AMBIGUITIES: Citation = { note: `${REFERENCE_NOTE} §8.4 (where the law is ambiguous)` };
