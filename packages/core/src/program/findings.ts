/**
 * Findings of the proposal checker: what is wrong or missing, where (a path into the proposal), how bad
 * (blocking or advisory) and under which program requirement. Justifications are applied here: a justified
 * blocking finding stops blocking submission but stays in the list, marked, with the justification.
 * @module
 */

import {
  PROGRAM_REQUIREMENTS,
  type ProgramCitation,
  type ProgramRequirement,
  type RequirementSeverity,
  requirementById,
  requirementInForce,
} from './requirements.js';
import type { Justification, Proposal } from './types.js';

export type ProgramFindingCategory =
  | 'completeness'
  | 'consistency'
  | 'screening'
  | 'country-of-concern'
  | 'classification'
  | 'licensing'
  | 'model-provenance'
  | 'us-content';

export interface ProgramFinding {
  /** Stable code, e.g. NO_ANCHOR, SCREENING_HIT, LICENSE_DENIAL. */
  readonly id: string;
  readonly category: ProgramFindingCategory;
  readonly severity: RequirementSeverity;
  /** Dotted path into the proposal, e.g. "consortium.members.2.owners.0", or "" for the whole proposal. */
  readonly path: string;
  readonly message: string;
  readonly requirementId: string;
  readonly citation: ProgramCitation;
  /** Extra machine-readable facts (hit keys, matrix cell, arithmetic…). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Set when a justification was recorded for this finding's key. */
  readonly justification?: Justification;
  /** True when the finding is blocking by nature but justified, so it does not block submission. */
  readonly justified?: boolean;
  /** Set when the requirement is not in force on the check date (the finding is then advisory). */
  readonly notInForce?: boolean;
}

/** The key a justification refers to: the finding's id and path. */
export function findingKey(f: Pick<ProgramFinding, 'id' | 'path'>): string {
  return `${f.id}@${f.path}`;
}

export interface ProgramFindingInput {
  readonly id: string;
  readonly category: ProgramFindingCategory;
  readonly path: string;
  readonly message: string;
  readonly requirementId: string;
  /** Defaults to the requirement's severity; may be milder, never stricter. */
  readonly severity?: RequirementSeverity;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Builds a finding, taking the citation (and default severity) from the requirement. */
export function makeFinding(
  input: ProgramFindingInput,
  requirements: readonly ProgramRequirement[] = PROGRAM_REQUIREMENTS,
): ProgramFinding {
  const req = requirementById(input.requirementId, requirements);
  const severity = req.severity === 'advisory' ? 'advisory' : (input.severity ?? req.severity);
  return {
    id: input.id,
    category: input.category,
    severity,
    path: input.path,
    message: input.message,
    requirementId: req.id,
    citation: req.citation,
    ...(input.details ? { details: input.details } : {}),
  };
}

/**
 * Applies the requirement dates and the proposal's justifications. A finding under a requirement that is not in
 * force on `asOf` becomes advisory and says so. A blocking finding with a justification stays blocking in
 * `severity` but is marked `justified`, so it no longer counts against submission.
 */
export function settleFindings(
  findings: readonly ProgramFinding[],
  proposal: Pick<Proposal, 'justifications'>,
  asOf: string,
  requirements: readonly ProgramRequirement[] = PROGRAM_REQUIREMENTS,
): ProgramFinding[] {
  const byKey = new Map<string, Justification>();
  for (const j of proposal.justifications) byKey.set(j.findingKey, j);
  return findings.map((f) => {
    let out: ProgramFinding = f;
    const req = requirements.find((r) => r.id === f.requirementId);
    if (req && !requirementInForce(req, asOf) && f.severity === 'blocking')
      out = {
        ...out,
        severity: 'advisory',
        notInForce: true,
        message: `${out.message} (requirement ${req.id} is in force from ${req.effectiveFrom}; advisory on ${asOf})`,
      };
    const j = byKey.get(findingKey(f));
    if (j) out = { ...out, justification: j, ...(out.severity === 'blocking' ? { justified: true } : {}) };
    return out;
  });
}

/** A blocking finding that is not justified: it stops submission. */
export function isBlocking(f: ProgramFinding): boolean {
  return f.severity === 'blocking' && !f.justified;
}

export interface ProgramFindingsSummary {
  readonly blocking: number;
  readonly justified: number;
  readonly advisory: number;
  readonly canSubmit: boolean;
  /** One line per unresolved blocking finding: what is missing or wrong, where. */
  readonly missing: readonly string[];
  /** Keys of justifications that match no finding (stale after a change). */
  readonly unusedJustifications: readonly string[];
}

export function summarizeFindings(
  findings: readonly ProgramFinding[],
  proposal: Pick<Proposal, 'justifications'>,
): ProgramFindingsSummary {
  const blocking = findings.filter(isBlocking);
  const keys = new Set(findings.map(findingKey));
  return {
    blocking: blocking.length,
    justified: findings.filter((f) => f.justified).length,
    advisory: findings.filter((f) => f.severity === 'advisory').length,
    canSubmit: blocking.length === 0,
    missing: blocking.map((f) => `${f.path || '(proposal)'}: ${f.message}`),
    unusedJustifications: proposal.justifications.map((j) => j.findingKey).filter((k) => !keys.has(k)),
  };
}

/** Stable order: blocking first, then by path, then by id. */
export function sortFindings(findings: readonly ProgramFinding[]): ProgramFinding[] {
  const rank = (f: ProgramFinding) => (isBlocking(f) ? 0 : f.justified ? 1 : 2);
  return [...findings].sort(
    (a, b) => rank(a) - rank(b) || cmp(a.path, b.path) || cmp(a.id, b.id) || cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
