/**
 * The case file: the facts of one transaction (item, parties, destination, end use, US content, date), its zod
 * schema, and the semantic checks (contradictions, unknown countries, dates) that raise LicensingInputError.
 * See docs/case-format.md.
 * @module
 */
import { z } from 'zod';
import type { EndUseKey, PartyRole, RulePack, TxKind } from '../rules/types.js';
import { type ISODate, type ItemSpec, LicensingInputError } from '../types.js';
import { compile } from './compiled.js';
import { addDays } from './dates.js';

export interface EntityListFacts {
  /** Entry name as listed in Supp. 4 to Part 744. */
  readonly entry: string;
  /** Footnote designations (1 Huawei FDP, 3 Russia/Belarus MEU FDP, 4 advanced-computing FDP, 5 advanced-node fab FDP). */
  readonly footnotes: readonly (1 | 3 | 4 | 5)[];
  /** The entry's "License requirement" column, e.g. "For all items subject to the EAR". */
  readonly licenseRequirement?: string;
  /** The entry's "License review policy" column, e.g. "Presumption of denial". */
  readonly licensePolicy?: string;
}

export interface CaseFileParty {
  readonly role: PartyRole;
  readonly name: string;
  /** ISO2 where the party is located (HK is treated as CN). */
  readonly country: string;
  /** ISO2 of the party's headquarters. Undefined = unknown. */
  readonly headquarters?: string;
  /** ISO2 of the ultimate parent's headquarters (the party's own HQ when it has no parent). Undefined = unknown. */
  readonly ultimateParentHeadquarters?: string;
  readonly entityList?: EntityListFacts;
  /** Listed on the Military End-User List (Supp. 7 to Part 744). */
  readonly meu?: boolean;
  /** An approved UAE entity in Supp. 8 to Part 740. */
  readonly supp8ApprovedUae?: boolean;
  /** Aggregate ownership by Entity List / MEU listed parties (Affiliates Rule): 0–1 or 'unknown'. */
  readonly ownedByListed?: { readonly share: number | 'unknown'; readonly owner?: string };
}

/** Each field: true (known yes), false (known no), undefined (unknown). */
export type EndUseFacts = { readonly [K in EndUseKey]?: boolean };

export interface UsContentFacts {
  /** The item is US-origin (wherever located). */
  readonly usOriginItem: boolean;
  /** Controlled US-origin content as % of the foreign item's value (Supp. 2 to Part 734). */
  readonly usControlledContentPct?: number;
  /** The foreign item is a direct product of US technology/software, or made in a plant that is (FDP rules). */
  readonly foreignProducedFromUsTechnology?: boolean;
}

export type CaseItem = { readonly partId: string } | { readonly spec: ItemSpec };

export interface CaseFile {
  readonly id?: string;
  readonly item: CaseItem;
  readonly quantity: number;
  readonly valueUsd: number;
  readonly transactionKind: TxKind;
  /** ISO2 the item leaves from (US for an export). */
  readonly shipFrom: string;
  /** ISO2 of the destination (HK → CN). */
  readonly destination: string;
  readonly parties: readonly CaseFileParty[];
  readonly endUse: EndUseFacts;
  readonly usContent: UsContentFacts;
  readonly certifications?: { readonly h200PathCertifications?: boolean };
  readonly shipDate: ISODate;
  readonly notes?: string;
}

// ------------------------------------------------------------------ zod schema

const iso2 = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code in upper case');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');
const citation = z.object({ cfr: z.string(), fr: z.string(), url: z.string(), note: z.string() }).partial();

const precision = z.object({
  precision: z.string(),
  bitLength: z.number().positive(),
  tops: z.number().nonnegative(),
  sparse: z.boolean().optional(),
});

