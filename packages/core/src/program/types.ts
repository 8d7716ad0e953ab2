/**
 * American AI Exports Program (EO 14320 Sec. 3; Call for Proposals FR 2026-06952 "Pre-Set Consortia"): the
 * proposal data model as zod schemas, with the TypeScript types inferred from them so the two cannot drift, and
 * the published JSON Schema (`proposalJsonSchema()`, written to docs/program/proposal.schema.json).
 *
 * The schema is structural: it checks types and shapes, and accepts a draft with parts missing (empty arrays,
 * absent rationales, amounts or totals). What is missing or inconsistent is reported by `checkCompleteness` as
 * findings, so an incomplete proposal can be saved as a draft with its list of gaps. Objects are strict: an
 * unknown key (a typo) is an error, not a silently dropped field.
 * @module
 */
import { z } from 'zod';
import { ItemSpecSchema } from '../licensing/determine/case-file.js';

export const PROPOSAL_SCHEMA_VERSION = 'stackport-program-proposal/1' as const;
export const PROPOSAL_SCHEMA_ID = 'https://stackport.dev/schemas/program/proposal.schema.json';

// ------------------------------------------------------------------ enums

/** The five layers of EO 14320 Sec. 3(b)(i)(A)–(E), in the order of the EO. */
export const LAYER_IDS = ['hardware', 'data', 'models', 'security', 'applications'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export const LAYER_TITLES: Readonly<Record<LayerId, string>> = {
  hardware: 'AI-optimized hardware and infrastructure (chips, servers, storage, cloud, networking)',
  data: 'Data pipelines and labeling systems',
  models: 'AI models and systems',
  security: 'Security and cybersecurity measures',
  applications: 'AI applications for specific use cases',
};

/** Hardware-layer component categories named in EO 14320 Sec. 3(b)(i)(A). */
export const HARDWARE_CATEGORIES = ['chips', 'servers', 'storage', 'cloud', 'networking', 'other'] as const;
export type HardwareCategory = (typeof HARDWARE_CATEGORIES)[number];

/** Agencies a consortium can ask for support (EO 14320 Sec. 3, EDAG; Action Plan Pillar III). */
export const AGENCIES = ['EXIM', 'DFC', 'USTDA', 'DOC-ITA', 'DOC-BIS', 'DOS', 'EDAG', 'other'] as const;
export type Agency = (typeof AGENCIES)[number];

/** Support instruments: the EO's financing tools plus the Call's non-financial benefits. */
export const INSTRUMENTS = [
  'direct-loan',
  'loan-guarantee',
  'credit-guarantee',
  'equity',
  'political-risk-insurance',
  'export-credit-insurance',
  'technical-assistance',
  'feasibility-study',
  'advocacy',
  'licensing-priority',
  'other',
] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Instruments that carry money: a request for one of them without an amount is incomplete. */
export const FINANCIAL_INSTRUMENTS: ReadonlySet<Instrument> = new Set<Instrument>([
  'direct-loan',
  'loan-guarantee',
  'credit-guarantee',
  'equity',
  'political-risk-insurance',
  'export-credit-insurance',
  'technical-assistance',
  'feasibility-study',
]);

/**
 * Which instruments each agency usually offers. Our reading of the agencies' public programmes [U]: a mismatch is an
 * advisory finding only, never blocking.
 */
export const AGENCY_INSTRUMENTS: Readonly<Record<Agency, readonly Instrument[]>> = {
  EXIM: ['direct-loan', 'loan-guarantee', 'credit-guarantee', 'export-credit-insurance'],
  DFC: ['direct-loan', 'loan-guarantee', 'equity', 'political-risk-insurance', 'technical-assistance'],
  USTDA: ['feasibility-study', 'technical-assistance'],
  'DOC-ITA': ['advocacy', 'technical-assistance'],
  'DOC-BIS': ['licensing-priority'],
  DOS: ['advocacy'],
  EDAG: ['advocacy', 'other'],
  other: [...INSTRUMENTS],
};

/** Compliance attestations EO 14320 Sec. 3(b)(v) asks for, plus the layer-4 security plan. */
export const ATTESTATION_KINDS = [
  'export-controls',
  'outbound-investment',
  'end-user-policies',
  'security-plan',
  'other',
] as const;
export type AttestationKind = (typeof ATTESTATION_KINDS)[number];

/** Attestations a proposal must carry (EO 14320 Sec. 3(b)(v)). */
export const REQUIRED_ATTESTATIONS: readonly AttestationKind[] = [
  'export-controls',
  'outbound-investment',
  'end-user-policies',
];

/** Top-level sections: the unit of confidentiality marking and of change detection. */
export const PROPOSAL_SECTIONS = [
  'consortium',
  'layers',
  'hardwareBom',
  'targets',
  'businessModel',
  'dataCenters',
  'supportRequests',
  'attestations',
] as const;
export type ProposalSection = (typeof PROPOSAL_SECTIONS)[number];

// ------------------------------------------------------------------ primitives

const iso2 = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code in upper case');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');
const id = z.string().min(1).max(200);
const currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code in upper case');
/** A money amount: at most two decimals, so every sum is exact in integer cents. */
const amount = z
  .number()
  .nonnegative()
  .refine((n) => Number.isFinite(n) && Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'at most two decimals');

