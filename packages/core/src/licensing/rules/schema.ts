/**
 * zod schemas for user-supplied rule packs (full packs and what-if drafts), plus cross-reference checks (sets,
 * item groups, regulations and policy families must exist). Errors name the JSON path.
 * @module
 */
import { z } from 'zod';
import { LicensingInputError } from '../types.js';
import type { Cond, DestExpr, DraftRulePack, RulePack } from './types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');
const iso2 = z.string().regex(/^[A-Z]{2}$/, 'ISO2 code');
export const CitationSchema = z
  .object({ cfr: z.string(), fr: z.string(), url: z.string(), note: z.string() })
  .partial();
const layer = z.enum(['both', 'asWritten', 'enforced']);
const roles = z.array(z.enum(['purchaser', 'intermediate-consignee', 'ultimate-consignee', 'end-user'])).optional();
const reason = z.enum(['RS', 'NS', 'MT', 'NP', 'CB', 'CC', 'AT', 'EI', 'EL', 'MEU', 'MIEU', 'EU-744.23', 'EMB', 'AFF']);
const policy = z.enum([
  'policy-of-denial',
  'presumption-of-denial',
  'case-by-case',
  'presumption-of-approval',
  'approval',
  'per-entry',
]);
const enforcementStatus = z.enum(['enforced', 'not-enforced', 'stayed', 'compliance-pending', 'unknown']);

export const DestExprSchema: z.ZodType<DestExpr> = z.lazy(() =>
  z.union([
    z.strictObject({ any: z.array(DestExprSchema) }),
    z.strictObject({ all: z.array(DestExprSchema) }),
    z.strictObject({ not: DestExprSchema }),
    z.strictObject({ group: z.string() }),
    z.strictObject({ iso2: z.array(iso2) }),
    z.strictObject({ set: z.string() }),
    z.strictObject({ worldwide: z.literal(true) }),
  ]),
) as z.ZodType<DestExpr>;

const metric = z.enum([
  'tpp',
  'performanceDensity',
  'memoryBandwidthDensityGBsPerMm2',
  'totalDramBandwidthGBs',
  'trainingOps',
  'transistorCountBillions',
  'aggregateTpp',
]);

export const CondSchema: z.ZodType<Cond> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(CondSchema) }),
    z.strictObject({ any: z.array(CondSchema) }),
    z.strictObject({ not: CondSchema }),
    z.strictObject({ item: z.array(z.string()) }),
    z.strictObject({ dest: DestExprSchema }),
    z.strictObject({ shipFrom: DestExprSchema }),
    z.strictObject({ partyLocated: DestExprSchema, roles }),
    z.strictObject({ partyHq: DestExprSchema, roles }),
    z.strictObject({ partyHqOnly: DestExprSchema, roles }),
    z.strictObject({
      entityList: z.union([z.literal(true), z.literal(1), z.literal(3), z.literal(4), z.literal(5)]),
      roles,
    }),
    z.strictObject({ meuListed: z.literal(true) }),
    z.strictObject({ affiliateOfListed: z.literal(true) }),
    z.strictObject({ allSupp8Approved: z.literal(true) }),
    z.strictObject({
      endUse: z.enum([
        'supercomputer',
        'advancedNodeFab',
        'smeDevelopment',
        'military',
        'militaryIntelligence',
        'aiTrainingForD5Hq',
      ]),
    }),
    z.strictObject({ txKind: z.array(z.enum(['export', 'reexport', 'in-country-transfer', 'export-from-abroad'])) }),
    z.strictObject({ datacenter: z.boolean() }),
    z.strictObject({ metric, lt: z.number().optional(), gte: z.number().optional(), gt: z.number().optional() }),
    z.strictObject({ certification: z.literal('h200PathCertifications') }),
    z.strictObject({ smeSubsystem: z.literal(true) }),
    z.strictObject({ containsUsIc: z.literal(true) }),
    z.strictObject({ usOrigin: z.boolean() }),
    z.strictObject({ chart: z.string() }),
    z.strictObject({ needsFact: z.string() }),
    z.strictObject({ always: z.literal(true) }),
  ]),
) as z.ZodType<Cond>;

const dated = { validFrom: isoDate, validTo: isoDate.optional() };
const enforcementPeriod = z.strictObject({
  from: isoDate,
  status: enforcementStatus,
  citation: CitationSchema,
  note: z.string().optional(),
  flag: z.string().optional(),
});

