/**
 * Export of a proposal as JSON that validates against the published schema (docs/program/proposal.schema.json),
 * with its business-confidential sections marked, and the catalog of designated packages. For a public audience the
 * marked sections are emptied (the document stays schema-valid) and listed as redacted.
 * @module
 */
import { proposalContentHash } from './hash.js';
import { designationInForce, type ReviewRecord } from './review.js';
import { LAYER_IDS, PROPOSAL_SCHEMA_ID, type Proposal, type ProposalSection } from './types.js';

export const PROGRAM_EXPORT_FORMAT = 'stackport-program-export/1';

export interface ProposalExport {
  readonly format: typeof PROGRAM_EXPORT_FORMAT;
  readonly schema: string;
  readonly audience: 'government' | 'public';
  /** Hash of the full proposal (before any redaction). */
  readonly contentHash: string;
  readonly businessConfidential: readonly { readonly section: ProposalSection; readonly justification: string }[];
  readonly redactedSections: readonly ProposalSection[];
  readonly proposal: Proposal;
}

const EMPTY: { [K in ProposalSection]: (p: Proposal) => Proposal[K] } = {
  consortium: (p) => ({ name: p.consortium.name, members: [] }),
  layers: () => [],
  hardwareBom: () => ({ lines: [], fxRates: [] }),
  targets: () => [],
  businessModel: () => ({}),
  dataCenters: () => [],
  supportRequests: () => [],
  attestations: () => [],
};

export function exportProposal(p: Proposal, audience: 'government' | 'public' = 'government'): ProposalExport {
  const marked = p.confidentiality.map((c) => ({ section: c.section, justification: c.justification }));
  const redacted = audience === 'public' ? [...new Set(marked.map((m) => m.section))] : [];
  let proposal: Proposal = structuredClone(p);
  for (const s of redacted) proposal = { ...proposal, [s]: EMPTY[s](p) };
  if (audience === 'public') proposal = { ...proposal, justifications: [] };
  return {
    format: PROGRAM_EXPORT_FORMAT,
    schema: PROPOSAL_SCHEMA_ID,
    audience,
    contentHash: proposalContentHash(p),
    businessConfidential: marked,
    redactedSections: redacted,
    proposal,
  };
}

export interface CatalogEntry {
  readonly designationId: string;
  readonly proposalId: string;
  readonly version: number;
  readonly title: string;
  readonly consortium: string;
  readonly anchor?: string;
  /** Members' names, unless the consortium section is business-confidential. */
  readonly members: readonly string[];
  readonly layers: readonly { readonly layer: string; readonly components: readonly string[] }[];
  readonly targets: readonly string[];
  readonly conditions: readonly string[];
  readonly effectiveFrom: string;
  readonly expiresOn: string;
  readonly contentHash: string;
}

/**
 * The catalog ("menu of priority AI export packages") on `asOf`: every designation in force, built from the frozen
 * version it designates, without business-confidential sections. Sorted by title, then designation id.
 */
export function buildCatalog(records: readonly ReviewRecord[], asOf: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const r of records) {
    const d = designationInForce(r, asOf);
    if (!d) continue;
    const v = r.versions.find((x) => x.version === d.version);
    if (!v) continue;
    const pub = exportProposal(v.proposal, 'public').proposal;
    const anchor = pub.consortium.members.find((m) => m.role === 'anchor');
    out.push({
      designationId: d.id,
      proposalId: r.proposalId,
      version: v.version,
      title: pub.title,
      consortium: pub.consortium.name,
      ...(anchor ? { anchor: anchor.legalName } : {}),
      members: pub.consortium.members.map((m) => m.legalName),
      layers: LAYER_IDS.map((id) => ({
        layer: id,
        components: pub.layers.filter((l) => l.layer === id).flatMap((l) => l.components.map((c) => c.name)),
      })),
      targets: pub.targets.map((t) => t.code),
      conditions: d.conditions,
      effectiveFrom: d.effectiveFrom,
      expiresOn: d.expiresOn,
      contentHash: v.contentHash,
    });
  }
  return out.sort((a, b) =>
    a.title < b.title ? -1 : a.title > b.title ? 1 : a.designationId < b.designationId ? -1 : 1,
  );
}
