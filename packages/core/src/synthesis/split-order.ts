/**
 * Split-order detection across one customer's orders: the matched regions of every order are united per concern
 * (in concern coordinates). When the union covers ≥ the flag threshold while no single order does, the orders form
 * a split order: a Flag naming the orders, for expert review. Pieces may come from local screenings or from other
 * providers through the keyed-hash exchange (see exchange.ts); both are `CoveragePiece`s.
 * @module
 */
import { coveredLength, type Interval } from './intervals.js';
import { isoDay, policyAt, type ScreeningPolicy } from './policy.js';
import type { OrderScreening } from './screen.js';

/** A stretch of one concern covered by one source (an order, or another provider's bulletin). */
export interface CoveragePiece {
  sourceId: string;
  concernId: string;
  /** Concern interval in concern units. */
  start: number;
  end: number;
  /** nt per concern unit: 1 for DNA concerns, 3 for protein concerns. */
  unitNt: number;
  /** True for an exact fragment shorter than a window. */
  fragment?: boolean;
}

export interface SplitOrderFinding {
  kind: 'split_order';
  outcome: 'Flag';
  requiresExpertReview: true;
  concernId: string;
  /** Sources (order ids, or provider bulletins) whose pieces add up, sorted. */
  orderIds: string[];
  /** Union over all sources, in nt. */
  coveredNt: number;
  /** Each source alone, in nt. */
  perOrderNt: Record<string, number>;
  thresholdNt: number;
  policyVersion: string;
  reasons: string[];
}

/** Pieces of an order screening (fragments included), with the order id as source. */
export function piecesOfOrder(s: OrderScreening): CoveragePiece[] {
  return s.records.flatMap((r) =>
    r.regions.map((g) => ({
      sourceId: s.orderId,
      concernId: g.concernId,
      start: g.concernStart,
      end: g.concernEnd,
      unitNt: g.concernKind === 'protein' ? 3 : 1,
      fragment: g.fragment,
    })),
  );
}

/** Core rule over pieces: union per concern ≥ threshold, every source alone < threshold, ≥ 2 sources. */
export function findSplits(pieces: readonly CoveragePiece[], policy: ScreeningPolicy): SplitOrderFinding[] {
  const th = policy.flagThresholdNt;
  const byConcern = new Map<string, CoveragePiece[]>();
  for (const p of pieces) {
    const list = byConcern.get(p.concernId);
    if (list) list.push(p);
    else byConcern.set(p.concernId, [p]);
  }
  const out: SplitOrderFinding[] = [];
  for (const [concernId, ps] of [...byConcern].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const unit = (ps[0] as CoveragePiece).unitNt;
    const iv = (xs: CoveragePiece[]): Interval[] => xs.map((p) => [p.start, p.end] as const);
    const sources = [...new Set(ps.map((p) => p.sourceId))].sort();
    if (sources.length < 2) continue;
    const perOrderNt: Record<string, number> = {};
    for (const s of sources) perOrderNt[s] = unit * coveredLength(iv(ps.filter((p) => p.sourceId === s)));
    const total = unit * coveredLength(iv(ps));
    if (total < th || Object.values(perOrderNt).some((n) => n >= th)) continue;
    const contributing = sources.filter((s) => (perOrderNt[s] ?? 0) > 0);
    out.push({
      kind: 'split_order',
      outcome: 'Flag',
      requiresExpertReview: true,
      concernId,
      orderIds: contributing,
      coveredNt: total,
      perOrderNt,
      thresholdNt: th,
      policyVersion: policy.version,
      reasons: [
        `orders ${contributing.join(', ')} together cover ${total} nt of concern ${concernId} ` +
          `(${contributing.map((s) => `${s}: ${perOrderNt[s]} nt`).join(', ')}); each alone is below the ` +
          `${th} nt flag threshold of policy ${policy.version}, the union is not: possible split order`,
      ],
    });
  }
  return out;
}

export interface SplitOrderOptions {
  /** Policy to apply; default: the policy in force at `date`, or at the latest order date. */
  policy?: ScreeningPolicy;
  date?: string;
  /** Extra pieces, e.g. resolved from other providers' bulletins. */
  externalPieces?: readonly CoveragePiece[];
}

/** Split-order findings across one customer's screened orders. */
export function detectSplitOrders(
  orders: readonly OrderScreening[],
  options: SplitOrderOptions = {},
): SplitOrderFinding[] {
  let latest = '0000-01-01';
  for (const o of orders) if (o.date > latest) latest = o.date;
  const policy = options.policy ?? policyAt(isoDay(options.date ?? latest));
  return findSplits([...orders.flatMap(piecesOfOrder), ...(options.externalPieces ?? [])], policy);
}
