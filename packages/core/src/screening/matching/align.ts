/**
 * Token alignment and the name score. Tokens are paired greedily by similarity, order-insensitively
 * (list order conventions differ: "SURNAME Given", "Given SURNAME"), one use per token. A token may also
 * pair with 2–3 adjacent tokens of the other side joined ("JSC ARGUMENT" ~ "JSCARGUMENT",
 * "van der bilt" ~ "vanderbilt") or with their initials ("PLA" ~ "People's Liberation Army").
 * The score is a weighted mean in the style of OpenSanctions logic-v2: unmatched query tokens cost
 * more than unmatched list tokens (lists carry extra middle names and qualifiers a caller rarely types).
 * @module
 */
import { editSimilarity } from './edit-distance.js';
import { legalConflict } from './legal-forms.js';
import type { NameForm, NameToken } from './normalize.js';
import { skeleton } from './phonetic.js';
import { tokenSimilarity } from './token-similarity.js';
import { WEIGHTS, type Weights } from './weights.js';

export interface AlignedPair {
  readonly q: readonly number[];
  readonly l: readonly number[];
  readonly sim: number;
  readonly how: string;
}

export interface NameAlignment {
  readonly pairs: readonly AlignedPair[];
  readonly unmatchedQuery: readonly number[];
  readonly unmatchedList: readonly number[];
  /** 0..1 weighted alignment score. */
  readonly score: number;
  /** Both sides carry numbers and they differ ("Leasing 3" vs "Leasing 6"). */
  readonly numberConflict: boolean;
  /** Both sides carry jurisdiction-specific legal forms and none is shared (GmbH vs Sdn Bhd). */
  readonly legalConflict: boolean;
}

interface Candidate {
  q: number[];
  l: number[];
  sim: number;
  how: string;
  order: number;
}

