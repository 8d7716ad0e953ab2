/**
 * The American AI Exports Program requirements as dated data. Every finding of the checker cites one of these.
 *
 * Sources, as cited in the Stackport reference note program-eval-bio.md §1 and §5(a):
 * - EO 14320 "Promoting the Export of the American AI Technology Stack", signed 2025-07-23, FR Doc. 2025-14218
 *   [S: R18b]. Sec. 3(a) (the Program) and Sec. 3(b)(i)–(v) (what each proposal must do) [S: R18a, R5].
 * - RFI, FR Doc 2025-19674 (2025-10-28), Docket No. 251023-0165, ITA-ITA-2025-0070 [P: R1, R2].
 * - Call for Proposals "American AI Exports Program: Call for Proposals for Pre-Set Consortia", FR Doc 2026-06952
 *   (federalregister.gov/documents/2026/04/10/2026-06952) [N: R14]; its content as summarised in [S: R8, R9, R10, R11].
 * - GPPi analysis (2026-08-20) on open-weight models from countries of concern [N: R15].
 *
 * The full text of FR 2026-06952 was not available to the reference note, so no section of the Call is cited:
 * those citations say `sectionVerified: false` and the requirement is `reconstructed: true`. Re-check against the
 * Federal Register text before quoting one. Requirements of our own making (`status: 'internal'`) say so.
 * @module
 */

export type ProgramEvidence = 'P' | 'S' | 'N' | 'U';

export interface ProgramSource {
  /** Reference key in program-eval-bio.md §6 (R8, R18a…), or "—" when the fact is ours. */
  readonly ref: string;
  readonly evidence: ProgramEvidence;
  readonly title: string;
  readonly url?: string;
}

export interface ProgramCitation {
  /** e.g. "EO 14320", "FR Doc 2026-06952 (Call for Proposals for Pre-Set Consortia)". */
  readonly instrument: string;
  /** e.g. "Sec. 3(b)(ii)"; "—" when the section is not known. */
  readonly section: string;
  readonly sectionVerified: boolean;
  readonly sources: readonly ProgramSource[];
}

export type RequirementStatus =
  /** In the Executive Order itself. */
  | 'eo'
  /** In the Call for Proposals (a program notice). */
  | 'program_notice'
  /** In the RFI's filing rules. */
  | 'rfi'
  /** Our own consistency rule or reading: not a program requirement in itself. */
  | 'internal';

export type RequirementSeverity = 'blocking' | 'advisory';

export interface ProgramRequirement {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** Default severity of a finding under this requirement (a finding may be milder, never stricter). */
  readonly severity: RequirementSeverity;
  readonly status: RequirementStatus;
  /** Inclusive. */
  readonly effectiveFrom: string;
  /** Exclusive; absent while current. */
  readonly effectiveTo?: string;
  readonly citation: ProgramCitation;
  /** The wording is reconstructed from the EO and secondary summaries, not read in the Call itself. */
  readonly reconstructed: boolean;
  readonly note?: string;
}

const EO_DATE = '2025-07-23';
/** FR publication of the Call (the window reportedly opened 2026-04-01 [U]). */
const CFP_DATE = '2026-04-10';

const R18a: ProgramSource = {
  ref: 'R18a',
  evidence: 'S',
  title: 'EO 14320 text (americanfocus.online)',
};
const R5: ProgramSource = { ref: 'R5', evidence: 'S', title: 'JD Supra, US Department of Commerce issues …' };
const R8: ProgramSource = {
  ref: 'R8',
  evidence: 'S',
  title: 'Mondaq, Commerce calls for proposals for American AI Exports Program',
};
const R9: ProgramSource = {
  ref: 'R9',
  evidence: 'S',
  title: 'completeaitraining.com, Commerce creates catalog of approved AI products for export',
};
const R12: ProgramSource = {
  ref: 'R12',
  evidence: 'S',
  title: 'Just Security, Fix the US AI Exports Program',
  url: 'https://www.justsecurity.org/140041/fix-us-ai-exports-program/',
};
const R14: ProgramSource = {
  ref: 'R14',
  evidence: 'N',
  title: 'Research digest citing the FR notice',
  url: 'https://www.federalregister.gov/documents/2026/04/10/2026-06952',
};
const R15: ProgramSource = {
  ref: 'R15',
  evidence: 'N',
  title: 'Note citing GPPi, What the American AI Exports Program means for Europe (2026-08-20)',
  url: 'https://gppi.net/2026/08/20/what-the-american-ai-exports-program-means-for-europe',
};
const R18c: ProgramSource = { ref: 'R18c', evidence: 'S', title: 'EO 14320 summary (legistrack)' };
const R18d: ProgramSource = { ref: 'R18d', evidence: 'S', title: 'EO 14320 summary (washingtonexec.com)' };
const R19: ProgramSource = { ref: 'R19', evidence: 'N', title: 'AI Action Plan recommendations dataset (Pillar III)' };
const R1: ProgramSource = {
  ref: 'R1',
  evidence: 'P',
  title: 'RFI FR 2025-19674, opening part',
  url: 'https://lexbuild.dev/fr/2025/10/2025-19674',
};
const OURS: ProgramSource = { ref: '—', evidence: 'U', title: 'Stackport design (program-eval-bio.md §5(a))' };