export const RequirementRuleSchema = z.strictObject({
  id: z.string().min(1),
  reason,
  text: z.string(),
  when: CondSchema,
  layer,
  regulation: z.string(),
  enforcement: z.array(enforcementPeriod).optional(),
  policyFamily: z.string(),
  citations: z.array(CitationSchema).min(1),
  flags: z.array(z.string()).optional(),
  note: z.string().optional(),
  ...dated,
});

export const ReviewPolicyRuleSchema = z.strictObject({
  id: z.string().min(1),
  family: z.string(),
  order: z.number(),
  policy,
  when: CondSchema,
  text: z.string(),
  layer,
  regulation: z.string(),
  enforcement: z.array(enforcementPeriod).optional(),
  citations: z.array(CitationSchema).min(1),
  flags: z.array(z.string()).optional(),
  ...dated,
});

export const LicenseExceptionRuleSchema = z.strictObject({
  id: z.string().min(1),
  code: z.string(),
  name: z.string(),
  scope: CondSchema,
  eligible: CondSchema,
  overcomes: z.array(z.string()),
  conditionsToConfirm: z.array(z.string()),
  ineligibleWhy: z.string(),
  layer,
  regulation: z.string(),
  enforcement: z.array(enforcementPeriod).optional(),
  citations: z.array(CitationSchema).min(1),
  ...dated,
});

export const RegulationSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  fr: z.string().optional(),
  frDoc: z.string().optional(),
  complianceFrom: isoDate.optional(),
  enforcement: z.array(enforcementPeriod).optional(),
  citation: CitationSchema,
  supersedes: z.array(z.string()).optional(),
  ...dated,
});

export const MembershipSchema = z.strictObject({
  iso2,
  group: z.string(),
  layer,
  citation: CitationSchema,
  flag: z.string().optional(),
  flagFrom: isoDate.optional(),
  flagTo: isoDate.optional(),
  ...dated,
});

const cclControl = z.strictObject({
  reason,
  column: z.string().optional(),
  paragraphs: z.array(z.string()).optional(),
  text: z.string(),
  citation: CitationSchema,
  ...dated,
});

export const CclEntrySchema = z.strictObject({
  eccn: z.string().regex(/^(?:[0-9][A-E][0-9]{3}|EAR99)$/, 'base ECCN like 3A090 or EAR99'),
  heading: z.string(),
  reasons: z.array(reason),
  controls: z.array(cclControl),
  exceptions: z.string().optional(),
  citation: CitationSchema,
  note: z.string().optional(),
  ...dated,
});

const flagDef = z.strictObject({
  message: z.string(),
  citations: z.array(CitationSchema),
  interpretive: z.boolean().optional(),
});

export const RulePackSchema: z.ZodType<RulePack> = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
  asOf: isoDate,
  description: z.string(),
  validFrom: isoDate,
  horizonDays: z.number().int().min(0).max(3650),
  countryGroups: z.strictObject({
    snapshotAsOf: isoDate,
    labels: z.record(z.string(), z.string()),
    countries: z.array(
      z.strictObject({
        iso2,
        name: z.string(),
        chart: z.array(z.string()),
        aliasOf: iso2.optional(),
        aliasNote: z.string().optional(),
      }),
    ),
    memberships: z.array(MembershipSchema),
  }),
  destSets: z.record(z.string(), DestExprSchema),
  itemGroups: z.record(z.string(), z.array(z.string())),
  requirements: z.array(RequirementRuleSchema),
  reviewPolicies: z.array(ReviewPolicyRuleSchema),
  exceptions: z.array(LicenseExceptionRuleSchema),
  regulations: z.array(RegulationSchema),
  ccl: z.array(CclEntrySchema),
  flagCatalogue: z.record(z.string(), flagDef),
}) as unknown as z.ZodType<RulePack>;

export const DraftRulePackSchema: z.ZodType<DraftRulePack> = z.strictObject({
  id: z.string().min(1),
  version: z.string().optional(),
  description: z.string(),
  asOf: isoDate.optional(),
  memberships: z.array(MembershipSchema).optional(),
  destSets: z.record(z.string(), DestExprSchema).optional(),
  itemGroups: z.record(z.string(), z.array(z.string())).optional(),
  requirements: z.array(RequirementRuleSchema).optional(),
  reviewPolicies: z.array(ReviewPolicyRuleSchema).optional(),
  exceptions: z.array(LicenseExceptionRuleSchema).optional(),
  regulations: z.array(RegulationSchema).optional(),
  ccl: z.array(CclEntrySchema).optional(),
  remove: z.array(z.string()).optional(),
}) as unknown as z.ZodType<DraftRulePack>;

