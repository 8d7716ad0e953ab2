/**
 * Origin policy check. A policy is dated data: which countries are of concern, from when to when, on whose
 * authority, and what to do with a model from one (forbid or send to review). The check applies the version in
 * force on the given date to the fingerprint (the developer, and optionally the architecture lineage and the
 * declared origins) and cites that version in its result.
 * @module
 */
import { z } from 'zod';
import type { ModelAnalysis } from './analyse.js';
import { familyById } from './families.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const ModelOriginPolicySchema = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  title: z.string().min(1),
  source: z.string().optional(),
  status: z.enum(['proposed', 'final', 'enacted', 'eo', 'program_notice', 'internal']).default('internal'),
  effectiveFrom: z.string().regex(ISO_DATE),
  effectiveTo: z.string().regex(ISO_DATE).optional(),
  countriesOfConcern: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
  action: z.enum(['forbid', 'review']).default('forbid'),
  /** Which origins count: the developer, the architecture lineage, declared origins. */
  consider: z.array(z.enum(['developer', 'architecture', 'declared'])).default(['developer', 'architecture']),
  /** Below this fingerprint confidence the origin is treated as unknown. */
  minConfidence: z.number().min(0).max(1).default(0.6),
  /** What to do when the origin cannot be established. */
  unknownOrigin: z.enum(['allow', 'review', 'forbid']).default('review'),
});
export type ModelOriginPolicy = z.infer<typeof ModelOriginPolicySchema>;
export const ModelOriginPolicyListSchema = z.union([ModelOriginPolicySchema, z.array(ModelOriginPolicySchema).min(1)]);

export type PolicyDecision = 'allow' | 'review' | 'forbid';

export interface PolicyFinding {
  origin: 'developer' | 'architecture' | 'declared' | 'unknown';
  country: string | null;
  family: string | null;
  decision: PolicyDecision;
  message: string;
}

export interface PolicyResult {
  decision: PolicyDecision;
  policy: { id: string; version: string; title: string; status: string; effectiveFrom: string; source?: string };
  asOf: string;
  findings: PolicyFinding[];
}

/** The policy version in force on `asOf` (YYYY-MM-DD): effectiveFrom ≤ asOf < effectiveTo, latest start wins. */
export function policyInForce(policies: readonly ModelOriginPolicy[], asOf: string): ModelOriginPolicy | undefined {
  return [...policies]
    .filter((p) => p.effectiveFrom <= asOf && (p.effectiveTo === undefined || asOf < p.effectiveTo))
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version.localeCompare(a.version))[0];
}

const RANK: Record<PolicyDecision, number> = { allow: 0, review: 1, forbid: 2 };

export function checkModelPolicy(analysis: ModelAnalysis, policy: ModelOriginPolicy, asOf: string): PolicyResult {
  const fp = analysis.fingerprint;
  const concern = new Set(policy.countriesOfConcern);
  const findings: PolicyFinding[] = [];
  const known = fp.family !== null && fp.basis !== 'declared' && fp.confidence >= policy.minConfidence;
  if (!known) {
    findings.push({
      origin: 'unknown',
      country: fp.family?.country ?? null,
      family: fp.family?.id ?? null,
      decision: policy.unknownOrigin,
      message: fp.family
        ? `origin ${fp.family.name} (${fp.family.country}) is below the policy's confidence of ${policy.minConfidence} (${fp.confidence}, basis ${fp.basis})`
        : 'origin could not be established',
    });
  }
  const consider = new Set(policy.consider);
  if (known && fp.family && consider.has('developer') && concern.has(fp.family.country))
    findings.push({
      origin: 'developer',
      country: fp.family.country,
      family: fp.family.id,
      decision: policy.action,
      message: `developed by ${fp.family.organization} (${fp.family.country}), a country of concern under ${policy.id} ${policy.version}`,
    });
  const arch = fp.architectureFamily;
  if (known && arch && consider.has('architecture') && concern.has(arch.country))
    findings.push({
      origin: 'architecture',
      country: arch.country,
      family: arch.id,
      decision: policy.action,
      message: `architecture lineage ${arch.name} (${arch.organization}, ${arch.country}) is of a country of concern`,
    });
  if (consider.has('declared'))
    for (const d of fp.declaredFamilies) {
      const f = familyById(d.id);
      if (f && concern.has(f.country) && d.id !== fp.family?.id)
        findings.push({
          origin: 'declared',
          country: f.country,
          family: f.id,
          decision: policy.action,
          message: `declared metadata names ${f.name} (${f.country}) in ${d.fields.join(', ')}`,
        });
    }
  const decision = findings.reduce<PolicyDecision>(
    (acc, f) => (RANK[f.decision] > RANK[acc] ? f.decision : acc),
    'allow',
  );
  return {
    decision,
    policy: {
      id: policy.id,
      version: policy.version,
      title: policy.title,
      status: policy.status,
      effectiveFrom: policy.effectiveFrom,
      ...(policy.source ? { source: policy.source } : {}),
    },
    asOf,
    findings,
  };
}
