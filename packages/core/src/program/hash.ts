/**
 * Content hashes of a proposal: the whole document and each section, over canonical JSON (sorted keys), so equal
 * content gives equal hashes whatever the key order. Submission freezes a version under its content hash; section
 * hashes tell which parts changed since.
 * @module
 */
import { canonicalJson, sha256Hex } from '../lists/content-hash.js';
import { PROPOSAL_SECTIONS, type Proposal, type ProposalSection } from './types.js';

export function proposalContentHash(p: Proposal): string {
  return sha256Hex(canonicalJson(p));
}

export function sectionHashes(p: Proposal): Record<ProposalSection, string> {
  return Object.fromEntries(PROPOSAL_SECTIONS.map((s) => [s, sha256Hex(canonicalJson(p[s]))])) as Record<
    ProposalSection,
    string
  >;
}

/** Sections whose content differs between two hash sets, in section order. */
export function changedSections(
  before: Readonly<Record<ProposalSection, string>>,
  after: Readonly<Record<ProposalSection, string>>,
): ProposalSection[] {
  return PROPOSAL_SECTIONS.filter((s) => before[s] !== after[s]);
}
