/**
 * Screening of sequences and orders against a concern index, under the policy in force at the order date.
 *
 * A DNA/RNA record is searched (1) against DNA concerns (both strands are in the index) and (2) as its six-frame
 * translation against protein concerns; a protein record is searched against protein concerns. Matches are window
 * matches (exact, or near: ≤ policy mismatches per window, Hamming distance) merged into regions; short exact runs
 * (≥ `fragmentMinNt`) are kept as fragments for split-order analysis only.
 *
 * Outcome rule, per record:
 * - **Flag**: the window matches to ONE concern cover ≥ `flagThresholdNt` of that concern (union in concern
 *   coordinates, so a repeated piece does not count twice; protein matches count 3 nt per residue).
 *   `requiresExpertReview` is true.
 * - **Warning**: some window match (exact or near) below the threshold.
 * - **Clear**: no window match (fragments are listed but do not change the outcome).
 * Every result carries its reasons, the policy version and the database version.
 * @module
 */
import type { ConcernIndex } from './concern-index.js';
import type { SequenceKind } from './fasta.js';
import { coveredLength, type Interval } from './intervals.js';
import { isoDay, policyAt, policyFlags, type ScreeningPolicy } from './policy.js';
import { type RawRegion, type SearchStats, searchTable } from './search.js';
import {
  encodeAminoAcids,
  encodeNucleotides,
  frameIntervalToNt,
  normaliseNucleotides,
  READING_FRAMES,
  type ReadingFrame,
  reverseComplementCodes,
  translateCodes,
} from './sequence.js';

export type ScreeningOutcome = 'Clear' | 'Warning' | 'Flag';
export const OUTCOME_RANK: Record<ScreeningOutcome, number> = { Clear: 0, Warning: 1, Flag: 2 };

/** How a match was found. */
export type MatchVia = 'dna' | 'six-frame' | 'protein';

export interface WindowHit {
  concernId: string;
  via: MatchVia;
  /** '+' when the order matches the concern as given, '−' when it matches its reverse complement. */
  strand: '+' | '-';
  frame?: ReadingFrame;
  /** Order interval (nt for DNA/RNA records, aa for protein records), forward-strand coordinates. */
  orderStart: number;
  orderEnd: number;
  /** Concern interval in the concern's own units (nt or aa), forward coordinates. */
  concernStart: number;
  concernEnd: number;
  match: 'exact' | 'near';
  mismatches: number;
}

export interface MatchedRegion extends WindowHit {
  concernKind: 'dna' | 'protein';
  /** Region length in nucleotides (3 per residue for protein matches). */
  lengthNt: number;
  /** Passing windows merged into this region (0 for a fragment). */
  windows: number;
  /** Exact run shorter than a window: kept for split-order analysis, does not change the outcome. */
  fragment: boolean;
}

export interface ConcernCoverage {
  concernId: string;
  concernKind: 'dna' | 'protein';
  /** Union of window-match regions in concern coordinates, in nt. */
  coveredNt: number;
  /** Union including fragments, in nt. */
  coveredWithFragmentsNt: number;
  exact: boolean;
  regions: number;
}

export interface SequenceScreening {
  recordId: string;
  kind: SequenceKind;
  length: number;
  outcome: ScreeningOutcome;
  requiresExpertReview: boolean;
  reasons: string[];
  policyVersion: string;
  policyFlags: string[];
  flagThresholdNt: number;
  indexVersion: string;
  regions: MatchedRegion[];
  windows: WindowHit[];
  windowsTruncated: boolean;
  coverage: ConcernCoverage[];
  stats: SearchStats;
}

export interface SynthesisScreenOptions {
  /** Order date (ISO); selects the policy unless `policy` is given. */
  date: string;
  policy?: ScreeningPolicy;
  /** Cap on listed window hits per record (regions are always complete). Default 500. */
  maxWindowHits?: number;
}

export interface SequenceInput {
  id: string;
  sequence: string;
  kind: SequenceKind;
}

