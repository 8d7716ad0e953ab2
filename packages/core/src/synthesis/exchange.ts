/**
 * Cross-provider exchange of keyed window hashes (Action Plan data-sharing item, R57): providers share a secret key;
 * provider A publishes, for one customer, HMAC-SHA256 hashes (truncated) of the windows of sequences of concern
 * that the customer's orders covered, and optionally of the windows of the customer's flagged or warned records.
 * Provider B, holding the same concern database, hashes the windows of the concerns its own order matched and
 * looks them up in A's bulletin: the hits tell B which stretches of those concerns A's orders covered, so B can
 * unite them with its own order and detect a split across providers. No sequence, concern id or customer name
 * leaves either provider: only keyed hashes, which cannot be inverted or checked without the key.
 *
 * Windows are canonical (the lexicographically smaller of a window and its reverse complement), so either strand
 * gives the same hash. Only DNA concerns are exchanged; windows with ambiguous bases are skipped.
 * Pure: `createHmac` is deterministic; the key is an input.
 * @module
 */
import { createHmac } from 'node:crypto';
import type { ConcernIndex } from './concern-index.js';
import { policyAt, type ScreeningPolicy } from './policy.js';
import type { OrderInput, OrderScreening } from './screen.js';
import { normaliseNucleotides, reverseComplement } from './sequence.js';
import { type CoveragePiece, findSplits, piecesOfOrder, type SplitOrderFinding } from './split-order.js';

export const EXCHANGE_FORMAT = 'stackport-synthesis-exchange/1';

export type ExchangeKey = string | Uint8Array;

export interface ExchangeParams {
  /** Window length (nt). Default 30 (SecureDNA's runt window, R60), so fragments of split orders are covered. */
  windowNt: number;
  /** Bytes of the HMAC kept. Default 16 (128 bits). */
  truncateBytes: number;
}

export const DEFAULT_EXCHANGE_PARAMS: ExchangeParams = { windowNt: 30, truncateBytes: 16 };

export interface ExchangeBulletin {
  format: typeof EXCHANGE_FORMAT;
  provider: string;
  /** Keyed token of the customer identity. */
  customerToken: string;
  /** Bulletin date (ISO day). */
  date: string;
  windowNt: number;
  truncateBytes: number;
  /** Keyed hashes of covered concern windows, sorted, unique. */
  concernWindows: string[];
  /** Keyed hashes of the windows of the customer's Warning/Flag records, sorted, unique. */
  orderWindows: string[];
}

function hmacHex(key: ExchangeKey, msg: string, bytes: number): string {
  return createHmac('sha256', key).update(msg).digest().subarray(0, bytes).toString('hex');
}

/** Keyed token of a customer identity (trimmed, lowercased, inner whitespace collapsed). */
export function customerToken(key: ExchangeKey, identity: string, params: ExchangeParams = DEFAULT_EXCHANGE_PARAMS) {
  return `c-${hmacHex(key, `customer\u0000${identity.trim().toLowerCase().replace(/\s+/g, ' ')}`, params.truncateBytes)}`;
}

/** The smaller of a DNA window and its reverse complement. */
export function canonicalWindow(window: string): string {
  const w = normaliseNucleotides(window);
  const rc = reverseComplement(w);
  if (rc < w) return rc;
  return w;
}

/** Keyed hash of one window (canonical, so both strands agree). */
export function keyedWindowHash(key: ExchangeKey, window: string, params: ExchangeParams = DEFAULT_EXCHANGE_PARAMS) {
  return hmacHex(key, `w\u0000${canonicalWindow(window)}`, params.truncateBytes);
}

/** Keyed hashes of every window of `seq` (stride 1) that has only A/C/G/T. */
export function keyedWindows(
  key: ExchangeKey,
  seq: string,
  params: ExchangeParams = DEFAULT_EXCHANGE_PARAMS,
  from = 0,
  to = seq.length,
): { offset: number; hash: string }[] {
  const s = normaliseNucleotides(seq);
  const W = params.windowNt;
  const out: { offset: number; hash: string }[] = [];
  let lastBad = -1;
  for (let i = from; i < Math.min(to, s.length); i++) {
    const c = s[i];
    if (c !== 'A' && c !== 'C' && c !== 'G' && c !== 'T') lastBad = i;
    const start = i - W + 1;
    if (start >= from && lastBad < start)
      out.push({ offset: start, hash: keyedWindowHash(key, s.slice(start, i + 1), params) });
  }
  return out;
}

