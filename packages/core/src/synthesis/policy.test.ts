import { describe, expect, it } from 'vitest';
import { policyAt, policyFlags, SCREENING_POLICIES, type ScreeningPolicy } from './policy.js';

describe('screening policy (effective-dated data)', () => {
  it('selects 200 nt before 2026-10-13 and 50 nt from that day', () => {
    expect(policyAt('2025-06-01').flagThresholdNt).toBe(200);
    expect(policyAt('2026-10-12').flagThresholdNt).toBe(200);
    expect(policyAt('2026-10-13').flagThresholdNt).toBe(50);
    expect(policyAt('2026-10-13T00:00:00Z').version).toBe('ostp-2024-framework/50nt');
    expect(policyAt('2030-01-01').version).toBe('ostp-2024-framework/50nt');
  });

  it('uses the earliest version for dates before the Framework', () => {
    expect(policyAt('2020-01-01').version).toBe('ostp-2024-framework/200nt');
  });

  it('records windows, sources and the ambiguity flag', () => {
    for (const p of SCREENING_POLICIES) {
      expect(p.dnaWindowNt).toBe(50);
      expect(p.proteinWindowAa).toBe(20);
      expect(p.sources.map((s) => s.ref)).toEqual(expect.arrayContaining(['R50', 'R51', 'R58']));
      expect(p.ambiguous).toBe(true);
      expect(p.ambiguityNote).toMatch(/EO 14292/);
    }
    expect(policyFlags(policyAt('2026-10-13'))).toEqual(['scheduled', 'ambiguous']);
    expect(policyFlags(policyAt('2025-01-01'))).toEqual(['in_force', 'ambiguous']);
  });

  it('never selects a proposed version unless asked', () => {
    const proposed: ScreeningPolicy = {
      ...(SCREENING_POLICIES[1] as ScreeningPolicy),
      version: 'proposed/x',
      status: 'proposed',
      effectiveFrom: '2027-01-01',
      flagThresholdNt: 30,
    };
    const all = [...SCREENING_POLICIES, proposed];
    expect(policyAt('2027-06-01', all).version).toBe('ostp-2024-framework/50nt');
    expect(policyAt('2027-06-01', all, { includeProposed: true }).version).toBe('proposed/x');
  });

  it('rejects invalid dates', () => {
    expect(() => policyAt('not a date')).toThrow(/invalid date/);
  });
});
