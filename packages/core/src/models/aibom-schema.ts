/**
 * Structural validators for the two AI-BOM outputs, written from the CycloneDX 1.6 and SPDX 3.0.1 specifications for
 * the parts Stackport emits (strict objects, enumerations and patterns as the published JSON schemas state them).
 * They run without the published schema files; when those are present, tests also validate against them (see
 * docs/models.md). This is a subset check, not a substitute for the official schemas.
 * @module
 */
import { z } from 'zod';

const sha256 = z.string().regex(/^[a-f0-9]{64}$/);
const cdxProperty = z.strictObject({ name: z.string().min(1), value: z.string() });
const cdxHash = z.strictObject({ alg: z.literal('SHA-256'), content: sha256 });
const cdxLicense = z.strictObject({
  license: z.union([z.strictObject({ id: z.string().min(1) }), z.strictObject({ name: z.string().min(1) })]),
});
const cdxFile = z.strictObject({
  type: z.literal('file'),
  'bom-ref': z.string().min(1),
  name: z.string().min(1),
  hashes: z.array(cdxHash).optional(),
  properties: z.array(cdxProperty),
});
const cdxModelCard = z.strictObject({
  'bom-ref': z.string().optional(),
  modelParameters: z.strictObject({
    task: z.string().optional(),
    architectureFamily: z.string().optional(),
    modelArchitecture: z.string().optional(),
    inputs: z.array(z.strictObject({ format: z.string() })).optional(),
    outputs: z.array(z.strictObject({ format: z.string() })).optional(),
  }),
  considerations: z.strictObject({
    technicalLimitations: z.array(z.string()).optional(),
    ethicalConsiderations: z
      .array(z.strictObject({ name: z.string(), mitigationStrategy: z.string().optional() }))
      .optional(),
  }),
});
const cdxModel = z.strictObject({
  type: z.literal('machine-learning-model'),
  'bom-ref': z.string().min(1),
  name: z.string().min(1),
  supplier: z
    .strictObject({ name: z.string(), address: z.strictObject({ country: z.string().regex(/^[A-Z]{2}$/) }) })
    .optional(),
  description: z.string().optional(),
  hashes: z.array(cdxHash).optional(),
  licenses: z.array(cdxLicense).optional(),
  externalReferences: z.array(z.strictObject({ type: z.literal('website'), url: z.string().url() })).optional(),
  pedigree: z
    .strictObject({
      ancestors: z.array(
        z.strictObject({ type: z.literal('machine-learning-model'), 'bom-ref': z.string(), name: z.string() }),
      ),
    })
    .optional(),
  properties: z.array(cdxProperty),
  modelCard: cdxModelCard,
  components: z.array(cdxFile),
});

export const CycloneDxAibomSchema = z.strictObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.literal('1.6'),
  serialNumber: z.string().regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  version: z.number().int().min(1),
  metadata: z.strictObject({
    timestamp: z.iso.datetime(),
    tools: z.strictObject({
      components: z.array(z.strictObject({ type: z.literal('application'), name: z.string(), version: z.string() })),
    }),
    component: z.strictObject({ type: z.literal('machine-learning-model'), 'bom-ref': z.string(), name: z.string() }),
  }),
  components: z.array(cdxModel).min(1),
  dependencies: z.array(z.strictObject({ ref: z.string() })),
});

const iri = z.string().regex(/^(?!_:).+:.+$/);
const spdxTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
const base = { spdxId: iri, creationInfo: z.string().regex(/^_:.+/) };
const spdxHash = z.strictObject({ type: z.literal('Hash'), algorithm: z.literal('sha256'), hashValue: sha256 });
const purpose = z.enum(['model', 'configuration', 'documentation', 'data', 'other']);
const RELATIONSHIP_TYPES = ['contains', 'hasDeclaredLicense', 'hasConcludedLicense', 'ancestorOf'] as const;

const spdxElement = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('CreationInfo'),
    '@id': z.string().regex(/^_:.+/),
    specVersion: z.literal('3.0.1'),
    created: spdxTime,
    createdBy: z.array(iri).min(1),
    createdUsing: z.array(iri).optional(),
  }),
  z.strictObject({ type: z.literal('SoftwareAgent'), ...base, name: z.string() }),
  z.strictObject({ type: z.literal('Tool'), ...base, name: z.string() }),
  z.strictObject({ type: z.literal('Organization'), ...base, name: z.string(), comment: z.string().optional() }),
  z.strictObject({
    type: z.literal('ai_AIPackage'),
    ...base,
    name: z.string().min(1),
    software_primaryPurpose: z.literal('model'),
    software_downloadLocation: z.string().url().optional(),
    originatedBy: z.array(iri).optional(),
    suppliedBy: iri.optional(),
    verifiedUsing: z.array(spdxHash).optional(),
    ai_typeOfModel: z.array(z.string()).optional(),
    ai_hyperparameter: z
      .array(z.strictObject({ type: z.literal('DictionaryEntry'), key: z.string(), value: z.string() }))
      .optional(),
    ai_autonomyType: z.enum(['yes', 'no', 'noAssertion']).optional(),
    ai_limitation: z.string().optional(),
    comment: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('software_File'),
    ...base,
    name: z.string().min(1),
    verifiedUsing: z.array(spdxHash).optional(),
    software_primaryPurpose: purpose,
  }),
  z.strictObject({
    type: z.literal('simplelicensing_LicenseExpression'),
    ...base,
    simplelicensing_licenseExpression: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('Relationship'),
    ...base,
    from: iri,
    relationshipType: z.enum(RELATIONSHIP_TYPES),
    to: z.array(iri).min(1),
  }),
  z.strictObject({
    type: z.literal('SpdxDocument'),
    ...base,
    name: z.string(),
    profileConformance: z.array(z.enum(['core', 'software', 'ai'])),
    rootElement: z.array(iri).min(1),
    element: z.array(iri).min(1),
  }),
]);

export const Spdx3AibomSchema = z
  .strictObject({
    '@context': z.literal('https://spdx.org/rdf/3.0.1/spdx-context.jsonld'),
    '@graph': z.array(spdxElement).min(1),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    for (const e of doc['@graph']) {
      if ('spdxId' in e) {
        if (ids.has(e.spdxId)) ctx.addIssue({ code: 'custom', message: `duplicate spdxId ${e.spdxId}` });
        ids.add(e.spdxId);
      }
    }
    const refs = (e: (typeof doc)['@graph'][number]): string[] =>
      e.type === 'Relationship'
        ? [e.from, ...e.to]
        : e.type === 'SpdxDocument'
          ? [...e.rootElement, ...e.element]
          : e.type === 'CreationInfo'
            ? [...e.createdBy, ...(e.createdUsing ?? [])]
            : [];
    for (const e of doc['@graph'])
      for (const r of refs(e))
        if (!ids.has(r) && !r.startsWith('https://spdx.org/rdf/'))
          ctx.addIssue({ code: 'custom', message: `${e.type} refers to ${r}, which is not in the graph` });
    const rels = doc['@graph'].flatMap((e) => (e.type === 'Relationship' ? [e] : []));
    for (const e of doc['@graph']) {
      if (e.type !== 'ai_AIPackage' || !e.spdxId.endsWith('#model')) continue;
      for (const t of ['hasDeclaredLicense', 'hasConcludedLicense'])
        if (rels.filter((r) => r.from === e.spdxId && r.relationshipType === t).length !== 1)
          ctx.addIssue({ code: 'custom', message: `AI profile: ${e.spdxId} needs exactly one ${t} relationship` });
    }
  });