export const MoneyAmountSchema = z.strictObject({ amount, currency });
export type MoneyAmount = z.infer<typeof MoneyAmountSchema>;

// ------------------------------------------------------------------ consortium

export const BeneficialOwnerSchema = z
  .strictObject({
    id,
    name: z.string().min(1),
    type: z.enum(['person', 'organization']),
    /** Nationality (persons) or headquarters country (organisations). */
    country: iso2,
    /** Incorporation country, for organisations, when it differs from `country`. */
    incorporationCountry: iso2.optional(),
    /** Share held, 0–100 %, of the member, or of `via` when given. Absent = not known. */
    sharePct: z.number().min(0).max(100).optional(),
    /** Control other than by shares: board seats, vetoes, golden shares, management agreements. */
    controlRights: z.boolean().optional(),
    /** Id of another owner of the same member through which this one holds (a chain). */
    via: id.optional(),
  })
  .describe('A beneficial owner of a member, directly or through another listed owner (`via`).');
export type ProgramBeneficialOwner = z.infer<typeof BeneficialOwnerSchema>;

export const ConsortiumMemberSchema = z
  .strictObject({
    id,
    legalName: z.string().min(1),
    /** Exactly one member of a consortium is the anchor (the lead entity that submits). */
    role: z.enum(['anchor', 'member']),
    identifiers: z.strictObject({
      uei: z.string().optional(),
      lei: z.string().optional(),
      duns: z.string().optional(),
      cage: z.string().optional(),
      other: z.array(z.strictObject({ type: z.string().min(1), value: z.string().min(1) })).optional(),
    }),
    incorporationCountry: iso2.optional(),
    headquartersCountry: iso2.optional(),
    /** Where the member is "primarily based" when that differs from its headquarters (R9). */
    primaryBaseCountry: iso2.optional(),
    owners: z.array(BeneficialOwnerSchema),
    /** The layers this member serves. */
    layers: z.array(z.enum(LAYER_IDS)),
    /** The member states it has no beneficial owner above the reporting floor (an empty `owners` is then complete). */
    noReportableOwners: z.boolean().optional(),
  })
  .describe('A consortium member. An entity may belong to several consortia (FR 2026-06952).');
export type ConsortiumMember = z.infer<typeof ConsortiumMemberSchema>;

export const ConsortiumSchema = z.strictObject({
  name: z.string(),
  members: z.array(ConsortiumMemberSchema),
});
export type Consortium = z.infer<typeof ConsortiumSchema>;

// ------------------------------------------------------------------ layers

/** A part number from the bundled catalogue, or an inline item spec (see docs/case-format.md). */
export const ItemRefSchema = z.union([
  z.strictObject({ partId: z.string().min(1) }),
  z.strictObject({ spec: ItemSpecSchema }),
]);
export type ItemRef = z.infer<typeof ItemRefSchema>;