function regionsFromRaw(
  index: ConcernIndex,
  raws: RawRegion[],
  via: MatchVia,
  table: 'dna' | 'protein',
  frame: ReadingFrame | undefined,
  recordLengthNt: number,
): MatchedRegion[] {
  const t = table === 'dna' ? index.dna : index.protein;
  return raws.map((r) => {
    const ci = t.segConcern[r.segment] as number;
    const meta = index.concerns[ci] as ConcernIndex['concerns'][number];
    const segStrand = t.segStrand[r.segment] as number;
    const len = r.queryEnd - r.queryStart;
    const toConcern = (segStart: number, l: number): [number, number] =>
      segStrand > 0 ? [segStart, segStart + l] : [meta.length - segStart - l, meta.length - segStart];
    const [concernStart, concernEnd] = toConcern(r.segmentStart, len);
    const [orderStart, orderEnd] =
      frame === undefined
        ? [r.queryStart, r.queryEnd]
        : frameIntervalToNt(frame, r.queryStart, r.queryEnd, recordLengthNt);
    const strand: '+' | '-' = frame === undefined ? (segStrand > 0 ? '+' : '-') : frame > 0 ? '+' : '-';
    const windows: MatchedRegion['windows'] = r.windows;
    return {
      concernId: meta.id,
      concernKind: meta.kind,
      via,
      strand,
      ...(frame !== undefined ? { frame } : {}),
      orderStart,
      orderEnd,
      concernStart,
      concernEnd,
      match: r.mismatches === 0 ? 'exact' : 'near',
      mismatches: r.mismatches,
      lengthNt: table === 'protein' ? 3 * len : len,
      windows,
      fragment: r.fragment,
      // tiles are turned into window hits by the caller
      _tiles: r.tiles,
      _raw: r,
    } as MatchedRegion & { _tiles: [number, number][]; _raw: RawRegion };
  });
}

function tileHits(
  region: MatchedRegion & { _tiles: [number, number][]; _raw: RawRegion },
  window: number,
  frame: ReadingFrame | undefined,
  recordLengthNt: number,
  concernLength: number,
  segStrand: number,
): WindowHit[] {
  const r = region._raw;
  return region._tiles.map(([q, m]) => {
    const segOff = r.segmentStart + (q - r.queryStart);
    const [cs, ce] =
      segStrand > 0 ? [segOff, segOff + window] : [concernLength - segOff - window, concernLength - segOff];
    const [os, oe] = frame === undefined ? [q, q + window] : frameIntervalToNt(frame, q, q + window, recordLengthNt);
    return {
      concernId: region.concernId,
      via: region.via,
      strand: region.strand,
      ...(frame !== undefined ? { frame } : {}),
      orderStart: os,
      orderEnd: oe,
      concernStart: cs,
      concernEnd: ce,
      match: m === 0 ? 'exact' : 'near',
      mismatches: m,
    };
  });
}

/** Screens one record. Pure: the same index, record and date always give the same result. */
export function screenSequence(
  index: ConcernIndex,
  record: SequenceInput,
  options: SynthesisScreenOptions,
): SequenceScreening {
  const policy = options.policy ?? policyAt(options.date);
  const maxHits = options.maxWindowHits ?? 500;
  const stats: SearchStats = { seedHits: 0, extensions: 0, maskedSeeds: 0 };
  type Internal = MatchedRegion & { _tiles: [number, number][]; _raw: RawRegion };
  const regions: Internal[] = [];
  const hits: WindowHit[] = [];
  const protParams = {
    window: policy.proteinWindowAa,
    maxMismatches: policy.maxMismatchesPerProteinWindow,
    fragmentMin: Math.ceil(policy.fragmentMinNt / 3),
  };
  const addHits = (
    rs: Internal[],
    window: number,
    frame: ReadingFrame | undefined,
    lengthNt: number,
    table: 'dna' | 'protein',
  ) => {
    const t = table === 'dna' ? index.dna : index.protein;
    for (const r of rs) {
      regions.push(r);
      if (r.fragment) continue;
      const meta = index.concerns[t.segConcern[r._raw.segment] as number];
      hits.push(...tileHits(r, window, frame, lengthNt, meta?.length ?? 0, t.segStrand[r._raw.segment] as number));
    }
  };
  let length: number;
  if (record.kind === 'protein') {
    const codes = encodeAminoAcids(record.sequence.toUpperCase());
    length = codes.length;
    const raw = searchTable(index.protein, codes, protParams, stats);
    addHits(
      regionsFromRaw(index, raw, 'protein', 'protein', undefined, length) as Internal[],
      protParams.window,
      undefined,
      length,
      'protein',
    );
  } else {
    const codes = encodeNucleotides(normaliseNucleotides(record.sequence));
    length = codes.length;
    const dnaParams = {
      window: policy.dnaWindowNt,
      maxMismatches: policy.maxMismatchesPerDnaWindow,
      fragmentMin: policy.fragmentMinNt,
    };
    const raw = searchTable(index.dna, codes, dnaParams, stats);
    addHits(
      regionsFromRaw(index, raw, 'dna', 'dna', undefined, length) as Internal[],
      dnaParams.window,
      undefined,
      length,
      'dna',
    );
    if (index.protein.keys.length > 0) {
      const rc = reverseComplementCodes(codes);
      for (const f of READING_FRAMES) {
        const aa = translateCodes(f > 0 ? codes : rc, Math.abs(f) - 1);
        const rawP = searchTable(index.protein, aa, protParams, stats);
        addHits(
          regionsFromRaw(index, rawP, 'six-frame', 'protein', f, length) as Internal[],
          protParams.window,
          f,
          length,
          'protein',
        );
      }
    }
  }
  const clean: MatchedRegion[] = regions
    .map(({ _tiles, _raw, ...r }) => r)
    .sort((a, b) => a.orderStart - b.orderStart || a.orderEnd - b.orderEnd || (a.concernId < b.concernId ? -1 : 1));
  hits.sort((a, b) => a.orderStart - b.orderStart || (a.concernId < b.concernId ? -1 : 1));
  const coverage = coverageOf(clean);
  const { outcome, reasons } = decide(record, length, clean, coverage, policy, index);
  return {
    recordId: record.id,
    kind: record.kind,
    length,
    outcome,
    requiresExpertReview: outcome === 'Flag',
    reasons,
    policyVersion: policy.version,
    policyFlags: policyFlags(policy),
    flagThresholdNt: policy.flagThresholdNt,
    indexVersion: index.version,
    regions: clean,
    windows: hits.slice(0, maxHits),
    windowsTruncated: hits.length > maxHits,
    coverage,
    stats,
  };
}

