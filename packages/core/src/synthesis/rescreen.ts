/**
 * Re-screening stored orders when a new version of the concern database is imported (delta screening).
 *
 * - `diffConcerns` compares two versions by concern id and content digest (kind and normalised sequence): added,
 *   changed, removed and unchanged concerns. Only added and changed concerns can produce a match an order did not
 *   already have; a removed concern takes nothing away from a stored screening (the order keeps the set it was
 *   screened against).
 * - `rescreenOrders` screens stored orders against an index of the delta concerns only, with the same matcher as
 *   intake (`screenOrder`, the policy in force on the order's date), and returns one `RescreenMatch` per order and
 *   delta concern: the records and windows that match, the coverage, a within-order split, and a split across the
 *   same customer's orders within the look-back window (pieces of delta concerns only, fragments included).
 * - Outcome per match, as at intake: **Flag** when one record covers ≥ the policy's flag threshold of the concern, or
 *   the records of the order or of the customer's orders together do while each alone does not; **Warning** for a
 *   window match below the threshold. Fragments alone produce no match (they feed split detection).
 * Pure: no I/O, no clock. The caller decides what a match does to an order (docs/synthesis.md, "Re-screening").
 * @module
 */
import { buildConcernIndex, type ConcernIndex, type ConcernInput, fnv1a64 } from './concern-index.js';
import type { FastaRecord } from './fasta.js';
import {
  type MatchedRegion,
  type OrderInput,
  type OrderScreening,
  type SequenceScreening,
  screenOrder,
  type WindowHit,
  type WithinOrderSplit,
} from './screen.js';
import { normaliseNucleotides } from './sequence.js';
import { detectSplitOrders, type SplitOrderFinding } from './split-order.js';

const DAY_MS = 86_400_000;

/** Content digest of one concern: its kind (RNA counts as DNA) and normalised sequence, not its id or description. */
export function concernDigest(c: ConcernInput | FastaRecord): string {
  return c.kind === 'protein'
    ? `cc-${fnv1a64(['protein', c.sequence.toUpperCase()])}`
    : `cc-${fnv1a64(['dna', normaliseNucleotides(c.sequence)])}`;
}

export interface ConcernDelta {
  /** Ids in the new version only. */
  readonly added: string[];
  /** Ids in both versions whose content differs. */
  readonly changed: string[];
  /** Ids in the previous version only. */
  readonly removed: string[];
  readonly unchanged: number;
  /** Content digest of every concern of the new version, by id. */
  readonly digests: Readonly<Record<string, string>>;
}

/** The difference between two versions of a concern database, by id and content digest. */
export function diffConcerns(
  previous: readonly (ConcernInput | FastaRecord)[],
  next: readonly (ConcernInput | FastaRecord)[],
): ConcernDelta {
  const before = new Map(previous.map((c) => [c.id, concernDigest(c)]));
  const digests: Record<string, string> = {};
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const c of next) {
    const d = concernDigest(c);
    digests[c.id] = d;
    const old = before.get(c.id);
    if (old === undefined) added.push(c.id);
    else if (old !== d) changed.push(c.id);
    else unchanged++;
  }
  const removed = [...before.keys()].filter((id) => digests[id] === undefined);
  return { added, changed, removed, unchanged, digests };
}

/** The concerns of the new version that are added or changed, in their order: what a re-screen searches for. */
export function deltaConcerns<C extends ConcernInput | FastaRecord>(next: readonly C[], delta: ConcernDelta): C[] {
  const touched = new Set([...delta.added, ...delta.changed]);
  return next.filter((c) => touched.has(c.id));
}

/** A stored order to re-screen; `customer` groups one customer's orders for split detection. */
export interface RescreenOrderInput extends OrderInput {
  readonly customer: string;
}

/** One record's part of a match: its regions on the concern (fragments included) and its window hits. */
export interface RescreenRecordMatch {
  recordId: string;
  kind: SequenceScreening['kind'];
  /** Window-match coverage of the concern by this record alone, in nt. */
  coveredNt: number;
  regions: MatchedRegion[];
  windows: WindowHit[];
  windowsTruncated: boolean;
}

/** A delta concern found in a stored order. */
export interface RescreenMatch {
  orderId: string;
  concernId: string;
  concernKind: 'dna' | 'protein';
  outcome: 'Flag' | 'Warning';
  requiresExpertReview: boolean;
  /** The largest window coverage of the concern by one record of the order, in nt. */
  coveredNt: number;
  policyVersion: string;
  policyFlags: string[];
  flagThresholdNt: number;
  records: RescreenRecordMatch[];
  withinOrderSplit?: WithinOrderSplit;
  /** A split across the customer's orders (the orders named in it all carry it). */
  splitOrder?: SplitOrderFinding;
  reasons: string[];
}

/** A delta screening of one stored order, with what split detection needs. */
export interface DeltaScreened {
  readonly customer: string;
  /** Receipt time (ISO): the look-back window is measured from it. */
  readonly at: string;
  readonly screening: OrderScreening;
}

