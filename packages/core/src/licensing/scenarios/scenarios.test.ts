import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES } from '../rules/index.js';
import { runCase } from './run.js';
import { SCENARIOS } from './scenarios.js';

describe('dated scenario suite', () => {
  it('has at least 30 scenarios with unique ids, each with a rationale and citations', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.rationale.length, s.id).toBeGreaterThan(20);
      expect(s.citations.length, s.id).toBeGreaterThan(0);
    }
  });

  for (const s of SCENARIOS) {
    it(`${s.id}: ${s.title}`, () => {
      const run = runCase(s.caseFile, BUNDLED_RULES);
      const x = s.expect;
      if (x.error) {
        expect(run.error?.code, s.id).toBe(x.error.code);
        expect(run.error?.path, s.id).toBe(x.error.path);
        return;
      }
      expect(run.error, run.error?.message).toBeUndefined();
      const d = run.determination!;
      const ctx = `${s.id}\n${d.reasoning.map((r) => r.text).join('\n')}\nflags: ${d.flags.map((f) => f.code).join(',')}\nincomplete: ${d.incomplete.join(',')}`;
      if (x.licenseRequired) expect(d.licenseRequired, ctx).toBe(x.licenseRequired);
      if (x.asWritten) expect(d.layers.asWritten.licenseRequired, ctx).toBe(x.asWritten);
      if (x.subjectToEar) expect(d.subjectToEar.answer, ctx).toBe(x.subjectToEar);
      if (x.eccn !== undefined) expect(d.classification.eccn, ctx).toBe(x.eccn);
      if (x.reviewPolicy) expect(d.reviewPolicy?.policy, ctx).toBe(x.reviewPolicy);
      if (x.asWrittenReviewPolicy) expect(d.layers.asWritten.reviewPolicy?.policy, ctx).toBe(x.asWrittenReviewPolicy);
      const reqIds = d.requirements.filter((r) => r.status === 'applies').map((r) => r.id);
      for (const r of x.requirements ?? []) expect(reqIds, ctx).toContain(r);
      const cands = d.exceptions.candidates.map((c) => c.code);
      if (x.exceptionCandidates) for (const c of x.exceptionCandidates) expect(cands, ctx).toContain(c);
      if (x.exceptionCandidates && x.exceptionCandidates.length === 0)
        expect(
          cands.filter((c) => c !== 'LPP' && c !== 'AIA' && c !== 'ACM'),
          ctx,
        ).toEqual([]);
      for (const c of x.notCandidates ?? []) expect(cands, ctx).not.toContain(c);
      const out = d.exceptions.ruledOut.map((c) => c.code);
      for (const c of x.exceptionsRuledOut ?? []) expect(out, ctx).toContain(c);
      const flags = d.flags.map((f) => f.code);
      for (const f of x.flags ?? []) expect(flags, ctx).toContain(f);
      for (const f of x.notFlags ?? []) expect(flags, ctx).not.toContain(f);
      const rfs = d.redFlags.map((r) => r.n);
      for (const n of x.redFlags ?? []) expect(rfs, ctx).toContain(n);
      if (x.outcome) expect(d.outcome, ctx).toBe(x.outcome);
      for (const i of x.incomplete ?? [])
        expect(
          d.incomplete.some((p) => p.includes(i)),
          ctx,
        ).toBe(true);
      if (x.destination) expect(d.transaction.destination, ctx).toBe(x.destination);
      // every determination cites: requirements and policy carry citations; reasoning is ordered and non-empty
      for (const r of d.requirements) expect(r.citations.length, `${s.id} ${r.id}`).toBeGreaterThan(0);
      if (d.reviewPolicy) expect(d.reviewPolicy.citations.length).toBeGreaterThan(0);
      expect(d.reasoning.length).toBeGreaterThan(3);
    });
  }
});
