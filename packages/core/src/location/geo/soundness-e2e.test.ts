import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countryRaster } from './countries.js';
import { locate } from './locate.js';
import { mulberry32, randomTrial, runBatch } from './soundness-harness.js';

const RANK = { VIOLATION: 0, INCONCLUSIVE: 1, ALLOW: 2 } as const;

describe('soundness, end to end and its limits', () => {
  it('fast-check: the full locate (robustness f = 1, outline) never turns a delayed verdict into ALLOW', () => {
    countryRaster();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const t = randomTrial(mulberry32(seed));
        const policy = { ...t.policy, speedProfile: 'light' as const };
        const a = locate(t.measurements, policy);
        const b = locate(t.delayed, policy);
        if (b.verdict === 'ALLOW' && a.verdict !== 'ALLOW') return false;
        // The area only grows; ALLOW robustness cannot improve by delay either.
        if (b.region.areaKm2 + 1e-6 < a.region.areaKm2) return false;
        if (b.verdict === 'ALLOW' && b.robustness.survives && !a.robustness.survives) return false;
        return RANK[a.verdict] >= 0;
      }),
      { numRuns: 1500, seed: 20260 },
    );
  });
  it('the unsound fibre profile (0.69 c) can lose the truth and let delay turn INCONCLUSIVE into ALLOW', () => {
    // Honest measurements can be faster than 0.69 c: the caps then miss the device (or do not intersect), and a
    // delay that merely restores consistency can produce ALLOW. This is why `fiber-unsound` reports sound: false.
    const r = runBatch(99, 4000, 'fiber-unsound');
    expect(r.truthMissed + r.morePermissive).toBeGreaterThan(0);
  });
});