/** A model offered in the models layer and where it comes from, as declared by the consortium. */
export const ModelDeclarationSchema = z.strictObject({
  name: z.string().min(1),
  developer: z.string().optional(),
  /** ISO-2 of the developer's headquarters. */
  developerCountry: iso2.optional(),
  /** Family id of the model-provenance module (`MODEL_FAMILIES`: llama, qwen, deepseek…), when known. */
  familyId: z.string().optional(),
  /** Weights published (open-weight). Absent = not declared. */
  openWeights: z.boolean().optional(),
  /** Models this one was derived from (fine-tune, distillation, merge). */
  baseModels: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        developer: z.string().optional(),
        developerCountry: iso2.optional(),
        familyId: z.string().optional(),
        openWeights: z.boolean().optional(),
      }),
    )
    .optional(),
  license: z.string().optional(),
});
export type ModelDeclaration = z.infer<typeof ModelDeclarationSchema>;

export const StackComponentSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  responsibleMemberId: id.optional(),
  /** Hardware layer only. */
  category: z.enum(HARDWARE_CATEGORIES).optional(),
  /** Models layer: the model and its declared provenance. */
  model: ModelDeclarationSchema.optional(),
});
export type StackComponent = z.infer<typeof StackComponentSchema>;

export const StackLayerSchema = z.strictObject({
  layer: z.enum(LAYER_IDS),
  description: z.string().optional(),
  /** The member that answers for the layer as a whole. */
  responsibleMemberId: id.optional(),
  components: z.array(StackComponentSchema),
});
export type StackLayer = z.infer<typeof StackLayerSchema>;

// ------------------------------------------------------------------ hardware bill of materials

export const BomLineSchema = z.strictObject({
  id,
  /** The hardware-layer component this line belongs to. */
  componentId: id.optional(),
  description: z.string().min(1),
  /** `good`: a physical item, classified under the EAR; `service` (cloud, integration): valued, not classified. */
  kind: z.enum(['good', 'service']),
  item: ItemRefSchema.optional(),
  supplier: z.string().optional(),
  quantity: z.number().int().positive(),
  unitValue: MoneyAmountSchema,
  /** Country of origin of the line (where the good was made / the service performed). */
  originCountry: iso2.optional(),
  /** Declared US-origin content of the line's value, 0–1. Overrides the origin rule (see us-content.ts). */
  usContentFraction: z.number().min(0).max(1).optional(),
  /** How the origin or the fraction was established (certificate, supplier declaration, bill of materials). */
  originBasis: z.string().optional(),
});
export type BomLine = z.infer<typeof BomLineSchema>;

/** A dated exchange rate used to bring BOM values to USD. */
export const FxRateSchema = z.strictObject({
  currency,
  /** USD per one unit of `currency`. */
  usdPerUnit: z.number().positive(),
  date: isoDate,
  source: z.string().min(1),
});
export type FxRate = z.infer<typeof FxRateSchema>;

export const HardwareBomSchema = z.strictObject({
  lines: z.array(BomLineSchema),
  /** The hardware-layer total the consortium declares; the BOM must add up to it. */
  declaredTotal: MoneyAmountSchema.optional(),
  fxRates: z.array(FxRateSchema),
});
export type HardwareBom = z.infer<typeof HardwareBomSchema>;

// ------------------------------------------------------------------ markets, operations, support

export const TargetMarketSchema = z.strictObject({
  kind: z.enum(['country', 'bloc']),
  /** ISO-2 for a country; the bloc's name or acronym (GCC, ASEAN…) for a bloc. */
  code: z.string().min(1),
  name: z.string().optional(),
  /** For a bloc: the member countries the package is offered to (the license matrix runs over them). */
  countries: z.array(iso2).optional(),
  /** Why this market, and how the package advances US national interests there. */
  rationale: z.string().optional(),
  buyerTypes: z.array(z.string()).optional(),
});
export type TargetMarket = z.infer<typeof TargetMarketSchema>;

/** A party that builds, owns or operates a data center: a consortium member, or a named third party. */
export const PartyRefSchema = z.union([
  z.strictObject({ memberId: id }),
  z.strictObject({ name: z.string().min(1), country: iso2 }),
]);
export type PartyRef = z.infer<typeof PartyRefSchema>;