export interface RescreenOptions {
  /** Split detection looks back this many days from each order among the customer's orders. Default 90. */
  readonly lookbackDays?: number;
}

/** Screens one stored order against the delta index (the intake matcher, the policy of the order's date). */
export function deltaScreen(deltaIndex: ConcernIndex, order: RescreenOrderInput): DeltaScreened {
  return { customer: order.customer, at: order.date, screening: screenOrder(deltaIndex, order) };
}

const mentions = (reason: string, concernId: string) =>
  reason.includes(`concern ${concernId} (`) || reason.includes(`↔ ${concernId} `);

/**
 * Matches of delta screenings: one per order and concern with a window match, a within-order split or a split across
 * the customer's orders. Screenings without any region (the usual case) may be left out by the caller.
 */
export function matchesOfScreenings(items: readonly DeltaScreened[], options: RescreenOptions = {}): RescreenMatch[] {
  const lookbackMs = (options.lookbackDays ?? 90) * DAY_MS;
  const withRegions = items.filter((i) => i.screening.records.some((r) => r.regions.length > 0));

  // Splits across one customer's orders: each order with the customer's earlier orders in its look-back window.
  const splits = new Map<string, Map<string, SplitOrderFinding>>();
  const byCustomer = new Map<string, DeltaScreened[]>();
  for (const i of withRegions) byCustomer.set(i.customer, [...(byCustomer.get(i.customer) ?? []), i]);
  for (const list of byCustomer.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.screening.orderId < b.screening.orderId ? -1 : 1));
    for (const [n, latest] of list.entries()) {
      const t = Date.parse(latest.at);
      const window = list.slice(0, n + 1).filter((o) => Date.parse(o.at) >= t - lookbackMs);
      if (window.length < 2) continue;
      const found = detectSplitOrders(
        window.map((o) => o.screening),
        { date: latest.screening.date },
      ).filter((f) => f.orderIds.includes(latest.screening.orderId));
      for (const f of found) {
        for (const orderId of f.orderIds) {
          const m = splits.get(orderId) ?? new Map<string, SplitOrderFinding>();
          const prior = m.get(f.concernId);
          if (!prior || f.coveredNt > prior.coveredNt) m.set(f.concernId, f);
          splits.set(orderId, m);
        }
      }
    }
  }

  const out: RescreenMatch[] = [];
  for (const { screening: s } of withRegions) {
    const concerns = new Map<string, 'dna' | 'protein'>();
    for (const r of s.records) for (const g of r.regions) concerns.set(g.concernId, g.concernKind);
    for (const [concernId, concernKind] of [...concerns].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const records: RescreenRecordMatch[] = s.records
        .filter((r) => r.regions.some((g) => g.concernId === concernId))
        .map((r) => ({
          recordId: r.recordId,
          kind: r.kind,
          coveredNt: r.coverage.find((c) => c.concernId === concernId)?.coveredNt ?? 0,
          regions: r.regions.filter((g) => g.concernId === concernId),
          windows: r.windows.filter((w) => w.concernId === concernId),
          windowsTruncated: r.windowsTruncated,
        }));
      const coveredNt = Math.max(0, ...records.map((r) => r.coveredNt));
      const withinOrderSplit = s.withinOrderSplits.find((w) => w.concernId === concernId);
      const splitOrder = splits.get(s.orderId)?.get(concernId);
      const flag = coveredNt >= s.flagThresholdNt || withinOrderSplit !== undefined || splitOrder !== undefined;
      if (!flag && coveredNt === 0) continue; // fragments only: kept for split detection, no finding
      const reasons = [
        ...s.records.flatMap((r) =>
          r.reasons.filter((x) => mentions(x, concernId)).map((x) => `record '${r.recordId}': ${x}`),
        ),
        ...(withinOrderSplit?.reasons ?? []),
        ...(splitOrder?.reasons ?? []),
      ];
      out.push({
        orderId: s.orderId,
        concernId,
        concernKind,
        outcome: flag ? 'Flag' : 'Warning',
        requiresExpertReview: flag,
        coveredNt,
        policyVersion: s.policyVersion,
        policyFlags: s.policyFlags,
        flagThresholdNt: s.flagThresholdNt,
        records,
        ...(withinOrderSplit ? { withinOrderSplit } : {}),
        ...(splitOrder ? { splitOrder } : {}),
        reasons,
      });
    }
  }
  return out.sort((a, b) =>
    a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : a.concernId < b.concernId ? -1 : 1,
  );
}

/**
 * Re-screens stored orders against the added and changed concerns of a new database version: the delta concerns
 * and the orders' sequences in, the new matches out. (The service does the same a page of orders at a time through
 * `deltaScreen` and `matchesOfScreenings`.)
 */
export function rescreenOrders(
  delta: readonly (ConcernInput | FastaRecord)[],
  orders: readonly RescreenOrderInput[],
  options: RescreenOptions = {},
): RescreenMatch[] {
  if (delta.length === 0 || orders.length === 0) return [];
  const index = buildConcernIndex(delta);
  return matchesOfScreenings(
    orders.map((o) => deltaScreen(index, o)),
    options,
  );
}
