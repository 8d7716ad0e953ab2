import { describe, expect, it } from 'vitest';
import { checkProposal, type ProgramCheckContext } from './checks.js';
import { buildCatalog } from './export.js';
import { EXAMPLE_PROPOSAL, SEEDED_PROPOSALS } from './fixtures.js';
import { DEFAULT_COUNTRY_OF_CONCERN_POLICY } from './policy.js';
import {
  amendProposal,
  beginReview,
  criteriaFor,
  DEFAULT_RUBRIC,
  decideProposal,
  designationInForce,
  newReviewRecord,
  ProgramReviewError,
  type ReviewRecord,
  recordAgencyReview,
  recordNationalInterestDetermination,
  submitProposal,
} from './review.js';

const ctx: ProgramCheckContext = {
  asOf: '2026-10-01',
  screen: () => [],
  classify: () => ({
    status: 'not-listed',
    eccn: 'EAR99',
    paragraphs: [],
    metrics: {},
    textVersion: 't',
    reasoning: [],
    needsInput: [],
    flags: [],
    item: { kind: 'other' },
  }),
  determine: () => ({ licenseRequired: 'no' }),
  countryOfConcernPolicy: DEFAULT_COUNTRY_OF_CONCERN_POLICY,
};
const A = (at: string, by = 'officer') => ({ at, by });

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof ProgramReviewError ? e.code : String(e);
  }
}

function scores(agency: Parameters<typeof criteriaFor>[1]) {
  return criteriaFor(DEFAULT_RUBRIC, agency).map((c) => ({ criterionId: c.id, score: 4 }));
}

function designated(): ReviewRecord {
  const p = EXAMPLE_PROPOSAL;
  let r = newReviewRecord(p.id, A('2026-09-01'));
  r = submitProposal(r, p, checkProposal(p, ctx), A('2026-10-01', 'anchor'));
  r = beginReview(r, A('2026-10-02'));
  r = recordAgencyReview(r, {
    agency: 'DOC',
    reviewer: 'doc-1',
    scores: scores('DOC'),
    recommendation: 'designate',
    at: '2026-10-10',
  });
  r = recordNationalInterestDetermination(r, {
    inNationalInterest: true,
    rationale: 'Displaces PRC stacks in two allied health systems; 92 % US content.',
    agenciesConsulted: ['DOS', 'DOW', 'DOE', 'OSTP'],
    by: 'secretary',
    at: '2026-10-20',
  });
  return decideProposal(r, {
    outcome: 'designated',
    designationId: 'AIEP-2026-001',
    conditions: ['Quarterly end-use reports', 'No PRC-origin models'],
    effectiveFrom: '2026-11-01',
    expiresOn: '2028-11-01',
    by: 'secretary',
    at: '2026-10-25',
  });
}

