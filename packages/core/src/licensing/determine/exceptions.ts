/**
 * Step 4 (Part 740): license exceptions. A candidate must be in scope for the item, be able to overcome every
 * requirement that applies (Part 744/746 requirements generally cannot be overcome), and meet its eligibility
 * conditions; unknown eligibility keeps it a candidate with the missing facts as conditions to confirm.
 * @module
 */
import type { LicenseExceptionRule } from '../rules/types.js';
import type { ActiveRule } from './compiled.js';
import { type EvalCtx, evaluate } from './conditions.js';
import { type AppliedRequirement, overcomes } from './license-requirements.js';

export interface LayerExceptionResult {
  readonly candidates: { readonly rule: LicenseExceptionRule; readonly pending: readonly string[] }[];
  readonly ruledOut: { readonly rule: LicenseExceptionRule; readonly why: string }[];
}

export function evaluateExceptions(
  rules: readonly ActiveRule<LicenseExceptionRule>[],
  applied: readonly AppliedRequirement[],
  ctx: EvalCtx,
): LayerExceptionResult {
  const candidates: LayerExceptionResult['candidates'] = [];
  const ruledOut: LayerExceptionResult['ruledOut'] = [];
  if (applied.length === 0) return { candidates, ruledOut };
  for (const { rule } of rules) {
    if (evaluate(rule.scope, ctx).value === 0) continue;
    const relevant = applied.filter((a) => overcomes(rule.overcomes, a.rule));
    if (relevant.length === 0) continue;
    const blocking = applied.filter((a) => a.value === 1 && !overcomes(rule.overcomes, a.rule));
    if (blocking.length > 0) {
      const b = blocking[0]!;
      ruledOut.push({
        rule,
        why: `${rule.code} cannot overcome ${b.rule.id} (${b.rule.reason}: ${b.rule.citations[0]?.cfr ?? ''}); ${
          b.rule.reason === 'EL' || b.rule.reason === 'AFF'
            ? 'license exceptions are available only as the Entity List entry allows (§744.11(a))'
            : b.rule.reason === 'MEU' || b.rule.reason === 'MIEU'
              ? 'no license exceptions except GOV §740.11(b)(2)(i)–(ii) (§744.21(c), §744.22(c))'
              : b.rule.reason === 'EU-744.23'
                ? 'no license exceptions except §740.2(a)(9) (§744.23(c))'
                : b.rule.reason === 'EMB'
                  ? 'embargo destinations allow only the exceptions listed in Part 746'
                  : "outside the exception's scope"
        }`,
      });
      continue;
    }
    const e = evaluate(rule.eligible, ctx);
    if (e.value === 0) ruledOut.push({ rule, why: rule.ineligibleWhy });
    else candidates.push({ rule, pending: e.unknowns });
  }
  return { candidates, ruledOut };
}