const eo = (section: string, ...sources: ProgramSource[]): ProgramCitation => ({
  instrument: 'EO 14320',
  section,
  sectionVerified: true,
  sources: sources.length ? sources : [R18a],
});
const cfp = (...sources: ProgramSource[]): ProgramCitation => ({
  instrument: 'FR Doc 2026-06952 (Call for Proposals for Pre-Set Consortia)',
  section: '—',
  sectionVerified: false,
  sources: [R14, ...sources],
});
const internal = (what: string): ProgramCitation => ({
  instrument: `Stackport consistency rule (${what})`,
  section: '—',
  sectionVerified: false,
  sources: [OURS],
});

/** Requirement ids, for code that cites them. */
export const REQ = {
  anchor: 'PR-CONSORTIUM-ANCHOR',
  memberFacts: 'PR-MEMBER-FACTS',
  memberOwners: 'PR-MEMBER-OWNERS',
  countryOfConcern: 'PR-FOREIGN-PARTICIPATION',
  providerBase: 'PR-PROVIDER-BASE',
  screening: 'PR-SCREENING',
  layers: 'PR-FULL-STACK',
  hardwareCategories: 'PR-HARDWARE-SCOPE',
  responsible: 'PR-LAYER-RESPONSIBILITY',
  usContent: 'PR-US-CONTENT',
  bomData: 'PR-BOM-DATA',
  bomTotals: 'PR-BOM-TOTALS',
  targets: 'PR-TARGETS',
  targetRationale: 'PR-TARGET-RATIONALE',
  operatingModel: 'PR-OPERATING-MODEL',
  support: 'PR-FEDERAL-SUPPORT',
  supportInstrument: 'PR-SUPPORT-INSTRUMENT',
  compliance: 'PR-COMPLIANCE-ATTESTATION',
  classification: 'PR-EXPORT-CLASSIFICATION',
  licensing: 'PR-EXPORT-LICENSING',
  openWeight: 'PR-OPEN-WEIGHT-MODELS',
  confidentiality: 'PR-CONFIDENTIALITY',
  justification: 'PR-JUSTIFICATION',
} as const;