export const ItemSpecSchema = z.object({
  kind: z.enum(['integrated-circuit', 'computer', 'hbm', 'sme', 'model-weights', 'other']),
  name: z.string().optional(),
  partId: z.string().optional(),
  performance: z.array(precision).optional(),
  nonPlanarLogicDieAreaMm2: z.number().positive().optional(),
  datacenter: z.boolean().optional(),
  aggregateBidirectionalIoGBs: z.number().nonnegative().optional(),
  totalDramBandwidthGBs: z.number().nonnegative().optional(),
  hbm: z.object({ bandwidthGBs: z.number().optional(), areaMm2: z.number().optional() }).optional(),
  transistorCountBillions: z.number().nonnegative().optional(),
  sme: z
    .object({
      eccn: z.string().optional(),
      containsUsIc: z.boolean().optional(),
      subsystem: z.boolean().optional(),
      description: z.string().optional(),
    })
    .optional(),
  modelWeights: z.object({ trainingOps: z.number().optional(), published: z.boolean().optional() }).optional(),
  eccn: z.string().optional(),
  sources: z.array(citation).optional(),
});

const party = z.strictObject({
  role: z.enum(['purchaser', 'intermediate-consignee', 'ultimate-consignee', 'end-user']),
  name: z.string().min(1),
  country: iso2,
  headquarters: iso2.optional(),
  ultimateParentHeadquarters: iso2.optional(),
  entityList: z
    .strictObject({
      entry: z.string(),
      footnotes: z.array(z.union([z.literal(1), z.literal(3), z.literal(4), z.literal(5)])),
      licenseRequirement: z.string().optional(),
      licensePolicy: z.string().optional(),
    })
    .optional(),
  meu: z.boolean().optional(),
  supp8ApprovedUae: z.boolean().optional(),
  ownedByListed: z
    .strictObject({ share: z.union([z.number().min(0).max(1), z.literal('unknown')]), owner: z.string().optional() })
    .optional(),
});

const tri = z.boolean().optional();

export const CaseFileSchema: z.ZodType<CaseFile> = z.strictObject({
  id: z.string().optional(),
  item: z.union([z.strictObject({ partId: z.string().min(1) }), z.strictObject({ spec: ItemSpecSchema })]),
  quantity: z.number().int().positive(),
  valueUsd: z.number().nonnegative(),
  transactionKind: z.enum(['export', 'reexport', 'in-country-transfer', 'export-from-abroad']),
  shipFrom: iso2,
  destination: iso2,
  parties: z.array(party),
  endUse: z.strictObject({
    supercomputer: tri,
    advancedNodeFab: tri,
    smeDevelopment: tri,
    military: tri,
    militaryIntelligence: tri,
    aiTrainingForD5Hq: tri,
  }),
  usContent: z.strictObject({
    usOriginItem: z.boolean(),
    usControlledContentPct: z.number().min(0).max(100).optional(),
    foreignProducedFromUsTechnology: z.boolean().optional(),
  }),
  certifications: z.strictObject({ h200PathCertifications: z.boolean().optional() }).optional(),
  shipDate: isoDate,
  notes: z.string().optional(),
}) as z.ZodType<CaseFile>;

/** Parse untrusted JSON into a CaseFile; the first schema issue becomes a LicensingInputError naming its path. */
export function parseCaseFile(raw: unknown, pack?: RulePack): CaseFile {
  const r = CaseFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue ? issue.path.map(String).join('.') : '';
    throw new LicensingInputError('INVALID_CASE_FILE', path, `${path || 'case file'}: ${issue?.message ?? 'invalid'}`);
  }
  if (pack) validateCaseFile(r.data, pack);
  return r.data;
}

/**
 * Semantic checks the schema cannot express. Throws LicensingInputError:
 * UNKNOWN_COUNTRY, CONTRADICTORY_FACTS, DATE_OUT_OF_RANGE, INVALID_CASE_FILE.
 */