describe('review state machine', () => {
  it('refuses submission while blocking findings are open, and a stale check', () => {
    const bad = SEEDED_PROPOSALS.find((s) => s.id === 'no-anchor')?.proposal;
    if (!bad) throw new Error('fixture');
    const r = newReviewRecord(bad.id, A('2026-09-01'));
    try {
      submitProposal(r, bad, checkProposal(bad, ctx), A('2026-10-01'));
      expect.unreachable();
    } catch (e) {
      expect((e as ProgramReviewError).code).toBe('SUBMISSION_BLOCKED');
      expect((e as ProgramReviewError).details?.join('\n')).toContain('anchor');
    }
    const p = EXAMPLE_PROPOSAL;
    const check = checkProposal(p, ctx);
    const changed = { ...p, title: 'Changed after the check' };
    expect(code(() => submitProposal(newReviewRecord(p.id, A('x')), changed, check, A('y')))).toBe('STALE_CHECK');
  });

  it('runs draft → submitted → under-review → decided, freezing the version with its hash', () => {
    const r = designated();
    expect(r.state).toBe('decided');
    expect(r.versions).toHaveLength(1);
    expect(r.versions[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.versions[0]?.check.usContentPresumption).toBe(true);
    expect(r.nids[0]?.usContent.sharePct).toBe(91.97);
    expect(r.events.map((e) => e.action)).toEqual([
      'created',
      'submitted',
      'review-started',
      'agency-review',
      'nid-recorded',
      'designated',
    ]);
    expect(designationInForce(r, '2026-10-31')).toBeUndefined();
    expect(designationInForce(r, '2026-11-01')?.id).toBe('AIEP-2026-001');
    expect(designationInForce(r, '2028-11-01')).toBeUndefined();
  });

  it('guards transitions', () => {
    const r = newReviewRecord('x', A('2026-09-01'));
    expect(code(() => beginReview(r, A('2026-09-02')))).toBe('INVALID_STATE');
    expect(code(() => decideProposal(r, { outcome: 'declined', reasons: ['x'], by: 'a', at: 'b' }))).toBe(
      'INVALID_STATE',
    );
  });

  it('validates scores against the rubric', () => {
    const p = EXAMPLE_PROPOSAL;
    let r = submitProposal(newReviewRecord(p.id, A('1')), p, checkProposal(p, ctx), A('2'));
    r = beginReview(r, A('3'));
    const base = { agency: 'DOS' as const, reviewer: 'dos-1', recommendation: 'designate' as const, at: '4' };
    expect(code(() => recordAgencyReview(r, { ...base, scores: [] }))).toBe('INVALID_SCORES');
    expect(
      code(() => recordAgencyReview(r, { ...base, scores: [...scores('DOS'), { criterionId: 'charm', score: 5 }] })),
    ).toBe('INVALID_SCORES');
    expect(code(() => recordAgencyReview(r, { ...base, scores: scores('DOS').map((s) => ({ ...s, score: 6 })) }))).toBe(
      'INVALID_SCORES',
    );
    const ok = recordAgencyReview(r, { ...base, scores: scores('DOS') });
    expect(ok.reviews[0]?.weightedScore).toBe(80);
    const again = recordAgencyReview(ok, { ...base, scores: scores('DOS').map((s) => ({ ...s, score: 5 })) });
    expect(again.reviews).toHaveLength(1);
    expect(again.reviews[0]?.weightedScore).toBe(100);
  });

  it('requires the NID consultations, and a positive NID to designate', () => {
    const p = EXAMPLE_PROPOSAL;
    let r = submitProposal(newReviewRecord(p.id, A('1')), p, checkProposal(p, ctx), A('2'));
    r = beginReview(r, A('3'));
    const nid = { inNationalInterest: true, rationale: 'x', by: 's', at: '4' };
    expect(code(() => recordNationalInterestDetermination(r, { ...nid, agenciesConsulted: ['DOS'] }))).toBe(
      'NID_CONSULTATION_MISSING',
    );
    const designation = {
      outcome: 'designated' as const,
      designationId: 'D',
      conditions: [],
      effectiveFrom: '2026-11-01',
      expiresOn: '2027-11-01',
      by: 's',
      at: '5',
    };
    expect(code(() => decideProposal(r, designation))).toBe('NID_REQUIRED');
    const withNid = recordNationalInterestDetermination(r, {
      ...nid,
      agenciesConsulted: ['DOS', 'DOW', 'DOE', 'OSTP'],
    });
    expect(code(() => decideProposal(withNid, { ...designation, expiresOn: '2026-01-01' }))).toBe('INVALID_EXPIRY');
    const declined = decideProposal(withNid, {
      outcome: 'declined',
      reasons: ['Thin financing case'],
      by: 's',
      at: '6',
    });
    expect(declined.decision?.outcome).toBe('declined');
  });

  it('a change in membership or BOM reopens review and suspends the designation; other changes do not', () => {
    const r = designated();
    const minor = { ...structuredClone(EXAMPLE_PROPOSAL), title: 'New title' };
    const m = amendProposal(r, minor, A('2026-12-01', 'anchor'));
    expect(m.changed).toEqual([]); // title is not a section
    const text = structuredClone(EXAMPLE_PROPOSAL);
    text.businessModel = { ...text.businessModel, summary: 'Updated summary' };
    const t = amendProposal(r, text, A('2026-12-01', 'anchor'));
    expect(t.reopened).toBe(false);
    expect(t.record.state).toBe('draft');
    expect(designationInForce(t.record, '2026-12-02')?.status).toBe('active');

    const bomChange = structuredClone(EXAMPLE_PROPOSAL);
    const l = bomChange.hardwareBom.lines[0];
    if (l) l.quantity = 256;
    const b = amendProposal(r, bomChange, A('2026-12-01', 'anchor'));
    expect(b.reopened).toBe(true);
    expect(b.changed).toEqual(['hardwareBom']);
    expect(b.record.state).toBe('draft');
    expect(b.record.reopened?.fromVersion).toBe(1);
    expect(designationInForce(b.record, '2026-12-02')).toBeUndefined();
    expect(b.record.decision?.outcome === 'designated' && b.record.decision.designation.status).toBe('suspended');

    const members = structuredClone(EXAMPLE_PROPOSAL);
    members.consortium.members.pop();
    expect(amendProposal(r, members, A('2026-12-01')).reopened).toBe(true);
  });

  it('the catalog lists designations in force without confidential sections', () => {
    const r = designated();
    expect(buildCatalog([r], '2026-10-30')).toEqual([]);
    const [entry] = buildCatalog([r], '2027-01-01');
    expect(entry?.designationId).toBe('AIEP-2026-001');
    expect(entry?.anchor).toBe('Quillfeather Compute Inc.');
    expect(entry?.targets).toEqual(['JP', 'EU']);
    expect(entry?.layers.find((x) => x.layer === 'models')?.components).toEqual(['Brightwater-70B clinical assistant']);
    expect(entry?.conditions).toContain('Quarterly end-use reports');
    expect(JSON.stringify(entry)).not.toContain('300000');
  });
});
