/**
 * Step 3: license review policy. Each applicable requirement names a policy family; within a family the first branch
 * whose condition holds wins (e.g. §744.23(d)(2)/(3) before (d)(1)); across families the most restrictive policy
 * applies (policy of denial > presumption of denial > case-by-case > presumption of approval).
 * @module
 */
import { POLICY_RANK, type PolicyKind, type ReviewPolicyRule } from '../rules/types.js';
import type { Citation } from '../types.js';
import type { ActiveRule } from './compiled.js';
import { type EvalCtx, evaluate } from './conditions.js';
import type { AppliedRequirement } from './license-requirements.js';
import type { ReviewPolicyFinding } from './types.js';

interface FamilyResult {
  readonly policy: PolicyKind | null;
  readonly candidates: PolicyKind[];
  readonly rule?: ReviewPolicyRule;
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly unknowns: string[];
  readonly flags: readonly string[];
}

/** Entity List entries carry their own policy text. */
export function policyFromEntryText(text: string | undefined): PolicyKind | null {
  if (!text) return null;
  const t = text.toLowerCase();
  if (t.includes('policy of denial') && !t.includes('presumption')) return 'policy-of-denial';
  if (t.includes('presumption of denial')) return 'presumption-of-denial';
  if (t.includes('case-by-case') || t.includes('case by case')) return 'case-by-case';
  if (t.includes('approval')) return 'presumption-of-approval';
  return null;
}

function entityListResult(req: AppliedRequirement, ctx: EvalCtx, fallback: FamilyResult | undefined): FamilyResult {
  let best: PolicyKind | null = null;
  const cites: Citation[] = [{ cfr: '15 CFR 744 Supp. 4 (entry "License review policy")' }];
  let text = 'Review policy as stated in the Entity List entry';
  for (const p of ctx.facts.parties) {
    const el = p.party.entityList;
    if (!el) continue;
    const pol = policyFromEntryText(el.licensePolicy);
    if (pol && (best === null || POLICY_RANK[pol] > POLICY_RANK[best])) {
      best = pol;
      text = `Entity List entry "${el.entry}": ${el.licensePolicy}`;
    }
  }
  if (best) return { policy: best, candidates: [], text, citations: cites, unknowns: [], flags: [] };
  const flags = req.rule.reason === 'AFF' ? [] : ['ENTITY_LIST_POLICY_UNSPECIFIED'];
  return (
    fallback ?? {
      policy: 'per-entry',
      candidates: [],
      text: req.rule.reason === 'AFF' ? "Review policy of the most restrictive listed owner's entry" : text,
      citations: cites,
      unknowns: [],
      flags,
    }
  );
}

function familyResult(
  branches: readonly ActiveRule<ReviewPolicyRule>[] | undefined,
  ctx: EvalCtx,
): FamilyResult | undefined {
  if (!branches || branches.length === 0) return undefined;
  const candidates: PolicyKind[] = [];
  const unknowns: string[] = [];
  let first: ReviewPolicyRule | undefined;
  const flags: string[] = [];
  for (const b of branches) {
    const v = evaluate(b.rule.when, ctx);
    if (v.value === 0) continue;
    first ??= b.rule;
    if (b.rule.flags) flags.push(...b.rule.flags);
    if (v.value === 1 && candidates.length === 0) {
      return {
        policy: b.rule.policy,
        candidates: [],
        rule: b.rule,
        text: b.rule.text,
        citations: b.rule.citations,
        unknowns: [],
        flags,
      };
    }
    if (!candidates.includes(b.rule.policy)) candidates.push(b.rule.policy);
    unknowns.push(...v.unknowns);
    if (v.value === 1) {
      if (candidates.length === 1) {
        return {
          policy: b.rule.policy,
          candidates: [],
          rule: b.rule,
          text: b.rule.text,
          citations: b.rule.citations,
          unknowns: [],
          flags,
        };
      }
      break;
    }
  }
  if (!first) return undefined;
  return {
    policy: null,
    candidates,
    rule: first,
    text: `Depends on missing facts: ${candidates.join(' or ')}`,
    citations: first.citations,
    unknowns: [...new Set(unknowns)],
    flags,
  };
}

export interface PolicyOutcome {
  readonly finding?: ReviewPolicyFinding;
  readonly flags: readonly string[];
  readonly ruleIds: readonly string[];
}

export function reviewPolicy(
  applied: readonly AppliedRequirement[],
  families: ReadonlyMap<string, readonly ActiveRule<ReviewPolicyRule>[]>,
  ctx: EvalCtx,
): PolicyOutcome {
  const definite = applied.filter((a) => a.value === 1);
  const use = definite.length > 0 ? definite : applied;
  if (use.length === 0) return { flags: [], ruleIds: [] };
  const results: { req: AppliedRequirement; r: FamilyResult }[] = [];
  const cache = new Map<string, FamilyResult | undefined>();
  for (const req of use) {
    const fam = req.rule.policyFamily;
    if (!cache.has(fam)) cache.set(fam, familyResult(families.get(fam), ctx));
    let r = cache.get(fam);
    if (fam === 'EL') r = entityListResult(req, ctx, undefined);
    if (!r) {
      r = familyResult(families.get('CHART'), ctx);
      if (!r) continue;
    }
    results.push({ req, r });
  }
  if (results.length === 0) return { flags: [], ruleIds: [] };
  const flags = [...new Set(results.flatMap((x) => x.r.flags))];
  const ruleIds = results.map((x) => x.r.rule?.id).filter((x): x is string => !!x);
  const known = results.filter((x) => x.r.policy !== null);
  const unknown = results.filter((x) => x.r.policy === null);
  let top = known[0];
  for (const k of known) if (POLICY_RANK[k.r.policy as PolicyKind] > POLICY_RANK[top?.r.policy as PolicyKind]) top = k;
  const forRequirements = [...new Set(results.map((x) => x.req.rule.id))];
  const topRank = top ? POLICY_RANK[top.r.policy as PolicyKind] : -1;
  const unresolved = unknown.filter((u) => u.r.candidates.some((c) => POLICY_RANK[c] > topRank));
  if (unresolved.length > 0) {
    const candidates = new Set<PolicyKind>();
    if (top) candidates.add(top.r.policy as PolicyKind);
    for (const u of unresolved) for (const c of u.r.candidates) candidates.add(c);
    const first = unresolved[0]!;
    return {
      finding: {
        policy: 'unknown',
        text: first.r.text,
        ...(first.r.rule ? { ruleId: first.r.rule.id } : {}),
        citations: first.r.citations,
        candidates: [...candidates].sort((a, b) => POLICY_RANK[b] - POLICY_RANK[a]),
        pendingFacts: [...new Set(unresolved.flatMap((u) => u.r.unknowns))],
        forRequirements,
      },
      flags,
      ruleIds,
    };
  }
  if (!top) return { flags, ruleIds };
  return {
    finding: {
      policy: top.r.policy as PolicyKind,
      text: top.r.text,
      ...(top.r.rule ? { ruleId: top.r.rule.id } : {}),
      citations: top.r.citations,
      forRequirements,
    },
    flags,
    ruleIds,
  };
}
