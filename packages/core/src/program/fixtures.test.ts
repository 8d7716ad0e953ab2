import { describe, expect, it } from 'vitest';
import { checkProposal } from './checks.js';
import { isBlocking } from './findings.js';
import { EXAMPLE_PROPOSAL, SEEDED_PROPOSALS } from './fixtures.js';
import { realContext } from './test-data.js';
import { ProposalSchema } from './types.js';

/** Blocking findings a seeded fault necessarily brings along. */
const COLLATERAL: Record<string, string[]> = {
  // the storage component loses its only BOM line
  'bom-unknown-component': ['HARDWARE_COMPONENT_NOT_IN_BOM'],
};

describe('fixtures against the real modules', () => {
  const ctx = realContext();

  it('the example proposal is schema-valid, complete and can be submitted', () => {
    expect(ProposalSchema.safeParse(EXAMPLE_PROPOSAL).success).toBe(true);
    const r = checkProposal(EXAMPLE_PROPOSAL, ctx);
    expect(r.findings.filter(isBlocking)).toEqual([]);
    expect(r.summary.canSubmit).toBe(true);
    expect(r.usContent.presumptionMet).toBe(true);
    expect(r.screening.every((s) => s.hits.length === 0)).toBe(true);
    expect(r.licenseMatrix.destinations).toEqual(['JP', 'DE', 'FR']);
  });

  it('seeded ids are unique', () => {
    expect(new Set(SEEDED_PROPOSALS.map((s) => s.id)).size).toBe(SEEDED_PROPOSALS.length);
  });

  for (const seed of SEEDED_PROPOSALS)
    it(`catches ${seed.id}: ${seed.description} → ${seed.expectFinding}`, () => {
      expect(ProposalSchema.safeParse(seed.proposal).success).toBe(true);
      const r = checkProposal(seed.proposal, ctx);
      const hits = r.findings.filter((f) => f.id === seed.expectFinding);
      expect(hits.length, JSON.stringify(r.findings.map((f) => f.id))).toBeGreaterThan(0);
      expect(hits.some((f) => f.requirementId.startsWith('PR-'))).toBe(true);
      const blockingIds = new Set(r.findings.filter(isBlocking).map((f) => f.id));
      const allowed = new Set([seed.expectFinding, ...(COLLATERAL[seed.id] ?? [])]);
      expect([...blockingIds].filter((id) => !allowed.has(id))).toEqual([]);
      if (seed.expectBlocking) {
        expect(hits.some(isBlocking)).toBe(true);
        expect(r.summary.canSubmit).toBe(false);
      } else expect(hits.every((f) => f.severity === 'advisory')).toBe(true);
    });
});
