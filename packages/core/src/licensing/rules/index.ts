/**
 * Rule store: public API — the bundled pack, date diffs, what-if drafts and schemas for user-supplied packs.
 * @module
 */
export { BUNDLED_RULES, chartRequirements } from './bundled.js';
export { diffRules } from './diff.js';
export { mergeRulePack } from './merge.js';
export {
  CclEntrySchema,
  CitationSchema,
  CondSchema,
  checkReferences,
  DestExprSchema,
  DraftRulePackSchema,
  LicenseExceptionRuleSchema,
  MembershipSchema,
  parseDraftRulePack,
  parseRulePack,
  RegulationSchema,
  RequirementRuleSchema,
  ReviewPolicyRuleSchema,
  RulePackSchema,
} from './schema.js';
export type * from './types.js';
export { POLICY_RANK } from './types.js';
