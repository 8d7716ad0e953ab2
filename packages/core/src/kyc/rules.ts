/**
 * The IaaS KYC rule set as effective-dated data. Most of this regime is still proposed, so every rule carries its
 * legal status, the dates it became known and took effect (null while not in force), its citation with reference
 * keys and evidence tags, and an ambiguity note where the status or the text is unclear. `kycRulesAt(date)` is a
 * pure selection; assessments record the rule ids, versions and statuses they applied.
 *
 * Sources (as cited in /work/shared/reference/program-eval-bio.md §4 and §5(d)):
 * - BIS proposed rule "Taking Additional Steps To Address the National Emergency With Respect to Significant
 *   Malicious Cyber-Enabled Activities", 89 FR 5698–5735 (29 Jan 2024), 15 CFR part 7, RIN 0694-AJ35, Docket
 *   240119-0020 / DOC-2021-0007; comments due 29 Apr 2024 [P: R66, R67]. New subpart D, §§ 7.300–7.310, outside
 *   the EAR [S: R68]. Bases: EO 13984 and EO 14110 [P: R66]. Never finalized as of Jun 2026 [N: R73].
 * - EO 14110 revoked 20 Jan 2025; EO 13984 not reported revoked [N: R73; U].
 * - In force nearby: BIS Data Center VEU (Oct 2024) [S: R96]; the Jan 2026 advanced-computing license-review rule,
 *   FR 2026-00789, reported to condition licences on KYC and remote-access controls [N: R74].
 * - Bills: Remote Access Security Act (H.R. 2683; S. 3519) and Chip Security Act (H.R. 3447; S. 1705) [§4.3].
 *
 * The reference note does not give the section of subpart D that holds each requirement, so citations name the
 * subpart and say so (`sectionVerified: false`); re-check against the Federal Register text before quoting one.
 * @module
 */
import { kycDay } from './days.js';
import type { IsoDay } from './types.js';

export type KycLegalStatus =
  /** Published for comment, not in force. */
  | 'proposed-rule'
  /** Introduced or passed by one chamber, not enacted. */
  | 'bill'
  /** Binding on the dates it covers. */
  | 'in-force'
  /** Our design practice or agency guidance: not a legal requirement in itself. */
  | 'guidance';

export interface KycSource {
  /** Reference key in the research note (R66…), or "—" for a fact not in the note. */
  readonly ref: string;
  /** Evidence tag: P primary, S secondary, N third-party notes, U inference / not verified. */
  readonly evidence: 'P' | 'S' | 'N' | 'U';
  readonly title: string;
  readonly url?: string;
}

export interface KycCitation {
  /** The instrument, e.g. "89 FR 5698 (29 Jan 2024), proposed 15 CFR part 7 subpart D". */
  readonly instrument: string;
  /** Section as far as verified, e.g. "§§ 7.300–7.310". */
  readonly section: string;
  /** Whether the exact section holding this requirement was verified in the sources. */
  readonly sectionVerified: boolean;
  readonly sources: readonly KycSource[];
}

/** The identification fields a rule asks for (drives the missing-field list). */
export type KycField =
  | 'name'
  | 'address'
  | 'payment-means'
  | 'payment-source'
  | 'email'
  | 'phone'
  | 'ip-address'
  | 'beneficial-owners'
  | 'citizenship-or-residence'
  | 'incorporation'
  | 'verification';

export type KycRuleTopic =
  | 'cip'
  | 'verification'
  | 'beneficial-owners'
  | 'resellers'
  | 'reporting'
  | 'special-measures'
  | 'large-training-run'
  | 'compute-threshold'
  | 'screening'
  | 'remote-access'
  | 'location-verification'
  | 'licensing-conditions'
  | 'exemptions';