export interface PublishInput {
  key: ExchangeKey;
  provider: string;
  /** Customer identity as known to the provider (hashed into `customerToken`). */
  customer: string;
  date: string;
  index: ConcernIndex;
  /** The customer's recent screened orders. */
  screenings: readonly OrderScreening[];
  /** The orders themselves, to also publish windows of Warning/Flag records (optional). */
  orders?: readonly OrderInput[];
  params?: ExchangeParams;
}

/** Builds provider A's bulletin for one customer. */
export function publishBulletin(input: PublishInput): ExchangeBulletin {
  const params = input.params ?? DEFAULT_EXCHANGE_PARAMS;
  const W = params.windowNt;
  const concernWindows = new Set<string>();
  const byId = new Map(input.index.concerns.map((c, i) => [c.id, i]));
  for (const s of input.screenings) {
    for (const r of s.records) {
      for (const g of r.regions) {
        if (g.concernKind !== 'dna' || g.concernEnd - g.concernStart < W) continue;
        const seq = input.index.sequences[byId.get(g.concernId) ?? -1];
        if (seq === undefined) continue;
        for (const w of keyedWindows(input.key, seq, params, g.concernStart, g.concernEnd)) concernWindows.add(w.hash);
      }
    }
  }
  const orderWindows = new Set<string>();
  for (const o of input.orders ?? []) {
    const sc = input.screenings.find((s) => s.orderId === o.id);
    for (const rec of o.records) {
      const rs = sc?.records.find((r) => r.recordId === rec.id);
      if (!rs || rs.outcome === 'Clear' || rec.kind === 'protein') continue;
      for (const w of keyedWindows(input.key, rec.sequence, params)) orderWindows.add(w.hash);
    }
  }
  return {
    format: EXCHANGE_FORMAT,
    provider: input.provider,
    customerToken: customerToken(input.key, input.customer, params),
    date: input.date,
    windowNt: W,
    truncateBytes: params.truncateBytes,
    concernWindows: [...concernWindows].sort(),
    orderWindows: [...orderWindows].sort(),
  };
}

export interface BulletinCheck {
  /** False when the bulletin is about another customer (then nothing else is computed). */
  sameCustomer: boolean;
  /** Windows of B's order that A's bulletin also lists (the same sequence ordered at both providers). */
  overlaps: { recordId: string; offset: number }[];
  /** Stretches of B's matched concerns that A's orders covered, as split-order pieces. */
  externalPieces: CoveragePiece[];
  /** Split findings over B's order plus the bulletin's pieces. */
  splitFindings: SplitOrderFinding[];
}

export interface CheckInput {
  key: ExchangeKey;
  customer: string;
  index: ConcernIndex;
  /** B's screened order. */
  screening: OrderScreening;
  /** B's order, for the direct-overlap check (optional). */
  order?: OrderInput;
  policy?: ScreeningPolicy;
}

/** Provider B checks its order against A's bulletin. */
export function checkBulletin(bulletin: ExchangeBulletin, input: CheckInput): BulletinCheck {
  const params: ExchangeParams = { windowNt: bulletin.windowNt, truncateBytes: bulletin.truncateBytes };
  if (customerToken(input.key, input.customer, params) !== bulletin.customerToken) {
    return { sameCustomer: false, overlaps: [], externalPieces: [], splitFindings: [] };
  }
  const published = new Set(bulletin.concernWindows);
  const publishedOrder = new Set(bulletin.orderWindows);
  const source = `${bulletin.provider}@${bulletin.date}`;
  const externalPieces: CoveragePiece[] = [];
  const seen = new Set<string>();
  for (const r of input.screening.records) {
    for (const g of r.regions) {
      if (g.concernKind !== 'dna' || seen.has(g.concernId)) continue;
      seen.add(g.concernId);
      const i = input.index.concerns.findIndex((c) => c.id === g.concernId);
      const seq = input.index.sequences[i];
      if (seq === undefined) continue;
      for (const w of keyedWindows(input.key, seq, params)) {
        if (published.has(w.hash)) {
          externalPieces.push({
            sourceId: source,
            concernId: g.concernId,
            start: w.offset,
            end: w.offset + params.windowNt,
            unitNt: 1,
          });
        }
      }
    }
  }
  const overlaps: { recordId: string; offset: number }[] = [];
  if (input.order && publishedOrder.size > 0) {
    for (const rec of input.order.records) {
      if (rec.kind === 'protein') continue;
      for (const w of keyedWindows(input.key, rec.sequence, params)) {
        if (publishedOrder.has(w.hash) || published.has(w.hash)) overlaps.push({ recordId: rec.id, offset: w.offset });
      }
    }
  }
  const policy = input.policy ?? policyAt(input.screening.date);
  const splitFindings = findSplits([...piecesOfOrder(input.screening), ...externalPieces], policy);
  return { sameCustomer: true, overlaps, externalPieces, splitFindings };
}
