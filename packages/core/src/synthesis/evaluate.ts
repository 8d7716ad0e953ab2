/**
 * Scoring of the screening core on synthetic data: recall on seeded hazard cases (per kind) and the false-flag
 * rate on a benign corpus. Used by the tests and by bench/synthesis.ts.
 * @module
 */
import type { ConcernIndex } from './concern-index.js';
import type { ScreeningPolicy } from './policy.js';
import { type OrderScreening, screenOrder } from './screen.js';
import { detectSplitOrders } from './split-order.js';
import type { BenignRecord, HazardCase, HazardKind } from './synthetic.js';

export interface HazardEvaluation {
  total: number;
  detected: number;
  recall: number;
  byKind: Partial<Record<HazardKind, { total: number; detected: number }>>;
  missed: string[];
}

/**
 * A case is detected when one of its orders is a Flag naming the case's concern (a record flag or a within-order
 * split), or when split-order detection over its orders names the concern.
 */
export function hazardDetected(index: ConcernIndex, hc: HazardCase, policy?: ScreeningPolicy): boolean {
  const screenings: OrderScreening[] = hc.orders.map((o) => screenOrder(index, o, policy ? { policy } : {}));
  for (const s of screenings) {
    if (s.outcome !== 'Flag') continue;
    if (s.withinOrderSplits.some((w) => w.concernId === hc.concernId)) return true;
    if (
      s.records.some(
        (r) =>
          r.outcome === 'Flag' &&
          r.coverage.some((c) => c.concernId === hc.concernId && c.coveredNt >= r.flagThresholdNt),
      )
    )
      return true;
  }
  if (screenings.length > 1) {
    return detectSplitOrders(screenings, policy ? { policy } : {}).some((f) => f.concernId === hc.concernId);
  }
  return false;
}

export function evaluateHazards(
  index: ConcernIndex,
  cases: readonly HazardCase[],
  policy?: ScreeningPolicy,
): HazardEvaluation {
  const byKind: HazardEvaluation['byKind'] = {};
  const missed: string[] = [];
  let detected = 0;
  for (const hc of cases) {
    const k = byKind[hc.kind] ?? { total: 0, detected: 0 };
    byKind[hc.kind] = k;
    k.total++;
    if (hazardDetected(index, hc, policy)) {
      detected++;
      k.detected++;
    } else missed.push(hc.id);
  }
  return { total: cases.length, detected, recall: cases.length ? detected / cases.length : 1, byKind, missed };
}

export interface BenignEvaluation {
  total: number;
  flags: number;
  warnings: number;
  falseFlagRate: number;
  flaggedIds: string[];
}

export function evaluateBenign(
  index: ConcernIndex,
  records: readonly BenignRecord[],
  date: string,
  policy?: ScreeningPolicy,
): BenignEvaluation {
  const s = screenOrder(index, { id: 'benign', date, records }, policy ? { policy } : {});
  const flagged = s.records.filter((r) => r.outcome === 'Flag').map((r) => r.recordId);
  const warnings = s.records.filter((r) => r.outcome === 'Warning').length;
  return {
    total: records.length,
    flags: flagged.length,
    warnings,
    falseFlagRate: records.length ? flagged.length / records.length : 0,
    flaggedIds: flagged,
  };
}