export interface KycRule {
  readonly id: string;
  /** Stable version id, recorded on every assessment. */
  readonly version: string;
  readonly topic: KycRuleTopic;
  readonly title: string;
  /** What the rule asks for, paraphrased from the sources (not quoted unless in quotation marks). */
  readonly text: string;
  readonly citation: KycCitation;
  readonly legalStatus: KycLegalStatus;
  /** Day the text became public (publication, introduction); the rule is selectable from here. */
  readonly knownFrom: IsoDay;
  /** Exclusive: the day the text stopped being current (withdrawn, revoked, superseded). */
  readonly knownTo?: IsoDay;
  /** Day the rule took effect; null while not in force. */
  readonly effectiveFrom: IsoDay | null;
  /** Exclusive end of effect (revocation); null when open-ended or never in force. */
  readonly effectiveTo: IsoDay | null;
  /** Fields the rule asks for at account opening (CIP rules only). */
  readonly requiredFields?: readonly KycField[];
  /** Fields required for entity applicants only. */
  readonly entityFields?: readonly KycField[];
  /** Fields required only for foreign persons. */
  readonly foreignPersonFields?: readonly KycField[];
  /** True when the status or the content is unclear in the sources. */
  readonly ambiguous: boolean;
  readonly ambiguityNote?: string;
}

// ---------------------------------------------------------------- sources
const NPRM_PRIMARY: readonly KycSource[] = [
  {
    ref: 'R66',
    evidence: 'P',
    title: '89 FR 5698 (FR Doc 2024-01580), BIS proposed rule on IaaS CIPs and large AI training reports',
    url: 'http://federal.elaws.us/fr/1/29/2024/2024-01580',
  },
  {
    ref: 'R67',
    evidence: 'P',
    title: 'regulations.justia.com 2024-01580, 89 FR 5698–5735',
    url: 'https://regulations.justia.com/regulations/fedreg/2024/01/29/2024-01580.html',
  },
];
const NPRM_STATUS: KycSource = {
  ref: 'R73',
  evidence: 'N',
  title:
    'Research notes: rule never finalized as of Jun 2026 (citing Carnegie, May 2026); EO 14110 revoked 20 Jan 2025',
};
const S = (ref: string, title: string): KycSource => ({ ref, evidence: 'S', title });

const NPRM_INSTRUMENT = 'Proposed 15 CFR part 7, subpart D, in 89 FR 5698 (29 Jan 2024; RIN 0694-AJ35)';
const NPRM_SECTION = '§§ 7.300–7.310 (subpart D; the section holding this requirement was not verified)';

const NPRM_AMBIGUITY =
  'Proposed rule, never finalized as of Jun 2026 [N: R73]: not binding. One of its two bases, EO 14110, was revoked ' +
  'on 20 Jan 2025; EO 13984 was not reported revoked [N: R73; U]. Applied here as a design baseline only.';

const nprmCitation = (sources: readonly KycSource[]): KycCitation => ({
  instrument: NPRM_INSTRUMENT,
  section: NPRM_SECTION,
  sectionVerified: false,
  sources: [...NPRM_PRIMARY, ...sources, NPRM_STATUS],
});

const NPRM_COMMON = {
  legalStatus: 'proposed-rule',
  knownFrom: '2024-01-29',
  effectiveFrom: null,
  effectiveTo: null,
  ambiguous: true,
  ambiguityNote: NPRM_AMBIGUITY,
} as const;

