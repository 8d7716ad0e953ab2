/**
 * Effective-dated screening policy as data. Each version records its windows and thresholds, the instrument and
 * sources it rests on (reference keys of docs/research, with evidence tags), its legal status and any ambiguity.
 * `policyAt(date)` is a pure selection: validators record the `version` they applied.
 *
 * Sources (as cited in /work/shared/reference/program-eval-bio.md §3, §5(c)):
 * - 2024 OSTP Framework for Nucleic Acid Synthesis Screening (29 Apr 2024, under EO 14110): funding agencies
 *   implement it for ≥200 nt by Oct 26 2024 (grace period to Apr 2025) and for ≥50 nt by Oct 13 2026
 *   [P: R50; S: R51].
 * - EO 14292 (5 May 2025) directs OSTP to revise or replace the Framework within 90 days [S: R54, R55, R56]; as of
 *   Oct 2026 the revision is reported unpublished and S. 3741 not enacted [N: R58; name per R97].
 * - Window sizes: SecureDNA uses 42-bp DNA windows (30-bp runt windows), both strands, and 20-aa protein windows in
 *   six frames [P: R60]; our DNA window of 50 bp is a design choice aligned with the 50 nt stage.
 * @module
 */

export type PolicyStatus =
  /** Published and in force for the dates it covers. */
  | 'in_force'
  /** Published, with a future effective date. */
  | 'scheduled'
  /** Proposed or pending (bill, unpublished revision): never selected by default. */
  | 'proposed';

export interface PolicySource {
  /** Reference key in the research note (R50…). */
  ref: string;
  /** Evidence tag: P primary, S secondary, N third-party notes, U inference. */
  evidence: 'P' | 'S' | 'N' | 'U';
  title: string;
  url?: string;
}

export interface ScreeningPolicy {
  /** Stable identifier recorded on every screening result. */
  version: string;
  title: string;
  /** Inclusive ISO date (YYYY-MM-DD). */
  effectiveFrom: string;
  /** Exclusive ISO date, if superseded. */
  effectiveTo?: string;
  status: PolicyStatus;
  /** True when the legal footing is uncertain (e.g. ordered to be revised, revision unpublished). */
  ambiguous: boolean;
  ambiguityNote?: string;
  /** Instrument the numbers come from. */
  instrument: string;
  /** DNA window (nt) used for window matches. */
  dnaWindowNt: number;
  /** Protein window (aa) used for six-frame and protein matches. */
  proteinWindowAa: number;
  /** Mismatches tolerated per DNA window for a near match. */
  maxMismatchesPerDnaWindow: number;
  /** Mismatches tolerated per protein window for a near match. */
  maxMismatchesPerProteinWindow: number;
  /**
   * Flag threshold (nt): a match covering at least this much of one sequence of concern is a Flag. The Framework's
   * number is the order length from which screening is required; using it as the flag length is our reading [U].
   */
  flagThresholdNt: number;
  /** Shortest exact fragment (nt) kept for split-order analysis (SecureDNA's 30-bp runt window, R60). */
  fragmentMinNt: number;
  /** What a sequence of concern is under this version. */
  socDefinition: string;
  sources: readonly PolicySource[];
}

const FRAMEWORK_SOURCES: readonly PolicySource[] = [
  {
    ref: 'R50',
    evidence: 'P',
    title: 'OSTP Framework for Nucleic Acid Synthesis Screening (29 Apr 2024), ASPR S3 Framework page',
  },
  { ref: 'R51', evidence: 'S', title: 'UCF EHS summary of the OSTP Framework (thresholds, provider obligations)' },
  { ref: 'R53', evidence: 'P', title: 'White House OSTP release, 2024-04-29' },
];

const REVISION_SOURCES: readonly PolicySource[] = [
  { ref: 'R54', evidence: 'S', title: 'SecureDNA note on EO 14292 (revise or replace within 90 days)' },
  { ref: 'R55', evidence: 'S', title: 'NTI note on EO 14292' },
  { ref: 'R58', evidence: 'N', title: 'Research note: revision unpublished and S. 3741 not enacted as of Oct 2026' },
  { ref: 'R60', evidence: 'P', title: 'SecureDNA synthclient windows.rs: 42/30-bp DNA windows, 20-aa protein windows' },
];

const AMBIGUITY =
  'EO 14292 (5 May 2025) directs OSTP to revise or replace the Framework within 90 days; as of Oct 2026 the ' +
  'revision is reported unpublished [N: R58], so the 2024 Framework numbers are applied pending replacement.';

const COMMON = {
  instrument: '2024 OSTP Framework for Nucleic Acid Synthesis Screening (EO 14110), as implemented by funding agencies',
  dnaWindowNt: 50,
  proteinWindowAa: 20,
  maxMismatchesPerDnaWindow: 2,
  maxMismatchesPerProteinWindow: 2,
  fragmentMinNt: 30,
  ambiguous: true,
  ambiguityNote: AMBIGUITY,
} as const;

/** The built-in policy versions, ordered by effective date. */
export const SCREENING_POLICIES: readonly ScreeningPolicy[] = [
  {
    ...COMMON,
    version: 'ostp-2024-framework/200nt',
    title: 'OSTP Framework, first stage: screen orders of 200 nt or more',
    effectiveFrom: '2024-10-26',
    effectiveTo: '2026-10-13',
    status: 'in_force',
    flagThresholdNt: 200,
    socDefinition:
      'Best Match to a Select Agent/Toxin or Commerce Control List agent, unless also found in an unregulated ' +
      'organism [S: R51, R52]',
    sources: [...FRAMEWORK_SOURCES, ...REVISION_SOURCES],
  },
  {
    ...COMMON,
    version: 'ostp-2024-framework/50nt',
    title: 'OSTP Framework, second stage: screen orders of 50 nt or more',
    effectiveFrom: '2026-10-13',
    status: 'scheduled',
    flagThresholdNt: 50,
    socDefinition:
      'Expanded, function-based definition: sequences contributing to pathogenicity or toxicity, in addition to ' +
      'Best Match to regulated agents [S: R51, R52, R58]',
    sources: [...FRAMEWORK_SOURCES, ...REVISION_SOURCES],
  },
];

/** ISO date (YYYY-MM-DD) of a date or ISO string; throws on an invalid date. */
export function isoDay(date: string | Date): string {
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date: ${String(date)}`);
  return d.toISOString().slice(0, 10);
}

/**
 * The policy in force on `date`: the latest non-proposed version with effectiveFrom ≤ date < effectiveTo.
 * Dates before the first version get the first version (re-screening of historic orders uses the earliest numbers).
 * Proposed versions are only selected with `includeProposed`.
 */
export function policyAt(
  date: string | Date,
  policies: readonly ScreeningPolicy[] = SCREENING_POLICIES,
  options: { includeProposed?: boolean } = {},
): ScreeningPolicy {
  const day = isoDay(date);
  const usable = policies
    .filter((p) => options.includeProposed || p.status !== 'proposed')
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  const first = usable[0];
  if (!first) throw new Error('policyAt: no policy versions');
  let chosen = first;
  for (const p of usable) {
    if (p.effectiveFrom <= day && (p.effectiveTo === undefined || day < p.effectiveTo)) chosen = p;
  }
  return chosen;
}

/** Short flags for display: status plus ambiguity. */
export function policyFlags(p: ScreeningPolicy): string[] {
  const flags: string[] = [p.status];
  if (p.ambiguous) flags.push('ambiguous');
  return flags;
}