export const PROGRAM_REQUIREMENTS: readonly ProgramRequirement[] = [
  {
    id: REQ.anchor,
    title: 'One anchor member',
    text: 'A pre-set consortium has any number of members and exactly one anchor member, the lead entity that submits the proposal. An entity may belong to more than one consortium; no legal structure is required.',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R8, R9),
    reconstructed: true,
  },
  {
    id: REQ.memberFacts,
    title: 'Member identification',
    text: 'Each member is identified with its legal name, identifiers, country of incorporation and headquarters, and the layers it serves.',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R8),
    reconstructed: true,
    note: 'Field list reconstructed (program-eval-bio.md §1.4 item 1, marked †).',
  },
  {
    id: REQ.memberOwners,
    title: 'Beneficial ownership',
    text: 'Each member discloses its beneficial owners and their shares, so eligibility (ownership or control from a country of concern) can be checked.',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R8),
    reconstructed: true,
  },
  {
    id: REQ.countryOfConcern,
    title: 'Foreign participation',
    text: 'Foreign entities may participate unless they are located in, or owned or controlled by persons or entities from, a country of concern ("currently China, including Macau and Hong Kong").',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R8),
    reconstructed: true,
    note: '"Owned or controlled" is not defined in the summaries; the checker applies the 50 % aggregate test of packages/core/src/ownership plus declared control rights (our reading). The list of countries is configurable, dated data.',
  },
  {
    id: REQ.providerBase,
    title: 'Data, software, cybersecurity and application providers',
    text: 'Providers of data, software, cybersecurity or application services cannot be incorporated or primarily based in countries like China or Russia.',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R9),
    reconstructed: true,
    note: 'Only one secondary summary (R9) says this; the countries beyond China are "countries like …". The policy list decides which countries apply.',
  },
  {
    id: REQ.screening,
    title: 'Restricted-party screening',
    text: 'Proposals and the resulting exports comply with US export controls and end-user policies: every member and beneficial owner is screened against the restricted-party lists and every hit is resolved.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(v)', R18a, R5),
    reconstructed: false,
    note: 'The EO requires compliance; screening every member and owner is how Stackport checks it (program-eval-bio.md §5(a) workflow 2).',
  },
  {
    id: REQ.layers,
    title: 'Full-stack package (five layers)',
    text: 'The proposal includes a full-stack package: (A) AI-optimized hardware, data-center storage, cloud services and networking; (B) data pipelines and labeling systems; (C) AI models and systems; (D) security and cybersecurity measures; (E) AI applications for specific use cases. Each layer lists its components.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(i)(A)–(E)', R18a, R5, R8),
    reconstructed: false,
  },
  {
    id: REQ.hardwareCategories,
    title: 'Hardware layer scope',
    text: 'The hardware layer covers AI-optimized hardware (chips, servers, accelerators), data-center storage, cloud services and networking.',
    severity: 'advisory',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(i)(A)'),
    reconstructed: false,
  },
  {
    id: REQ.responsible,
    title: 'Responsible member per layer and component',
    text: 'Each layer and each component names the consortium member responsible for it, and that member is in the consortium.',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R8),
    reconstructed: true,
  },
  {
    id: REQ.usContent,
    title: 'US content of the hardware layer',
    text: 'The national interest determination includes a US-content component, presumed met when the aggregate value of the hardware layer is at least 51 % US-origin content. The proposal states the extent to which hardware items are US-manufactured.',
    severity: 'advisory',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R8, R9),
    reconstructed: true,
    note: 'A presumption, so one factor that can be rebutted [U]: below 51 % is advisory, not a bar. How "US-origin content" is valued is not defined in the summaries (see us-content.ts).',
  },
  {
    id: REQ.bomData,
    title: 'Hardware origin and value data',
    text: 'The hardware layer comes with origin and value data sufficient to compute the US-content share: each line has a quantity, a unit value and a country of origin.',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: {
      ...cfp(R8, R9),
      instrument: 'FR Doc 2026-06952 (Call for Proposals for Pre-Set Consortia); EO 14320 Sec. 3(b)(i)(A)',
    },
    reconstructed: true,
  },
  {
    id: REQ.bomTotals,
    title: 'BOM totals consistent',
    text: 'The hardware BOM adds up to the declared hardware-layer total, every currency has a dated exchange rate, and every line belongs to a hardware component.',
    severity: 'blocking',
    status: 'internal',
    effectiveFrom: EO_DATE,
    citation: internal('BOM arithmetic, program-eval-bio.md §5(a) validations'),
    reconstructed: false,
  },
  {
    id: REQ.targets,
    title: 'Target countries or regional blocs',
    text: 'The proposal identifies at least one specific target country or regional bloc.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(ii)', R18a, R8),
    reconstructed: false,
  },
  {
    id: REQ.targetRationale,
    title: 'Market rationale',
    text: 'For each target market, the proposal explains how the package advances US national interests there.',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R8, R12),
    reconstructed: true,
    note: 'Critics (R12) say the Call puts the onus on applicants to explain the national interest in each market.',
  },
  {
    id: REQ.operatingModel,
    title: 'Business and operating model',
    text: 'The proposal describes at a high level which entities will build, own and operate the data centers and related infrastructure.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(iii)'),
    reconstructed: false,
  },
  {
    id: REQ.support,
    title: 'Federal support requested',
    text: 'The proposal details the federal incentives and support requested: agency, instrument and, for financing, the amount.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(iv)', R18a, R18c, R18d),
    reconstructed: false,
  },
  {
    id: REQ.supportInstrument,
    title: 'Instrument offered by the agency',
    text: 'Each financing instrument requested is one the named agency offers (EDAG tools: direct loans, loan guarantees, equity investments, political-risk insurance, credit guarantees, technical assistance and feasibility studies; EXIM, DFC, USTDA).',
    severity: 'advisory',
    status: 'internal',
    effectiveFrom: EO_DATE,
    citation: {
      instrument: 'EO 14320 Sec. 3; AI Action Plan Pillar III',
      section: 'Sec. 3(b)(iv)',
      sectionVerified: false,
      sources: [R18c, R18d, R19],
    },
    reconstructed: false,
    note: 'The agency–instrument table is our reading of the agencies’ programmes [U].',
  },
  {
    id: REQ.compliance,
    title: 'Compliance attestations',
    text: 'The consortium attests compliance with US export controls, outbound investment rules and end-user policies.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(v)'),
    reconstructed: false,
  },
  {
    id: REQ.classification,
    title: 'Export classification of the hardware',
    text: 'Every hardware item is classified under the EAR, so that compliance with export controls can be shown.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(v)'),
    reconstructed: false,
    note: 'The EO requires compliance; the per-item classification is how Stackport shows it.',
  },
  {
    id: REQ.licensing,
    title: 'License position for each item and market',
    text: 'For each hardware item and each target country, the license requirement and review policy are determined. A license requirement is a condition to plan for; a presumption or policy of denial means the package cannot be delivered as proposed.',
    severity: 'blocking',
    status: 'eo',
    effectiveFrom: EO_DATE,
    citation: eo('Sec. 3(b)(v)'),
    reconstructed: false,
  },
  {
    id: REQ.openWeight,
    title: 'No open-weight models from countries of concern',
    text: 'Consortia may not use open-weight models from countries of concern (e.g. DeepSeek, Qwen, Kimi).',
    severity: 'blocking',
    status: 'program_notice',
    effectiveFrom: CFP_DATE,
    citation: cfp(R15),
    reconstructed: true,
    note: 'Third-party note on GPPi [N]; checked as far as the declared and supplied provenance shows.',
  },
  {
    id: REQ.confidentiality,
    title: 'Business-confidential marking',
    text: 'Business-confidential information is clearly marked, with a statement justifying non-disclosure.',
    severity: 'advisory',
    status: 'rfi',
    effectiveFrom: '2025-10-28',
    citation: {
      instrument: 'RFI FR Doc 2025-19674 (Docket No. 251023-0165)',
      section: 'filing instructions',
      sectionVerified: true,
      sources: [R1],
    },
    reconstructed: false,
    note: 'A filing rule of the RFI; assumed to carry over to proposals [U].',
  },
  {
    id: REQ.justification,
    title: 'Justified findings stay visible',
    text: 'A blocking finding may be justified (text and author); it then no longer blocks submission but stays on the record for reviewers.',
    severity: 'advisory',
    status: 'internal',
    effectiveFrom: EO_DATE,
    citation: internal('review workflow'),
    reconstructed: false,
  },
];