// ---------------------------------------------------------------- rules
/** The built-in rules. Ids are stable; a changed text gets a new version. */
export const KYC_RULES: readonly KycRule[] = [
  {
    ...NPRM_COMMON,
    id: 'iaas-cip-program',
    version: 'iaas-cip-program/2024-01-29',
    topic: 'cip',
    title: 'Written customer identification program (CIP)',
    text:
      'US IaaS providers would maintain a written CIP, verify the identity of foreign customers, keep records, and ' +
      'file initial and annual CIP reports and certifications, including failures to verify. Commerce may assess ' +
      'compliance and audit; CIPs may need pre-approval and internal or third-party audits.',
    citation: nprmCitation([
      S('R68', 'Nixon Peabody alert, 2024-01-31'),
      S('R70', 'Fenwick, "sweeping KYC" (JD Supra)'),
      S('R71', 'Sidley Data Matters, 2024-02-09'),
    ]),
  },
  {
    ...NPRM_COMMON,
    id: 'iaas-cip-identifying-information',
    version: 'iaas-cip-identifying-information/2024-01-29',
    topic: 'cip',
    title: 'Identifying information collected at account opening',
    text:
      'Name; address; means and source of payment for each account; email addresses; telephone numbers; IP ' +
      'addresses; and diligence on the beneficial owners of entity customers.',
    citation: nprmCitation([
      S('R69', 'MediaNama, 2024-02 (identifying information for CIP and reports)'),
      { ref: 'R95', evidence: 'N', title: 'Compute-KYC research note (foreign beneficial owners)' },
    ]),
    requiredFields: ['name', 'address', 'payment-means', 'payment-source', 'email', 'phone', 'ip-address'],
    entityFields: ['beneficial-owners'],
    ambiguityNote:
      `${NPRM_AMBIGUITY} The beneficial-owner item rests on third-party notes [N: R95]; its exact scope (foreign ` +
      'owners only, ownership threshold) is not in the reference note.',
  },
  {
    ...NPRM_COMMON,
    id: 'iaas-cip-foreign-person',
    version: 'iaas-cip-foreign-person/2024-01-29',
    topic: 'verification',
    title: 'Foreign-person determination and verification of foreign customers',
    text:
      'Determine whether the customer is a foreign person and verify the identity of foreign customers by ' +
      'documentary or non-documentary means.',
    citation: nprmCitation([S('R68', 'Nixon Peabody alert, 2024-01-31'), S('R70', 'Fenwick (JD Supra)')]),
    requiredFields: ['citizenship-or-residence'],
    entityFields: ['incorporation'],
    foreignPersonFields: ['verification'],
    ambiguityNote:
      `${NPRM_AMBIGUITY} The definitions of US person and foreign person are applied as our reading ` +
      '(citizenship or permanent residence; incorporation or principal place of business; foreign ownership or ' +
      'control); the definitional text is not in the reference note [U].',
  },
  {
    ...NPRM_COMMON,
    id: 'iaas-foreign-reseller-cip',
    version: 'iaas-foreign-reseller-cip/2024-01-29',
    topic: 'resellers',
    title: 'Foreign resellers keep their own CIPs',
    text: 'US IaaS providers would ensure that their foreign resellers maintain CIPs too.',
    citation: nprmCitation([S('R68', 'Nixon Peabody alert'), S('R70', 'Fenwick (JD Supra)'), S('R71', 'Sidley')]),
  },
  {
    ...NPRM_COMMON,
    id: 'iaas-cip-exemptions',
    version: 'iaas-cip-exemptions/2024-01-29',
    topic: 'exemptions',
    title: 'Exemptions from CIP requirements',
    text: 'Commerce can grant exemptions from CIP requirements.',
    citation: nprmCitation([S('R68', 'Nixon Peabody alert')]),
    ambiguityNote: `${NPRM_AMBIGUITY} Exemption criteria were not seen in the sources [U].`,
  },
  {
    ...NPRM_COMMON,
    id: 'iaas-special-measures',
    version: 'iaas-special-measures/2024-01-29',
    topic: 'special-measures',
    title: 'Special measures against foreign jurisdictions or persons',
    text:
      'Commerce may prohibit or condition accounts for specified foreign jurisdictions or persons engaged in ' +
      'malicious cyber-enabled activity.',
    citation: nprmCitation([S('R70', 'Fenwick (JD Supra)'), S('R71', 'Sidley')]),
  },
  {
    ...NPRM_COMMON,
    id: 'iaas-large-ai-training-report',
    version: 'iaas-large-ai-training-report/2024-01-29',
    topic: 'large-training-run',
    title: 'Report of a large AI training run by a foreign person',
    text:
      'A provider or reseller that knows of a transaction with a foreign person that "could result in the training ' +
      'of a large AI model with potential capabilities that could be used in malicious cyber-enabled activity" ' +
      'reports it, with the customer-identifying information and the existence of the training run.',
    citation: nprmCitation([
      S('R69', 'MediaNama (report contents)'),
      S('R70', 'Fenwick (JD Supra)'),
      S('R72', 'Crowell alert, 2024-02-08'),
    ]),
    ambiguityNote:
      `${NPRM_AMBIGUITY} This requirement implemented EO 14110, revoked on 20 Jan 2025 [N: R73]. The technical ` +
      'conditions that make a model "large" are not in the reference note; the compute threshold is configurable ' +
      '(see eo14110-interim-compute-threshold).',
  },
  {
    id: 'eo14110-interim-compute-threshold',
    version: 'eo14110-interim-compute-threshold/2023-10-30',
    topic: 'compute-threshold',
    title: 'Interim compute threshold for reportable models: 1e26 operations',
    text:
      'Interim technical condition: a model trained using more than 10^26 integer or floating-point operations. ' +
      'Used as the default, configurable threshold of the training-run detector.',
    citation: {
      instrument: 'EO 14110 (30 Oct 2023), sec. 4.2(b)(i), interim technical conditions',
      section: 'sec. 4.2(b)(i)',
      sectionVerified: false,
      sources: [
        {
          ref: '—',
          evidence: 'U',
          title:
            'EO 14110 sec. 4.2(b)(i) (1e26 operations); not stated in the reference note: verify against the EO text ' +
            '(88 FR 75191)',
        },
        NPRM_STATUS,
      ],
    },
    legalStatus: 'in-force',
    knownFrom: '2023-10-30',
    effectiveFrom: '2023-10-30',
    effectiveTo: '2025-01-20',
    ambiguous: true,
    ambiguityNote:
      'EO 14110 was revoked on 20 Jan 2025 [N: R73]: the number no longer has a legal basis and survives only as a ' +
      'conventional reporting threshold. Whether the 2024 proposed IaaS rule would have used it is not stated in the ' +
      'reference note [U].',
  },
  {
    id: 'data-center-veu',
    version: 'data-center-veu/2024-10',
    topic: 'licensing-conditions',
    title: 'BIS Data Center Validated End-User authorization',
    text:
      'Data-center operators applying for VEU status give customer, guardrail and compliance information; the host ' +
      'country gives assurances.',
    citation: {
      instrument: 'BIS Data Center VEU authorization (Oct 2024)',
      section: '—',
      sectionVerified: false,
      sources: [S('R96', 'cvgstrategy.com VEU program expanded; Communications Daily 2024-10-01')],
    },
    legalStatus: 'in-force',
    knownFrom: '2024-10-01',
    effectiveFrom: '2024-10-01',
    effectiveTo: null,
    ambiguous: true,
    ambiguityNote: 'The reference note dates it "Oct 2024" only; the day used here (1 Oct) is approximate [U].',
  },
  {
    id: 'advanced-computing-license-review-2026',
    version: 'advanced-computing-license-review-2026/2026-01-15',
    topic: 'licensing-conditions',
    title: 'Advanced-computing license review conditioned on KYC and remote-access controls',
    text:
      'A Jan 2026 BIS license-review rule for advanced computing is reported to condition licences on KYC and ' +
      'remote-access controls.',
    citation: {
      instrument: '91 FR 1684 (FR Doc 2026-00789, 15 Jan 2026)',
      section: '—',
      sectionVerified: false,
      sources: [
        { ref: 'R74', evidence: 'N', title: 'Research notes on FR 2026-00789 (KYC and remote-access conditions)' },
        {
          ref: '—',
          evidence: 'P',
          title: 'govinfo FR-2026-01-15 2026-00789 (as cited by the licensing catalogue)',
          url: 'https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm',
        },
      ],
    },
    legalStatus: 'in-force',
    knownFrom: '2026-01-15',
    effectiveFrom: '2026-01-15',
    effectiveTo: null,
    ambiguous: true,
    ambiguityNote:
      'The KYC conditions are reported by third-party notes only [N: R74]; it binds licensees, not IaaS ' +
      'providers as such.',
  },
  {
    id: 'csl-screening',
    version: 'csl-screening/2024-01-29',
    topic: 'screening',
    title: 'Screen customers and beneficial owners against the Consolidated Screening List',
    text:
      'Screen the customer, its names and its beneficial owners against the CSL (OFAC SDN and non-SDN, BIS Entity / ' +
      'Denied Persons / Unverified / MEU lists, State ITAR debarred…); adjudicate every hit.',
    citation: {
      instrument: 'Design requirement (reference §5(d) workflow 3); the listed parties carry their own legal force',
      section: '—',
      sectionVerified: true,
      sources: [
        { ref: 'R87', evidence: 'N', title: 'CSL API (data.trade.gov consolidated_screening_list/v1)' },
        S('R88', 'trade-screening dataset card (CSL composition)'),
      ],
    },
    legalStatus: 'guidance',
    knownFrom: '2024-01-29',
    effectiveFrom: null,
    effectiveTo: null,
    ambiguous: false,
  },
  {
    id: 'remote-access-security-act',
    version: 'remote-access-security-act/2026-01-12',
    topic: 'remote-access',
    title: 'Remote Access Security Act: licensing of remote access by foreign persons',
    text:
      'Would amend ECRA to define "remote access" (a foreign person\'s access to EAR items "through a network ' +
      'connection, including the internet or a cloud computing service") and bring it under licensing and ' +
      'enforcement. S. 3519 covers "foreign persons of concern" (China incl. HK, Russia, Iran, North Korea).',
    citation: {
      instrument: 'H.R. 2683 (Lawler), passed the House 12 Jan 2026; S. 3519 (McCormick–Wyden, 17 Dec 2025)',
      section: '—',
      sectionVerified: true,
      sources: [
        { ref: 'R76', evidence: 'P', title: 'govinfo CREC-2026-01-12 H621' },
        S('R75', 'Latham & Watkins RASA insight'),
        S('R77', 'peoplenewstoday 2026-01-14'),
        S('R78', 'mccormick.senate.gov 2025-12-17'),
      ],
    },
    legalStatus: 'bill',
    knownFrom: '2025-12-17',
    effectiveFrom: null,
    effectiveTo: null,
    ambiguous: true,
    ambiguityNote:
      'Not enacted as far as found [U]. House vote reported as 369–22 by one source and as a voice vote by another. ' +
      'The H.R. 2683 introduction date is not in the reference note, so the rule is dated from S. 3519.',
  },
  {
    id: 'chip-security-act',
    version: 'chip-security-act/2025-05-08',
    topic: 'location-verification',
    title: 'Chip Security Act: location verification of covered advanced chips',
    text:
      'Within 180 days, exports of covered advanced chips (ECCN 3A090/4A090) would need location verification; ' +
      'exporters would report diversion or tampering.',
    citation: {
      instrument: 'H.R. 3447 (Huizenga–Foster, 15 May 2025); S. 1705 (Cotton, 8 May 2025)',
      section: '—',
      sectionVerified: true,
      sources: [
        { ref: 'R86', evidence: 'P', title: 'govinfo BILLS-119hr3447ih' },
        S('R84', 'legis1.com chip-security bill'),
        S('R98', 'policybrief.co S. 1705 (ECCN 3A090/4A090)'),
      ],
    },
    legalStatus: 'bill',
    knownFrom: '2025-05-08',
    effectiveFrom: null,
    effectiveTo: null,
    ambiguous: true,
    ambiguityNote: 'HFAC reported it 42–0 on 26 Mar 2026; no floor passage or enactment found [U].',
  },
];