export function validateCaseFile(cf: CaseFile, pack: RulePack): void {
  const compiled = compile(pack);
  const known = (code: string, path: string) => {
    if (!compiled.countries.has(code))
      throw new LicensingInputError('UNKNOWN_COUNTRY', path, `${path}: unknown country "${code}"`);
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(cf.shipDate) || Number.isNaN(Date.parse(`${cf.shipDate}T00:00:00Z`))) {
    throw new LicensingInputError('INVALID_CASE_FILE', 'shipDate', `shipDate: not an ISO date "${cf.shipDate}"`);
  }
  const last = addDays(pack.asOf, pack.horizonDays);
  if (cf.shipDate < pack.validFrom || cf.shipDate > last) {
    throw new LicensingInputError(
      'DATE_OUT_OF_RANGE',
      'shipDate',
      `shipDate ${cf.shipDate} is outside the rule pack's range ${pack.validFrom} … ${last} (asOf ${pack.asOf} + ${pack.horizonDays} days)`,
    );
  }
  known(cf.shipFrom, 'shipFrom');
  known(cf.destination, 'destination');
  cf.parties.forEach((p, i) => {
    known(p.country, `parties.${i}.country`);
    if (p.headquarters) known(p.headquarters, `parties.${i}.headquarters`);
    if (p.ultimateParentHeadquarters) known(p.ultimateParentHeadquarters, `parties.${i}.ultimateParentHeadquarters`);
    if (
      p.ownedByListed &&
      typeof p.ownedByListed.share === 'number' &&
      (p.ownedByListed.share < 0 || p.ownedByListed.share > 1)
    ) {
      throw new LicensingInputError(
        'INVALID_CASE_FILE',
        `parties.${i}.ownedByListed.share`,
        'share must be between 0 and 1',
      );
    }
  });
  if (!(cf.quantity > 0)) throw new LicensingInputError('INVALID_CASE_FILE', 'quantity', 'quantity must be positive');
  const from = compiled.canonical(cf.shipFrom);
  const to = compiled.canonical(cf.destination);
  switch (cf.transactionKind) {
    case 'export':
      if (from !== 'US') {
        throw new LicensingInputError(
          'CONTRADICTORY_FACTS',
          'shipFrom',
          `transactionKind "export" means shipment from the United States, but shipFrom is ${cf.shipFrom} (use reexport or export-from-abroad)`,
        );
      }
      if (to === 'US')
        throw new LicensingInputError(
          'CONTRADICTORY_FACTS',
          'destination',
          'an export cannot be destined to the United States',
        );
      break;
    case 'reexport':
    case 'export-from-abroad':
      if (from === 'US') {
        throw new LicensingInputError(
          'CONTRADICTORY_FACTS',
          'shipFrom',
          `transactionKind "${cf.transactionKind}" means shipment from a foreign country, but shipFrom is US (use export)`,
        );
      }
      if (from === to) {
        throw new LicensingInputError(
          'CONTRADICTORY_FACTS',
          'destination',
          `transactionKind "${cf.transactionKind}" needs a destination other than shipFrom (${cf.shipFrom}); use in-country-transfer`,
        );
      }
      break;
    case 'in-country-transfer':
      if (from !== to) {
        throw new LicensingInputError(
          'CONTRADICTORY_FACTS',
          'destination',
          `an in-country transfer stays in one country, but shipFrom is ${cf.shipFrom} and destination ${cf.destination}`,
        );
      }
      if (from === 'US')
        throw new LicensingInputError(
          'CONTRADICTORY_FACTS',
          'shipFrom',
          'transfers within the United States are not exports',
        );
      break;
  }
  if (
    cf.usContent.usOriginItem &&
    cf.usContent.usControlledContentPct !== undefined &&
    cf.usContent.usControlledContentPct < 100
  ) {
    throw new LicensingInputError(
      'CONTRADICTORY_FACTS',
      'usContent.usControlledContentPct',
      'a US-origin item has no de minimis calculation; usControlledContentPct applies only to foreign-made items',
    );
  }
}