/** Per-concern coverage (union in concern coordinates) of a record's regions. */
export function coverageOf(regions: readonly MatchedRegion[]): ConcernCoverage[] {
  const by = new Map<string, MatchedRegion[]>();
  for (const r of regions) {
    const list = by.get(r.concernId);
    if (list) list.push(r);
    else by.set(r.concernId, [r]);
  }
  const out: ConcernCoverage[] = [];
  for (const [concernId, rs] of by) {
    const kind = (rs[0] as MatchedRegion).concernKind;
    const unit = kind === 'protein' ? 3 : 1;
    const windowed = rs.filter((r) => !r.fragment);
    const iv = (xs: MatchedRegion[]): Interval[] => xs.map((r) => [r.concernStart, r.concernEnd] as const);
    out.push({
      concernId,
      concernKind: kind,
      coveredNt: unit * coveredLength(iv(windowed)),
      coveredWithFragmentsNt: unit * coveredLength(iv(rs)),
      exact: windowed.length > 0 && windowed.every((r) => r.match === 'exact'),
      regions: rs.length,
    });
  }
  return out.sort((a, b) => b.coveredNt - a.coveredNt || (a.concernId < b.concernId ? -1 : 1));
}

function describeRegion(r: MatchedRegion): string {
  const where =
    r.via === 'dna'
      ? `${r.strand === '+' ? 'forward' : 'reverse-complement'} strand`
      : r.via === 'six-frame'
        ? `translated frame ${r.frame && r.frame > 0 ? '+' : ''}${r.frame}`
        : 'protein';
  return `order ${r.orderStart}–${r.orderEnd} ↔ ${r.concernId} ${r.concernStart}–${r.concernEnd} (${where}, ${r.match}${r.mismatches ? `, ${r.mismatches} mismatches` : ''})`;
}

function decide(
  record: SequenceInput,
  length: number,
  regions: MatchedRegion[],
  coverage: ConcernCoverage[],
  policy: ScreeningPolicy,
  index: ConcernIndex,
): { outcome: ScreeningOutcome; reasons: string[] } {
  const reasons: string[] = [];
  const th = policy.flagThresholdNt;
  const lengthNt = record.kind === 'protein' ? 3 * length : length;
  const pol = `policy ${policy.version}${policy.ambiguous ? ' (ambiguous: framework revision pending)' : ''}`;
  const flagged = coverage.filter((c) => c.coveredNt >= th);
  const windowed = coverage.filter((c) => c.coveredNt > 0);
  let outcome: ScreeningOutcome = 'Clear';
  if (flagged.length > 0) {
    outcome = 'Flag';
    for (const c of flagged) {
      reasons.push(
        `window matches cover ${c.coveredNt} nt of concern ${c.concernId} (${c.exact ? 'exact' : 'near'}), ≥ flag threshold ${th} nt of ${pol}; expert review required`,
      );
    }
  } else if (windowed.length > 0) {
    outcome = 'Warning';
    for (const c of windowed) {
      reasons.push(
        `window matches cover ${c.coveredNt} nt of concern ${c.concernId} (${c.exact ? 'exact' : 'near'}), below flag threshold ${th} nt of ${pol}`,
      );
    }
  } else {
    reasons.push(`no window match against ${index.concerns.length} concerns (database ${index.version}) under ${pol}`);
  }
  for (const r of regions.filter((x) => !x.fragment).slice(0, 20)) reasons.push(`match: ${describeRegion(r)}`);
  const frags = regions.filter((r) => r.fragment);
  if (frags.length > 0) {
    reasons.push(
      `${frags.length} exact fragment(s) of ≥ ${policy.fragmentMinNt} nt below one window, kept for split-order analysis: ${frags
        .slice(0, 5)
        .map(describeRegion)
        .join('; ')}`,
    );
  }
  if (lengthNt < policy.dnaWindowNt && record.kind !== 'protein') {
    reasons.push(
      `record is ${lengthNt} nt, shorter than the ${policy.dnaWindowNt} nt window: only fragments can match`,
    );
  }
  if (lengthNt < th) reasons.push(`record length ${lengthNt} nt is below the ${th} nt policy scope; screened anyway`);
  if (record.kind === 'protein')
    reasons.push('protein record: screened against protein concerns only (3 nt per residue)');
  return { outcome, reasons };
}

