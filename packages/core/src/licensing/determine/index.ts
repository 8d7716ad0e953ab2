/**
 * License determination engine: public API.
 * @module
 */
export type { CaseFile, CaseFileParty, CaseItem, EndUseFacts, EntityListFacts, UsContentFacts } from './case-file.js';
export { CaseFileSchema, ItemSpecSchema, parseCaseFile, validateCaseFile } from './case-file.js';
export { determine, formatCitation } from './determine.js';
export type {
  Answer,
  Determination,
  ExceptionCandidate,
  ExceptionRuledOut,
  LayerVerdict,
  Outcome,
  RedFlagFinding,
  RequirementFinding,
  ReviewPolicyFinding,
  RuleVersionUsed,
  SubjectToEar,
} from './types.js';