/** A rule as it stands on a date. */
export interface KycRuleAtDate {
  readonly rule: KycRule;
  /** True when the rule binds on the date (status in-force and within its effective dates). */
  readonly inForce: boolean;
  /** The status label to show on the date: a revoked in-force rule shows as "in-force (ended …)". */
  readonly statusLabel: string;
}

/**
 * The rules current on `date`: known (published or introduced) on or before it and not withdrawn. A rule in force
 * for a period that has ended is still returned, with `inForce: false`, so a reviewer sees that it lapsed; pass
 * `currentOnly` to drop it.
 */
export function kycRulesAt(
  date: string | Date,
  rules: readonly KycRule[] = KYC_RULES,
  options: { currentOnly?: boolean } = {},
): KycRuleAtDate[] {
  const day = kycDay(date);
  const out: KycRuleAtDate[] = [];
  for (const rule of rules) {
    if (rule.knownFrom > day) continue;
    if (rule.knownTo !== undefined && day >= rule.knownTo) continue;
    const inForce = ruleInForce(rule, day);
    const ended = rule.effectiveTo !== null && day >= rule.effectiveTo;
    if (options.currentOnly && ended) continue;
    const statusLabel = ended ? `${rule.legalStatus} (ended ${rule.effectiveTo})` : rule.legalStatus;
    out.push({ rule, inForce, statusLabel });
  }
  return out;
}

/** Whether a rule binds on `day`. Proposed rules, bills and guidance never do. */
export function ruleInForce(rule: KycRule, day: IsoDay): boolean {
  if (rule.legalStatus !== 'in-force' || rule.effectiveFrom === null) return false;
  if (day < rule.effectiveFrom) return false;
  return rule.effectiveTo === null || day < rule.effectiveTo;
}

/** The rule with `id` on `date`, or undefined when it is not yet known (or withdrawn) on that day. */
export function kycRuleAt(
  id: string,
  date: string | Date,
  rules: readonly KycRule[] = KYC_RULES,
): KycRuleAtDate | undefined {
  return kycRulesAt(date, rules).find((r) => r.rule.id === id);
}
