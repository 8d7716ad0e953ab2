import { describe, expect, it } from 'vitest';
import { countryRaster } from './countries.js';
import { runBatch } from './soundness-harness.js';

// Delay-only adversary, part b of 4 (4 × 25,000 = 100,000 trials; see soundness-harness.ts for what is exercised).
describe('soundness under added delay (b)', () => {
  it('25,000 random trials: never more permissive, region only grows, truth always inside (v = c)', () => {
    countryRaster();
    const r = runBatch(776062, 25_000);
    expect(r.firstFailure).toBeNull();
    expect(r.morePermissive).toBe(0);
    expect(r.notGrown).toBe(0);
    expect(r.truthMissed).toBe(0);
    expect(r.trials).toBe(25_000);
    // Not vacuous: every verdict occurs before delay, and delays do change verdicts.
    const before = (v: string) =>
      Object.entries(r.transitions)
        .filter(([k]) => k.startsWith(`${v}>`))
        .reduce((s, [, n]) => s + n, 0);
    expect(before('ALLOW')).toBeGreaterThan(1000);
    expect(before('VIOLATION')).toBeGreaterThan(1000);
    expect(before('INCONCLUSIVE')).toBeGreaterThan(1000);
    expect((r.transitions['ALLOW>INCONCLUSIVE'] ?? 0) + (r.transitions['VIOLATION>INCONCLUSIVE'] ?? 0)).toBeGreaterThan(
      100,
    );
  });
});