export const DataCenterSchema = z.strictObject({
  id,
  name: z.string().min(1),
  country: iso2,
  builder: PartyRefSchema.optional(),
  owner: PartyRefSchema.optional(),
  operator: PartyRefSchema.optional(),
  powerMw: z.number().nonnegative().optional(),
  connectivity: z.string().optional(),
});
export type DataCenter = z.infer<typeof DataCenterSchema>;

export const BusinessModelSchema = z.strictObject({
  summary: z.string().optional(),
  revenueModel: z.string().optional(),
  timeToOperationMonths: z.number().int().nonnegative().optional(),
});
export type BusinessModel = z.infer<typeof BusinessModelSchema>;

export const SupportRequestSchema = z.strictObject({
  id,
  agency: z.enum(AGENCIES),
  instrument: z.enum(INSTRUMENTS),
  amount: MoneyAmountSchema.optional(),
  tenorMonths: z.number().int().positive().optional(),
  purpose: z.string().optional(),
});
export type SupportRequest = z.infer<typeof SupportRequestSchema>;

export const ComplianceAttestationSchema = z.strictObject({
  kind: z.enum(ATTESTATION_KINDS),
  /** ConsortiumMember on whose behalf the attestation is made (the anchor, usually). */
  memberId: id.optional(),
  signer: z.string().min(1),
  signerTitle: z.string().optional(),
  date: isoDate,
  text: z.string().min(1),
});
export type ComplianceAttestation = z.infer<typeof ComplianceAttestationSchema>;

export const ConfidentialityMarkingSchema = z.strictObject({
  section: z.enum(PROPOSAL_SECTIONS),
  level: z.literal('business-confidential'),
  /** The statement justifying non-disclosure (RFI FR 2025-19674 filing rules). */
  justification: z.string().min(1),
});
export type ConfidentialityMarking = z.infer<typeof ConfidentialityMarkingSchema>;

/** A justification of a blocking finding: it then no longer blocks submission, but stays visible. */
export const JustificationSchema = z.strictObject({
  /** The finding's key (`${id}@${path}`, see findings.ts). */
  findingKey: z.string().min(1),
  text: z.string().min(1),
  by: z.string().min(1),
  at: z.string().min(1),
});
export type Justification = z.infer<typeof JustificationSchema>;

// ------------------------------------------------------------------ the proposal

export const ProposalSchema = z
  .strictObject({
    schemaVersion: z.literal(PROPOSAL_SCHEMA_VERSION),
    id,
    title: z.string(),
    /** The program notice the proposal answers, e.g. "FR 2026-06952". */
    call: z.string().optional(),
    consortium: ConsortiumSchema,
    layers: z.array(StackLayerSchema),
    hardwareBom: HardwareBomSchema,
    targets: z.array(TargetMarketSchema),
    businessModel: BusinessModelSchema,
    dataCenters: z.array(DataCenterSchema),
    supportRequests: z.array(SupportRequestSchema),
    attestations: z.array(ComplianceAttestationSchema),
    confidentiality: z.array(ConfidentialityMarkingSchema),
    justifications: z.array(JustificationSchema),
  })
  .describe(
    'A full-stack AI export package proposal for the American AI Exports Program (EO 14320 Sec. 3(b); Call for Proposals FR 2026-06952 "Pre-Set Consortia").',
  );
export type Proposal = z.infer<typeof ProposalSchema>;

/** Result of parsing untrusted JSON: the proposal, or the schema issues with their paths. */
export type ProposalParse =
  | { readonly ok: true; readonly proposal: Proposal }
  | { readonly ok: false; readonly issues: readonly { readonly path: string; readonly message: string }[] };

export function parseProposal(raw: unknown): ProposalParse {
  const r = ProposalSchema.safeParse(raw);
  if (r.success) return { ok: true, proposal: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

/** The published JSON Schema (draft 2020-12) of a proposal, as written to docs/program/proposal.schema.json. */
export function proposalJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ProposalSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: PROPOSAL_SCHEMA_ID,
    title: 'Stackport American AI Exports Program proposal',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
