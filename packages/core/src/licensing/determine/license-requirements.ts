/**
 * Step 2 (Parts 738/742/744/746): which license requirements apply in one layer. CCL-based rows (chart columns and
 * the §742.6 prose rows), end-user/end-use controls (Part 744) and embargoes (Part 746) are all requirement rules in
 * the pack; a rule applies when active in the layer on the date and its condition holds.
 * @module
 */
import type { RequirementRule } from '../rules/types.js';
import type { ActiveRule } from './compiled.js';
import { type EvalCtx, evaluate } from './conditions.js';
import type { Answer } from './types.js';

export interface AppliedRequirement {
  readonly rule: RequirementRule;
  /** 1 applies; 2 possible (unknown facts or unknown enforcement). */
  readonly value: 1 | 2;
  readonly unknowns: readonly string[];
  /** Flag from the enforcement period (e.g. AFFILIATES_RULE_STATUS). */
  readonly enforcementFlag?: string;
}

export interface LayerRequirements {
  readonly applied: readonly AppliedRequirement[];
  readonly answer: Answer;
}

export function evaluateRequirements(rules: readonly ActiveRule<RequirementRule>[], ctx: EvalCtx): LayerRequirements {
  const applied: AppliedRequirement[] = [];
  let any1 = false;
  let any2 = false;
  for (const a of rules) {
    const v = evaluate(a.rule.when, ctx);
    if (v.value === 0) continue;
    const value: 1 | 2 = a.state === 2 ? 2 : v.value;
    const unknowns = a.state === 2 ? [...v.unknowns, `enforcement status of ${a.rule.regulation}`] : v.unknowns;
    applied.push(
      a.flag ? { rule: a.rule, value, unknowns, enforcementFlag: a.flag } : { rule: a.rule, value, unknowns },
    );
    if (value === 1) any1 = true;
    else any2 = true;
  }
  return { applied, answer: any1 ? 'yes' : any2 ? 'unknown' : 'no' };
}

/** Does a requirement match an exception's `overcomes` entry (a reason code or `id:<rule id>`)? */
export function overcomes(list: readonly string[], rule: RequirementRule): boolean {
  for (const o of list) {
    if (o.startsWith('id:') ? o.slice(3) === rule.id : o === rule.reason) return true;
  }
  return false;
}