function fail(prefix: string, r: { success: false; error: z.ZodError }): never {
  const issue = r.error.issues[0];
  const path = [prefix, ...(issue?.path.map(String) ?? [])].filter(Boolean).join('.');
  throw new LicensingInputError('INVALID_RULE_PACK', path, `${path}: ${issue?.message ?? 'invalid'}`);
}

export function parseRulePack(raw: unknown): RulePack {
  const r = RulePackSchema.safeParse(raw);
  if (!r.success) fail('', r);
  const pack = r.data;
  const problems = checkReferences(pack);
  if (problems.length) throw new LicensingInputError('INVALID_RULE_PACK', problems[0]!.path, problems[0]!.message);
  return pack;
}

export function parseDraftRulePack(raw: unknown): DraftRulePack {
  const r = DraftRulePackSchema.safeParse(raw);
  if (!r.success) fail('', r);
  return r.data;
}

/** Cross-reference problems: unknown sets, item groups, regulations, policy families; duplicate ids. */
export function checkReferences(pack: RulePack): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const regs = new Set(pack.regulations.map((r) => r.id));
  const families = new Set(pack.reviewPolicies.map((r) => r.family));
  const visitDest = (e: DestExpr, path: string) => {
    if ('set' in e && !pack.destSets[e.set]) out.push({ path, message: `${path}: unknown destination set "${e.set}"` });
    if ('any' in e) for (const [i, x] of e.any.entries()) visitDest(x, `${path}.any.${i}`);
    if ('all' in e) for (const [i, x] of e.all.entries()) visitDest(x, `${path}.all.${i}`);
    if ('not' in e) visitDest(e.not, `${path}.not`);
  };
  const visit = (c: Cond, path: string): void => {
    if ('all' in c) {
      for (const [i, x] of c.all.entries()) visit(x, `${path}.all.${i}`);
    } else if ('any' in c) {
      for (const [i, x] of c.any.entries()) visit(x, `${path}.any.${i}`);
    } else if ('not' in c) visit(c.not, `${path}.not`);
    else if ('item' in c) {
      for (const p of c.item) {
        if (p.startsWith('@') && !pack.itemGroups[p.slice(1)])
          out.push({ path, message: `${path}: unknown item group "${p}"` });
      }
    } else if ('dest' in c) visitDest(c.dest, `${path}.dest`);
    else if ('shipFrom' in c) visitDest(c.shipFrom, `${path}.shipFrom`);
    else if ('partyHq' in c) visitDest(c.partyHq, `${path}.partyHq`);
    else if ('partyHqOnly' in c) visitDest(c.partyHqOnly, `${path}.partyHqOnly`);
    else if ('partyLocated' in c) visitDest(c.partyLocated, `${path}.partyLocated`);
  };
  const seen = new Set<string>();
  const dup = (id: string, path: string) => {
    if (seen.has(id)) out.push({ path, message: `${path}: duplicate rule id "${id}"` });
    seen.add(id);
  };
  pack.requirements.forEach((r, i) => {
    const path = `requirements.${i}`;
    dup(r.id, path);
    visit(r.when, `${path}.when`);
    if (!regs.has(r.regulation))
      out.push({ path: `${path}.regulation`, message: `${path}: unknown regulation "${r.regulation}"` });
    if (!families.has(r.policyFamily)) {
      out.push({ path: `${path}.policyFamily`, message: `${path}: unknown review-policy family "${r.policyFamily}"` });
    }
  });
  pack.reviewPolicies.forEach((r, i) => {
    dup(r.id, `reviewPolicies.${i}`);
    visit(r.when, `reviewPolicies.${i}.when`);
    if (!regs.has(r.regulation))
      out.push({ path: `reviewPolicies.${i}.regulation`, message: `unknown regulation "${r.regulation}"` });
  });
  pack.exceptions.forEach((r, i) => {
    dup(r.id, `exceptions.${i}`);
    visit(r.scope, `exceptions.${i}.scope`);
    visit(r.eligible, `exceptions.${i}.eligible`);
    if (!regs.has(r.regulation))
      out.push({ path: `exceptions.${i}.regulation`, message: `unknown regulation "${r.regulation}"` });
  });
  for (const [k, v] of Object.entries(pack.destSets)) visitDest(v, `destSets.${k}`);
  return out;
}
