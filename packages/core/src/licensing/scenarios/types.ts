/**
 * Dated scenario format: a case file, the item (catalogue part or spec; classified with classify() on the ship
 * date), and the expected outcome derived from the rule text, with its citations.
 * @module
 */

import type { CaseFile } from '../determine/case-file.js';
import type { Answer, Outcome } from '../determine/types.js';
import type { PolicyKind } from '../rules/types.js';
import type { Citation } from '../types.js';

export interface ScenarioExpectation {
  /** Enforced layer (headline). */
  readonly licenseRequired?: Answer;
  readonly asWritten?: Answer;
  readonly subjectToEar?: Answer;
  readonly eccn?: string | null;
  readonly reviewPolicy?: PolicyKind | 'unknown';
  readonly asWrittenReviewPolicy?: PolicyKind | 'unknown';
  /** Requirement ids that must apply (enforced or as-written). */
  readonly requirements?: readonly string[];
  readonly exceptionCandidates?: readonly string[];
  readonly exceptionsRuledOut?: readonly string[];
  /** Exception codes that must NOT be candidates. */
  readonly notCandidates?: readonly string[];
  readonly flags?: readonly string[];
  readonly notFlags?: readonly string[];
  readonly redFlags?: readonly number[];
  readonly outcome?: Outcome;
  /** Substrings that must appear in `incomplete`. */
  readonly incomplete?: readonly string[];
  readonly destination?: string;
  /** The case must be refused with this LicensingInputError. */
  readonly error?: { readonly code: string; readonly path: string };
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly caseFile: CaseFile;
  readonly expect: ScenarioExpectation;
  /** Why the expected outcome follows from the rule text. */
  readonly rationale: string;
  readonly citations: readonly Citation[];
}