const BY_ID = new Map(PROGRAM_REQUIREMENTS.map((r) => [r.id, r]));

/** The requirement with this id (throws on an unknown id: a programming error). */
export function requirementById(id: string, requirements: readonly ProgramRequirement[] = PROGRAM_REQUIREMENTS) {
  const r = requirements === PROGRAM_REQUIREMENTS ? BY_ID.get(id) : requirements.find((x) => x.id === id);
  if (!r) throw new Error(`unknown program requirement ${id}`);
  return r;
}

/** Whether a requirement is in force on `date` (YYYY-MM-DD): effectiveFrom ≤ date < effectiveTo. */
export function requirementInForce(r: ProgramRequirement, date: string): boolean {
  return r.effectiveFrom <= date && (r.effectiveTo === undefined || date < r.effectiveTo);
}

/** The requirements in force on `date`. */
export function requirementsAt(
  date: string,
  requirements: readonly ProgramRequirement[] = PROGRAM_REQUIREMENTS,
): ProgramRequirement[] {
  return requirements.filter((r) => requirementInForce(r, date));
}

/** One line to show beside a finding: "EO 14320 Sec. 3(b)(ii) [S: R18a, R8]". */
export function formatProgramCitation(c: ProgramCitation): string {
  const tags = new Map<string, string[]>();
  for (const s of c.sources) tags.set(s.evidence, [...(tags.get(s.evidence) ?? []), s.ref]);
  const refs = [...tags].map(([e, keys]) => `${e}: ${keys.join(', ')}`).join('; ');
  const section = c.section === '—' ? '' : ` ${c.section}`;
  return `${c.instrument}${section}${c.sectionVerified ? '' : ' (section not verified)'} [${refs}]`;
}