export interface OrderInput {
  id: string;
  /** Order date (ISO). */
  date: string;
  records: readonly SequenceInput[];
}

export interface WithinOrderSplit {
  concernId: string;
  recordIds: string[];
  coveredNt: number;
  reasons: string[];
}

export interface OrderScreening {
  orderId: string;
  date: string;
  outcome: ScreeningOutcome;
  requiresExpertReview: boolean;
  policyVersion: string;
  policyFlags: string[];
  flagThresholdNt: number;
  indexVersion: string;
  records: SequenceScreening[];
  /** Concerns whose pieces are spread over several records of this order (e.g. an oligo pool). */
  withinOrderSplits: WithinOrderSplit[];
  reasons: string[];
}

/** Screens every record of an order, then looks for one concern assembled from several records of the order. */
export function screenOrder(
  index: ConcernIndex,
  order: OrderInput,
  options: Omit<SynthesisScreenOptions, 'date'> = {},
): OrderScreening {
  const date = isoDay(order.date);
  const policy = options.policy ?? policyAt(date);
  const records = order.records.map((r) => screenSequence(index, r, { ...options, date, policy }));
  const th = policy.flagThresholdNt;
  const byConcern = new Map<string, { recordId: string; iv: Interval; unit: number }[]>();
  for (const s of records) {
    for (const r of s.regions) {
      const list = byConcern.get(r.concernId) ?? [];
      list.push({
        recordId: s.recordId,
        iv: [r.concernStart, r.concernEnd],
        unit: r.concernKind === 'protein' ? 3 : 1,
      });
      byConcern.set(r.concernId, list);
    }
  }
  const withinOrderSplits: WithinOrderSplit[] = [];
  for (const [concernId, pieces] of byConcern) {
    const ids = [...new Set(pieces.map((p) => p.recordId))];
    if (ids.length < 2) continue;
    const unit = (pieces[0] as { unit: number }).unit;
    const total = unit * coveredLength(pieces.map((p) => p.iv));
    const alone = ids.map((id) => unit * coveredLength(pieces.filter((p) => p.recordId === id).map((p) => p.iv)));
    if (total >= th && alone.every((n) => n < th)) {
      withinOrderSplits.push({
        concernId,
        recordIds: ids.sort(),
        coveredNt: total,
        reasons: [
          `records ${ids.join(', ')} together cover ${total} nt of concern ${concernId} (each alone < ${th} nt); ≥ flag threshold of policy ${policy.version}; expert review required`,
        ],
      });
    }
  }
  let outcome: ScreeningOutcome = 'Clear';
  for (const s of records) if (OUTCOME_RANK[s.outcome] > OUTCOME_RANK[outcome]) outcome = s.outcome;
  if (withinOrderSplits.length > 0) outcome = 'Flag';
  const counts = { Clear: 0, Warning: 0, Flag: 0 };
  for (const s of records) counts[s.outcome]++;
  const reasons = [
    `${records.length} record(s): ${counts.Flag} Flag, ${counts.Warning} Warning, ${counts.Clear} Clear under policy ${policy.version}`,
    ...withinOrderSplits.flatMap((w) => w.reasons),
  ];
  return {
    orderId: order.id,
    date,
    outcome,
    requiresExpertReview: outcome === 'Flag',
    policyVersion: policy.version,
    policyFlags: policyFlags(policy),
    flagThresholdNt: th,
    indexVersion: index.version,
    records,
    withinOrderSplits,
    reasons,
  };
}
