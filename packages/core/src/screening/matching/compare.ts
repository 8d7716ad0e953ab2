/**
 * Name-versus-name comparison: picks the forms to compare, aligns them, applies name-level penalties
 * (numbers, legal-form jurisdictions, vessel vs owner) and builds the explanation a reviewer reads.
 * @module
 */
import type { HitExplanation, NameKind, PartyType, ScoreAdjustment, TokenAlignment } from '../types.js';
import { alignForms, type NameAlignment } from './align.js';
import { readingsOf } from './annotations.js';
import { type NameForm, type NameToken, type NormalizedName, normalizeName } from './normalize.js';
import { WEIGHTS, type Weights } from './weights.js';

export interface NameComparison {
  /** 0–100 after name-level adjustments. */
  readonly score: number;
  /** 0–100 alignment score before adjustments. */
  readonly nameScore: number;
  readonly query: NameForm;
  readonly list: NameForm;
  readonly alignment: NameAlignment;
  readonly adjustments: readonly ScoreAdjustment[];
}

/** A query name prepared once per screening: each reading (as given, annotations removed...) normalised. */
export interface PreparedQuery {
  readonly raw: string;
  readonly type: PartyType;
  readonly readings: readonly { readonly norm: NormalizedName; readonly reason?: string }[];
}

export function prepareQuery(raw: string, type: PartyType = 'unknown'): PreparedQuery {
  return {
    raw,
    type,
    readings: readingsOf(raw, type).map((r) =>
      r.reason === undefined
        ? { norm: normalizeName(r.text, type) }
        : { norm: normalizeName(r.text, type), reason: r.reason },
    ),
  };
}

/**
 * Same non-Latin script on both sides: compare the original script (transliteration would blur
 * 习近朋/习近平). Otherwise compare Latin forms.
 */
function pickForms(q: NormalizedName, l: NormalizedName): [NameForm, NameForm] {
  if (q.original && l.original && q.original.script === l.original.script) return [q.original, l.original];
  return [q.latin, l.latin];
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function hasLegalForm(f: NameForm): boolean {
  return f.tokens.some((t) => t.kind === 'legal');
}

export function compareNormalized(q: NormalizedName, l: NormalizedName, w: Weights = WEIGHTS): NameComparison {
  const [qf, lf] = pickForms(q, l);
  const strict = q.type === 'vessel' || l.type === 'vessel';
  const alignment = alignForms(qf, lf, w, strict);
  const literal = qf.compact.length > 0 && qf.compact === lf.compact;
  const nameScore = literal ? 100 : round1(alignment.score * 100);
  const adjustments: ScoreAdjustment[] = [];
  // "Ocean Star 7" is not "Ocean Star 8": differing numbers are a strong signal of a sibling entity.
  if (alignment.numberConflict)
    adjustments.push({ reason: 'numbers in the names differ', points: w.numberConflictPoints });
  if (alignment.legalConflict) {
    adjustments.push({ reason: 'legal forms of different jurisdictions', points: w.legalConflictPoints });
  }
  if (strict && hasLegalForm(qf) !== hasLegalForm(lf)) {
    adjustments.push({
      reason: 'vessel name against a company name (owner or manager)',
      points: w.vesselCompanyPoints,
    });
  }
  let score = nameScore;
  for (const a of adjustments) score += a.points;
  return { score: round1(Math.max(0, Math.min(100, score))), nameScore, query: qf, list: lf, alignment, adjustments };
}

/** Best comparison over the query's readings; a cleaned-up reading carries a small discount. */
export function compareQuery(q: PreparedQuery, l: NormalizedName, w: Weights = WEIGHTS): NameComparison {
  let best: NameComparison | undefined;
  for (const r of q.readings) {
    let c = compareNormalized(r.norm, l, w);
    if (r.reason !== undefined) {
      const adjustments = [...c.adjustments, { reason: r.reason, points: w.readingPoints }];
      c = { ...c, adjustments, score: round1(Math.max(0, c.score + w.readingPoints)) };
    }
    if (!best || c.score > best.score) best = c;
  }
  return best as NameComparison;
}

function surfaces(tokens: readonly NameToken[], idx: readonly number[]): string {
  return idx.map((i) => (tokens[i] as NameToken).surface).join(' ');
}

/** Explanation of one comparison; extra (entry-level) adjustments are appended by the caller. */
export function explain(
  c: NameComparison,
  matchedName: string,
  matchedNameKind: NameKind,
  extra: readonly ScoreAdjustment[] = [],
): HitExplanation {
  const qt = c.query.tokens;
  const lt = c.list.tokens;
  const alignment: TokenAlignment[] = c.alignment.pairs.map((p) => ({
    query: surfaces(qt, p.q),
    list: surfaces(lt, p.l),
    similarity: Math.round(p.sim * 1000) / 1000,
    how: p.how,
  }));
  return {
    matchedName,
    matchedNameKind,
    queryForm: c.query.text,
    listForm: c.list.text,
    alignment,
    unmatchedQueryTokens: c.alignment.unmatchedQuery.map((i) => (qt[i] as NameToken).surface),
    unmatchedListTokens: c.alignment.unmatchedList.map((j) => (lt[j] as NameToken).surface),
    nameScore: c.nameScore,
    adjustments: [...c.adjustments, ...extra],
  };
}

/** Name-only comparison, 0–100: `a` is the query, `b` the list name. Used by the pair benchmarks. */
export function compareNames(
  a: string,
  b: string,
  type?: PartyType,
  weights: Weights = WEIGHTS,
): { score: number; explanation: HitExplanation } {
  const t = type ?? 'unknown';
  const c = compareQuery(prepareQuery(a, t), normalizeName(b, t), weights);
  return { score: c.score, explanation: explain(c, b, 'primary') };
}