function isJoinable(t: NameToken): boolean {
  return t.kind === 'word' || t.kind === 'initial' || t.kind === 'legal' || t.kind === 'stop';
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

function push(out: Candidate[], manyIsQuery: boolean, span: number[], j: number, sim: number, how: string): void {
  out.push(
    manyIsQuery ? { q: span, l: [j], sim, how, order: out.length } : { q: [j], l: span, sim, how, order: out.length },
  );
}

/** Span candidates: 2–3 adjacent tokens of `many` joined (or their initials) vs one token of `one`. */
function spanCandidates(
  many: readonly NameToken[],
  one: readonly NameToken[],
  manyIsQuery: boolean,
  w: Weights,
  out: Candidate[],
): void {
  for (let j = 0; j < one.length; j++) {
    const target = one[j] as NameToken;
    if (target.kind !== 'word') continue;
    const ts = target.surface;
    for (let i = 0; i < many.length - 1; i++) {
      let joined = '';
      for (let k = i; k < Math.min(many.length, i + 3); k++) {
        const t = many[k] as NameToken;
        if (!isJoinable(t)) break;
        joined += t.surface;
        if (k === i || ts.length < 4) continue;
        if (joined[0] !== ts[0]) break;
        const lenRatio = joined.length / ts.length;
        if (lenRatio > 1.3) break;
        if (lenRatio < 0.75) continue;
        const sim = editSimilarity(joined, ts);
        if (sim >= 0.8) push(out, manyIsQuery, range(i, k), j, sim, 'merged-tokens');
      }
    }
    // Acronym: a short token equal to the initials of 2+ adjacent words (particles may be skipped).
    if (ts.length >= 2 && ts.length <= 6) {
      for (let i = 0; i < many.length; i++) {
        let pos = 0;
        let words = 0;
        for (let k = i; k < many.length && pos < ts.length; k++) {
          const t = many[k] as NameToken;
          if (t.kind === 'number') break;
          if (t.surface[0] === ts[pos]) {
            pos++;
            words++;
            if (pos === ts.length && words >= 2) push(out, manyIsQuery, range(i, k), j, w.acronymSim, 'acronym');
          } else if (t.kind !== 'stop') break;
        }
      }
    }
  }
}

/** Credit of a pair of similarity `sim`: 1 − k(1 − sim)², floored at 0. */
export function pairCredit(sim: number, curve: number): number {
  if (sim >= 1) return 1;
  const d = 1 - sim;
  return Math.max(0, 1 - curve * d * d);
}

function tokenWeight(t: NameToken, w: Weights): number {
  return t.patronymic ? t.weight * w.patronymicWeight : t.weight;
}

/**
 * Align two forms and score them. `strict`: typos cost more (vessel names, where "Altair Star" and
 * "Altair Stars" are sister ships, and logic-v2 also uses a strict comparison).
 */
export function alignForms(query: NameForm, list: NameForm, w: Weights = WEIGHTS, strict = false): NameAlignment {
  const curve = strict ? w.strictTypoCurve : w.typoCurve;
  const qt = query.tokens;
  const lt = list.tokens;
  const abjad = query.abjad || list.abjad;
  const cands: Candidate[] = [];
  for (let i = 0; i < qt.length; i++) {
    for (let j = 0; j < lt.length; j++) {
      const m = tokenSimilarity(qt[i] as NameToken, lt[j] as NameToken, abjad, w);
      if (m.sim >= w.minPairSim) cands.push({ q: [i], l: [j], sim: m.sim, how: m.how, order: cands.length });
    }
  }
  if (qt.length !== lt.length || cands.length < Math.max(qt.length, lt.length)) {
    spanCandidates(qt, lt, true, w, cands);
    spanCandidates(lt, qt, false, w, cands);
  }
  // Best similarity first; at equal similarity the pair consuming more tokens, then input order.
  cands.sort((a, b) => b.sim - a.sim || b.q.length + b.l.length - (a.q.length + a.l.length) || a.order - b.order);
  const usedQ = new Uint8Array(qt.length);
  const usedL = new Uint8Array(lt.length);
  const pairs: AlignedPair[] = [];
  for (const c of cands) {
    if (c.q.some((i) => usedQ[i]) || c.l.some((j) => usedL[j])) continue;
    for (const i of c.q) usedQ[i] = 1;
    for (const j of c.l) usedL[j] = 1;
    pairs.push({ q: c.q, l: c.l, sim: c.sim, how: c.how });
  }
  let num = 0;
  let den = 0;
  for (const p of pairs) {
    let pw = 0;
    for (const i of p.q) pw += tokenWeight(qt[i] as NameToken, w);
    for (const j of p.l) pw += tokenWeight(lt[j] as NameToken, w);
    num += pw * pairCredit(p.sim, curve);
    den += pw;
  }
  const unmatchedQuery: number[] = [];
  const unmatchedList: number[] = [];
  let extraQ = 0;
  let extraL = 0;
  for (let i = 0; i < qt.length; i++) {
    if (usedQ[i]) continue;
    unmatchedQuery.push(i);
    extraQ += extraWeight(qt, usedQ, i, w);
  }
  for (let j = 0; j < lt.length; j++) {
    if (usedL[j]) continue;
    unmatchedList.push(j);
    extraL += extraWeight(lt, usedL, j, w);
  }
  // Leftovers on both sides are name parts that disagree ("Pedro Sancho" / "Pedro Sanchez" minus the
  // fuzzy pair): strong evidence against. Leftovers on one side only are parts the other name omits
  // (middle names, patronymics, qualifiers): weak evidence against, weaker still on the list side.
  const conflict = Math.min(extraQ, extraL);
  den += 2 * (conflict * w.conflict + (extraQ - conflict) * w.extraQuery + (extraL - conflict) * w.extraList);
  const score = den === 0 ? 0 : num / den;
  const result = {
    pairs,
    unmatchedQuery,
    unmatchedList,
    score,
    numberConflict: numbersConflict(qt, lt),
    legalConflict: legalFormsConflict(qt, lt),
  };
  return wholeMerge(qt, lt, curve, abjad, result) ?? result;
}

/**
 * Missing spaces across a whole name ("EtsKoffietFreres", "VladimirPutin"): one long token on one side
 * against all tokens of the other joined. Used when it beats the token alignment.
 */
function wholeMerge(
  qt: readonly NameToken[],
  lt: readonly NameToken[],
  curve: number,
  abjad: boolean,
  current: NameAlignment,
): NameAlignment | undefined {
  const single = qt.length === 1 ? qt : lt.length === 1 ? lt : undefined;
  const many = single === qt ? lt : qt;
  if (!single || many.length < 2 || (single[0] as NameToken).kind !== 'word') return undefined;
  const one = (single[0] as NameToken).surface;
  const joined = many.map((t) => t.surface).join('');
  // Abjad Latin forms ("bd llh" = "Abdullah") are compared on consonant skeletons, at a discount.
  const sim = abjad ? editSimilarity(skeleton(one), skeleton(joined)) * 0.9 : editSimilarity(one, joined);
  if (!abjad && (one.length < 6 || one[0] !== joined[0])) return undefined;
  if (abjad && skeleton(one).length < 3) return undefined;
  const score = pairCredit(sim, curve);
  if (sim < 0.8 || score <= current.score) return undefined;
  const all = many.map((_, i) => i);
  const pair: AlignedPair =
    single === qt ? { q: [0], l: all, sim, how: 'merged-tokens' } : { q: all, l: [0], sim, how: 'merged-tokens' };
  return { ...current, pairs: [pair], unmatchedQuery: [], unmatchedList: [], score };
}

function legalFormsConflict(a: readonly NameToken[], b: readonly NameToken[]): boolean {
  const la = a.filter((t) => t.legal?.specific);
  const lb = b.filter((t) => t.legal?.specific);
  if (la.length === 0 || lb.length === 0) return false;
  return la.every((x) => lb.every((y) => x.legal && y.legal && legalConflict(x.legal, y.legal)));
}

/** A repeated token ("Sergey Sergey Shoigu") adds nothing when its twin is matched. */
function extraWeight(tokens: readonly NameToken[], used: Uint8Array, i: number, w: Weights): number {
  const t = tokens[i] as NameToken;
  for (let k = 0; k < tokens.length; k++) {
    if (k !== i && used[k] && (tokens[k] as NameToken).text === t.text) return 0;
  }
  return tokenWeight(t, w);
}

function numbersConflict(a: readonly NameToken[], b: readonly NameToken[]): boolean {
  const na = a
    .filter((t) => t.kind === 'number')
    .map((t) => t.text)
    .sort();
  const nb = b
    .filter((t) => t.kind === 'number')
    .map((t) => t.text)
    .sort();
  if (na.length === 0 || nb.length === 0) return false;
  return na.join(' ') !== nb.join(' ');
}
