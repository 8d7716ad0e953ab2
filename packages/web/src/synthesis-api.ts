/**
 * The console's client for /api/v1/synthesis (nucleic-acid synthesis order screening): concern databases, order
 * intake, the order queue, one order with its screening, and decisions. The shapes are the app's, the store's and
 * the core's own types, imported type-only, so the console cannot drift from the server. The calls are mixed into
 * {@link createApi} (api.ts).
 * @module
 */
import type {
  CustomerScreening,
  PartyCheck,
  SynthesisOrderInput,
  SynthesisOrderView,
  SynthesisService,
} from '@stackport/app';
import type {
  MatchedRegion,
  OrderScreening,
  ScreeningOutcome,
  SequenceScreening,
  SplitOrderFinding,
  WindowHit,
  WithinOrderSplit,
} from '@stackport/core';
import type {
  ConcernSet,
  SynthesisDecision,
  SynthesisDecisionKind,
  SynthesisOrderStatus,
  SynthesisOrderSummary,
  SynthesisReviewItem,
} from '@stackport/store';

export type {
  ConcernSet,
  CustomerScreening,
  MatchedRegion,
  OrderScreening,
  PartyCheck,
  ScreeningOutcome,
  SequenceScreening,
  SplitOrderFinding,
  SynthesisDecision,
  SynthesisDecisionKind,
  SynthesisOrderInput,
  SynthesisOrderStatus,
  SynthesisOrderSummary,
  SynthesisReviewItem,
  WindowHit,
  WithinOrderSplit,
};

/** GET /synthesis/orders/:id: the stored order with its screening, review items and decisions. */
export type SynthesisOrder = SynthesisOrderView;

/** POST /synthesis/concern-sets: the set, whether it was the active one already, and FASTA warnings. */
export type ConcernImport = Awaited<ReturnType<SynthesisService['importConcerns']>>;

/** One bulletin check kept on an order (POST /synthesis/orders/:id/bulletin-checks, without the reply's extras). */
export type ExchangeCheck = Omit<
  Awaited<ReturnType<SynthesisService['checkBulletin']>>,
  'orderId' | 'status' | 'newReviewItems'
>;

export interface SynthesisOrderQuery {
  readonly status?: SynthesisOrderStatus;
  /** Customer account. */
  readonly customer?: string;
  readonly limit?: number;
  readonly offset?: number;
}

// The store keeps these as JSON written by the service from the app's and the core's types; read them back as such.
export const customerScreeningOf = (o: SynthesisOrder) => o.customerScreening as unknown as CustomerScreening;
export const splitsOf = (o: SynthesisOrder) => o.splits as unknown as readonly SplitOrderFinding[];
export const exchangeChecksOf = (o: SynthesisOrder) => o.exchangeChecks as unknown as readonly ExchangeCheck[];

/** The order's customer as submitted (the snapshot kept on the order), with the account. */
export type OrderCustomer = SynthesisOrderInput['customer'] & { readonly account: string };
export const customerOf = (o: SynthesisOrder) => o.customer as unknown as OrderCustomer;

// Value lists typed against the store's and the core's unions: a status or decision added there fails the build here.
export const SYNTHESIS_STATUSES = [
  'pending-review',
  'ready',
  'held',
  'denied',
  'fulfilled',
  'reported',
] as const satisfies readonly SynthesisOrderStatus[];
export const SYNTHESIS_DECISIONS = [
  'fulfil',
  'hold',
  'deny',
  'report',
] as const satisfies readonly SynthesisDecisionKind[];
export const OUTCOMES = ['Clear', 'Warning', 'Flag'] as const satisfies readonly ScreeningOutcome[];

export const SYNTHESIS_STATUS_LABEL: Record<SynthesisOrderStatus, string> = {
  'pending-review': 'Pending review',
  ready: 'Ready',
  held: 'Held',
  denied: 'Denied',
  fulfilled: 'Fulfilled',
  reported: 'Reported',
};

export const DECISION_LABEL: Record<SynthesisDecisionKind, string> = {
  fulfil: 'Fulfil',
  hold: 'Hold',
  deny: 'Deny',
  report: 'Report',
};

/**
 * The statuses each decision may be taken from (docs/synthesis.md, "Decisions"). The console only greys out the
 * others; the server decides, and its refusal is shown as it sent it.
 */
export const DECISION_FROM: Record<SynthesisDecisionKind, readonly SynthesisOrderStatus[]> = {
  fulfil: ['pending-review', 'ready', 'held'],
  hold: ['pending-review', 'ready'],
  deny: ['pending-review', 'ready', 'held'],
  report: ['pending-review', 'ready', 'held', 'denied'],
};

export const REVIEW_ITEM_LABEL: Record<SynthesisReviewItem['kind'], string> = {
  'sequence-flag': 'Sequence Flag',
  'within-order-split': 'Split within the order',
  'split-order': 'Split across orders',
  'customer-hit': 'Customer screening hit',
  'address-mismatch': 'Shipping ≠ institution country',
  'exchange-split': 'Split across providers',
  'exchange-overlap': 'Same sequence at another provider',
  'rescreen-flag': 'New concern found on re-screen',
};

export const OUTCOME_TEXT: Record<ScreeningOutcome, string> = {
  Clear: 'No window matches a sequence of concern',
  Warning: 'A window match below the policy’s Flag threshold',
  Flag: 'Coverage of a sequence of concern at or above the Flag threshold: an expert decides before fulfilment',
};

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

function query(q: object): string {
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

const e = encodeURIComponent;

/** The synthesis calls, on top of the client's JSON requests. */
export function synthesisCalls(request: Request) {
  return {
    concernSets: () => request<ConcernSet[]>('GET', '/synthesis/concern-sets'),
    importConcerns: (input: { fasta: string; name?: string; fileName?: string }) =>
      request<ConcernImport>('POST', '/synthesis/concern-sets', input),
    synthesisOrders: (q: SynthesisOrderQuery = {}) =>
      request<SynthesisOrderSummary[]>('GET', `/synthesis/orders${query(q)}`),
    synthesisOrder: (id: string) => request<SynthesisOrder>('GET', `/synthesis/orders/${e(id)}`),
    submitOrder: (input: SynthesisOrderInput) => request<SynthesisOrder>('POST', '/synthesis/orders', input),
    decideOrder: (id: string, decision: SynthesisDecisionKind, reason: string, expert: boolean) =>
      request<SynthesisOrder>('POST', `/synthesis/orders/${e(id)}/decisions`, {
        decision,
        reason,
        ...(expert ? { expert: true } : {}),
      }),
  };
}
